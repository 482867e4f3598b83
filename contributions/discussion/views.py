"""Discussion views: thin; a form checks input, a service acts, the answer redirects back.

Every action is a plain form POST that works without JavaScript and redirects back to the
thread; with ``Accept: application/json`` it answers JSON instead. Refusals say why.
The clip page's discussion is the same HTML for everyone; what is yours (edit and delete,
accept, your votes) comes from ``/me/?clip=<id>`` (``services.me_part``) and the thread page.
"""

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clips.access import is_editor
from clips.models import ClipPage, TopicPage
from contributions.throttle import throttle
from contributions.visibility import clip_visible, page_visible
from hub.http import wants_json

from . import queries, services
from .forms import AnswerClipForm, CommentForm, FlagForm, ReplyForm
from .models import Comment
from .services import DiscussionError, knowers, may_edit


def _thread_url(comment: Comment) -> str:
    return reverse("discussion:thread", args=[comment.parent_id or comment.pk])


def _back(comment: Comment) -> str:
    return services.comment_url(comment)


def _sign_in(request, back_to: str, message: str):
    if wants_json(request):
        login_url = f"{settings.LOGIN_URL}?{urlencode({'next': back_to})}"
        return JsonResponse({"error": message, "login_url": login_url}, status=401)
    messages.info(request, message)
    return redirect_to_login(back_to, settings.LOGIN_URL)


def _refused(request, message: str, back_to: str, status: int = 400):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(back_to)


def _done(request, message: str, back_to: str, **data):
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, **data})
    messages.success(request, message)
    return redirect(back_to)


def _compose(request, form, *, action: str, back_to: str, heading: str, status: int = 400):
    """The form again, with what was typed and what is wrong (nothing is lost)."""
    if wants_json(request):
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": " ".join(errors), "errors": form.errors}, status=status)
    return render(
        request,
        "discussion/compose.html",
        {"form": form, "action": action, "back_to": back_to, "heading": heading},
        status=status,
    )


def _visible_comment(request, comment_id: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("clip", "topic", "parent"), pk=comment_id
    )
    if comment.clip is not None and not clip_visible(request, comment.clip):
        raise Http404
    if comment.topic is not None and not page_visible(request, comment.topic):
        raise Http404
    return comment


# Posting -------------------------------------------------------------------------------


def _post(request, form, post, done, *, action: str, back_to: str, heading: str, sign_in=""):
    """The shape of every posting view: sign in first (when ``sign_in`` says why), check
    ``form``, ``post(cleaned_data)``, then ``done(result)``; or the form again with what was
    typed and what was wrong, the service's refusals included."""
    if sign_in and not request.user.is_authenticated:
        return _sign_in(request, back_to, sign_in)
    if form.is_valid():
        try:
            result = post(form.cleaned_data)
        except DiscussionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return done(result)
    return _compose(request, form, action=action, back_to=back_to, heading=heading)


def _posted(request, message: str, comment: Comment, back_to: str | None = None):
    return _done(request, message, back_to or _back(comment), id=comment.pk)


@require_POST
@throttle("comment")
def clip_comment(request, clip_id: int):
    clip = get_object_or_404(ClipPage.objects.live().select_related("video"), pk=clip_id)
    if not clip_visible(request, clip):
        raise Http404
    return _post(
        request,
        CommentForm(request.POST),
        lambda data: services.comment_post(
            author=request.user,
            clip=clip,
            body=data["body"],
            moment=data["moment"],
            question=data["question"],
        ),
        lambda comment: _posted(
            request, f"Your {'question' if comment.is_question else 'comment'} is posted.", comment
        ),
        action=reverse("discussion:clip_comment", args=[clip.pk]),
        back_to=f"{clip.url}#discussion",
        heading=f"Comment on “{clip.title}”",
        sign_in="Sign in to join the discussion.",
    )


