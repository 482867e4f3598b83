from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "contributions.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from contributions.me import register_page_part

        from . import receivers  # noqa: F401 - links answers given with a clip when it is published
        from .services import me_part

        # Your actions in a clip's discussion, in the one /me/?clip=<id> answer (discussion.js).
        register_page_part("clip", "discussion", me_part)
