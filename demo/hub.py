"""Seed the demo hub: topics, clips with real videos, people and their activity.

Idempotent: topics are found by slug, clips by slug under their topic, people by username;
only what is missing is made, and activity is added only for clips made in this run. The
database work is one transaction; files stored by a run that fails are deleted again.
"""

import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from clips.files import StoredFiles, deleted_on_failure
from clips.models import CaptionTrack, ClipPage, TopicIndexPage, TopicPage
from clips.services import quiet_page_log, topic_ensure

from . import activity, pages, people, render, videos
from .clips import caption_tracks_missing, clip_page_build
from .content import ClipPlan, ContentPackError, TopicText, clip_plan, library, topic_colour
from .discussion import seed_discussion
from .history import history_seed
from .submissions import seed_submissions

DEFAULT_CLIPS = 40
RELATED_PER_CLIP = 2


class SeedError(RuntimeError):
    """The hub cannot be seeded as asked; the message says why."""


@dataclass
class SeedResult:
    topics: int = 0
    clips_created: int = 0
    clips_existing: int = 0
    videos_made: int = 0
    people: int = 0
    ratings: int = 0
    views: int = 0
    submissions: int = 0
    comments: int = 0
    members: int = 0
    seconds: float = 0.0


def hub_is_empty() -> bool:
    return not TopicPage.objects.exists()


def hub_seed(
    *,
    clips: int = DEFAULT_CLIPS,
    demo_users: bool = True,
    video_seconds: float = 6.0,
    workers: int | None = None,
    progress: bool = False,
    content: Path | str | None = None,
) -> SeedResult:
    """Seed topics, ``clips`` clips and (unless ``demo_users`` is False) people and activity.

    ``content`` is a folder of topic files (see ``content.pack``); the starter pack by default.
    """
    if clips < 0:
        raise SeedError("The number of clips cannot be negative.")
    if not 0.5 <= video_seconds <= 60:
        raise SeedError("Demo videos must last between 0.5 and 60 seconds.")
    index = TopicIndexPage.objects.first()
    if index is None:
        raise SeedError("The site has no topic index page: run `manage.py migrate` first.")
    try:
        topics_text = library(content)
    except ContentPackError as exc:
        raise SeedError(str(exc)) from exc
    started, result = time.monotonic(), SeedResult()
    with deleted_on_failure() as stored, transaction.atomic(), quiet_page_log():
        run = _Run(
            index, clips, demo_users, video_seconds, workers, progress, result, topics_text, stored
        )
        run.seed()
    result.seconds = round(time.monotonic() - started, 1)
    return result