@require_POST
@throttle("comment")
def topic_question(request, topic_id: int):
    topic = get_object_or_404(TopicPage.objects.live(), pk=topic_id)
    if not page_visible(request, topic):
        raise Http404
    return _post(
        request,
        ReplyForm(request.POST),
        lambda data: services.comment_post(
            author=request.user, topic=topic, body=data["body"], question=True
        ),
        lambda question: _posted(
            request,
            "Your question is posted; the people who know this topic are told.",
            question,
            _thread_url(question),
        ),
        action=reverse("discussion:topic_question", args=[topic.pk]),
        back_to=f"{topic.url}#questions",
        heading=f"Ask the people who know {topic.title}",
        sign_in="Sign in to ask a question.",
    )


@require_POST
@throttle("comment")
def reply(request, comment_id: int):
    parent = _visible_comment(request, comment_id)
    return _post(
        request,
        ReplyForm(request.POST),
        lambda data: services.reply_post(author=request.user, parent=parent, body=data["body"]),
        lambda answer: _posted(request, "Your reply is posted.", answer),
        action=reverse("discussion:reply", args=[parent.pk]),
        back_to=_back(parent),
        heading="Your reply",
        sign_in="Sign in to reply.",
    )


def _confirm(form_class, heading: str):
    """The cached pages' forms carry no CSRF token (script adds it from /me/). Without script a
    post arrives without one; ``hub.csrf`` then shows this: the form again, with the typed
    words and a token, so nothing is lost and nothing is posted until it comes back."""

    def confirm(request, *args, **kwargs):
        fields = {k: v for k, v in request.POST.items() if k in form_class.base_fields}
        return render(
            request,
            "discussion/compose.html",
            {
                "form": form_class(initial=fields),
                "action": request.path,
                "back_to": "/",
                "heading": heading,
            },
            status=403,
        )

    return confirm


clip_comment.csrf_confirm = _confirm(CommentForm, "Post your comment")
topic_question.csrf_confirm = _confirm(ReplyForm, "Ask your question")
reply.csrf_confirm = _confirm(ReplyForm, "Post your reply")


# One thread, with what you may do in it --------------------------------------------------


