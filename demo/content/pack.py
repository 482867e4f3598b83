"""Read a content pack: one YAML file per topic, in file-name order.

The demo's starter pack lives in ``starter/`` beside this file; an organisation replaces it
with its own folder (``seed_hub --content DIR``) without touching code. A file looks like::

    title: Onboarding
    summary: Your first weeks, and how to welcome the people who join after you.
    clips:
      - title: Your first week, day by day
        summary: What to aim for on each of your first five days.
        tags: [first week, new starters]      # or "first week, new starters"
        presenter: Priya Shah
        featured: true                        # optional: shown on the home page
        lines:                                # the captions, one cue each
          - Nobody expects you to be productive in your first week.
        translations:                         # optional: caption tracks in more languages
          - language: fr                      # a code from settings.LANGUAGES
            label: Français                   # optional: the player's name for it
            lines:                            # as many as `lines`, cue for cue
              - Personne n'attend de vous que vous soyez productif la première semaine.
"""

from pathlib import Path

import yaml
from taggit.utils import parse_tags

from clips.captions import language_choices, language_name

from .model import ClipText, TopicText, Translation

STARTER_PACK = Path(__file__).resolve().parent / "starter"


class ContentPackError(ValueError):
    """A pack that cannot be read; the message names the file and the problem."""


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentPackError(f"{where}: '{key}' must be a non-empty text.")
    return value.strip()


def _tags(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(parse_tags(value))
    if isinstance(value, list) and all(isinstance(tag, str) for tag in value):
        return tuple(tag.strip() for tag in value if tag.strip())
    raise ContentPackError(f"{where}: 'tags' must be a list of words or a comma separated text.")


def _translations(value, lines: tuple[str, ...], where: str) -> tuple[Translation, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise ContentPackError(f"{where}: 'translations' must be a list of language, lines.")
    made = []
    for item in value:
        language = _text(item, "language", where)
        if language not in dict(language_choices()):
            raise ContentPackError(f"{where}: '{language}' is not one of settings.LANGUAGES.")
        words = item.get("lines")
        if not isinstance(words, list) or not all(isinstance(x, str) and x.strip() for x in words):
            raise ContentPackError(f"{where}: the {language} 'lines' must be a list of lines.")
        if len(words) != len(lines):
            raise ContentPackError(
                f"{where}: the {language} translation has {len(words)} lines for {len(lines)}."
            )
        label = str(item.get("label") or "").strip() or language_name(language)
        made.append(Translation(language, label, tuple(w.strip() for w in words)))
    if len({t.language for t in made}) != len(made):
        raise ContentPackError(f"{where}: a language appears twice in 'translations'.")
    return tuple(made)


def _clip(data, where: str) -> ClipText:
    if not isinstance(data, dict):
        raise ContentPackError(f"{where}: each clip must be a mapping of title, summary, lines…")
    lines = data.get("lines")
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
        raise ContentPackError(f"{where}: 'lines' must be a list of caption lines.")
    lines = tuple(line.strip() for line in lines)
    return ClipText(
        title=_text(data, "title", where),
        summary=_text(data, "summary", where),
        tags=_tags(data.get("tags"), where),
        presenter=str(data.get("presenter") or "").strip(),
        lines=lines,
        featured=bool(data.get("featured", False)),
        translations=_translations(data.get("translations"), lines, where),
    )


def topic_read(path: Path) -> TopicText:
    """One topic file, checked field by field so that a typo names its place."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentPackError(f"{path.name}: cannot be read as YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise ContentPackError(f"{path.name}: expected a topic with title, summary and clips.")
    clips = data.get("clips")
    if not isinstance(clips, list) or not clips:
        raise ContentPackError(f"{path.name}: 'clips' must list at least one clip.")
    return TopicText(
        title=_text(data, "title", path.name),
        summary=_text(data, "summary", path.name),
        clips=tuple(_clip(c, f"{path.name}, clip {n}") for n, c in enumerate(clips, 1)),
    )


def pack_read(directory: Path | str | None = None) -> tuple[TopicText, ...]:
    """Every topic of a pack (the starter pack by default), ordered by file name."""
    folder = Path(directory) if directory is not None else STARTER_PACK
    if not folder.is_dir():
        raise ContentPackError(f"{folder}: no such folder of topic files.")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        raise ContentPackError(f"{folder}: has no .yaml topic files.")
    topics = tuple(topic_read(path) for path in files)
    titles = [t.title for t in topics]
    if len(set(titles)) != len(titles):
        raise ContentPackError(f"{folder}: two topic files share a title.")
    return topics
