"""The review screen: the queue of submissions a reviewer may act on, and one submission.

A site page, not the page editor: the clip as learners will see it, what the contributor sent,
the history of the stages with every comment, the editors' checklist, and two decisions.
The decision goes through ``services.review_act`` (Wagtail's workflow actions); the
reviewer then lands on the next submission waiting for them. A submission this person may
not act on answers 404, so ids do not leak.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clips.models import TopicPage

from ..forms import ReviewForm
from ..models import ReviewSettings
from ..review_queue import (
    may_review,
    next_in_queue,
    review_count,
    review_item,
    review_queue,
    review_stages,
)
from ..services import ReviewError, review_act


@never_cache
@login_required
@require_GET
def queue(request):
    """Oldest first, with how long each has waited; filter by topic and by stage."""
    topics = list(TopicPage.objects.live().order_by("title").only("pk", "title", "slug"))
    topic = next((t for t in topics if t.slug == request.GET.get("topic")), None)
    stages = review_stages()
    stage = request.GET.get("stage", "")
    stage = stage if stage in stages else ""
    items = review_queue(request.user, topic=topic, stage=stage)
    return render(
        request,
        "contributions/review_queue.html",
        {
            "items": items,
            "topics": topics,
            "topic": topic,
            "stages": stages,
            "stage": stage,
            "filtered": bool(topic or stage),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def detail(request, page_id: int):
    item = review_item(request.user, page_id)
    if item is None:
        raise Http404("Nothing to review here.")
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                outcome = review_act(
                    user=request.user,
                    page=item.page,
                    action=form.cleaned_data["action"],
                    comment=form.cleaned_data["comment"],
                )
            except ReviewError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, outcome.message)
                following = next_in_queue(request.user, after_page_id=page_id)
                if following is None:
                    messages.info(request, "Nothing else is waiting for your review.")
                    return redirect("contribute:review_queue")
                return redirect("contribute:review", page_id=following.pk)
        status = 400
    return render(
        request,
        "contributions/review_detail.html",
        {
            "item": item,
            "clip": item.page,
            "form": form,
            "checklist": ReviewSettings.load(request_or_site=request).checklist_items(),
        },
        status=status,
    )


@never_cache
@require_GET
def me_reviews(request):
    """For the header's "Review (N)" link, filled in by script so public pages stay shared."""
    count = review_count(request.user)
    response = JsonResponse(
        {
            "may_review": count > 0 or may_review(request.user),
            "count": count,
            "url": reverse("contribute:review_queue"),
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response
