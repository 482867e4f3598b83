"""Admin integration for the community: the ladder by hand, reviewers' way back, the review
panel. (The community dashboard's are in ``maturity/wagtail_hooks.py``.)"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page
from wagtail.permissions import policy_registry

from clips import four_eyes

from .moderation import review_panel
from .people import ladder_admin


@hooks.register("register_admin_viewset")
def register_ladder_viewset():
    return ladder_admin.LadderViewSet()


@hooks.register("construct_homepage_panels")
def review_queue_in_fixed_queries(request, panels):
    """Wagtail's "Awaiting your review" panel, rendered from rows read in bulk."""
    panels[:] = [
        review_panel.ReviewQueuePanel() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
    ]


@hooks.register("after_edit_page")
def reviewers_return_to_their_dashboard(request, page):
    """Peer reviewers reach a page only through its workflow task, not the page explorer.

    Wagtail sends an editor back to the page's parent in the explorer after an action;
    for a reviewer without page permissions that would be "no permission". Their review
    queue is on the dashboard, so send them there instead.
    """
    if policy_registry.get_by_type(Page).explorable_root_instance(request.user) is None:
        return redirect("wagtailadmin_home")
    return None


# Cancelling moderation: the contributor and editors only ---------------------------------
# Wagtail lets anyone who may approve the current stage cancel the whole workflow; for a
# community submission a reviewer's "no" is "request changes", which the contributor sees.
# Hooks are the public way in: the edit view runs before_edit_page before any action.

CANCEL_ACTIONS = ("action-cancel-workflow", "action-restart-workflow")


def _cancel_refused(request, page) -> bool:
    state = page.current_workflow_state
    return state is not None and not four_eyes.may_cancel_moderation(state, request.user)


@hooks.register("before_edit_page")
def only_contributors_and_editors_cancel_moderation(request, page):
    if request.method != "POST" or not any(request.POST.get(a) for a in CANCEL_ACTIONS):
        return None
    if not _cancel_refused(request, page):
        return None
    messages.error(
        request,
        "Only the contributor or an editor can cancel this moderation; "
        "use “Request changes” to send it back.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("construct_page_action_menu")
def hide_cancel_from_reviewers(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and _cancel_refused(request, page):
        menu_items[:] = [item for item in menu_items if item.name not in CANCEL_ACTIONS]
