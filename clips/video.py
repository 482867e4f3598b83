"""Video handling with PyAV: probe, poster frame, web-safe rendition, demo clips.

Everything here works on local file paths and knows nothing about models, so the
processing task, the upload form, the seed command and the tests share it.

PyAV (FFmpeg's libraries, about 20 MB resident) is imported inside the functions that use it,
so an app server that never probes does not carry it; ``probe_in_child`` probes an upload in
a short-lived child process, so the app server never loads it at all (see README, Security).
"""

import array
import json
import math
import struct
import subprocess
import sys
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .filetypes import OPAQUE, container_type

MAX_RENDITION_HEIGHT = 720
POSTER_WIDTH = 640


class VideoError(ValueError):
    """A file that is not a usable video; the message is shown to whoever sent it."""


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    width: int
    height: int
    container: str
    video_codec: str
    pixel_format: str
    audio_codec: str | None
    faststart: bool
    # Decided from the content (clips.filetypes); the only type the original is served as.
    content_type: str = OPAQUE

    @property
    def is_web_safe(self) -> bool:
        """True when browsers can play the file as it is and start before it downloads."""
        return (
            "mp4" in self.container
            and self.video_codec == "h264"
            and self.pixel_format == "yuv420p"
            and self.audio_codec in (None, "aac")
            and self.faststart
        )


def _mp4_layout(path: Path) -> tuple[bool, bool]:
    """Walk an MP4's top-level boxes: (index before media data, every box complete).

    A box that runs past the end of the file means the upload was cut short, even when
    the header alone decodes fine.
    """
    file_size = path.stat().st_size
    moov_first = seen_mdat = False
    offset = 0
    with open(path, "rb") as fh:
        while offset < file_size:
            fh.seek(offset)
            header = fh.read(8)
            if len(header) < 8:
                return moov_first, False
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0]
            elif size == 0:  # box runs to the end of the file
                size = file_size - offset
            if size < 8 or offset + size > file_size:
                return moov_first, False
            if kind == b"moov" and not seen_mdat:
                moov_first = True
            if kind == b"mdat":
                seen_mdat = True
            offset += size
    return moov_first, True


# Longest a probe may run in its child process; a file that keeps FFmpeg busy longer is refused.
PROBE_SECONDS = 60
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def probe_in_child(path: str | Path) -> VideoInfo:
    """``probe`` in a short-lived child process (``python -m clips.video <path>``).

    The app server then never loads FFmpeg's libraries (it stays small while it streams an
    upload), and a hostile file that crashes or hangs them costs the child, not the server.
    """
    try:
        run = subprocess.run(
            [sys.executable, "-m", "clips.video", str(Path(path).resolve())],
            cwd=_PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise VideoError("The file took too long to read as a video; it may be damaged.") from exc
    lines = run.stdout.strip().splitlines()
    answer = json.loads(lines[-1]) if run.returncode == 0 and lines else {}
    if "info" in answer:
        return VideoInfo(**answer["info"])
    raise VideoError(
        answer.get("error")
        or "The file could not be read as a video; it may be damaged or not a video."
    )


def _probe_main(argv: list[str]) -> int:
    """The child's side of ``probe_in_child``: one JSON line, the facts or the refusal."""
    try:
        answer = {"info": asdict(probe(argv[0]))}
    except VideoError as exc:
        answer = {"error": str(exc)}
    print(json.dumps(answer))
    return 0


def _mp4_brand(path: Path) -> str | None:
    """The major brand of an MP4/QuickTime file's leading ``ftyp`` box ("isom", "qt  "…)."""
    with open(path, "rb") as fh:
        header = fh.read(12)
    if len(header) < 12 or header[4:8] != b"ftyp":
        return None
    return header[8:12].decode("latin-1")


def probe(path: str | Path) -> VideoInfo:
    """Read a file's streams and decode its first frame; raise VideoError if it is no video."""
    import av  # lazily: see the module docstring

    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise VideoError("The file is empty.")
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.video:
                raise VideoError("The file has no video stream: it is not a video.")
            stream = container.streams.video[0]
            audio = container.streams.audio[0] if container.streams.audio else None
            first = next(container.decode(stream), None)
            if first is None:
                raise VideoError("The video has no frames that can be decoded.")
            duration = _duration_of(container, stream)
            info = VideoInfo(
                duration=duration,
                width=first.width,
                height=first.height,
                container=container.format.name,
                video_codec=stream.codec_context.name,
                pixel_format=str(first.format.name),
                audio_codec=audio.codec_context.name if audio else None,
                faststart=False,
            )
    except VideoError:
        raise
    except (av.error.FFmpegError, StopIteration, ValueError, OSError) as exc:
        raise VideoError(
            "The file could not be read as a video; it may be damaged or not a video."
        ) from exc
    if info.duration <= 0:
        raise VideoError("The video has no duration; it may be truncated.")
    faststart, brand = False, None
    if "mp4" in info.container:
        faststart, complete = _mp4_layout(path)
        if not complete:
            raise VideoError("The video file is incomplete; the upload may have been cut short.")
        brand = _mp4_brand(path)
    content_type = container_type(
        info.container, mp4_brand=brand, video_codec=info.video_codec, audio_codec=info.audio_codec
    )
    return VideoInfo(**{**info.__dict__, "faststart": faststart, "content_type": content_type})


def _duration_of(container, stream) -> float:
    import av  # lazily: see the module docstring

    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def extract_poster(source: str | Path, destination: str | Path, at: float | None = None) -> None:
    """Save a JPEG of the frame about a third of the way in (or at ``at`` seconds)."""
    import av  # lazily: see the module docstring

    with av.open(str(source)) as container:
        stream = container.streams.video[0]
        duration = _duration_of(container, stream)
        target = at if at is not None else min(duration / 3, 5.0)
        if target > 0 and stream.time_base:
            container.seek(int(target / stream.time_base), stream=stream, backward=True)
        frame = None
        for frame in container.decode(stream):
            if frame.time is None or frame.time >= target:
                break
        if frame is None:
            raise VideoError("No frame could be decoded for the poster.")
        image = frame.to_image()
    image.thumbnail((POSTER_WIDTH, POSTER_WIDTH))
    image.convert("RGB").save(destination, "JPEG", quality=82, optimize=True)


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def make_web_rendition(source: str | Path, destination: str | Path) -> None:
    """Transcode to H.264/AAC MP4 with the index at the front, at most 720 lines high."""
    import av  # lazily: see the module docstring

    with av.open(str(source)) as src:
        in_video = src.streams.video[0]
        in_audio = src.streams.audio[0] if src.streams.audio else None
        width, height = in_video.codec_context.width, in_video.codec_context.height
        if height > MAX_RENDITION_HEIGHT:
            width, height = width * MAX_RENDITION_HEIGHT / height, MAX_RENDITION_HEIGHT
        width, height = _even(width), _even(height)
        rate = in_video.average_rate or Fraction(25)
        if rate > 60:
            rate = Fraction(30)

        options = {"movflags": "+faststart"}
        with av.open(str(destination), "w", format="mp4", options=options) as out:
            out_video = out.add_stream("libx264", rate=rate)
            out_video.width, out_video.height = width, height
            out_video.pix_fmt = "yuv420p"
            out_video.options = {"preset": "veryfast", "crf": "23", "profile": "main"}
            out_audio = resampler = None
            if in_audio is not None:
                out_audio = out.add_stream("aac", rate=48000, layout="stereo")
                resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)

            streams = [s for s in (in_video, in_audio) if s is not None]
            index = 0
            for packet in src.demux(*streams):
                for frame in packet.decode():
                    if packet.stream is in_video:
                        frame = frame.reformat(width=width, height=height, format="yuv420p")
                        frame.pts, frame.time_base = index, 1 / rate
                        index += 1
                        out.mux(out_video.encode(frame))
                    else:
                        for chunk in resampler.resample(frame):
                            out.mux(out_audio.encode(chunk))
            out.mux(out_video.encode(None))
            if out_audio is not None:
                for chunk in resampler.resample(None):
                    out.mux(out_audio.encode(chunk))
                out.mux(out_audio.encode(None))


