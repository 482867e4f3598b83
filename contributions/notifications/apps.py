from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "contributions.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from contributions.me import register_account_part

        from . import receivers  # noqa: F401 - stage changes, promotions, new clips
        from .queries import unread_count

        # The bell's count, in the one /me/ answer (bell.js reads it).
        register_account_part("notifications", lambda user: {"unread": unread_count(user)})
