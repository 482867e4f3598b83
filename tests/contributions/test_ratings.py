"""Rating clips: the contract's form, one row per person, exact counters, the weighted rank."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clips import restrictions
from clips.models import ClipOrigin, ClipPage, ClipStats
from clips.queries import bayesian_score, clip_cards, top_rated_clips
from contributions.activity.ratings import RatingError, rating_remove, rating_set
from contributions.models import LadderSettings, Level, LevelChange, Profile, Rating
from contributions.people.services import profile_get
from tests.concurrency import run_together
from tests.factories import UserFactory, clip_make, topic_make

JSON = {"HTTP_ACCEPT": "application/json"}


def rate_url(clip):
    return reverse("learning:rate", args=[clip.pk])


def stats_of(clip):
    return ClipStats.objects.get(pk=clip.pk)


# The service ----------------------------------------------------------------------------


def test_a_first_rating_makes_one_row_and_counts_it(clip):
    user = UserFactory()
    result = rating_set(user=user, clip=clip, score=4)

    assert (result.score, result.rating_count, result.rating_average) == (4, 1, 4.0)
    assert Rating.objects.get(user=user, clip=clip).score == 4
    stats = stats_of(clip)
    assert (stats.rating_count, stats.rating_sum) == (1, 4)
    assert stats.last_activity_at is not None
    assert Profile.objects.get(user=user).ratings_count == 1


def test_rating_again_changes_the_one_row_and_the_sum_not_the_count(clip):
    user = UserFactory()
    rating_set(user=user, clip=clip, score=2)
    result = rating_set(user=user, clip=clip, score=5)

    assert Rating.objects.filter(user=user, clip=clip).count() == 1
    assert Rating.objects.get(user=user, clip=clip).score == 5
    assert (result.rating_count, result.rating_sum) == (1, 5)
    assert Profile.objects.get(user=user).ratings_count == 1


def test_removing_a_rating_takes_it_out_of_the_counters(clip):
    keep, leave = UserFactory(), UserFactory()
    rating_set(user=keep, clip=clip, score=3)
    rating_set(user=leave, clip=clip, score=5)

    result = rating_remove(user=leave, clip=clip)

    assert result.removed and result.score is None
    assert (result.rating_count, result.rating_sum) == (1, 3)
    assert not Rating.objects.filter(user=leave).exists()
    assert Profile.objects.get(user=leave).ratings_count == 0
    again = rating_remove(user=leave, clip=clip)
    assert not again.removed and again.rating_count == 1


def test_the_statistics_row_is_created_when_a_clip_has_none(clip):
    ClipStats.objects.filter(pk=clip.pk).delete()
    rating_set(user=UserFactory(), clip=clip, score=3)
    assert (stats_of(clip).rating_count, stats_of(clip).rating_sum) == (1, 3)


@pytest.mark.parametrize("score", [0, 6, -1, 3.5, "4", None, True])
def test_the_service_refuses_anything_but_a_whole_score_from_1_to_5(clip, score):
    user = UserFactory()
    with pytest.raises(RatingError):
        rating_set(user=user, clip=clip, score=score)
    assert not Rating.objects.exists()
    assert stats_of(clip).rating_count == 0


def test_the_fifth_rated_clip_promotes_a_learner_to_contributor(topic):
    user = UserFactory()
    clips = [clip_make(topic) for _ in range(5)]
    for clip in clips[:4]:
        rating_set(user=user, clip=clip, score=4)
    # Changing a rating is not a new rated clip.
    rating_set(user=user, clip=clips[0], score=5)
    assert Profile.objects.get(user=user).level == Level.LEARNER

    rating_set(user=user, clip=clips[4], score=4)

    profile = Profile.objects.get(user=user)
    assert profile.level == Level.CONTRIBUTOR
    change = LevelChange.objects.get(user=user)
    assert (change.from_level, change.to_level, change.reason) == (
        Level.LEARNER,
        Level.CONTRIBUTOR,
        "Rated 5 clips",
    )
    assert user.groups.filter(name="Contributors").exists()


# The endpoint ---------------------------------------------------------------------------


def test_an_anonymous_rating_goes_to_sign_in_and_then_back_to_the_clip(client, clip):
    response = client.post(rate_url(clip), {"score": "4"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Rating.objects.exists()
    UserFactory(username="ann")
    login = client.post(
        response.url, {"login": "ann", "password": "learn-and-share", "next": clip.url}
    )
    assert login.status_code == 302
    assert login.url == clip.url


def test_an_anonymous_json_rating_answers_401_with_where_to_sign_in(client, clip):
    response = client.post(rate_url(clip), {"score": "4"}, **JSON)
    assert response.status_code == 401
    assert response.json()["login_url"].startswith("/accounts/login/?next=")


def test_a_plain_rating_post_redirects_back_to_the_clip_with_a_message(client, clip):
    user = UserFactory()
    client.force_login(user)

    response = client.post(rate_url(clip), {"score": "4"}, follow=True)

    assert response.redirect_chain == [(clip.url, 302)]
    assert "You rated “First day” 4 out of 5." in response.content.decode()
    assert Rating.objects.get(user=user, clip=clip).score == 4


def test_a_json_rating_answers_the_score_and_the_new_summary(client, clip):
    rating_set(user=UserFactory(), clip=clip, score=2)
    user = UserFactory()
    client.force_login(user)

    data = client.post(rate_url(clip), {"score": "5"}, **JSON).json()

    assert data["score"] == 5
    assert data["rating_count"] == 2
    assert data["rating_average"] == 3.5
    assert data["summary"] == "3.5 ★ from 2 ratings"
    assert data["ladder"]["message"] == (
        "You have rated 1 clip; rate 4 more clips to start contributing."
    )


def test_rating_twice_through_the_form_changes_one_row(client, clip):
    user = UserFactory()
    client.force_login(user)
    client.post(rate_url(clip), {"score": "1"})
    client.post(rate_url(clip), {"score": "4"})

    assert list(Rating.objects.values_list("score", flat=True)) == [4]
    assert (stats_of(clip).rating_count, stats_of(clip).rating_sum) == (1, 4)


NOT_A_SCORE = "A rating is a whole number from 1 to 5."
NO_SCORE = "Choose a rating from 1 to 5."
BAD_SCORES = {  # what is sent, and the one message that answers it
    "zero": ({"score": "0"}, NOT_A_SCORE),
    "six": ({"score": "6"}, NOT_A_SCORE),
    "words": ({"score": "abc"}, NOT_A_SCORE),
    "half": ({"score": "3.5"}, NOT_A_SCORE),
    "missing": ({}, NO_SCORE),
    "a list": ({"score": ["2", "5"]}, "Send one value, not a list."),
    "empty": ({"score": ""}, NO_SCORE),
}


@pytest.mark.parametrize(("data", "message"), BAD_SCORES.values(), ids=BAD_SCORES.keys())
@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
def test_a_bad_score_answers_400_with_a_message_and_changes_nothing(
    client, clip, data, message, as_json
):
    user = UserFactory()
    rating_set(user=user, clip=clip, score=3)
    client.force_login(user)

    response = client.post(rate_url(clip), data, **(JSON if as_json else {}))

    assert response.status_code == 400
    if as_json:
        assert response.json()["error"] == message
    else:
        body = response.content.decode()
        assert message in body
        assert clip.url in body
    assert Rating.objects.get(user=user, clip=clip).score == 3
    assert (stats_of(clip).rating_count, stats_of(clip).rating_sum) == (1, 3)


def test_rating_a_draft_or_missing_clip_is_404(client, topic):
    draft = clip_make(topic, publish=False)
    client.force_login(UserFactory())
    assert client.post(rate_url(draft), {"score": "4"}).status_code == 404
    assert client.post(reverse("learning:rate", args=[999999]), {"score": "4"}).status_code == 404
    assert not Rating.objects.exists()


def test_the_rating_endpoint_needs_the_csrf_token(clip):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(rate_url(clip), {"score": "4"}).status_code == 403
    assert not Rating.objects.exists()


def test_without_script_a_tokenless_rating_is_confirmed_on_a_small_page_then_saved(clip):
    """The cached clip page's form has no token: the POST is refused with the same form,
    the chosen score kept and a token in it; sending that form saves the rating."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    refused = client.post(rate_url(clip), {"score": "4"})
    assert refused.status_code == 403
    assert not Rating.objects.exists()
    body = refused.content.decode()
    assert "Please confirm" in body
    assert 'value="4" id="score-4" class="star-input" checked' in body
    token = refused.context["csrf_token"]
    saved = client.post(rate_url(clip), {"score": "4", "csrfmiddlewaretoken": str(token)})
    assert saved.status_code == 302 and saved["Location"] == clip.url
    assert Rating.objects.get().score == 4
    page = client.get(rate_url(clip))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'value="4" id="score-4" class="star-input" checked' in page.content.decode()


