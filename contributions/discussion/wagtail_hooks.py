"""The discussion in other apps' pages, the upload that answers a question, and the admin."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from clips.access import is_editor
from contributions.maturity.queries import GAP_ROWS, GAPS_HOOK
from contributions.maturity.tables import Table

from . import admin_views, queries, sections, services
from .models import Comment, TopicExpert


@hooks.register("hubbub_clip_page_sections")
def clip_discussion(request, clip):
    return sections.clip_page(request, clip)


@hooks.register("hubbub_topic_page_sections")
def topic_questions(request, topic):
    return sections.topic_page(request, topic)


@hooks.register("hubbub_profile_sections")
def profile_answers(request, person):
    return sections.profile_page(request, person)


@hooks.register("hubbub_contribute_sections")
def clips_wanted(request, user):
    return sections.contribute_page(request, user)


@hooks.register("hubbub_after_submission_create")
def answer_with_upload(request, page):
    """An upload started from "record a clip that answers it" answers that question; the
    answer appears when the clip is published (it goes through moderation like any other)."""
    raw = request.GET.get("answers", "")
    if not raw.isdigit():
        return
    question = Comment.objects.filter(pk=int(raw)).select_related("clip", "topic").first()
    if question is None or not question.is_question:
        return
    if question.replies.filter(answer_clip=page).exists():
        return  # the same upload posted twice (its token found the first submission)
    try:
        services.answer_with_clip(user=request.user, question=question, clip=page)
    except services.DiscussionError:
        return


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_admin_urls")
def register_discussion_admin_urls():
    urls = [
        path("flags/", admin_views.FlagQueueView.as_view(), name="flags"),
        path(
            "flags/<str:kind>/<int:object_id>/",
            admin_views.FlagDecideView.as_view(),
            name="decide",
        ),
        path("clips-wanted/", admin_views.ClipsWantedView.as_view(), name="clips_wanted"),
    ]
    return [path("discussion/", include((urls, admin_views.URL_NAMESPACE)))]


@hooks.register("register_admin_menu_item")
def register_flags_menu_item():
    return EditorMenuItem(
        "Flags", reverse(f"{admin_views.URL_NAMESPACE}:flags"), icon_name="warning", order=860
    )


@hooks.register("register_reports_menu_item")
def register_clips_wanted_report():
    return EditorMenuItem(
        "Clips wanted",
        reverse(f"{admin_views.URL_NAMESPACE}:clips_wanted"),
        icon_name="help",
        order=710,
    )


class TopicExpertViewSet(ModelViewSet):
    """Editors name the people who know a topic; its page lists them, its questions reach them."""

    model = TopicExpert
    form_fields = ["topic", "user"]
    list_display = ["user", "topic", "created_at"]
    list_filter = ["topic"]
    icon = "user"
    menu_label = "Topic experts"
    add_to_admin_menu = True
    menu_order = 870
    name = "topic_experts"


@hooks.register("register_admin_viewset")
def register_topic_experts():
    return TopicExpertViewSet()


@hooks.register("hubbub_contribute_new_sections")
def upload_answers_question(request, _request):
    return sections.upload_notice(request)


# The community dashboard's "gaps to act on": what people asked that nobody answered yet.


def _where(comment) -> str:
    return comment.clip.title if comment.clip_id else comment.topic.title


@hooks.register(GAPS_HOOK)
def open_questions_gap() -> Table:
    table = Table(
        key="gaps-questions",
        caption="Questions nobody has answered yet, oldest first",
        columns=["Question (answer it)", "Asked on", "Asked", "Votes"],
        empty="No question waits for an answer.",
    )
    for question in queries.open_questions(limit=GAP_ROWS):
        table.rows.append(
            [question.body[:120], _where(question), question.created_at, question.vote_count]
        )
        table.links.append(reverse("discussion:thread", args=[question.pk]))
    return table


@hooks.register(GAPS_HOOK)
def clips_wanted_gap() -> Table:
    table = Table(
        key="gaps-wanted",
        caption="Clips people asked for (open questions enough people upvoted)",
        columns=["Question (answer it with a clip)", "Asked on", "Votes"],
        empty="Nobody has asked for a clip yet.",
    )
    for question in queries.clips_wanted(limit=GAP_ROWS):
        table.rows.append([question.body[:120], _where(question), question.vote_count])
        table.links.append(reverse("discussion:thread", args=[question.pk]))
    return table
