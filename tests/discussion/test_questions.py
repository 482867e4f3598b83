"""Questions to the people who know: asking, marked answers, accepting, lists, clip answers."""

import pytest

from clips.models import ClipPage
from contributions.discussion import queries, services
from contributions.discussion.models import Comment, DiscussionSettings, TopicExpert
from contributions.models import CommunityEvent, EventKind
from contributions.notifications.models import Kind, Notification
from tests.factories import clip_make
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db


def ask(client, clip, body="How do I book a desk?", moment="0:01"):
    return client.post(
        f"/discussion/clips/{clip.pk}/", {"body": body, "moment": moment, "question": "on"}
    )


def test_a_question_on_a_clip_reaches_its_presenter_and_the_topics_experts(
    client, clip, topic, learner, presenter, contributor
):
    TopicExpert.objects.create(topic=topic, user=contributor)
    client.force_login(learner)
    assert ask(client, clip).status_code == 302
    question = Comment.objects.get()
    assert question.is_question and question.moment == 1.0
    told = set(
        Notification.objects.filter(kind=Kind.QUESTION).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"pat", "cora"}
    assert not Notification.objects.filter(recipient=learner).exists()
    assert CommunityEvent.objects.filter(kind=EventKind.QUESTION, actor=learner).exists()


def test_the_topic_page_names_its_experts_and_takes_questions(
    client, topic, learner, contributor, django_capture_on_commit_callbacks
):
    contributor.first_name = "Cora"
    contributor.save()
    TopicExpert.objects.create(topic=topic, user=contributor)
    page = client.get(topic.url).content.decode()
    assert f"Ask the people who know {topic.title}" in page
    assert "Cora Person" in page
    client.force_login(learner)
    # The commit tells the pages that show the discussion (purged, their kept parts too).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/discussion/topics/{topic.pk}/", {"body": "Who runs induction?"})
    assert response.status_code == 302
    question = Comment.objects.get()
    assert question.topic_id == topic.pk and question.clip_id is None and question.is_question
    assert Notification.objects.filter(recipient=contributor, kind=Kind.QUESTION).exists()
    assert "Who runs induction?" in client.get(topic.url).content.decode()


def test_answers_from_people_who_know_are_marked_and_the_asker_accepts_one(
    client, clip, learner, presenter, contributor
):
    question = services.comment_post(author=learner, clip=clip, body="Which door?", question=True)
    other = services.reply_post(author=contributor, parent=question, body="Maybe the back door")
    answer = services.reply_post(author=presenter, parent=question, body="The front door")
    assert answer.is_answer and not other.is_answer
    question.refresh_from_db()
    assert question.answered_at is not None  # a marked answer answers it
    assert Notification.objects.filter(recipient=learner, kind=Kind.ANSWER).count() == 2

    client.force_login(contributor)
    refused = client.post(f"/discussion/{other.pk}/accept/")
    assert refused.status_code == 302
    other.refresh_from_db()
    assert other.accepted_at is None
    client.force_login(learner)
    assert client.post(f"/discussion/{other.pk}/accept/").status_code == 302
    other.refresh_from_db()
    assert other.accepted_at is not None
    assert CommunityEvent.objects.filter(kind=EventKind.ANSWER_ACCEPTED).count() == 1
    page = client.get(clip.url).content.decode()
    assert "Answer from someone who knows" in page
    assert "Accepted answer" in page


def test_clip_and_topic_list_their_open_and_answered_questions(
    client, clip, topic, learner, presenter
):
    answered = services.comment_post(author=learner, clip=clip, body="Answered one?", question=True)
    services.reply_post(author=presenter, parent=answered, body="Yes")
    services.comment_post(author=learner, clip=clip, body="Still open one?", question=True)
    services.comment_post(author=learner, topic=topic, body="Topic-wide open?", question=True)

    open_page = client.get(clip.url + "?discussion=open").content.decode()
    assert "Still open one?" in open_page and "Answered one?" not in open_page
    done_page = client.get(clip.url + "?discussion=answered").content.decode()
    assert "Answered one?" in done_page and "Still open one?" not in done_page
    assert queries.clip_counts(clip) == {"all": 2, "open": 1, "answered": 1}

    topic_open = client.get(topic.url).content.decode()
    assert "Still open one?" in topic_open and "Topic-wide open?" in topic_open
    assert "Answered one?" not in topic_open
    topic_done = client.get(topic.url + "?questions=answered").content.decode()
    assert "Answered one?" in topic_done and "Still open one?" not in topic_done


def test_a_profile_lists_the_questions_its_person_answered(client, clip, learner, presenter):
    question = services.comment_post(
        author=learner, clip=clip, body="Where is the canteen?", question=True
    )
    services.reply_post(author=presenter, parent=question, body="Second floor")
    page = client.get(f"/people/{presenter.username}/").content.decode()
    assert "Questions" in page and "Where is the canteen?" in page
    assert (
        "Where is the canteen?" not in client.get(f"/people/{learner.username}/").content.decode()
    )