def test_the_csrf_cookie_value_sent_as_the_form_token_is_accepted(clip):
    """The contract: on cached pages the ``csrftoken`` cookie's value is the token."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    me = client.get(reverse("learning:me"), HTTP_ACCEPT="application/json").json()
    cookie = client.cookies["csrftoken"].value
    assert me["csrf_token"]
    response = client.post(rate_url(clip), {"score": "3", "csrfmiddlewaretoken": cookie})
    assert response.status_code == 302
    assert (
        client.post(
            rate_url(clip), {"score": "5"}, HTTP_X_CSRFTOKEN=cookie, HTTP_ACCEPT="application/json"
        ).json()["score"]
        == 5
    )


def test_removing_through_the_form_redirects_back(client, clip):
    user = UserFactory()
    rating_set(user=user, clip=clip, score=4)
    client.force_login(user)

    response = client.post(reverse("learning:rate_remove", args=[clip.pk]))

    assert response.status_code == 302 and response.url == clip.url
    assert not Rating.objects.exists()
    assert stats_of(clip).rating_count == 0


def _rating_post_queries(client, clip, score="4") -> int:
    """Statements the POST runs, leaving out the session's read: with Redis (as in production
    and the PostgreSQL CI stage) the session comes from the cache, with the database backend
    from a table; either way it is one lookup that does not depend on the rating."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(rate_url(clip), {"score": score}, **JSON)
    assert response.status_code == 200
    return sum("django_session" not in query["sql"] for query in queries)


