from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "contributions.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from . import receivers  # noqa: F401 - links answers given with a clip when it is published