@never_cache
@require_GET
def thread(request, comment_id: int):
    top = queries.thread(comment_id)
    if top is None:
        raise Http404
    _visible_comment(request, top.pk)
    user = request.user
    editor = is_editor(user)
    voted = top.is_question and user.is_authenticated and top.votes.filter(user=user).exists()
    return render(
        request,
        "discussion/thread.html",
        {
            "top": top,
            "editor": editor,
            "voted": voted,
            "knower_ids": knowers(clip=top.clip, topic=top.topic) if top.is_question else set(),
            "editable_ids": {c.pk for c in [top, *top.replies.all()] if may_edit(user, c)},
            "reply_form": ReplyForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@throttle("comment")
def edit(request, comment_id: int):
    comment = _visible_comment(request, comment_id)
    if not request.user.is_authenticated:
        return _sign_in(request, _back(comment), "Sign in to edit your comment.")
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only its author can edit a comment.")
    if not may_edit(request.user, comment):
        return _refused(
            request,
            f"Comments can be edited for {services.limits().edit_minutes} minutes after posting.",
            _thread_url(comment),
            status=403,
        )
    form = ReplyForm(request.POST or None, initial={"body": comment.body})
    form.fields["body"].label = "Your comment"
    action = reverse("discussion:edit", args=[comment.pk])
    if request.method == "GET":
        return _compose(
            request,
            form,
            action=action,
            back_to=_back(comment),
            heading="Edit your comment",
            status=200,
        )
    return _post(
        request,
        form,
        lambda data: services.comment_edit(user=request.user, comment=comment, body=data["body"]),
        lambda edited: _done(request, "Your comment is saved.", _back(edited)),
        action=action,
        back_to=_back(comment),
        heading="Edit your comment",
    )


@require_POST
def delete(request, comment_id: int):
    comment = _visible_comment(request, comment_id)
    if not request.user.is_authenticated:
        return _sign_in(request, _back(comment), "Sign in to delete your comment.")
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only its author can delete a comment.")
    services.comment_remove(user=request.user, comment=comment)
    return _done(request, "Your comment is removed.", _back(comment))


@require_POST
def hide(request, comment_id: int):
    comment = _visible_comment(request, comment_id)
    if not is_editor(request.user):
        raise PermissionDenied("Only editors can hide comments.")
    hidden = request.POST.get("action", "hide") != "show"
    services.comment_hide(editor=request.user, comment=comment, hidden=hidden)
    message = "The comment is hidden." if hidden else "The comment is shown again."
    return _done(request, message, _thread_url(comment))


@require_POST
@throttle("flag")
def accept(request, comment_id: int):
    answer = _visible_comment(request, comment_id)
    if not request.user.is_authenticated:
        return _sign_in(request, _back(answer), "Sign in to accept an answer.")
    try:
        services.answer_accept(user=request.user, answer=answer)
    except DiscussionError as exc:
        return _refused(request, exc.message, _thread_url(answer), status=403)
    return _done(request, "You accepted this answer.", _back(answer))


@require_POST
@throttle("flag")
def vote(request, comment_id: int):
    question = _visible_comment(request, comment_id)
    if not request.user.is_authenticated:
        return _sign_in(request, _back(question), "Sign in to ask for a clip.")
    wanted = request.POST.get("action", "want") != "unwant"
    try:
        count = services.question_vote(user=request.user, question=question, wanted=wanted)
    except DiscussionError as exc:
        return _refused(request, exc.message, _thread_url(question))
    message = "You want this answered too." if wanted else "Your vote is taken back."
    return _done(request, message, _thread_url(question), votes=count)


def _clip_from_address(address: str) -> ClipPage | None:
    """A clip by its address on this site (absolute or relative), or by its id."""
    address = address.strip()
    if address.isdigit():
        return ClipPage.objects.filter(pk=int(address)).first()
    path = urlparse(address).path or "/"
    path = path if path.endswith("/") else f"{path}/"
    slug = [part for part in path.split("/") if part]
    if not slug:
        return None
    for clip in ClipPage.objects.filter(slug=slug[-1]):
        if clip.url == path:
            return clip
    return None


@require_http_methods(["GET", "POST"])
@throttle("comment")
def answer_with_clip(request, comment_id: int):
    question = _visible_comment(request, comment_id)
    back_to = _thread_url(question)
    if not request.user.is_authenticated:
        return _sign_in(request, back_to, "Sign in to answer.")
    form = AnswerClipForm(request.POST or None)
    context = {"question": question, "form": form}
    if request.method == "POST" and form.is_valid():
        clip = _clip_from_address(form.cleaned_data["clip"])
        if clip is None:
            form.add_error("clip", "No clip has that address. Copy it from the clip's page.")
        else:
            try:
                services.answer_with_clip(
                    user=request.user, question=question, clip=clip, body=form.cleaned_data["body"]
                )
            except DiscussionError as exc:
                form.add_error("clip", exc.message)
            else:
                return _done(request, "Your clip answers the question.", back_to)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussion/answer_with_clip.html", context, status=status)


# Flags ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttle("flag")
def flag(request, kind: str, object_id: int):
    if kind not in ("comment", "clip"):
        raise Http404
    if kind == "comment":
        comment, clip = _visible_comment(request, object_id), None
        back_to = _back(comment)
    else:
        comment = None
        clip = get_object_or_404(ClipPage.objects.live(), pk=object_id)
        if not clip_visible(request, clip):
            raise Http404
        back_to = clip.url
    if not request.user.is_authenticated:
        return _sign_in(request, request.get_full_path(), "Sign in to flag.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(
                flagger=request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                comment=comment,
                clip=clip,
            )
        except DiscussionError as exc:
            form.add_error("text" if exc.field else None, exc.message)
        else:
            return _done(request, "Thank you: editors will look at it.", back_to)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "discussion/flag.html",
        {"form": form, "comment": comment, "clip": clip, "back_to": back_to},
        status=status,
    )
