"""The access policy keeps the view restrictions in the cache (clips/restrictions.py): a
restriction added, removed, retyped, given or denied a group, or a page moved under or out
of one, changes what every viewer is shown at once, with no stale copy served."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from clips import access, restrictions
from clips.models import ClipPage
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    finance = Group.objects.create(name="Finance")
    member = UserFactory(username="member")
    member.groups.add(finance)
    topic = topic_make("Budgets")
    clip = clip_make(topic, title="Quarterly numbers")
    other = clip_make(topic_make("Open to all"), title="Open clip")
    return {
        "finance": finance,
        "member": member,
        "outsider": UserFactory(username="outsider"),
        "topic": topic,
        "clip": clip,
        "other": other,
    }


def listed(viewer) -> set[str]:
    """Titles of the clips a listing shows ``viewer`` (a fresh user object: no memo)."""
    if viewer is not None:
        viewer = type(viewer).objects.get(pk=viewer.pk)
    return set(access.listed_pages(viewer, ClipPage.objects.all()).values_list("title", flat=True))


def test_a_restriction_added_hides_the_clip_at_once_and_removed_shows_it_again(hub):
    everything = {"Quarterly numbers", "Open clip"}
    assert listed(None) == everything  # the set (none) is now cached

    restriction = PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    assert listed(None) == {"Open clip"}
    assert listed(hub["outsider"]) == everything

    restriction.delete()
    assert listed(None) == everything


def test_a_group_given_or_taken_from_a_restriction_changes_who_sees_it(hub):
    restriction = PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.GROUPS
    )
    assert listed(hub["member"]) == {"Open clip"}  # a group restriction with no group yet

    restriction.groups.add(hub["finance"])
    assert listed(hub["member"]) == {"Quarterly numbers", "Open clip"}
    assert listed(hub["outsider"]) == {"Open clip"}

    hub["finance"].pageviewrestriction_set.remove(restriction)  # the other side of the m2m
    assert listed(hub["member"]) == {"Open clip"}


def test_a_group_deleted_takes_its_members_access_with_it(hub):
    restriction = PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(hub["finance"])
    assert "Quarterly numbers" in listed(hub["member"])

    hub["finance"].delete()
    assert listed(hub["member"]) == {"Open clip"}


def test_a_restriction_retyped_applies_its_new_rule(hub):
    restriction = PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Quarterly numbers" in listed(hub["outsider"])

    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    assert listed(hub["outsider"]) == {"Open clip"}


def test_a_clip_moved_under_a_restricted_topic_is_hidden_and_moved_out_shown(hub):
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    assert listed(None) == {"Open clip"}

    other = ClipPage.objects.get(pk=hub["other"].pk)
    other.move(hub["topic"], pos="last-child")
    assert listed(None) == set()

    other = ClipPage.objects.get(pk=hub["other"].pk)
    other.move(topic_make("Elsewhere"), pos="last-child")
    assert listed(None) == {"Open clip"}


def test_a_restricted_topic_moved_takes_its_restriction_along(hub):
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    assert listed(None) == {"Open clip"}
    elsewhere = topic_make("Elsewhere")

    topic = type(hub["topic"]).objects.get(pk=hub["topic"].pk)
    topic.move(elsewhere, pos="last-child")  # its path changes: the cached one is wrong
    assert listed(None) == {"Open clip"}


def test_a_page_seen_through_the_site_follows_a_new_restriction_at_once(client, hub):
    assert client.get(hub["clip"].url).status_code == 200
    assert "Quarterly numbers" in client.get("/").content.decode()

    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    # The page cache was purged by the same change; the listing's condition is new too.
    assert client.get(hub["clip"].url).status_code == 302
    assert "Quarterly numbers" not in client.get("/").content.decode()


def test_the_set_is_read_once_and_then_served_from_the_cache(hub):
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    restrictions.current()  # read and stored

    with CaptureQueriesContext(connection) as queries:
        first = access.blocked_paths(None)
        again = access.blocked_paths(None)

    assert first == again == (hub["topic"].path,)
    assert len(queries) == 0


def test_a_set_read_before_a_change_is_never_served_after_it(hub):
    """A reader that raced a change stored the old set under the old token: the change
    replaced the token, so the next reader reads the table, not that copy."""
    stale = restrictions.current()
    old_token = restrictions._token()
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    # The racing reader stores what it read under the token it read.
    from django.core.cache import cache

    cache.set(restrictions._set_key(old_token), stale)

    assert restrictions._token() != old_token
    assert [r.path for r in restrictions.current()] == [hub["topic"].path]


def test_the_token_is_replaced_again_after_the_commit(hub, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PageViewRestriction.objects.create(
            page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
        )
    during = restrictions._token()

    for callback in callbacks:
        callback()

    assert restrictions._token() != during
    assert listed(None) == {"Open clip"}


def test_listings_work_with_the_cache_down(hub, settings):
    from hub.cache import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0")}
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )

    assert listed(None) == {"Open clip"}
    assert listed(hub["outsider"]) == {"Quarterly numbers", "Open clip"}


@pytest.mark.parametrize("kind", [None, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_a_loaded_live_page_is_judged_without_a_query_as_the_database_would(hub, kind):
    if kind:
        restriction = PageViewRestriction.objects.create(page=hub["topic"], restriction_type=kind)
        restriction.groups.add(hub["finance"])
    restrictions.current()
    viewers = [None, hub["outsider"], hub["member"]]
    for clip in (hub["clip"], hub["other"]):
        loaded = ClipPage.objects.get(pk=clip.pk)
        for viewer in viewers:
            with CaptureQueriesContext(connection) as queries:
                fast = access.page_access(viewer, loaded)
            # A page not loaded in full is asked of the database.
            asked = access.page_access(viewer, ClipPage.objects.only("pk").get(pk=clip.pk))
            assert fast is asked, (clip.title, viewer, kind)
            # At most the user's groups are read (once), never the page or its restrictions.
            assert not any("wagtailcore_page" in q["sql"] for q in queries.captured_queries)


def test_pages_are_served_without_reading_restrictions_while_the_hub_has_none(
    client, hub, settings
):
    settings.PAGE_CACHE_ENABLED = False
    client.get(hub["clip"].url)  # the (empty) set read and kept

    with CaptureQueriesContext(connection) as queries:
        assert client.get(hub["clip"].url).status_code == 200

    assert not any("pageviewrestriction" in q["sql"] for q in queries.captured_queries)
    # One restriction anywhere, and Wagtail's own check runs again: on the page's topic, it
    # turns the anonymous visitor to the sign-in page.
    PageViewRestriction.objects.create(
        page=hub["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(hub["clip"].url).status_code == 302
