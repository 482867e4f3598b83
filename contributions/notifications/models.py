"""What the site tells a person, and how each person wants to hear it, kind by kind."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    REPLY = "reply", "Replies to your comments"
    ANSWER = "answer", "Answers to your questions"
    QUESTION = "question", "Questions on your clips or in topics you know"
    SUBMISSION = "submission", "Your submissions moving through moderation"
    PROMOTION = "promotion", "Your promotions on the ladder"
    NEW_CLIP = "new_clip", "New clips from people and topics you follow"


class Delivery(models.TextChoices):
    SITE = "site", "On the site only"
    IMMEDIATE = "email", "E-mail at once"
    DIGEST = "digest", "Daily e-mail digest"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Plain text, escaped wherever it is shown; names and titles in it are people's input.
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "clips.TopicPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.SITE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """One person's choice for one kind; without a row the kind stays on the site only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.SITE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} → {self.delivery}"