@dataclass
class _Run:
    index: TopicIndexPage
    count: int
    demo_users: bool
    seconds: float
    workers: int | None
    progress: bool
    result: SeedResult
    topics_text: tuple[TopicText, ...]
    stored: StoredFiles  # what a failed run deletes again

    def seed(self) -> None:
        topics = [
            topic_ensure(index=self.index, title=t.title, slug=slugify(t.title), summary=t.summary)
            for t in self.topics_text
        ]
        self.result.topics = len(topics)
        users = people.people_ensure() if self.demo_users else {}
        self.result.people = len(users)

        plans = clip_plan(self.count, self.topics_text)
        existing = _existing_slugs(topics)
        new = [p for p in plans if p.slug not in existing[p.topic_number]]
        self.result.clips_existing = len(plans) - len(new)
        media_ids = self.videos_for(new, topics)

        created = self.pages_for(new, topics, media_ids, users)
        self.tracks_for(created, plans, topics)
        self.extras_for(created, users, topics)
        if users:
            activity.ratings_counts_refresh(users)
            people.approved_counts_refresh(users)
            people.levels_recompute(users)
            activity.follows_and_progress(
                users=users, topics=topics, clips=[(page.pk, self.seconds) for _, page in created]
            )
            self.result.submissions = seed_submissions(
                users=users, topics=topics, seconds=self.seconds
            )
            self.result.comments = seed_discussion(users=users, topics=topics)
            # A year of community history, then the dashboard's daily snapshots for it.
            self.result.members = history_seed(users=users, topics=topics)

    def bar(self, total: int, desc: str):
        if not self.progress or not total:
            return nullcontext(_NoBar())
        return tqdm(total=total, desc=desc, unit="clip", leave=False)

    def videos_for(self, new: list[ClipPlan], topics: list[TopicPage]) -> dict[int, int]:
        """{plan number: media id}: own videos for written clips, a shared reel for the rest."""
        reels = {}
        for plan in new:
            if not plan.written and plan.topic_number not in reels:
                reels[plan.topic_number] = videos.reel_find(topics[plan.topic_number].title)
        with tempfile.TemporaryDirectory() as work:
            jobs: dict[object, render.VideoJob] = {}
            for plan in new:
                if plan.written:
                    jobs[plan.number] = render.VideoJob(
                        Path(work) / f"{plan.slug}.mp4",
                        plan.title,
                        topics[plan.topic_number].title,
                        plan.colour,
                        plan.tone_hz,
                        self.seconds,
                    )
            for number, reel in reels.items():
                if reel is None:
                    title = topics[number].title
                    jobs[("reel", number)] = render.VideoJob(
                        Path(work) / f"reel-{number}.mp4",
                        title,
                        "More clips on Hubbub",
                        topic_colour(number),
                        330.0 + 20 * number,
                        self.seconds,
                    )
            with self.bar(len(jobs), "Rendering videos") as bar:
                render.videos_render(list(jobs.values()), workers=self.workers, progress=bar)
            stored = {}
            with self.bar(len(jobs), "Processing videos") as bar:
                for key, job in jobs.items():
                    is_reel = isinstance(key, tuple)
                    title = videos.reel_title(job.title) if is_reel else job.title
                    media = videos.media_store(path=job.destination, title=title)
                    self.stored.add(media.stored_files())
                    stored[key] = media
                    bar.update(1)
        self.result.videos_made = len(stored)
        for number in reels:
            reels[number] = reels[number] or stored[("reel", number)]
        return {
            p.number: (stored[p.number] if p.written else reels[p.topic_number]).pk for p in new
        }

    def pages_for(self, new, topics, media_ids, users) -> list[tuple[ClipPlan, ClipPage]]:
        presenters = people.presenters_by_name(users)
        by_topic: dict[int, list[tuple[ClipPlan, ClipPage]]] = {}
        for plan in new:
            page = clip_page_build(
                plan,
                media_id=media_ids[plan.number],
                seconds=self.seconds,
                users=users,
                presenters=presenters,
            )
            by_topic.setdefault(plan.topic_number, []).append((plan, page))
        created = []
        with self.bar(len(new), "Creating clip pages") as bar:
            for number, pairs in by_topic.items():
                pages.clip_pages_insert(topic=topics[number], pages=[page for _, page in pairs])
                created += pairs
                bar.update(len(pairs))
        self.result.clips_created = len(created)
        return created

    def tracks_for(self, created, plans: list[ClipPlan], topics: list[TopicPage]) -> None:
        """Caption tracks: every new clip's, and translations the pack gained since an
        earlier run for clips that exist already (nothing twice)."""
        pairs = [(plan, page.pk) for plan, page in created]
        made = {plan.number for plan, _ in created}
        translated = [p for p in plans if p.translations and p.number not in made]
        ids = _page_ids(translated, topics)
        earlier = [(plan, ids[plan.number]) for plan in translated if plan.number in ids]
        existing: dict[int, dict[str, list[dict]]] = {pk: {} for _, pk in earlier}
        rows = CaptionTrack.objects.filter(page_id__in=list(existing))
        for page_id, language, cues in rows.values_list("page_id", "language", "cues"):
            existing[page_id][language] = cues
        tracks = [
            track
            for plan, pk in pairs + earlier
            for track in caption_tracks_missing(
                plan, page_id=pk, seconds=self.seconds, existing=existing.get(pk, {})
            )
        ]
        pages.caption_tracks_insert(tracks=tracks)

    def extras_for(self, created: list[tuple[ClipPlan, ClipPage]], users: dict, topics) -> None:
        """Tags, related clips, activity and statistics, and the search index."""
        pages.clip_tags_insert(tags_by_clip={page.pk: plan.tags for plan, page in created})
        pages.related_clips_insert(pairs=_related_pairs(created))
        with self.bar(len(created) if users else 0, "Adding ratings and views") as bar:
            stats = activity.activity_for(
                [(page.pk, page.first_published_at, page.presenter_id) for _, page in created],
                users=users,
                seed=len(created),
                progress=bar,
            )
        ids = [page.pk for _, page in created]
        activity.stats_insert(clip_ids=ids, stats=stats)
        self.result.ratings = sum(s.rating_count for s in stats)
        self.result.views = sum(s.view_count for s in stats)
        with self.bar(len(ids), "Indexing for search") as bar:
            for start in range(0, len(ids), pages.BATCH):
                pages.search_index_add(clip_ids=ids[start : start + pages.BATCH], topics=topics)
                bar.update(len(ids[start : start + pages.BATCH]))


class _NoBar:
    def update(self, n=1):
        pass


def _related_pairs(created):
    """Each new clip points at the next ones in its own topic (wrapping round)."""
    by_topic: dict[int, list[int]] = {}
    for plan, page in created:
        by_topic.setdefault(plan.topic_number, []).append(page.pk)
    for ids in by_topic.values():
        for i, pk in enumerate(ids):
            for step in range(1, min(RELATED_PER_CLIP, len(ids) - 1) + 1):
                yield pk, ids[(i + step) % len(ids)]


def _page_ids(plans: list[ClipPlan], topics: list[TopicPage]) -> dict[int, int]:
    """{plan number: page id} of the planned clips that exist already, in one query."""
    if not plans:
        return {}
    wanted = {(topics[p.topic_number].path, p.slug): p.number for p in plans}
    step = ClipPage.steplen
    rows = ClipPage.objects.filter(
        depth=topics[0].depth + 1, slug__in={slug for _, slug in wanted}
    ).values_list("pk", "path", "slug")
    found = {}
    for pk, path, slug in rows:
        number = wanted.get((path[:-step], slug))
        if number is not None:
            found[number] = pk
    return found


def _existing_slugs(topics: list[TopicPage]) -> list[set[str]]:
    """The slugs of the clips already under each topic, in one query."""
    number_of = {topic.path: i for i, topic in enumerate(topics)}
    slugs: list[set[str]] = [set() for _ in topics]
    step = ClipPage.steplen
    rows = ClipPage.objects.filter(depth=topics[0].depth + 1).values_list("path", "slug")
    for path, slug in rows:
        number = number_of.get(path[:-step])
        if number is not None:
            slugs[number].add(slug)
    return slugs
