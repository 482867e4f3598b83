"""Records of moderation beside the workflow: credits for published contributions and the
one-time tokens of upload forms."""

from django.conf import settings
from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class ContributionCredit(models.Model):
    """A contribution counted towards its contributor's approved clips: once per clip.

    Written on the clip's first publication, whichever way it was published (the last
    moderation stage, or an editor's publish); the unique clip makes crediting idempotent.
    """

    clip = models.OneToOneField(
        "clips.ClipPage", on_delete=models.CASCADE, related_name="contribution_credit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Clip {self.clip_id} credited to {self.user_id}"


class UploadToken(models.Model):
    """The one-time token of an upload form: a repeated post (a double click) finds the
    submission the first one made instead of making another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_tokens"
    )
    token = models.UUIDField()
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]

    def __str__(self):
        return f"Upload {self.token} by {self.user_id}"


DEFAULT_REVIEW_CHECKLIST = "Accurate\nAppropriate for everyone\nCaptions readable"


@register_setting(icon="tasks")
class ReviewSettings(BaseGenericSetting):
    """What reviewers check before they approve, editable by editors."""

    checklist = models.TextField(
        default=DEFAULT_REVIEW_CHECKLIST,
        blank=True,
        help_text="One point per line; reviewers see them on the review screen.",
    )

    class Meta:
        verbose_name = "review checklist"

    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]
