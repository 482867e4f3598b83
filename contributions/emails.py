"""Emails about submissions.

Wagtail already emails the people a moderation step concerns: the reviewers when a stage
starts (``task_state_submitted``) and whoever submitted when the workflow is approved or
changes are requested (``workflow_state_approved`` / ``workflow_state_rejected``). We reuse
those notifications, with our own wording in ``templates/wagtailadmin/notifications/``
(contributors get a link to /contribute/, not to an admin they cannot open), and only add
what Wagtail has no notification for: a video that could not be processed.

The HTML parts are autoescaped, so a title carrying markup arrives as text. The plain-text
parts and subjects are rendered with autoescape off (plain text cannot run markup, and
escaping it would print "Don&#x27;t"); Wagtail's notification base.txt is ours for that.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def email_send(*, to, template: str, context: dict) -> bool:
    """Plain text and HTML from ``<template>.txt``/``.html`` and ``_subject.txt``; False if it
    could not go (no address, inactive, or the mail server refused), logged."""
    if not to.email or not to.is_active:
        return False
    context = {
        **context,
        "user": to,
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context).strip()
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError:
        logger.exception("Could not send %s to user %s", template, to.pk)
        return False
    return True


def processing_failed(*, page) -> bool:
    """Tell the contributor their video could not be processed and how to replace it."""
    if page.owner is None:
        return False
    return email_send(
        to=page.owner,
        template="contributions/emails/processing_failed",
        context={
            "page": page,
            "error": page.video.processing_error if page.video_id else "",
            "edit_path": reverse("contribute:edit", args=[page.pk]),
        },
    )


def clip_published(*, page) -> bool:
    """Tell the contributor their clip is live (when an editor published it directly)."""
    if page.owner is None:
        return False
    return email_send(
        to=page.owner,
        template="contributions/emails/clip_published",
        context={"page": page, "dashboard_path": reverse("contribute:dashboard")},
    )