# A first rating: the user and the clip; then, in a savepoint (the test's own
# transaction is around it) and its release, the rater's profile locked, their rating looked
# for, the new row, the profile's count, the ladder's thresholds and the clip's counters
# moved and read back in one UPDATE … RETURNING. Production has BEGIN/COMMIT instead.
FIRST_RATING_QUERIES = 2 + 2 + 6
# Changing it: the rating row updated instead of made, no profile count; the thresholds are
# read for the answer's ladder step.
CHANGED_RATING_QUERIES = 2 + 2 + 5


def test_a_rating_post_takes_the_same_few_queries_however_many_ratings_exist(client, topic):
    small = clip_make(topic)
    big = clip_make(topic)
    for n in range(30):
        rater = UserFactory()
        rating_set(user=rater, clip=big, score=1 + n % 5)
        rating_set(user=rater, clip=clip_make(topic), score=3)
    first, second = UserFactory(), UserFactory()
    # Profiles are made at sign-up, the ladder settings and the access policy's view
    # restrictions (clips/restrictions.py) read on first use and kept; not per rating.
    profile_get(first)
    profile_get(second)
    LadderSettings.load()
    restrictions.current()

    client.force_login(first)
    on_small = _rating_post_queries(client, small), _rating_post_queries(client, small, "2")
    client.force_login(second)
    on_big = _rating_post_queries(client, big), _rating_post_queries(client, big, "2")

    assert on_small == on_big == (FIRST_RATING_QUERIES, CHANGED_RATING_QUERIES)


def test_the_clip_page_shows_the_summary_and_invites_visitors_to_sign_in(client, clip):
    rating_set(user=UserFactory(), clip=clip, score=4)
    rating_set(user=UserFactory(), clip=clip, score=5)

    body = client.get(clip.url).content.decode()

    assert '<span id="rating-summary" aria-live="polite">4.5 ★ from 2 ratings</span>' in body
    assert f'href="/accounts/login/?next={clip.url}"' in body
    assert "Sign in to rate" in body
    for n in range(1, 6):
        assert f"Rate {n} out of 5" in body
    assert f'action="{rate_url(clip)}"' in body


def test_the_clip_page_is_the_same_for_everyone_signed_in(client, clip, settings):
    """Your score is not in the page (it is cacheable); it comes from /me/ after load."""
    settings.PAGE_CACHE_ENABLED = False  # both pages rendered, never one cached copy twice
    user = UserFactory()
    rating_set(user=user, clip=clip, score=5)
    anonymous = client.get(clip.url).content
    client.force_login(user)

    body = client.get(clip.url).content
    assert body == anonymous
    assert b"checked" not in body
    assert b"csrfmiddlewaretoken" not in body

    me = client.get(reverse("learning:me"), {"clip": clip.pk}, HTTP_ACCEPT="application/json")
    me = me.json()
    assert me["authenticated"] is True
    assert me["clip"]["score"] == 5
    assert me["ladder"]["message"] == (
        "You have rated 1 clip; rate 4 more clips to start contributing."
    )
    legacy = client.get(reverse("learning:me_clip", args=[clip.pk])).json()
    assert legacy["score"] == 5


def test_the_personal_endpoint_tells_visitors_they_are_anonymous(client, clip):
    response = client.get(reverse("learning:me_clip", args=[clip.pk]))
    assert response.json() == {"authenticated": False}
    assert "no-store" in response["Cache-Control"]


