"""Time 20 representative searches end to end and print the median and 95th percentile.

Each search is a real request through the whole stack (URL routing, the search engine,
SQL, templates) made with Django's test client against the configured database, warmed
first, then repeated. The searches are drawn from the hub's own content (topic names, tags,
presenters, words said in transcripts) with a fixed random seed, so two runs over the same
data time the same searches. Nothing is written: the run happens inside a transaction that
is rolled back, so the query log and popular searches are left as they were.

    python manage.py benchmark                 # 5 timed repetitions of each search
    python manage.py benchmark --repeat 20 --warmup 2
    DATABASE_URL=postgres://… python manage.py benchmark
    python manage.py benchmark --explain --json   # as make bench runs it

``--explain`` prints PostgreSQL's EXPLAIN ANALYZE of the search engine's own query for a
common word, a rare word and a word that matches nothing, to show which index serves it.

``--queries FILE`` times a fixed list instead (``bench/search_queries.txt``: the same
requests at every hub size, so 10,000 and 100,000 clips compare)::

    python manage.py benchmark --explain --queries bench/search_queries.txt
"""

import json as json_module
import random
import re
import statistics
import time
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from wagtail.search.backends import get_search_backend

from clips.models import ClipPage, ClipTag, TopicPage
from search.queries import MAX_MATCHES, clip_match_ids
from search.text import query_clean, query_terms

SEED = 20240611
WORD = re.compile(r"[^\W\d_]{4,}")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct% of values at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def representative_searches(rng: random.Random) -> list[tuple[str, str, dict]]:
    """Twenty (label, path, params) requests shaped like what people do on the hub."""
    clips = ClipPage.objects.live()
    if not clips.exists():
        raise CommandError("The hub has no live clips: seed it first (manage.py seed_hub).")
    topics = list(TopicPage.objects.live().order_by("path").values_list("title", "slug"))
    tags = list(
        ClipTag.objects.filter(content_object__live=True)
        .values_list("tag__name", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:10]
    )
    rows = list(clips.order_by("pk").values_list("title", "transcript", "presenter_name"))
    # In how many clips each word is said; the rare ones are the fifty said in fewest.
    said = Counter(w for _t, tr, _p in rows for w in {w.lower() for w in WORD.findall(tr)})
    rare = [w for w, _n in sorted(said.items(), key=lambda item: (item[1], item[0]))[:50]]
    # Common words the engine indexes: a stop word ("after", "would") finds nothing at all.
    common = [w for w, _n in said.most_common(60) if len(w) > 4 and clip_match_ids([w])]
    common = common or ["clip"]
    presenters = sorted({p.split()[-1] for _t, _tr, p in rows if p.strip()}) or ["editor"]
    sample = rng.sample(rows, min(len(rows), 50))
    phrase_source = next((t for _ti, t, _p in sample if len(WORD.findall(t)) >= 3), "clip notes")
    phrase = " ".join(WORD.findall(phrase_source)[1:3])
    title_word = WORD.findall(sample[0][0])[0] if WORD.findall(sample[0][0]) else common[0]
    topic_title, topic_slug = topics[0] if topics else ("", "")
    tag = tags[0] if tags else common[0]
    word = rng.choice(common)
    return [
        ("empty query: popular and trending", "/search/", {}),
        ("a common spoken word", "/search/", {"q": word}),
        ("another common word", "/search/", {"q": rng.choice(common)}),
        ("a rare spoken word", "/search/", {"q": rng.choice(rare or common)}),
        ("another rare spoken word", "/search/", {"q": rng.choice(rare or common)}),
        ("a two-word phrase", "/search/", {"q": phrase}),
        ("a word from a title", "/search/", {"q": title_word}),
        ("a topic's name", "/search/", {"q": topic_title}),
        ("a tag as a word", "/search/", {"q": tag}),
        ("a presenter's name", "/search/", {"q": rng.choice(presenters)}),
        ("common word, newest first", "/search/", {"q": word, "sort": "newest"}),
        ("common word, top rated", "/search/", {"q": word, "sort": "top"}),
        ("common word, page 2", "/search/", {"q": word, "page": "2"}),
        ("common word in one topic", "/search/", {"q": word, "topic": topic_slug}),
        ("common word, short clips", "/search/", {"q": word, "duration": "short"}),
        ("browse a tag", "/search/", {"tag": tag}),
        ("nothing matches", "/search/", {"q": "xylophonequartz"}),
        ("operators and quotes", "/search/", {"q": f'"{word}" AND (NOT {tag}*'}),
        ("type-ahead, two letters", "/search/suggest/", {"q": word[:2]}),
        ("type-ahead, five letters", "/search/suggest/", {"q": word[:5]}),
    ]


def searches_from(path: str) -> list[tuple[str, str, dict]]:
    """(label, path, params) from lines 'label | /path?query' ('#' starts a comment)."""
    searches = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            label, _bar, url = (part.strip() for part in line.rpartition("|"))
            parts = urlsplit(url)
            searches.append((label, parts.path, dict(parse_qsl(parts.query))))
    if not searches:
        raise CommandError(f"{path} lists no searches.")
    return searches


