"""Choices that code outside the models needs too (the four-eyes rules ask a clip's origin),
kept apart so that reading them never imports the page models."""

from django.db import models


class ClipOrigin(models.TextChoices):
    SEEDED = "seeded", "Seeded by editors"
    COMMUNITY = "community", "Contributed by the community"