def test_an_answer_with_a_published_clip_links_it(client, clip, topic, learner, presenter):
    question = services.comment_post(author=learner, clip=clip, body="Any demo?", question=True)
    demo = clip_make(topic, title="The demo", presenter=presenter)
    client.force_login(presenter)
    response = client.post(f"/discussion/{question.pk}/answer-with-clip/", {"clip": demo.url})
    assert response.status_code == 302
    answer = question.replies.get()
    assert answer.answer_clip_id == demo.pk and answer.is_answer
    page = client.get(clip.url).content.decode()
    assert "Answered with the clip" in page and "The demo" in page
    bad = client.post(f"/discussion/{question.pk}/answer-with-clip/", {"clip": "/nowhere/"})
    assert bad.status_code == 400 and "No clip has that address" in bad.content.decode()


def test_an_answer_recorded_through_the_upload_appears_once_the_clip_is_published(
    client, clip, topic, learner, presenter, sample_video
):
    question = services.comment_post(author=learner, clip=clip, body="Show me?", question=True)
    client.force_login(presenter)
    with open(sample_video, "rb") as video:
        response = client.post(
            f"/contribute/new/?answers={question.pk}",
            {"video": video, "title": "Shown", "description": "", "topic": topic.slug, "tags": ""},
        )
    assert response.status_code == 302, response.content.decode()[:500]
    draft = ClipPage.objects.get(title="Shown")
    assert not draft.live
    answer = question.replies.get()
    assert answer.answer_clip_id == draft.pk
    assert "Answered with the clip" not in client.get(clip.url).content.decode()
    assert not Notification.objects.filter(recipient=learner, kind=Kind.ANSWER).exists()

    draft.save_revision().publish()
    question.refresh_from_db()
    assert question.answered_at is not None
    assert "Answered with the clip" in client.get(clip.url).content.decode()
    assert Notification.objects.filter(recipient=learner, kind=Kind.ANSWER).count() == 1
    draft.save_revision().publish()  # publishing again tells nobody twice
    assert Notification.objects.filter(recipient=learner, kind=Kind.ANSWER).count() == 1


def test_upvoted_open_questions_become_clips_wanted(client, clip, learner, contributor, editor):
    limits = DiscussionSettings.current()
    limits.votes_for_clip_wanted = 2
    limits.save()
    question = services.comment_post(author=learner, clip=clip, body="Night shifts?", question=True)
    client.force_login(contributor)
    assert "Night shifts?" not in client.get("/contribute/").content.decode()
    client.post(f"/discussion/{question.pk}/vote/")
    client.post(f"/discussion/{question.pk}/vote/")  # twice counts once
    question.refresh_from_db()
    assert question.vote_count == 1
    client.force_login(editor)
    client.post(f"/discussion/{question.pk}/vote/")
    question.refresh_from_db()
    assert question.vote_count == 2
    assert CommunityEvent.objects.filter(kind=EventKind.CLIP_WANTED_VOTE).count() == 2

    client.force_login(contributor)
    wanted = client.get("/contribute/").content.decode()
    assert "Clips wanted" in wanted and "Night shifts?" in wanted
    assert f"/contribute/new/?answers={question.pk}" in wanted
    client.force_login(editor)
    report = client.get("/admin/discussion/clips-wanted/")
    assert report.status_code == 200 and "Night shifts?" in report.content.decode()
    client.force_login(contributor)
    assert_sent_to_admin_login(client.get("/admin/discussion/clips-wanted/"))

    services.reply_post(author=clip.presenter, parent=question, body="Recorded one")
    client.force_login(contributor)
    assert "Night shifts?" not in client.get("/contribute/").content.decode()


def test_open_questions_and_clips_wanted_reach_the_dashboards_gaps(client, clip, learner, editor):
    limits = DiscussionSettings.current()
    limits.votes_for_clip_wanted = 1
    limits.save()
    asked = services.comment_post(author=learner, clip=clip, body="Night shifts?", question=True)
    answered = services.comment_post(author=learner, clip=clip, body="Day shifts?", question=True)
    services.reply_post(author=clip.presenter, parent=answered, body="Mornings.")
    client.force_login(editor)
    client.post(f"/discussion/{asked.pk}/vote/")

    client.force_login(editor)
    questions = client.get("/admin/community/csv/gaps-questions/").content.decode()
    wanted = client.get("/admin/community/csv/gaps-wanted/").content.decode()

    assert "Night shifts?" in questions and "Day shifts?" not in questions
    assert f"Night shifts?,{clip.title},1" in wanted
    page = client.get("/admin/community/").content.decode()
    assert f"/discussion/{asked.pk}/" in page
