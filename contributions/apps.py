from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = "Community"

    def ready(self):
        from . import signals  # noqa: F401 - connects the signup receiver
