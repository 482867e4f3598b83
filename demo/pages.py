"""Create topics the ordinary way and clip pages in bulk.

Wagtail's ``add_child`` costs a dozen queries per page (tree lock, sibling scan, slug check,
revision, log entry, search index). Ten topics can afford it; ten thousand clips cannot. So
``clip_pages_insert`` writes the treebeard columns itself (``path``, ``depth``, ``url_path``),
inserts the ``wagtailcore_page`` rows with ``bulk_create`` and the ``clips_clippage`` rows
with the same insert Django's ``bulk_create`` uses internally (Django refuses ``bulk_create``
on multi-table models; ``hub.private_apis`` wraps that insert and treebeard's path
arithmetic), then fixes the topic's ``numchild`` and indexes the pages for search.

Seeded clip pages have no revision: Wagtail's editor opens a page without one from its own
fields, and the first edit in the admin creates the first revision.
"""

import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from clips.models import CaptionTrack, ClipPage, ClipTag, RelatedClip, TopicPage
from hub.private_apis import parent_cache_set, rows_insert, tree_path, tree_step

BATCH = 500


def _next_step(parent: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return tree_step(Page, last) + 1 if last else 1


def clip_pages_insert(*, topic: TopicPage, pages: list[ClipPage]) -> list[ClipPage]:
    """Insert unsaved, live ClipPages as the last children of ``topic``; return them saved.

    Each page needs title, slug (unique under the topic) and its own fields; tree columns,
    locale, content type and publication dates are filled in here. Tags, related clips,
    statistics and the search index are separate steps (below) so callers batch them.
    """
    if not pages:
        return []
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ClipPage)
    step = _next_step(topic)
    depth = topic.depth + 1
    for offset, page in enumerate(pages):
        page.path = tree_path(Page, topic.path, step + offset)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{topic.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = topic.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at

    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
        page._state.adding = False
        page._state.db = base._state.db

    local_fields = list(ClipPage._meta.local_concrete_fields)
    using = router.db_for_write(ClipPage)
    for start in range(0, len(pages), BATCH):
        rows_insert(ClipPage, pages[start : start + BATCH], fields=local_fields, using=using)

    # Treebeard's add_child trusts the parent's numchild: keep the instance in step too.
    topic.numchild = Page.objects.filter(path__startswith=topic.path, depth=depth).count()
    Page.objects.filter(pk=topic.pk).update(numchild=topic.numchild)
    return pages


def clip_tags_insert(*, tags_by_clip: dict[int, Iterable[str]]) -> None:
    """Tag many clips with a handful of queries: tags by name, then one bulk insert."""
    from taggit.models import Tag

    names = sorted({name for names in tags_by_clip.values() for name in names})
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in tags:
            tags[name], _ = Tag.objects.get_or_create(name=name)
    rows = [
        ClipTag(tag_id=tags[name].pk, content_object_id=clip_id)
        for clip_id, clip_names in tags_by_clip.items()
        for name in dict.fromkeys(clip_names)
    ]
    ClipTag.objects.bulk_create(rows, batch_size=BATCH)


def caption_tracks_insert(*, tracks: list[CaptionTrack]) -> None:
    """Clips' caption tracks in bulk: built and checked by the caller (``demo.clips``)."""
    CaptionTrack.objects.bulk_create(tracks, batch_size=BATCH)


def related_clips_insert(*, pairs: Iterable[tuple[int, int]]) -> None:
    rows = [RelatedClip(page_id=a, clip_id=b) for a, b in pairs if a != b]
    RelatedClip.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def search_index_add(*, clip_ids: list[int], topics: Iterable[TopicPage] = ()) -> None:
    """Index clips in chunks, the way ``rebuild_modelsearch_index`` does.

    Passing their topics saves a query per clip: the index holds each clip's topic title.
    """
    backend = get_search_backend()
    parents = {topic.path: topic for topic in topics}
    for start in range(0, len(clip_ids), BATCH):
        chunk = list(
            ClipPage.get_indexed_objects()
            .select_related("presenter__profile")  # indexed too; one join, not a query each
            .filter(pk__in=clip_ids[start : start + BATCH])
        )
        for clip in chunk:
            parent = parents.get(clip.path[: -clip.steplen])
            if parent is not None:
                parent_cache_set(clip, parent)
        backend.add_bulk(ClipPage, chunk)