def _page_queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


def test_the_signed_in_clip_page_has_a_fixed_query_budget(client, topic, sample_video, settings):
    """A cache miss of the page (the same for everyone) plus its /me/ request."""
    settings.PAGE_CACHE_ENABLED = False
    user = UserFactory()
    client.force_login(user)
    quiet = clip_make(topic, sample_video, title="Quiet")
    busy = clip_make(topic, sample_video, title="Busy")
    for n in range(25):
        rater = UserFactory()
        rating_set(user=rater, clip=busy, score=1 + n % 5)
        clip_make(topic, title=f"Sibling {n}")
    rating_set(user=user, clip=busy, score=4)

    # Warm the site-root cache and the kept listings (related clips) the same way for both.
    client.get(quiet.url)
    client.get(busy.url)
    me = reverse("learning:me")
    on_quiet = _page_queries(client, quiet.url)
    on_quiet += _page_queries(client, f"{me}?clip={quiet.pk}", **JSON)
    on_busy = _page_queries(client, busy.url)
    on_busy += _page_queries(client, f"{me}?clip={busy.pk}", **JSON)

    assert on_busy == on_quiet
    print("signed-in clip page queries:", on_busy)
    # The page (caption tracks included) plus the one /me/ that carries every personal part.
    assert on_busy <= 28


# Concurrency ----------------------------------------------------------------------------


# Threads, each on its own connection, must see each other's commits.
@pytest.mark.django_db(transaction=True)
def test_twenty_people_rating_one_clip_at_once_give_an_exact_count_and_sum():
    clip = clip_make(topic_make("Busy topic"), title="Popular")
    users = [UserFactory() for _ in range(20)]
    scores = [1 + n % 5 for n in range(20)]
    jobs = [
        (lambda user=user, score=score: rating_set(user=user, clip=clip, score=score))
        for user, score in zip(users, scores, strict=True)
    ]

    errors = run_together(jobs)

    assert errors == []
    stats = stats_of(clip)
    assert (stats.rating_count, stats.rating_sum) == (20, sum(scores))
    assert Rating.objects.filter(clip=clip).count() == 20
    assert set(Profile.objects.values_list("ratings_count", flat=True)) == {1}


# Threads, each on its own connection, must see each other's commits.
@pytest.mark.django_db(transaction=True)
def test_one_person_double_submitting_gets_one_row_and_counts_once():
    clip = clip_make(topic_make("Busy topic"), title="Popular")
    user = UserFactory()
    jobs = [
        (lambda score=score: rating_set(user=user, clip=clip, score=score))
        for score in (2, 5, 2, 5, 2, 5)
    ]

    errors = run_together(jobs)

    assert errors == []
    ratings = list(Rating.objects.filter(clip=clip))
    assert len(ratings) == 1
    stats = stats_of(clip)
    assert (stats.rating_count, stats.rating_sum) == (1, ratings[0].score)
    assert Profile.objects.get(user=user).ratings_count == 1


# Top rated ------------------------------------------------------------------------------


def test_top_rated_puts_two_hundred_ratings_averaging_4_6_above_one_five_star(topic):
    lone = clip_make(topic, title="One five-star")
    crowd = clip_make(topic, title="Loved by many")
    middling = clip_make(topic, title="Middling")
    ClipStats.objects.filter(pk=lone.pk).update(rating_count=1, rating_sum=5)
    ClipStats.objects.filter(pk=crowd.pk).update(rating_count=200, rating_sum=920)
    ClipStats.objects.filter(pk=middling.pk).update(rating_count=10, rating_sum=40)

    ranked = top_rated_clips(3)
    scores = dict(clip_cards().annotate(score=bayesian_score()).values_list("title", "score"))

    assert [c.title for c in ranked] == ["Loved by many", "Middling", "One five-star"]
    # (5 × 3 + 920) / (5 + 200) and (5 × 3 + 5) / (5 + 1): the formula in clips/queries.py
    assert scores["Loved by many"] == pytest.approx(935 / 205)
    assert scores["One five-star"] == pytest.approx(20 / 6)
    assert scores["Middling"] == pytest.approx(55 / 15)


# Nobody rates their own clip -------------------------------------------------------------


def _community_clip(topic, contributor):
    clip = clip_make(topic, title="My own walkthrough", origin=ClipOrigin.COMMUNITY)
    ClipPage.objects.filter(pk=clip.pk).update(owner=contributor)
    clip.refresh_from_db()
    return clip


