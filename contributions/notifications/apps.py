from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "contributions.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import receivers  # noqa: F401 - stage changes, promotions, new clips
