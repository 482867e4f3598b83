"""A question at a moment of a clip, answered by its presenter, seen marked by the asker."""

import pytest
from playwright.sync_api import expect

from clips.video import generate_demo_video
from contributions.discussion.models import Comment
from contributions.models import Level
from contributions.notifications.models import Notification
from tests.contributions.moderation_helpers import person
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.e2e


@pytest.fixture
def presented_clip(transactional_db, tmp_path):
    """An 8 s clip with a presenter who has an account."""
    video = tmp_path / "badge.mp4"
    generate_demo_video(video, "Getting your badge", seconds=8.0, size=(160, 90), fps=10)
    presenter = person(Level.CONTRIBUTOR, username="pat", first_name="Pat", last_name="Lee")
    clip = clip_make(
        topic_make("Onboarding"), video, title="Getting your badge", presenter=presenter
    )
    return clip, presenter


def test_a_question_at_a_moment_is_answered_by_the_presenter_and_seeks_the_video(
    page, presented_clip, login
):
    clip, presenter = presented_clip
    asker = person(Level.LEARNER, username="newbie", first_name="New", last_name="Bie")
    Notification.objects.all().delete()  # the setup's promotions are not part of the journey

    # The learner asks a question at 0:05 from the clip page.
    login(page, asker)
    page.goto(clip.url)
    page.get_by_label("Your comment or question").fill("Which desk hands out badges?")
    page.get_by_label("At moment").fill("0:05")
    page.get_by_label("This is a question for the people who know").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Post", exact=True).click()
    question = Comment.objects.get()
    assert question.is_question and question.moment == 5.0
    expect(page.locator(f"#comment-{question.pk}")).to_contain_text("Which desk hands out badges?")

    # The presenter sees the bell count and the notification, and answers from it.
    page.context.clear_cookies()
    login(page, presenter)
    page.goto("/")
    expect(page.locator("[data-unread]")).to_have_text("1")
    page.locator("[data-bell]").click()
    expect(page.locator(".notification-list")).to_contain_text("asked a question")
    with page.expect_navigation():
        page.get_by_role("button", name="Open").first.click()
    thread = page.locator("li.thread", has=page.locator(f"#comment-{question.pk}"))
    thread.get_by_text("Reply or answer").click()
    thread.get_by_label("Your reply").fill("The front desk, on the ground floor.")
    with page.expect_navigation():
        thread.get_by_role("button", name="Post reply").click()
    answer = question.replies.get()
    assert answer.is_answer

    # The asker sees the answer marked, and the moment link seeks the video to 0:05.
    page.context.clear_cookies()
    login(page, asker)
    page.goto("/notifications/")
    expect(page.locator(".notification-list")).to_contain_text("answered your question")
    page.goto(clip.url)
    reply = page.locator(f"#comment-{answer.pk}")
    expect(reply).to_contain_text("Answer from someone who knows")
    expect(reply).to_contain_text("The front desk")
    page.locator(f"#comment-{question.pk} .comment-moment").click()
    page.wait_for_function(
        "() => Math.abs(document.getElementById('clip-video').currentTime - 5) < 0.6"
    )
    assert "#t=5" in page.url
    assert not page.console_errors, page.console_errors