# Demo clips ----------------------------------------------------------------------------


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without scalable default font
        return ImageFont.load_default()


def _title_card(title: str, subtitle: str, colour: tuple[int, int, int], size, progress):
    width, height = size
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > 22 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    font, small = _font(height // 9), _font(height // 16)
    y = height // 4
    for text in lines[:3]:
        draw.text((width // 12, y), text, fill=(255, 255, 255), font=font)
        y += height // 8
    draw.text((width // 12, height - height // 4), subtitle, fill=(235, 235, 235), font=small)
    bar_y = height - height // 12
    draw.rectangle((0, bar_y, int(width * progress), height), fill=(255, 255, 255))
    return image


def generate_demo_video(
    destination: str | Path,
    title: str,
    *,
    subtitle: str = "Hubbub",
    seconds: float = 6.0,
    colour: tuple[int, int, int] = (30, 90, 160),
    tone_hz: float = 440.0,
    size: tuple[int, int] = (320, 180),
    fps: int = 12,
) -> None:
    """Write a small, web-safe MP4: a title card with a moving bar and a soft tone."""
    import av  # lazily: see the module docstring

    sample_rate, frame_samples = 48000, 1024
    with av.open(str(destination), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        video.options = {"preset": "veryfast", "crf": "28", "profile": "main"}
        audio = out.add_stream("aac", rate=sample_rate, layout="mono")

        total_frames = int(seconds * fps)
        for i in range(total_frames):
            image = _title_card(title, subtitle, colour, size, (i + 1) / total_frames)
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            frame.pts = i
            out.mux(video.encode(frame))
        out.mux(video.encode(None))

        total_samples = int(seconds * sample_rate)
        for start in range(0, total_samples, frame_samples):
            count = min(frame_samples, total_samples - start)
            samples = array.array(
                "h",
                (
                    int(6000 * math.sin(2 * math.pi * tone_hz * (start + n) / sample_rate))
                    for n in range(count)
                ),
            )
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            frame.planes[0].update(samples.tobytes())
            frame.sample_rate = sample_rate
            frame.pts = start
            for packet in audio.encode(frame):
                out.mux(packet)
        out.mux(audio.encode(None))


if __name__ == "__main__":
    sys.exit(_probe_main(sys.argv[1:]))