class Command(BaseCommand):
    help = "Time 20 representative searches (median and 95th percentile) and their query counts."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each search.")
        parser.add_argument("--warmup", type=int, default=1, help="Untimed runs of each first.")
        parser.add_argument(
            "--explain", action="store_true", help="EXPLAIN ANALYZE the engine's query."
        )
        parser.add_argument(
            "--json", action="store_true", help="End with one BENCH_SEARCH_JSON line."
        )
        parser.add_argument(
            "--queries",
            metavar="FILE",
            help="Time these searches (lines 'label | /search/?q=…'; a label ending in * is "
            "explained) instead of twenty drawn from the hub.",
        )

    def handle(
        self, *args, repeat: int, warmup: int, explain: bool, json: bool, queries=None, **options
    ):
        if repeat < 1 or warmup < 0:
            raise CommandError("--repeat must be at least 1 and --warmup at least 0.")
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        client = Client(HTTP_HOST=host or "localhost")
        with transaction.atomic():
            if queries:
                searches = searches_from(queries)
            else:
                searches = representative_searches(random.Random(SEED))
            rows, timings = self._run(client, searches, repeat, warmup)
            plans = self._explain(searches) if explain else {}
            engine = self._engine(searches, repeat)
            transaction.set_rollback(True)
        self._report(rows, timings, repeat, warmup)
        self.stdout.write(
            f"The search engine's own call (clip_match_ids, {len(engine)} timed calls over the "
            f"searches with words): median {statistics.median(engine):.1f} ms, "
            f"95th percentile {percentile(engine, 95):.1f} ms"
        )
        for label, plan in plans.items():
            self.stdout.write(f"\nEXPLAIN ANALYZE of the engine's query, {label}:\n{plan}")
        if json:
            self.stdout.write("BENCH_SEARCH_JSON " + self._json(rows, timings, plans, engine))

    def _engine(self, searches, repeat) -> list[float]:
        """The engine's part of each search with words: matching and ranking ids, no page."""
        samples = []
        for _label, path, params in searches:
            terms = query_terms(query_clean(params.get("q", "")))
            if path != "/search/" or not terms:
                continue
            clip_match_ids(terms)  # warm
            for _ in range(repeat):
                start = time.perf_counter()
                clip_match_ids(terms)
                samples.append((time.perf_counter() - start) * 1000)
        return samples

    def _explain(self, searches) -> dict:
        """The engine's ranked match query under EXPLAIN ANALYZE (PostgreSQL only)."""
        backend = get_search_backend()
        plans = {}
        explained = {"a common spoken word", "a rare spoken word", "nothing matches"}
        for label, _path, params in searches:
            if label not in explained and not label.endswith("*"):
                continue
            results = backend.search(params["q"], ClipPage.objects.live())
            if connection.vendor != "postgresql":
                break
            if hasattr(results, "ranked_entries"):
                entries = results.ranked_entries(MAX_MATCHES)
            else:  # the code before search.migrations.0004, for a before/after comparison
                entries = results._entries()[:MAX_MATCHES]
            sql, sql_params = entries.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}", sql_params)
                plans[f"{label} (q={params['q']})"] = "\n".join(r[0] for r in cursor.fetchall())
        return plans

    def _json(self, rows, timings, plans, engine) -> str:
        return json_module.dumps(
            {
                "database": connection.vendor,
                "clips": ClipPage.objects.live().count(),
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 95), 1),
                "engine_median_ms": round(statistics.median(engine), 1),
                "engine_p95_ms": round(percentile(engine, 95), 1),
                "searches": [
                    {"label": label, "params": params, "median_ms": round(median, 1), "queries": q}
                    for label, params, median, q in rows
                ],
                "explain": plans,
            }
        )

    def _run(self, client, searches, repeat, warmup):
        rows, timings = [], []
        for label, path, params in searches:
            for _ in range(warmup):
                self._get(client, path, params)
            counter = QueryCounter()
            # Counted with a wrapper: the test client's request_started resets query logs.
            with connection.execute_wrapper(counter):
                self._get(client, path, params)
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                self._get(client, path, params)
                samples.append((time.perf_counter() - start) * 1000)
            timings += samples
            rows.append((label, params, statistics.median(samples), counter.count))
        return rows, timings

    def _get(self, client, path, params):
        response = client.get(path, params)
        if response.status_code != 200:
            raise CommandError(f"{path} {params} answered {response.status_code}")
        return response

    def _report(self, rows, timings, repeat, warmup):
        vendor = connection.vendor
        clips = ClipPage.objects.live().count()
        out = self.stdout.write
        out(f"Search benchmark on {vendor}: {clips} live clips, {len(rows)} searches, ")
        out(f"{warmup} warm-up + {repeat} timed run(s) each.\n")
        out(f"{'search':<36} {'median ms':>10} {'queries':>8}  parameters")
        for label, params, median, queries in rows:
            shown = " ".join(f"{k}={v}" for k, v in params.items())[:60]
            out(f"{label:<36} {median:>10.1f} {queries:>8}  {shown}")
        out("")
        out(
            self.style.SUCCESS(
                f"All searches: median {statistics.median(timings):.1f} ms, "
                f"95th percentile {percentile(timings, 95):.1f} ms "
                f"over {len(timings)} timed requests"
            )
        )
