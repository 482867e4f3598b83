"""seed_hub: an idempotent demo hub with real videos, demo people and consistent activity."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from wagtail.models import Page

from clips.captions import parse_vtt
from clips.models import (
    ClipMedia,
    ClipOrigin,
    ClipPage,
    ClipStats,
    ProcessingState,
    RelatedClip,
    TopicPage,
)
from clips.video import probe
from contributions.models import ClipView, Level, Profile, Rating
from contributions.people.ladder import thresholds
from demo import activity
from demo.content import clip_plan, library
from demo.content.pack import pack_read
from demo.history import members
from demo.people import PASSWORD
from tests.factories import topic_make

pytestmark = pytest.mark.django_db

FAST = ("--video-seconds", "1", "--workers", "1", "-v", "0")


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_hub", *FAST, *args, stdout=out)
    return out.getvalue()


def counts(list_private_files) -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "topics": TopicPage.objects.count(),
        "clips": ClipPage.objects.count(),
        "media": ClipMedia.objects.count(),
        "users": get_user_model().objects.count(),
        "ratings": Rating.objects.count(),
        "views": ClipView.objects.count(),
        "stats": ClipStats.objects.count(),
        "tags": ClipPage.tags.through.objects.count(),
        "related": RelatedClip.objects.count(),
        "files": len(list_private_files()),
    }


def test_seeding_twice_gives_the_same_counts(list_private_files):
    seed("--clips", "4")
    first = counts(list_private_files)
    output = seed("--clips", "4")
    assert counts(list_private_files) == first
    assert "0 new clips (4 already there)" in output
    assert first["clips"] == 4 + 2  # four seeded clips and two demo submissions
    assert first["topics"] == len(pack_read())  # one per file of the starter pack
    waiting = ClipPage.objects.filter(owner__username="contributor", live=False)
    assert [page.origin for page in waiting] == [ClipOrigin.COMMUNITY]


def test_if_empty_seeds_a_fresh_hub_and_then_only_prints_the_accounts(list_private_files):
    seed("--clips", "2", "--if-empty")
    assert ClipPage.objects.filter(origin=ClipOrigin.SEEDED).count() == 2
    before = counts(list_private_files)
    output = seed("--clips", "6", "--if-empty")
    assert counts(list_private_files) == before
    assert "nothing seeded" in output
    assert re.search(r"^editor\s+Editor\s+learn-and-share$", output, re.MULTILINE)


def test_demo_accounts_exist_at_their_levels_with_their_groups(client):
    output = seed("--clips", "6")
    User = get_user_model()
    expected = {
        "learner": (Level.LEARNER, set()),
        "contributor": (Level.CONTRIBUTOR, {"Contributors"}),
        "trusted": (Level.TRUSTED, {"Contributors", "Peer reviewers"}),
        "editor": (Level.EDITOR, {"Contributors", "Peer reviewers", "Editors"}),
    }
    for username, (level, groups) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD)
        assert user.profile.level == level
        assert set(user.groups.values_list("name", flat=True)) == groups
        assert re.search(rf"^{username}\s+{level.label}\s+{PASSWORD}$", output, re.MULTILINE)
        assert user.level_changes.exists() == (level != Level.LEARNER)
    learner = Profile.objects.get(user__username="learner")
    assert 0 < learner.ratings_count < thresholds().ratings_to_contribute
    assert User.objects.count() == 16 + len(members())  # and the community's year

    for username, status in (("editor", 200), ("trusted", 200), ("learner", 302)):
        client.force_login(User.objects.get(username=username))
        assert client.get("/admin/").status_code == status


def test_every_seeded_clip_has_a_ready_video_with_poster_and_transcript():
    seed("--clips", "12", "--no-demo-users")
    clips = ClipPage.objects.live().select_related("video").prefetch_related("tags")
    assert clips.count() == 12
    for clip in clips:
        media = clip.video
        assert media.processing_state == ProcessingState.READY
        assert media.thumbnail and media.thumbnail.storage.exists(media.thumbnail.name)
        info = probe(media.file.path)
        assert info.is_web_safe and (info.width, info.height) == (320, 180)
        assert 0.9 <= info.duration <= 1.2
        default = clip.caption_tracks.get(is_default=True)
        cues = parse_vtt(default.vtt)
        assert clip.transcript == "\n".join(cue.text for cue in cues)
        assert len(cues) >= 5 and len(clip.transcript.split()) >= 40
        assert all(cue.end <= 1.0 for cue in cues)
        assert clip.summary and list(clip.tags.all())
        assert clip.presenter_name
    hashes = set(clips.values_list("video__source_sha256", flat=True))
    assert len(hashes) == 12  # a distinct video for every written clip
    first_week = clips.get(slug="your-first-week-day-by-day")
    assert set(first_week.tags.names()) == {"first week", "new starters", "planning"}
    # Twelve clips dealt round ten topics: the first two topics hold two, related to each other.
    pairs = set(RelatedClip.objects.values_list("page", "clip"))
    assert len(pairs) == 4 and all((b, a) in pairs for a, b in pairs)


def test_statistics_agree_with_the_rating_and_view_rows():
    seed("--clips", "6")
    ratings = {
        row["clip"]: row
        for row in Rating.objects.values("clip").annotate(n=Count("pk"), total=Sum("score"))
    }
    views = dict(ClipView.objects.values_list("clip").annotate(n=Count("pk")))
    assert ratings and views
    for stats in ClipStats.objects.all():
        rated = ratings.get(stats.clip_id, {"n": 0, "total": None})
        assert stats.rating_count == rated["n"]
        assert stats.rating_sum == (rated["total"] or 0)
        assert stats.view_count == views.get(stats.clip_id, 0)
        latest = [
            *Rating.objects.filter(clip_id=stats.clip_id).values_list("updated_at", flat=True),
            *ClipView.objects.filter(clip_id=stats.clip_id).values_list("created_at", flat=True),
        ]
        assert stats.last_activity_at == (max(latest) if latest else None)
    for profile in Profile.objects.all():
        assert profile.ratings_count == Rating.objects.filter(user=profile.user).count()


def test_a_hub_grown_past_the_written_clips_shares_one_reel_per_topic():
    seed("--clips", "3")
    seed("--clips", "43", "--video-seconds", "0.5")
    assert (
        ClipPage.objects.filter(origin__in=[ClipOrigin.SEEDED, ClipOrigin.COMMUNITY]).live().count()
        == 43
    )
    reels = ClipMedia.objects.filter(title__endswith="— Hubbub reel")
    assert set(reels.values_list("title", flat=True)) == {
        f"{t.title} — Hubbub reel" for t in library()[:3]
    }
    assert ClipPage.objects.filter(video__in=reels).count() == 3
    assert ClipMedia.objects.count() == 40 + 3 + 2  # written clips, reels, the submissions

    # The members' own clips are live community clips, and they count for the ladder.
    trusted = Profile.objects.get(user__username="trusted")
    owned = ClipPage.objects.live().filter(origin=ClipOrigin.COMMUNITY, owner=trusted.user)
    assert trusted.approved_count == owned.count() == thresholds().approvals_to_trusted
    assert ClipPage.objects.live().filter(featured=True).count() >= 4


def test_no_demo_users_creates_no_people_and_no_activity():
    output = seed("--clips", "4", "--no-demo-users")
    assert get_user_model().objects.count() == 0
    assert not Rating.objects.exists() and not ClipView.objects.exists()
    assert ClipPage.objects.live().count() == 4
    assert ClipStats.objects.filter(view_count=0, rating_count=0).count() == 4
    assert "learn-and-share" not in output


def test_seeded_pages_render_are_searchable_and_editable_in_the_admin(client):
    seed("--clips", "4")
    assert Page.find_problems() == ([], [], [], [], [])
    clip = ClipPage.objects.live().get(slug="your-first-week-day-by-day")
    assert client.get("/").status_code == 200
    assert client.get(clip.get_parent().url).status_code == 200
    page = client.get(clip.url)
    assert page.status_code == 200
    assert b"By midweek, ask your manager" in page.content
    assert list(ClipPage.objects.live().search("midweek")) == [clip]

    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    assert client.get(f"/admin/pages/{clip.pk}/edit/").status_code == 200
    clip.title = "Your first week, hour by hour"
    clip.save_revision(user=editor).publish(user=editor)
    assert client.get(clip.url).status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_failed_seed_leaves_no_rows_or_files_behind(monkeypatch, list_private_files):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(activity, "activity_for", broken)
    with pytest.raises(RuntimeError):
        seed("--clips", "3")
    assert not ClipMedia.objects.exists()
    assert not TopicPage.objects.exists()
    assert list_private_files() == []


def test_bad_options_are_reported_clearly():
    with pytest.raises(CommandError, match="cannot be negative"):
        seed("--clips", "-1")
    with pytest.raises(CommandError, match="between 0.5 and 60 seconds"):
        seed("--video-seconds", "0")


def test_the_clip_plan_is_stable_and_unique_at_ten_thousand():
    plans = clip_plan(10_000)
    assert plans == clip_plan(10_000)
    assert len({(p.topic_number, p.slug) for p in plans}) == 10_000
    written = [p for p in plans if p.written]
    assert len(written) == 40
    assert len({p.colour for p in written}) == len({p.tone_hz for p in written}) == 40
    assert all(len(p.lines) >= 5 for p in plans[:200])


def test_topic_pages_already_there_are_kept(list_private_files):
    topic = topic_make("Onboarding")
    seed("--clips", "1", "--no-demo-users")
    assert TopicPage.objects.filter(slug="onboarding").get().pk == topic.pk
    assert ClipPage.objects.child_of(topic).count() == 1
