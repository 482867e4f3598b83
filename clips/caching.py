"""Which pages may be cached for everyone, and which cached pages a change makes stale.

A page is cached (by hub.page_cache, and by a CDN told so through Cache-Control) when anyone
may see it, as clips.access decides: live, and no view restriction on it or an ancestor.
When content changes, exactly the pages that show it are purged, from Django's cache at once
and from the CDN (``wagtail.contrib.frontend_cache``, set by environment) after the commit:

- a page (publish, unpublish, edit-and-publish, delete, move, view restriction change):
  the page, every ancestor up to home (the topic lists its clips, the topics index counts
  them, home shows the newest) and the API's page listing;
- a topic also purges its clips (their breadcrumb and cards show the topic's title), and a
  move or a view restriction purges every page below, at the old and the new place.

What is not purged waits at most ``PAGE_CACHE_SECONDS``: ratings and view counts, and the
"related clips" cards of a clip's sibling pages.

The anonymous listings kept between renders (clips.listing_cache) and the rendered clip
cards (clips.card_cache) are dropped by every purge too: both are kept under the listings'
generation, which every purge replaces.
"""

from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction

from hub import page_cache

from .listing_cache import listings_purge

API_LISTING_PATH = "/api/v2/pages/"


def public_for_everyone(page) -> bool:
    """Anyone may see it: the access policy's answer for a visitor without a session."""
    from . import access

    return access.page_access(None, page) is access.Access.PUBLIC


def _relative_path(page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _root_url(page) -> str | None:
    parts = page.get_url_parts()
    return parts[1] if parts else None


def paths_showing(page, *, with_descendants: bool = False) -> list[str]:
    """URL paths of the page, its ancestors and (when asked) its descendants."""
    path = _relative_path(page)
    if path is None:
        return []
    # The URL mirrors the tree (/topics/<topic>/<clip>/): ancestors are its prefixes.
    segments = [s for s in path.strip("/").split("/") if s]
    paths = ["/"] + ["/" + "/".join(segments[:n]) + "/" for n in range(1, len(segments) + 1)]
    if with_descendants:
        below = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
        for url_path in below.values_list("url_path", flat=True):
            paths.append(path + url_path[len(page.url_path) :])
    return paths


def purge_own_copies(page) -> None:
    """A statistic of the page changed (a rating): its own cached copies go, in this site's
    cache only. The person who rated sees it on reload; listings and a CDN catch up within
    PAGE_CACHE_SECONDS, as every statistic does."""
    path = _relative_path(page)
    if path is not None:
        page_cache.purge_paths([path])


def _cdn_purge(root_url: str, paths: list[str], topic_paths: list[str]) -> None:
    batch = PurgeBatch()
    batch.add_urls(root_url.rstrip("/") + path for path in paths)
    # The first page of each sort of a topic, as people link to them.
    for path in topic_paths:
        batch.add_urls(f"{root_url.rstrip('/')}{path}?sort={sort}" for sort in _topic_sorts())
    batch.add_url(root_url.rstrip("/") + API_LISTING_PATH)
    batch.purge()


def _topic_sorts():
    from .models import TopicPage

    return list(TopicPage.SORTS)


def purge(page, *, with_descendants: bool = False, extra_paths=()) -> None:
    """Purge every cached page that shows ``page``: now, again after commit, then the CDN."""
    from .models import TopicPage

    listings_purge()
    transaction.on_commit(listings_purge)  # a listing computed from the old rows meanwhile
    page = page.specific_deferred if type(page) is Page else page
    with_descendants = with_descendants or isinstance(page, TopicPage)
    paths = paths_showing(page, with_descendants=with_descendants) + list(extra_paths)
    if not paths:
        return
    paths.append(API_LISTING_PATH)
    topics = [p for p in paths if p.count("/") == 3 and p.startswith("/topics/")]
    root_url = _root_url(page)
    page_cache.purge_paths(paths)

    def after_commit():
        # A render that read the old rows before the commit must not stay cached.
        page_cache.purge_paths(paths)
        if root_url:
            _cdn_purge(root_url, paths, topics)

    transaction.on_commit(after_commit)


# Signal receivers (connected in ClipsConfig.ready) -----------------------------------------


def page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished, post_delete of a page."""
    if isinstance(instance, Page):
        purge(instance)


def page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    """post_page_move: the old place (with everything that was under it) and the new one."""
    if url_path_before == url_path_after:
        return
    old_paths = []
    new_path = _relative_path(instance)
    if new_path is not None and url_path_before and url_path_after:
        # url_path is the site root's url_path followed by the page's URL path.
        old_path = url_path_before[len(url_path_after) - len(new_path) :]
        segments = [s for s in old_path.strip("/").split("/") if s]
        old_paths = ["/" + "/".join(segments[:n]) + "/" for n in range(1, len(segments) + 1)]
        below = Page.objects.filter(path__startswith=instance.path, depth__gt=instance.depth)
        for url_path in below.values_list("url_path", flat=True):
            old_paths.append(old_path + url_path[len(url_path_after) :])
    purge(instance, with_descendants=True, extra_paths=old_paths)


def restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed: the page and all below it."""
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    purge(page, with_descendants=True)


def restriction_groups_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """m2m_changed of a group restriction's groups: who may see the page changed."""
    if not action.startswith("post_"):
        return
    if not reverse:
        restriction_changed(sender, instance)
        return
    for restriction in PageViewRestriction.objects.filter(pk__in=pk_set or ()):
        restriction_changed(sender, restriction)


# A person's visibility class (clips.access.visibility_class) may change ----------------------


def user_groups_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """m2m_changed of ``User.groups``, from either side."""
    if not reverse:
        if action.startswith("post_"):
            page_cache.forget_viewers([instance.pk])
    elif action == "pre_clear":
        page_cache.forget_viewers(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        page_cache.forget_viewers(pk_set or ())


def group_deleted(sender, instance, **kwargs):
    """pre_delete of a group: its members lose it without an m2m signal."""
    page_cache.forget_viewers(instance.user_set.values_list("pk", flat=True))


def user_changed(sender, instance, **kwargs):
    """post_save / post_delete of a user (superuser, active, password), or signing out."""
    page_cache.forget_viewers([instance.pk])


def user_signed_out(sender, request, user, **kwargs):
    if user is not None:
        page_cache.forget_viewers([user.pk])
