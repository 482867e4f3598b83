"""Discussion on a clip: who may post, edit, delete and hide, and what a page shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contributions.discussion import services
from contributions.discussion.models import Comment
from contributions.models import CommunityEvent, EventKind

pytestmark = pytest.mark.django_db


def post(client, clip, **data):
    return client.post(f"/discussion/clips/{clip.pk}/", {"body": "Hello", **data})


def test_anonymous_visitors_cannot_post_and_are_sent_to_sign_in(client, clip):
    response = post(client, clip, body="Drive-by comment")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()
    json = client.post(
        f"/discussion/clips/{clip.pk}/", {"body": "x"}, HTTP_ACCEPT="application/json"
    )
    assert json.status_code == 401


def test_a_comment_at_a_moment_shows_on_the_clip_page_as_a_seek_link(client, clip, learner):
    client.force_login(learner)
    response = post(client, clip, body="Great tip here", moment="0:01")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.moment == 1.0
    assert CommunityEvent.objects.filter(kind=EventKind.COMMENT, actor=learner).count() == 1
    client.logout()
    page = client.get(clip.url).content.decode()
    assert "Great tip here" in page
    assert 'href="#t=1" data-seek="1">at 0:01</a>' in page


def test_a_moment_outside_the_clip_or_badly_written_is_refused_with_the_text_kept(
    client, clip, learner
):
    client.force_login(learner)
    response = post(client, clip, body="Keep me", moment="ten past")
    assert response.status_code == 400
    assert "minutes:seconds" in response.content.decode()
    assert "Keep me" in response.content.decode()
    assert not Comment.objects.exists()


def test_replies_are_one_level_deep(clip, learner, contributor):
    top = services.comment_post(author=learner, clip=clip, body="First")
    reply = services.reply_post(author=contributor, parent=top, body="Second")
    deeper = services.reply_post(author=learner, parent=reply, body="Third")
    assert reply.parent_id == top.pk
    assert deeper.parent_id == top.pk  # a reply to a reply joins the same thread
    kinds = list(CommunityEvent.objects.values_list("kind", flat=True).order_by("pk"))
    assert kinds.count(EventKind.REPLY) == 2


def test_script_in_comments_and_names_is_escaped_and_links_are_clickable(client, clip, contributor):
    contributor.first_name = "<script>alert('name')</script>"
    contributor.save()
    services.comment_post(
        author=contributor,
        clip=clip,
        body="<script>alert(1)</script> see https://example.org/guide. <b>bold</b>",
    )
    page = client.get(clip.url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert('name')</script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert (
        '<a href="https://example.org/guide" rel="nofollow ugc noopener" class="ext">'
        "https://example.org/guide</a>." in page
    )


def test_only_http_addresses_become_links(client, clip, contributor):
    services.comment_post(
        author=contributor, clip=clip, body="javascript:alert(1) and www.ok.example"
    )
    page = client.get(clip.url).content.decode()
    assert 'href="javascript' not in page
    assert '<a href="https://www.ok.example"' in page


def test_learners_may_not_post_links_until_they_contribute(client, clip, learner, contributor):
    client.force_login(learner)
    response = post(client, clip, body="Read www.spam.example now")
    assert response.status_code == 400
    assert "Links are for contributors and above" in response.content.decode()
    assert not Comment.objects.exists()
    client.force_login(contributor)
    assert post(client, clip, body="Read www.docs.example now").status_code == 302
    assert Comment.objects.count() == 1


def test_the_link_limit_is_a_setting(clip, learner):
    from contributions.discussion.models import DiscussionSettings

    limits = DiscussionSettings.load()
    limits.links_from_level = "learner"
    limits.save()
    assert services.comment_post(author=learner, clip=clip, body="see https://a.example").pk


def test_comments_have_a_length_limit_with_a_clear_message(client, clip, learner):
    client.force_login(learner)
    response = post(client, clip, body="x" * 2001)
    assert response.status_code == 400
    assert "2000 characters" in response.content.decode()
    with pytest.raises(services.DiscussionError, match="Write something"):
        services.comment_post(author=learner, clip=clip, body="  \n ")


def test_comments_are_rate_limited_per_user(client, clip, learner, settings):
    settings.THROTTLE_RATES = {"comment": {"user": "2/m", "ip": "100/m"}}
    client.force_login(learner)
    assert post(client, clip, body="one").status_code == 302
    assert post(client, clip, body="two").status_code == 302
    refused = post(client, clip, body="three")
    assert refused.status_code == 429
    assert "too often" in refused.content.decode()
    assert Comment.objects.count() == 2


def test_authors_edit_within_the_window_and_nobody_else_can(client, clip, learner, contributor):
    comment = services.comment_post(author=learner, clip=clip, body="Typo hree")
    client.force_login(contributor)
    assert client.post(f"/discussion/{comment.pk}/edit/", {"body": "Hijacked"}).status_code == 403
    client.force_login(learner)
    assert client.post(f"/discussion/{comment.pk}/edit/", {"body": "Typo here"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo here" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    late = client.post(f"/discussion/{comment.pk}/edit/", {"body": "Too late"})
    assert late.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo here"
    with pytest.raises(services.DiscussionError, match="15 minutes"):
        services.comment_edit(user=learner, comment=comment, body="Too late")


def test_authors_delete_their_own_and_the_thread_stays_readable(client, clip, learner, contributor):
    top = services.comment_post(author=learner, clip=clip, body="Regrettable words")
    services.reply_post(author=contributor, parent=top, body="A useful reply")
    client.force_login(contributor)
    assert client.post(f"/discussion/{top.pk}/delete/").status_code == 403
    client.force_login(learner)
    assert client.post(f"/discussion/{top.pk}/delete/").status_code == 302
    page = client.get(clip.url).content.decode()
    assert "Regrettable words" not in page
    assert "Comment removed." in page
    assert "A useful reply" in page


def test_only_editors_hide_comments(client, clip, learner, contributor, editor):
    comment = services.comment_post(author=learner, clip=clip, body="Rude remark")
    client.force_login(contributor)
    assert client.post(f"/discussion/{comment.pk}/hide/").status_code == 403
    client.force_login(learner)
    assert client.post(f"/discussion/{comment.pk}/hide/").status_code == 403
    with pytest.raises(services.DiscussionError):
        services.comment_hide(editor=learner, comment=comment)
    client.force_login(editor)
    assert client.post(f"/discussion/{comment.pk}/hide/").status_code == 302
    client.logout()
    page = client.get(clip.url).content.decode()
    assert "Rude remark" not in page
    assert "Comment hidden by editors." in page


def test_the_personal_part_comes_from_me_and_the_page_is_the_same_for_everyone(
    client, clip, learner, settings
):
    settings.PAGE_CACHE_ENABLED = False  # each request rendered afresh, not one copy served
    services.comment_post(author=learner, clip=clip, body="Mine")
    anonymous = client.get(clip.url).content.decode()
    client.force_login(learner)
    assert client.get(clip.url).content.decode() == anonymous  # the author's page too
    me = client.get(f"/me/?clip={clip.pk}", HTTP_ACCEPT="application/json").json()["discussion"]
    assert me["user_id"] == learner.pk and me["editor"] is False
    assert "/edit/" not in anonymous
    assert f'data-author-id="{learner.pk}"' in anonymous


def test_posting_sends_the_discussion_changed_signal_once(
    clip, learner, django_capture_on_commit_callbacks
):
    from contributions.discussion.signals import discussion_changed

    seen = []

    def note(sender, clip, topic, **kwargs):
        seen.append(clip.pk)

    discussion_changed.connect(note)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_post(author=learner, clip=clip, body="Purge me")
    finally:
        discussion_changed.disconnect(note)
    assert seen == [clip.pk]


def test_the_cached_clip_page_form_carries_no_token_and_a_tokenless_post_is_confirmed(
    clip, learner
):
    from django.test import Client

    page = Client().get(clip.url).content.decode()
    form = page[page.index('class="comment-form"') :]
    assert "csrfmiddlewaretoken" not in form[: form.index("</form>")]

    browser = Client(enforce_csrf_checks=True)  # no script: nothing copies the token in
    browser.force_login(learner)
    response = browser.post(
        f"/discussion/clips/{clip.pk}/", {"body": "Is <b>this</b> right?", "question": "on"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Is &lt;b&gt;this&lt;/b&gt; right?" in body  # kept, and escaped
    assert not Comment.objects.exists()

    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"/discussion/clips/{clip.pk}/",
        {"body": "Is this right?", "question": "on", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Is this right?"


def test_a_new_comment_shows_on_the_cached_clip_page_at_once(
    clip, learner, django_capture_on_commit_callbacks
):
    from django.test import Client

    visitor = Client()
    assert visitor.get(clip.url)["X-Page-Cache"] == "miss"
    assert visitor.get(clip.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=learner, clip=clip, body="Fresh thought")

    response = visitor.get(clip.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh thought" in response.content.decode()


def test_a_comment_and_a_question_outlive_their_authors_account_under_a_neutral_name(
    client, clip, topic, learner, contributor
):
    services.comment_post(author=learner, clip=clip, body="Kept after I leave")
    services.comment_post(author=learner, topic=topic, body="Who knows the VPN?", question=True)
    learner.delete()

    clip_page = client.get(clip.url).content.decode()
    topic_page = client.get(topic.url).content.decode()

    assert "Kept after I leave" in clip_page
    assert '<span class="comment-author">A former member</span>' in clip_page
    assert "Who knows the VPN?" in topic_page
    assert "by A former member" in topic_page
