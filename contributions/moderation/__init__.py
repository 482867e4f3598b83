"""Moderation: submissions, the review workflow, the review screen and queue, uploads."""
