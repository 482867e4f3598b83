"""The dashboard's rules at their boundaries: medians, percentiles, funnel, stages, trends."""

import datetime

import pytest
from django.utils import timezone

from contributions.maturity import queries, stages
from contributions.maturity.models import PersonMilestones
from contributions.maturity.stats import percentile, rank_slice
from tests.factories import UserFactory

HOUR = datetime.timedelta(hours=1)


# Medians and percentiles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([7], 0.5, 7),
        ([3, 1, 2], 0.5, 2),
        ([4, 1, 3, 2], 0.5, 2.5),  # even: the mean of the two middle values
        (list(range(1, 11)), 0.9, 9),  # nearest rank: the 9th of 10
        (list(range(1, 12)), 0.9, 10),  # ceil(9.9) = 10th of 11
        ([5], 0.9, 5),
        ([], 0.5, None),
    ],
)
def test_median_and_90th_percentile(values, q, expected):
    assert percentile(values, q) == expected


def test_percentiles_of_durations_stay_durations():
    assert percentile([HOUR, 3 * HOUR], 0.5) == 2 * HOUR


def test_a_statistic_of_nothing_has_no_rank():
    with pytest.raises(ValueError):
        rank_slice(0, 0.5)


# The funnel ---------------------------------------------------------------------------------


@pytest.fixture
def period():
    end = timezone.now().replace(microsecond=0)
    return end - datetime.timedelta(days=30), end


def joined_with(when, **steps):
    user = UserFactory()
    return PersonMilestones.objects.create(user=user, joined_at=when, **steps)


@pytest.mark.django_db
def test_the_funnel_counts_who_joined_from_the_start_up_to_but_not_including_the_end(period):
    start, end = period
    joined_with(start)  # on the first moment: in
    joined_with(end - datetime.timedelta(seconds=1))  # the last second: in
    joined_with(end)  # the end belongs to the next period
    joined_with(start - datetime.timedelta(seconds=1))

    steps = queries.funnel(start, end)

    assert steps[0].people == 2
    assert steps[0].share_of_joined == 100.0
    assert steps[0].median_days is None  # nothing comes before signing up


@pytest.mark.django_db
def test_a_step_counts_only_people_who_reached_every_step_before_it(period):
    start, end = period
    day = start + datetime.timedelta(days=1)
    joined_with(day, watched_at=day + HOUR, rated_at=day + 3 * HOUR)
    joined_with(day, watched_at=day + 2 * HOUR)
    joined_with(day, rated_at=day + HOUR)  # rated without a counted view: stops at step one
    joined_with(day)

    steps = {step.label: step for step in queries.funnel(start, end)}

    watched, rated = steps["Watched a clip"], steps["Rated a clip"]
    assert (watched.people, watched.share_of_joined, watched.share_of_previous) == (2, 50.0, 50.0)
    assert (rated.people, rated.share_of_joined, rated.share_of_previous) == (1, 25.0, 50.0)
    # Watching came 1 h and 2 h after joining: the median of two is their mean, 1.5 h.
    assert watched.median_days == round(1.5 / 24, 1)
    assert rated.median_days == round(2 / 24, 1)
    assert steps["Became a trusted contributor"].people == 0
    assert steps["Became a trusted contributor"].median_days is None


@pytest.mark.django_db
def test_the_funnel_median_days_between_steps(period):
    start, end = period
    day = start + datetime.timedelta(days=1)
    for days in (1, 2, 10):
        joined_with(day, watched_at=day + datetime.timedelta(days=days))

    watched = queries.funnel(start, end)[1]

    assert watched.median_days == 2.0


@pytest.mark.django_db
def test_an_empty_period_has_no_shares(period):
    steps = queries.funnel(*period)

    assert [s.people for s in steps] == [0] * len(queries.FUNNEL_STEPS)
    assert all(s.share_of_joined is None for s in steps)


# Maturity stages ----------------------------------------------------------------------------


def figures(rated, submitted, views):
    return stages.Figures(rated_share=rated, submitted_share=submitted, view_share=views)


@pytest.mark.parametrize(
    ("rated", "submitted", "views", "stage"),
    [
        (None, None, None, "Seeded library"),
        (24.9, 50, 90, "Seeded library"),  # no rating culture: nothing later counts
        (25, 0, 0, "Rating culture"),
        (25, 4.9, 60, "Rating culture"),
        (25, 5, 14.9, "Rating culture"),
        (25, 5, 15, "Contributing community"),
        (25, 5, 49.9, "Contributing community"),
        (25, 5, 50, "Self-sustaining"),
    ],
)
def test_the_stage_is_the_highest_whose_thresholds_and_all_before_it_are_met(
    rated, submitted, views, stage
):
    assert stages.stage_for(figures(rated, submitted, views)).stage.name == stage


def test_the_reason_names_the_figures_and_what_the_next_stage_needs():
    verdict = stages.stage_for(figures(40, 6, 12.5))

    assert verdict.number == 2
    assert verdict.reason == (
        "40 % of people have rated a clip; next, “Contributing community” when "
        "15 % of views in the last 30 days go to community clips (now 12.5 %)."
    )


def test_the_last_stage_says_why_it_holds():
    verdict = stages.stage_for(figures(60, 10, 55))

    assert verdict.next_stage is None
    assert verdict.reason == (
        "10 % of people have submitted a clip; "
        "55 % of views in the last 30 days go to community clips."
    )


# Trends -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "better", "flagged"),
    [
        ([28.6, 23.8, 16.7, 14.6], "up", True),  # the falling community share
        ([30, 28.6, 23.8, 16.7, 14.6], "up", True),
        ([23.8, 16.7, 14.6], "up", False),  # two moves are not three
        ([28.6, 23.8, 23.8, 14.6], "up", False),  # a flat month breaks the run
        ([28.6, 23.8, None, 14.6], "up", False),
        ([10, 28.6, 23.8, 30], "up", False),
        ([1, 2, 3, 4], "down", True),  # a queue growing three months running
        ([1, 2, 3, 4], "up", False),
    ],
)
def test_a_trend_is_flagged_after_three_moves_the_wrong_way(values, better, flagged):
    assert stages.wrong_way(values, better=better) is flagged
