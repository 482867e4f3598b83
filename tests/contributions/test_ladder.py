"""The participation ladder: levels, groups, thresholds, and changes by hand in the admin."""

import re

import pytest
from django.urls import reverse

from contributions.models import LadderSettings, Level, LevelChange, Profile
from contributions.people.ladder import next_step
from contributions.people.services import level_recompute, level_set, profile_get
from tests.contributions.moderation_helpers import person
from tests.refusals import assert_sent_to_admin_home

pytestmark = pytest.mark.django_db


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_each_level_puts_the_user_in_its_groups_and_records_why():
    user = person(Level.LEARNER)
    editor = person(Level.EDITOR)

    level_set(user=user, level=Level.TRUSTED, reason="Helpful reviews", changed_by=editor)

    assert groups_of(user) == {"Contributors", "Peer reviewers"}
    change = LevelChange.objects.get(user=user)
    assert (change.from_level, change.to_level) == (Level.LEARNER, Level.TRUSTED)
    assert change.reason == "Helpful reviews" and change.changed_by == editor
    level_set(user=user, level=Level.LEARNER, reason="Back to basics", changed_by=editor)
    assert groups_of(user) == set()


def test_thresholds_come_from_the_editable_settings():
    ladder = LadderSettings.load()
    ladder.approvals_to_trusted = 1
    ladder.save()
    user = person(Level.CONTRIBUTOR)
    Profile.objects.filter(user=user).update(approved_count=1)

    profile = level_recompute(user=user, reason="Clip approved")

    assert profile.level == Level.TRUSTED


def test_a_demotion_by_hand_is_not_undone_by_activity():
    user = person(Level.TRUSTED)
    Profile.objects.filter(user=user).update(approved_count=3, ratings_count=9)
    level_set(user=user, level=Level.CONTRIBUTOR, reason="Misused reviews", changed_by=person())

    assert level_recompute(user=user, reason="Rated a clip").level == Level.CONTRIBUTOR
    assert "Peer reviewers" not in groups_of(user)


def test_the_next_step_says_what_the_next_level_takes():
    ladder = LadderSettings.load()
    learner = profile_get(person(Level.LEARNER))
    learner.ratings_count = 4
    contributor = profile_get(person(Level.CONTRIBUTOR))
    contributor.approved_count = 1

    assert next_step(learner, ladder) == "Rate 1 more clip to start contributing."
    assert next_step(contributor, ladder) == (
        "You can share clips now. Have 2 more clips approved to become a trusted contributor."
    )


# Changes by hand in the Wagtail admin ------------------------------------------------------


def test_an_editor_promotes_someone_with_a_reason_in_the_admin(client):
    editor = person(Level.EDITOR, is_staff=False)
    user = person(Level.CONTRIBUTOR, username="sam")
    client.force_login(editor)

    index = client.get(reverse("contributions_ladder:index"), {"q": "sam"})
    response = client.post(
        reverse("contributions_ladder:change", args=[user.pk]),
        {"level": Level.TRUSTED, "reason": "Reviews carefully"},
    )

    assert index.status_code == 200 and "sam" in index.content.decode()
    assert response.status_code == 302
    assert Profile.objects.get(user=user).level == Level.TRUSTED
    change = LevelChange.objects.filter(user=user).first()
    assert change.changed_by == editor and change.reason == "Reviews carefully"


def test_a_change_by_hand_needs_a_reason(client):
    editor = person(Level.EDITOR)
    user = person(Level.CONTRIBUTOR)
    client.force_login(editor)

    response = client.post(
        reverse("contributions_ladder:change", args=[user.pk]), {"level": Level.LEARNER}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Profile.objects.get(user=user).level == Level.CONTRIBUTOR


def test_only_an_administrator_grants_the_editor_level(client, admin_user):
    editor = person(Level.EDITOR)
    user = person(Level.TRUSTED)
    url = reverse("contributions_ladder:change", args=[user.pk])
    client.force_login(editor)

    refused = client.post(url, {"level": Level.EDITOR, "reason": "Please"})
    client.force_login(admin_user)
    granted = client.post(url, {"level": Level.EDITOR, "reason": "New editor"})

    assert "Only an administrator" in refused.content.decode()
    assert granted.status_code == 302
    assert Profile.objects.get(user=user).level == Level.EDITOR


def test_peer_reviewers_cannot_change_levels(client):
    reviewer = person(Level.TRUSTED)
    user = person(Level.CONTRIBUTOR)
    client.force_login(reviewer)

    response = client.post(
        reverse("contributions_ladder:change", args=[user.pk]),
        {"level": Level.TRUSTED, "reason": "Friend"},
    )

    assert_sent_to_admin_home(response)
    assert Profile.objects.get(user=user).level == Level.CONTRIBUTOR


def visible_breadcrumbs(html: str) -> str:
    """The text of the admin header's breadcrumb trail (Wagtail 8's visible page title)."""
    trail = html[html.index("<header") : html.index("</header>")]
    trail = trail[trail.index("<ol") : trail.index("</ol>")]
    return " ".join(re.sub(r"<[^>]+>", " ", trail).split())


def test_the_ladder_admin_pages_name_themselves_in_the_header(client):
    editor = person(Level.EDITOR)
    user = person(Level.CONTRIBUTOR, username="sam")
    client.force_login(editor)

    index = client.get(reverse("contributions_ladder:index")).content.decode()
    change = client.get(reverse("contributions_ladder:change", args=[user.pk])).content.decode()

    assert "Participation ladder" in visible_breadcrumbs(index)
    assert "Change level: sam" in visible_breadcrumbs(change)


def test_the_ladder_lists_people_by_the_name_the_site_shows_and_finds_them_by_it(client):
    editor = person(Level.EDITOR)
    user = person(Level.CONTRIBUTOR, username="sam")
    Profile.objects.filter(user=user).update(display_name="Sam Rivera")
    client.force_login(editor)

    found = client.get(reverse("contributions_ladder:index"), {"q": "Rivera"}).content.decode()
    everyone = client.get(reverse("contributions_ladder:index")).content.decode()

    assert "Sam Rivera (sam)" in found
    assert "Sam Rivera (sam)" in everyone
    # No display name: the full name from the account comes next.
    assert f"{editor.get_full_name()} ({editor.username})" in everyone
