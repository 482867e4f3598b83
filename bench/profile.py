"""CPU per request in one process, and where it goes: ``python -m bench.profile``.

A shared machine inflates wall-clock figures; the CPU one process spends is steadier. This
runs requests through Django's test client with the benchmark's settings (production plus
``bench.settings``) against an already seeded database (``python -m bench`` seeds one; pass
the same ``DATABASE_URL``), and prints, per scenario, ``time.process_time()`` per request
over ``--requests`` requests (after a warm-up) and, as a multiple, the same figure for the
ceiling's view (``bench.ceiling``) measured the same way in a child process just before.
With ``--profile`` it prints the top functions of each scenario by cumulative time too.

    DATABASE_URL=sqlite:////tmp/hub.sqlite3 python -m bench.profile --requests 100
    DATABASE_URL=… python -m bench.profile --only "clip, miss" --profile 25
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MISS = {"HTTP_X_PAGE_CACHE": "bypass"}
API = "/api/v2/pages/?type=clips.ClipPage&limit=20&fields=" + (
    "video_url,poster_url,duration,rating_average,rating_count,view_count,tags,topic"
)


def _environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("PAGE_CACHE_ALLOW_BYPASS", "1")


def _ceiling(requests: int) -> float:
    """CPU ms per request of the ceiling's view, in a child process of its own settings."""
    code = (
        "import time, django; from django.test import Client; django.setup(); c = Client();"
        f"[c.get('/') for _ in range(50)]; t = time.process_time();"
        f"[c.get('/') for _ in range({requests * 4})];"
        f"print((time.process_time() - t) * 1000 / {requests * 4})"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.ceiling", BENCH_CEILING_BYTES="21000")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _cookies(cookie: str | None):
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    for part in (cookie or "").split(";"):
        if "=" in part:
            name, value = part.strip().split("=", 1)
            jar[name] = value
    return jar


def _scenarios(info: dict) -> list[tuple]:
    reader = info["reader"]
    raters = info["raters"]
    clip_id = info["clip_id"]

    def rate(client_for, n):
        rater = raters[n % len(raters)]
        clip = info["rate_clip_ids"][(n // len(raters)) % len(info["rate_clip_ids"])]
        body = {"score": str(n % 5 + 1), "csrfmiddlewaretoken": rater["csrf"]}
        return client_for(rater["cookie"]).post(
            f"/clips/{clip}/rate/", body, HTTP_ACCEPT="application/json"
        )

    def get(path, cookie=None, **extra):
        return lambda client_for, n: client_for(cookie).get(path, **extra)

    return [
        ("home, miss", get("/", **MISS)),
        ("topic, miss", get(info["topic_url"], **MISS)),
        ("clip, miss", get(info["clip_url"], **MISS)),
        ("API clip list (20), miss", get(API, **MISS)),
        ("clip, signed in, miss", get(info["clip_url"], reader["cookie"], **MISS)),
        (
            "/me/ for a clip",
            get(f"/me/?clip={clip_id}", reader["cookie"], HTTP_ACCEPT="application/json"),
        ),
        ("rating POST", rate),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", help="scenarios whose name contains this text")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    _environment()
    floor = _ceiling(args.requests)
    info = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.prepare"],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import django

    django.setup()
    from django.test import Client

    # One client (one handler, its middleware loaded once), each request with its cookies.
    client = Client(HTTP_HOST="127.0.0.1")

    def client_for(cookie):
        client.cookies = _cookies(cookie)
        return client

    figures = {"ceiling_ms": round(floor, 3)}
    print(f"ceiling (minimal Django view, test client): {floor:.3f} ms CPU/request")
    for name, send in _scenarios(info):
        if args.only and args.only not in name:
            continue
        for n in range(10):
            response = send(client_for, n)
            assert response.status_code == 200, (name, response.status_code)
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for n in range(10, 10 + args.requests):
            send(client_for, n)
        if profiler:
            profiler.disable()
        ms = (time.process_time() - started) * 1000 / args.requests
        figures[name] = round(ms, 3)
        print(f"{name:<28} {ms:8.3f} ms CPU/request  {ms / floor:6.1f}× ceiling")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.profile)
            print(out.getvalue())
    if args.json:
        print("BENCH_PROFILE_JSON " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
