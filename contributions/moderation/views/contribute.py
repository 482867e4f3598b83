"""/contribute/: where I stand, the upload form, resubmitting and withdrawing.

Views are thin: a form parses the request, a service in ``moderation/services.py`` does the
work. Someone else's submission answers 404 (never 403), so ids do not leak.

The upload views read the request body only after ``LimitedUploadHandler`` is installed, so
they are ``csrf_exempt`` on the outside and ``csrf_protect`` inside (CsrfViewMiddleware
would otherwise read the body first, through Django's default, unlimited handlers).
"""

from contextlib import nullcontext

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks

from clips.captions import FIRST_LANGUAGE, language_name
from clips.files import local_path
from clips.models import ClipPage
from hub.http import wants_json

from ...people.ladder import can_contribute, next_step, thresholds
from ...people.services import profile_get
from ..contributor_numbers import clip_numbers
from ..forms import (
    CaptionsFileForm,
    CueFormSet,
    ResubmitForm,
    SubmissionForm,
    TrackForm,
    upload_limits,
)
from ..queries import submissions_overview
from ..review_queue import may_review, review_count
from ..services import (
    SubmissionError,
    can_edit_captions,
    can_resubmit,
    can_withdraw,
    submission_captions_set,
    submission_create,
    submission_get,
    submission_resubmit,
    submission_withdraw,
    waiting_submissions,
)
from ..uploads import LimitedUploadHandler


def _own_submission(request, page_id: int) -> ClipPage:
    try:
        return submission_get(user=request.user, page_id=page_id)
    except ClipPage.DoesNotExist as exc:
        raise Http404("No such submission.") from exc


def _install_upload_handler(request) -> LimitedUploadHandler:
    handler = LimitedUploadHandler(request, limits=upload_limits())
    request.upload_handlers.insert(0, handler)
    return handler


def _invalid(request, template: str, context: dict, form):
    if wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    return render(request, template, {**context, "form": form}, status=400)


def _succeeded(request, message: str):
    messages.success(request, message)
    if wants_json(request):
        return JsonResponse({"ok": True, "redirect": reverse("contribute:dashboard")})
    return redirect("contribute:dashboard")


def _upload_context(request) -> dict:
    ladder = thresholds()
    return {
        "max_upload_mb": settings.MAX_UPLOAD_MB,
        "max_upload_bytes": upload_limits()["video"],
        "max_clip_seconds": ladder.max_clip_seconds,
        "max_waiting": ladder.max_waiting_submissions,
    }


@never_cache
@login_required
def dashboard(request):
    """The user's level, what the next one takes, and their submissions."""
    profile = profile_get(request.user)
    ladder = thresholds()
    return render(
        request,
        "contributions/contribute.html",
        {
            "profile": profile,
            "ladder": ladder,
            "next_step": next_step(profile, ladder),
            "may_contribute": can_contribute(profile.level),
            "submissions": submissions_overview(request.user),
            "numbers": clip_numbers(request.user),
            "may_review": may_review(request.user),
            "review_count": review_count(request.user),
        },
    )


@csrf_exempt
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submission_new(request):
    """The upload form: contributors and above; learners are told why not (403)."""
    profile = profile_get(request.user)
    if not can_contribute(profile.level):
        return render(
            request,
            "contributions/contribute_not_yet.html",
            {"next_step": next_step(profile, thresholds())},
            status=403,
        )
    handler = _install_upload_handler(request) if request.method == "POST" else None
    return _submission_new(request, handler)


@csrf_protect
def _submission_new(request, handler):
    template, context = "contributions/contribute_new.html", _upload_context(request)
    waiting = waiting_submissions(request.user).count()
    context["waiting"] = waiting
    if request.method != "POST":
        return render(request, template, {**context, "form": SubmissionForm(viewer=request)})
    form = SubmissionForm(request.POST, request.FILES, viewer=request, upload_errors=handler.errors)
    if not form.is_valid():
        return _invalid(request, template, context, form)
    data = form.cleaned_data
    try:
        with local_path(data["video"]) as video_path:
            page = submission_create(
                user=request.user,
                video_path=video_path,
                filename=data["video"].name,
                title=data["title"],
                description=data["description"],
                topic=data["topic"],
                tags=data["tags"],
                captions_vtt=data["captions"] or "",
                token=data["upload_token"],
            )
    except SubmissionError as exc:
        form.add_error(exc.field, exc.message)
        return _invalid(request, template, context, form)
    # Other apps act on a new submission (e.g. one uploaded to answer a question).
    for fn in hooks.get_hooks("hubbub_after_submission_create"):
        fn(request, page)
    return _succeeded(request, f"Thank you! “{page.title}” is in moderation; follow it here.")


@csrf_exempt
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, page_id: int):
    """Change a submission after a request for changes (or failed processing) and resubmit."""
    page = _own_submission(request, page_id)
    if not can_resubmit(page):
        messages.info(request, "This submission is being reviewed; it cannot be changed now.")
        return redirect("contribute:dashboard")
    handler = _install_upload_handler(request) if request.method == "POST" else None
    return _submission_edit(request, page, handler)