def test_the_presenter_or_contributor_of_a_clip_cannot_rate_it(topic):
    presenter, contributor = UserFactory(), UserFactory()
    presented = clip_make(topic, title="Presented", presenter=presenter)
    contributed = _community_clip(topic, contributor)

    for user, clip in ((presenter, presented), (contributor, contributed)):
        with pytest.raises(RatingError, match="You made this clip"):
            rating_set(user=user, clip=clip, score=5)
        assert not Rating.objects.filter(clip=clip).exists()
        assert (stats_of(clip).rating_count, stats_of(clip).rating_sum) == (0, 0)
        assert not Profile.objects.filter(user=user, ratings_count__gt=0).exists()


def test_an_editor_who_seeded_a_clip_may_still_rate_it(topic):
    editor = UserFactory()
    clip = clip_make(topic, title="Seeded")
    ClipPage.objects.filter(pk=clip.pk).update(owner=editor)  # seeded: owned, not contributed
    clip.refresh_from_db()
    assert rating_set(user=editor, clip=clip, score=4).score == 4


def test_rating_your_own_clip_through_the_form_is_refused_with_a_clear_message(client, topic):
    presenter = UserFactory()
    clip = clip_make(topic, title="Mine", presenter=presenter)
    client.force_login(presenter)

    answer = client.post(rate_url(clip), {"score": "5"}, **JSON)
    assert answer.status_code == 403
    assert answer.json()["error"].startswith("You made this clip, so you cannot rate it")

    response = client.post(rate_url(clip), {"score": "5"}, follow=True)
    assert response.redirect_chain == [(clip.url, 302)]
    assert "You made this clip, so you cannot rate it" in response.content.decode()
    assert not Rating.objects.exists()
    assert top_rated_clips(5)[0].statistics.rating_count == 0


def test_me_tells_the_people_who_made_a_clip_that_its_ratings_are_for_others(client, topic):
    """The page is the same for everyone (its "You made this clip" note starts hidden);
    /me/ tells rating.js to swap the form for it."""
    presenter, contributor, other = UserFactory(), UserFactory(), UserFactory()
    presented = clip_make(topic, title="Presented", presenter=presenter)
    contributed = _community_clip(topic, contributor)
    me = reverse("learning:me")

    for user, clip in ((presenter, presented), (contributor, contributed)):
        client.force_login(user)
        body = client.get(clip.url).content.decode()
        assert "data-rating-own hidden>You made this clip" in body
        assert client.get(me, {"clip": clip.pk}, **JSON).json()["clip"]["made_by_you"] is True
    client.force_login(other)
    assert client.get(me, {"clip": presented.pk}, **JSON).json()["clip"]["made_by_you"] is False


def test_ratings_makers_gave_their_own_clips_before_the_rule_are_taken_back(topic):
    import importlib

    from django.apps import apps

    presenter, contributor, other = UserFactory(), UserFactory(), UserFactory()
    presented = clip_make(topic, title="Presented", presenter=presenter)
    contributed = _community_clip(topic, contributor)
    rating_set(user=other, clip=presented, score=2)
    for user, clip in ((presenter, presented), (contributor, contributed)):
        Rating.objects.create(user=user, clip=clip, score=5)  # as the old code let them
        ClipStats.objects.filter(pk=clip.pk).update(
            rating_count=stats_of(clip).rating_count + 1, rating_sum=stats_of(clip).rating_sum + 5
        )
        profile_get(user)
        Profile.objects.filter(user=user).update(ratings_count=1)
    migration = importlib.import_module("contributions.migrations.0005_remove_makers_own_ratings")

    migration.remove_makers_own_ratings(apps, None)

    assert list(Rating.objects.values_list("user", flat=True)) == [other.pk]
    assert (stats_of(presented).rating_count, stats_of(presented).rating_sum) == (1, 2)
    assert (stats_of(contributed).rating_count, stats_of(contributed).rating_sum) == (0, 0)
    assert set(
        Profile.objects.filter(user__in=[presenter, contributor]).values_list(
            "ratings_count", flat=True
        )
    ) == {0}


def test_a_rating_drops_the_clip_pages_cached_copies_so_a_reload_shows_it(
    client, topic, sample_video
):
    clip = clip_make(topic, sample_video, title="Cached")
    client.get(clip.url)
    cached = client.get(clip.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "not rated" in cached.content.decode()
    rater = UserFactory()
    rater_client = client.__class__()
    rater_client.force_login(rater)
    answer = rater_client.post(reverse("learning:rate", args=[clip.pk]), {"score": 4}, **JSON)
    assert answer.status_code == 200
    again = client.get(clip.url)
    assert again["X-Page-Cache"] == "miss"
    assert "4.0 ★ from 1 rating" in again.content.decode()
