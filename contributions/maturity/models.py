"""What the roll-up keeps: one row of figures per day, and one row of milestones per person.

Both are derived data, rewritten whole by ``rollup.py`` from the rows they summarise, so
running the roll-up again for the same day gives the same row.
"""

from django.conf import settings
from django.db import models


class DailySnapshot(models.Model):
    """The community's figures for one day (local time), written by ``rollup.day_rollup``.

    Stock figures (people at each level, published clips, people who ever rated) are as at
    the end of the day; flow figures (views, ratings, events) are what happened that day.
    """

    day = models.DateField(unique=True)
    # The ladder at the end of the day, and who climbed it that day.
    people = models.PositiveIntegerField(default=0)
    learners = models.PositiveIntegerField(default=0)
    contributors = models.PositiveIntegerField(default=0)
    trusted = models.PositiveIntegerField(default=0)
    editors = models.PositiveIntegerField(default=0)
    new_people = models.PositiveIntegerField(default=0)
    new_contributors = models.PositiveIntegerField(default=0)
    new_trusted = models.PositiveIntegerField(default=0)
    # How far people have come, ever, by the end of the day (the maturity model reads these).
    people_rated = models.PositiveIntegerField(default=0)
    people_submitted = models.PositiveIntegerField(default=0)
    # People to content.
    views = models.PositiveIntegerField(default=0)
    views_community = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_community = models.PositiveIntegerField(default=0)
    # Distinct viewers from the Monday of this week up to this day: the last day of a week
    # holds the week's distinct viewers, which daily counts could not add up to.
    viewers_week = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    searches = models.PositiveIntegerField(default=0)
    # People to people.
    follows = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    peer_reviews = models.PositiveIntegerField(default=0)
    profile_visits = models.PositiveIntegerField(default=0)
    # Content and moderation.
    clips_seeded = models.PositiveIntegerField(default=0)
    clips_community = models.PositiveIntegerField(default=0)
    submissions = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"Community on {self.day:%Y-%m-%d}"


class PersonMilestones(models.Model):
    """When one person first reached each step of the funnel (null: not yet).

    The funnel for any joining period is then one aggregate over these rows, never a walk
    through a million ratings.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    joined_at = models.DateTimeField(db_index=True)
    watched_at = models.DateTimeField(null=True)
    rated_at = models.DateTimeField(null=True)
    contributor_at = models.DateTimeField(null=True)
    submitted_at = models.DateTimeField(null=True)
    approved_at = models.DateTimeField(null=True)
    trusted_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name_plural = "person milestones"

    def __str__(self):
        return f"Milestones of {self.user_id}"