@csrf_protect
def _submission_edit(request, page, handler):
    template = "contributions/contribute_edit.html"
    context = {**_upload_context(request), "submission": page}
    if request.method != "POST":
        topic = page.get_parent()
        form = ResubmitForm(
            viewer=request,
            initial={
                "title": page.title,
                "description": page.summary,
                "topic": topic.slug,
                "tags": ", ".join(tag.name for tag in page.tags.all()),
            },
        )
        return render(request, template, {**context, "form": form})
    form = ResubmitForm(request.POST, request.FILES, viewer=request, upload_errors=handler.errors)
    if not form.is_valid():
        return _invalid(request, template, context, form)
    data = form.cleaned_data
    video = data["video"]  # optional here: no file keeps the current video
    try:
        with local_path(video) if video else nullcontext() as video_path:
            page = submission_resubmit(
                user=request.user,
                page=page,
                title=data["title"],
                description=data["description"],
                topic=data["topic"],
                tags=data["tags"],
                video_path=video_path,
                filename=video.name if video else "",
                captions_vtt=data["captions"],
            )
    except ClipPage.DoesNotExist as exc:
        raise Http404("No such submission.") from exc  # withdrawn meanwhile, in another tab
    except SubmissionError as exc:
        form.add_error(exc.field, exc.message)
        return _invalid(request, template, context, form)
    return _succeeded(request, f"“{page.title}” is back in moderation.")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submission_withdraw_view(request, page_id: int):
    """Confirm, then take a submission out of moderation and delete it."""
    page = _own_submission(request, page_id)
    if not can_withdraw(page):
        raise Http404("This clip is published; it cannot be withdrawn.")
    if request.method == "POST":
        title = page.title
        try:
            submission_withdraw(user=request.user, page=page)
        except (SubmissionError, ClipPage.DoesNotExist):
            # Published (or gone) since the page was read: the service checked under lock.
            messages.error(request, f"“{title}” can no longer be withdrawn.")
            return redirect("contribute:dashboard")
        messages.success(request, f"“{title}” has been withdrawn and deleted.")
        return redirect("contribute:dashboard")
    return render(request, "contributions/contribute_withdraw.html", {"submission": page})


@never_cache
@login_required
@require_GET
def submission_preview(request, page_id: int):
    """ "Watch your video": the clip as learners will see it; the live page once published."""
    page = _own_submission(request, page_id)
    if page.live:
        return redirect(page.url)
    summary = next((s for s in submissions_overview(request.user) if s.page.pk == page.pk), None)
    return render(
        request,
        "contributions/contribute_preview.html",
        {
            "clip": page,
            "topic": page.get_parent(),
            "submission": summary,
            "can_edit_captions": can_edit_captions(page),
        },
    )


@csrf_exempt
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submission_captions(request, page_id: int):
    """The caption editor: change, add or remove lines, or upload a replacement file."""
    page = _own_submission(request, page_id)
    if not can_edit_captions(page):
        messages.info(request, "This clip is published; ask an editor to change its captions.")
        return redirect("contribute:dashboard")
    handler = _install_upload_handler(request) if request.method == "POST" else None
    return _submission_captions(request, page, handler)


def _caption_track(request, page):
    """The track the editor works on: ``?language=`` (a new track when the clip has none in
    that language), else the default one; and every track, for the chooser."""
    tracks = list(page.caption_tracks.all())
    chosen = TrackForm(request.POST if request.method == "POST" else request.GET)
    if "language" in chosen.data:
        if not chosen.is_valid():
            raise Http404("No such language.")
        language = chosen.cleaned_data["language"]
    else:
        default = next((t for t in tracks if t.is_default), None)
        language = default.language if default else FIRST_LANGUAGE
    track = next((t for t in tracks if t.language == language), None)
    return tracks, language, track


@csrf_protect
def _submission_captions(request, page, handler):
    template = "contributions/contribute_captions.html"
    tracks, language, track = _caption_track(request, page)
    cues = track.cues if track is not None else []
    context = {
        "submission": page,
        "tracks": tracks,
        "language": language,
        "language_label": str(track) if track is not None else language_name(language),
        "add_form": TrackForm(exclude={t.language for t in tracks}),
    }
    if request.method != "POST":
        formset = CueFormSet(initial=cues, prefix="cues")
        context.update(formset=formset, file_form=CaptionsFileForm())
        return render(request, template, context)
    formset = CueFormSet(request.POST, initial=cues, prefix="cues")
    file_form = CaptionsFileForm(request.POST, request.FILES)
    context.update(formset=formset, file_form=file_form)
    file_valid = file_form.is_valid()
    if handler.errors:
        file_form.add_error(None, " ".join(handler.errors.values()))
    if not file_valid or handler.errors:
        return render(request, template, context, status=400)
    uploaded = file_form.cleaned_data["captions"]
    if not uploaded and not formset.is_valid():
        return render(request, template, context, status=400)
    try:
        page = submission_captions_set(
            user=request.user,
            page=page,
            captions_vtt=uploaded or formset.as_vtt(),
            language=language,
        )
    except SubmissionError as exc:
        file_form.add_error("captions" if uploaded else None, exc.message)
        return render(request, template, context, status=400)
    messages.success(request, f"Captions of “{page.title}” saved.")
    return redirect("contribute:preview", page_id=page.pk)
