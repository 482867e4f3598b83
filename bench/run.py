"""``make bench``: the hub under load, measured against the stack's ceiling, in one run.

1. Seeds a hub of ``--clips`` clips (10,000 by default) into ``DATABASE_URL`` (default: a
   fresh SQLite file under bench/), migrates and collects static files.
2. Starts gunicorn with production settings (``bench.settings``: production plus a query
   counting header and lifted rate limits), a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   DEBUG off, 2 sync workers; and beside it, under the same gunicorn flags, the ceiling
   (``bench.ceiling``: one Django view answering a page of the home page's size).
3. Drives each scenario with wrk (16 connections on loopback, a fixed duration): every
   page anonymous and signed in, rating POSTs by 16 distinct people, the view and progress
   beacons, and the ceiling. Server CPU per request comes from the gunicorn workers'
   /proc/<pid>/stat counters (user + system), queries and bytes from one request per page.
4. Optionally uploads a 1 GB file (sparse, in /tmp) through the real upload handler and
   records the workers' largest resident size while it streams.
5. Runs the search benchmark (``manage.py benchmark``: 20 searches, p50/p95, EXPLAIN ANALYZE
   of the engine's query on PostgreSQL).
6. Prints a table and writes everything as JSON under bench/results/.

    make bench                         # 10,000 clips on a fresh SQLite file
    make bench BENCH_ARGS=--quick      # 300 clips, 3 s per scenario: a CI-sized run
    DATABASE_URL=postgres://…/hubbub_bench make bench BENCH_ARGS="--clips 100000"
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
API_FIELDS = "video_url,poster_url,duration,rating_average,rating_count,view_count,tags,topic"


@dataclass
class Scenario:
    name: str
    path: str
    signed_in: bool = False
    method: str = "GET"
    target: str = "app"  # or "ceiling"
    cookies: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    paths: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    # A page-cache miss variant: measured only when the app answers X-Page-Cache at all.
    needs_page_cache: bool = False


@dataclass
class Result:
    name: str
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0
    x_ceiling: float = 0.0
    queries: int | None = None
    bytes: int = 0
    status: int = 0
    errors: int = 0
    cache: str = ""


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n")[0])
    parser.add_argument("--clips", type=int, default=10_000, help="hub size (default 10000)")
    parser.add_argument("--quick", action="store_true", help="300 clips, 3 s per scenario")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per scenario")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8140, help="app port")
    parser.add_argument("--ceiling-port", type=int, help="the ceiling's port (default: app + 1)")
    parser.add_argument(
        "--only", help="run only the scenarios whose name contains this text (and the ceiling)"
    )
    parser.add_argument("--upload-mb", type=int, default=1024, help="0 to skip the upload")
    parser.add_argument("--no-search", action="store_true", help="skip the search benchmark")
    parser.add_argument("--reuse", action="store_true", help="keep an existing SQLite file")
    args = parser.parse_args(argv)
    if args.quick:
        args.clips, args.seconds = min(args.clips, 300), 3
        args.upload_mb = min(args.upload_mb, 100)
    if args.ceiling_port is None:
        args.ceiling_port = args.port + 1
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 64:
        parser.error("--seconds must be 1–120 and --connections 1–64")
    return args


def run_env(args) -> dict:
    env = dict(os.environ)
    database_url = env.get("DATABASE_URL")
    if not database_url:
        path = BENCH / f"bench-{args.clips}.sqlite3"
        if not args.reuse:
            for stale in BENCH.glob(f"{path.name}*"):
                stale.unlink()
        database_url = f"sqlite:///{path}"
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        MAX_UPLOAD_MB=str(max(args.upload_mb + 64, 500)),
        PAGE_CACHE_ALLOW_BYPASS="1",  # lets a request header force a page-cache miss
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *argv, capture=False):
    return subprocess.run(
        [PY, "manage.py", *argv],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def prepare(args, env) -> dict:
    say(f"Seeding {args.clips} clips into {redact(env['DATABASE_URL'])}")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_hub", "--clips", str(args.clips), "-v0")
    seeded = time.monotonic() - started
    manage(env, "collectstatic", "--noinput", "-v0")
    if env["DATABASE_URL"].startswith("postgres"):
        manage(env, "dbshell", "--", "-c", "ANALYZE", capture=True)
    out = subprocess.run(
        [PY, "-m", "bench.prepare"], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    data["seed_seconds"] = round(seeded, 1)
    return data


def say(text):
    print(f"\n==> {text}", flush=True)


def redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(parts.password, "***"))
    return urllib.parse.urlunsplit(parts)


class Gunicorn:
    """One gunicorn master with 2 sync workers on a loopback port; stopped by its pid."""

    def __init__(self, app: str, port: int, env: dict, log: Path):
        self.port = port
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        cmd = [PY, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        cmd += ["--worker-class", "sync", "--timeout", "120", "--error-logfile", "-"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)

    def wait_ready(self, path="/", seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn on {self.port} exited; see {self.log.name}")
            with contextlib.suppress(OSError):
                fetch(self.port, path)
                if len(self.workers()) == 2:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn on {self.port} did not answer in {seconds} s")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def cpu_ticks(self) -> int:
        total = 0
        for pid in self.workers():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def rss_kb(self) -> list[int]:
        sizes = []
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]))
        return sizes

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def fetch(port, path, method="GET", cookie=None, body=None, extra=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", **(extra or {})}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Accept"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def scenarios(info) -> list[Scenario]:
    reader = info["reader"]["cookie"]
    pages = [
        ("home", "/"),
        ("topics index", "/topics/"),
        ("topic", info["topic_url"]),
        ("clip", info["clip_url"]),
        ("search results", "/search/?q=minutes"),
        ("API clip list (20)", f"/api/v2/pages/?type=clips.ClipPage&fields={API_FIELDS}&limit=20"),
    ]
    out = []
    # With the page cache (perf-cache's switch): each page as a hit, and as a miss forced by
    # the "X-Page-Cache: bypass" request header (honoured with PAGE_CACHE_ALLOW_BYPASS=1).
    miss = {"X-Page-Cache": "bypass"}
    for name, path in pages:
        out.append(Scenario(name, path))
        out.append(Scenario(f"{name}, miss", path, headers=miss, needs_page_cache=True))
        out.append(Scenario(f"{name}, signed in", path, signed_in=True, cookies=[reader]))
        out.append(
            Scenario(
                f"{name}, signed in, miss",
                path,
                signed_in=True,
                cookies=[reader],
                headers=miss,
                needs_page_cache=True,
            )
        )
    out.append(Scenario("/me/ for a clip", f"/me/clip/{info['clip_id']}/", True, cookies=[reader]))
    raters = info["raters"]
    clip_ids = info["rate_clip_ids"]
    # Every rater rates every one of 50 clips in turn: 16 distinct people at once.
    pairs = [(rater, clip_id) for clip_id in clip_ids for rater in raters]
    out.append(
        _posts(
            f"rating POST ({len(raters)} raters)",
            [(r, f"/clips/{c}/rate/", f"score={i % 5 + 1}") for i, (r, c) in enumerate(pairs)],
        )
    )
    out.append(_posts("view beacon POST", [(r, f"/clips/{c}/view/", "") for r, c in pairs]))
    progress = f"/clips/{info['clip_id']}/progress/"
    out.append(
        _posts(
            "progress beacon POST",
            [(r, progress, f"position={i % 5 + 1}.5&duration=6") for i, r in enumerate(raters)],
        )
    )
    out.append(Scenario("ceiling (minimal Django view)", "/", target="ceiling"))
    return out


def _posts(name: str, requests: list[tuple[dict, str, str]]) -> Scenario:
    """A POST scenario from (person, path, form fields) triples, sent round-robin."""
    return Scenario(
        name,
        requests[0][1],
        signed_in=True,
        method="POST",
        cookies=[person["cookie"] for person, _path, _fields in requests],
        bodies=[
            "&".join(filter(None, [fields, f"csrfmiddlewaretoken={person['csrf']}"]))
            for person, _path, fields in requests
        ],
        paths=[path for _person, path, _fields in requests],
        # What the player sends from a browser: without it the view beacon would take
        # every request for a bot's and count (write) nothing.
        headers={"User-Agent": BROWSER_USER_AGENT},
    )


def measure(scenario: Scenario, server: Gunicorn, args) -> Result:
    """One request for status, bytes and queries; then wrk for the figures under load."""
    first = scenario.paths[0] if scenario.paths else scenario.path
    cookie = scenario.cookies[0] if scenario.cookies else None
    body = scenario.bodies[0] if scenario.bodies else None
    status, headers, data = fetch(
        server.port, first, scenario.method, cookie, body, scenario.headers
    )
    result = Result(scenario.name, status=status, bytes=len(data))
    if "X-Bench-Queries" in headers:
        result.queries = int(headers["X-Bench-Queries"])
    if scenario.method == "GET" and scenario.target == "app":
        # Once more: the first request may have filled the cache; this one shows its state.
        headers = fetch(server.port, first, "GET", cookie, None, scenario.headers)[1]
    result.cache = headers.get("X-Page-Cache", "")
    env = dict(
        os.environ,
        BENCH_METHOD=scenario.method,
        BENCH_COOKIES="\n".join(scenario.cookies),
        BENCH_BODIES="\n".join(scenario.bodies),
        BENCH_PATHS="\n".join(scenario.paths),
        BENCH_HEADERS="\n".join(f"{k}: {v}" for k, v in scenario.headers.items()),
    )
    url = f"http://127.0.0.1:{server.port}{scenario.path}"
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds:g}s", "--timeout", "10s"]
    cmd += ["-H", "Host: 127.0.0.1", "-s", str(BENCH / "report.lua"), url]
    before = server.cpu_ticks()
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"wrk failed ({run.returncode}): {run.stderr.strip()}")
    out = run.stdout
    ticks = server.cpu_ticks() - before
    line = next(row for row in out.splitlines() if row.startswith("BENCH_JSON "))
    wrk = json.loads(line.removeprefix("BENCH_JSON "))
    result.requests = wrk["requests"]
    result.rps = round(wrk["requests"] / (wrk["duration_us"] / 1e6), 1)
    result.p50_ms, result.p95_ms, result.p99_ms = (
        round(wrk[key] / 1000, 2) for key in ("p50_us", "p95_us", "p99_us")
    )
    result.errors = sum(wrk["errors"].values())
    if result.requests:
        result.cpu_ms = round(ticks * 1000 / CLK_TCK / result.requests, 3)
    return result


def upload(server: Gunicorn, info: dict, megabytes: int) -> dict:
    """Send a ``megabytes`` MB clip through /contribute/new/ and watch the workers' memory."""
    contributor = info["contributor"]
    with tempfile.NamedTemporaryFile(prefix="hubbub-bench-", suffix=".mp4", dir="/tmp") as big:
        big.truncate(megabytes * 1024 * 1024)  # sparse: costs no disk until read
        boundary = secrets.token_hex(16)
        fields = {
            "csrfmiddlewaretoken": contributor["csrf"],
            "title": "Benchmark upload",
            "description": "A large file that is not a video.",
            "topic": info["topic_slug"],
            "tags": "benchmark",
        }
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="video"; '
            'filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
        )
        tail = f"\r\n--{boundary}--\r\n".encode()
        size = len(head.encode()) + megabytes * 1024 * 1024 + len(tail)

        def body():
            yield head.encode()
            with open(big.name, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    yield chunk
            yield tail

        peak, done = [max(server.rss_kb() or [0])], threading.Event()
        baseline = peak[0]

        def watch():
            while not done.is_set():
                peak[0] = max([peak[0], *server.rss_kb()])
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        try:
            conn.request(
                "POST",
                "/contribute/new/",
                body=body(),
                headers={
                    "Host": "127.0.0.1",
                    "Cookie": contributor["cookie"],
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(size),
                },
            )
            response = conn.getresponse()
            answer = response.read()
        finally:
            done.set()
            watcher.join()
            conn.close()
    return {
        "megabytes": megabytes,
        "status": response.status,
        "seconds": round(time.monotonic() - started, 1),
        "worker_rss_before_mb": round(baseline / 1024, 1),
        "worker_rss_peak_mb": round(peak[0] / 1024, 1),
        # The form's error shows the whole body was read and judged (zeros are not a video).
        "answer": _error_text(answer),
    }


def _error_text(html: bytes) -> str:
    """The upload form's error message, to show the file was read to the end and judged."""
    text = html.decode("utf-8", "replace")
    start = text.find("data-error-summary")
    if start < 0:
        return text[:120]
    words = re.sub(r"<[^>]+>", " ", text[start : start + 600].split(">", 1)[1]).split()
    return " ".join(words)[:160]


def search_benchmark(env) -> dict:
    out = manage(env, "benchmark", "--json", "--explain", capture=True).stdout
    print(out.split("BENCH_SEARCH_JSON ")[0])
    return json.loads(out.split("BENCH_SEARCH_JSON ", 1)[1])


def table(results: list[Result]) -> str:
    head = (
        f"{'scenario':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>10} {'× ceil':>7} {'queries':>7} {'bytes':>8} {'status':>6} {'err':>4} "
        "cache"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        queries = "" if r.queries is None else r.queries
        rows.append(
            f"{r.name:<34} {r.rps:>8.1f} {r.p50_ms:>8.2f} {r.p95_ms:>8.2f} {r.p99_ms:>8.2f} "
            f"{r.cpu_ms:>10.2f} {r.x_ceiling:>7.1f} {queries:>7} {r.bytes:>8} {r.status:>6} "
            f"{r.errors:>4} {r.cache}"
        )
    return "\n".join(rows)


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package).")
    env = run_env(args)
    info = prepare(args, env)
    logs = BENCH / "results"
    servers: list[Gunicorn] = []
    try:
        say("Starting gunicorn (2 sync workers) and the ceiling beside it")
        app = Gunicorn("hub.wsgi:application", args.port, env, logs / "gunicorn-app.log")
        servers.append(app)
        app.wait_ready("/healthz")
        home_bytes = len(fetch(args.port, "/")[2])
        ceiling_env = dict(
            env, DJANGO_SETTINGS_MODULE="bench.ceiling", BENCH_CEILING_BYTES=str(home_bytes)
        )
        ceiling = Gunicorn(
            "bench.ceiling:application",
            args.ceiling_port,
            ceiling_env,
            logs / "gunicorn-ceiling.log",
        )
        servers.append(ceiling)
        ceiling.wait_ready()
        results = []
        page_cache = "X-Page-Cache" in fetch(args.port, "/")[1]
        for scenario in scenarios(info):
            if scenario.needs_page_cache and not page_cache:
                continue
            if args.only and scenario.target == "app" and args.only not in scenario.name:
                continue
            server = ceiling if scenario.target == "ceiling" else app
            say(f"{scenario.name}: wrk {args.seconds:g} s, {args.connections} connections")
            results.append(measure(scenario, server, args))
        floor = results[-1].cpu_ms or 1e-9
        for result in results:
            result.x_ceiling = round(result.cpu_ms / floor, 1)
        memory = upload(app, info, args.upload_mb) if args.upload_mb else None
    finally:
        for server in servers:
            server.stop()
    search = None if args.no_search else search_benchmark(env)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "clips": info["clips"],
        "seed_seconds": info["seed_seconds"],
        "wrk": {"connections": args.connections, "seconds": args.seconds, "threads": 2},
        "gunicorn": {"workers": 2, "worker_class": "sync", "settings": "bench.settings"},
        "cpu_counts": "user+system time of the 2 gunicorn workers (not the database server)",
        "results": [asdict(r) for r in results],
        "upload": memory,
        "search": search,
    }
    say(f"Results: {report['database']}, {info['clips']} live clips")
    print(table(results))
    if memory:
        print(
            f"\nUpload of {memory['megabytes']} MB: answered {memory['status']} in "
            f"{memory['seconds']} s; worker resident memory {memory['worker_rss_before_mb']} MB "
            f"before, {memory['worker_rss_peak_mb']} MB at most while it streamed."
        )
    if search:
        print(
            f"\nSearch, whole request: p50 {search['median_ms']} ms, p95 {search['p95_ms']} ms; "
            f"the engine's call: p50 {search['engine_median_ms']} ms, "
            f"p95 {search['engine_p95_ms']} ms"
        )
    name = f"{time.strftime('%Y%m%d-%H%M%S')}-{report['database']}-{info['clips']}.json"
    (logs / name).write_text(json.dumps(report, indent=2))
    print(f"\nWrote bench/results/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
