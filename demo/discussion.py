"""Demo discussion: comments, answered and open questions, a "clip wanted", follows, a flag.

Everything goes through the discussion's own services, so the demo's notifications and
community events are the ones real use makes. Idempotent: once any comment exists, the
discussion is left as it is.
"""

from clips.models import ClipPage, TopicPage
from contributions.discussion import services
from contributions.discussion.models import Comment, DiscussionSettings, TopicExpert
from contributions.people.services import person_follow


def _clips_with_presenters(limit: int) -> list[ClipPage]:
    return list(
        ClipPage.objects.live()
        .filter(presenter__isnull=False, presenter__is_active=True)
        .select_related("presenter", "video")
        .order_by("path")[:limit]
    )


def _moment(clip: ClipPage, share: float) -> float | None:
    duration = clip.video.duration if clip.video_id and clip.video.duration else None
    return round(duration * share, 1) if duration else None


def seed_discussion(*, users: dict, topics: list[TopicPage]) -> int:
    """Seed the demo's people-to-people side; returns the number of comments made."""
    if Comment.objects.exists() or not topics:
        return 0
    clips = _clips_with_presenters(3)
    if len(clips) < 2 or not {"learner", "contributor", "trusted", "editor"} <= set(users):
        return 0
    learner, contributor = users["learner"], users["contributor"]
    trusted, editor = users["trusted"], users["editor"]
    crowd = [users[name] for name in ("priya", "jonas", "mei", "kwame") if name in users]
    first, second = clips[0], clips[1]
    home_topic = topics[0]

    # Experts named by editors: the trusted demo account knows the first topic.
    TopicExpert.objects.get_or_create(topic=home_topic, user=trusted)
    if crowd:
        TopicExpert.objects.get_or_create(topic=topics[min(1, len(topics) - 1)], user=crowd[0])

    # A time-coded comment with a reply (the learner is told about the reply).
    comment = services.comment_post(
        author=learner,
        clip=first,
        body="This is the moment it clicked for me. Worth watching twice.",
        moment=_moment(first, 0.3),
    )
    services.reply_post(
        author=contributor,
        parent=comment,
        body="Same here. The checklist at https://example.org/checklist helps too.",
    )

    # An answered question: the presenter answers (marked), the learner accepts.
    question = services.comment_post(
        author=learner,
        clip=first,
        body="Does this also apply to people who start remotely?",
        question=True,
        moment=_moment(first, 0.6),
    )
    answer = services.reply_post(
        author=first.presenter,
        parent=question,
        body="Yes: the same steps, with the welcome call instead of the desk visit.",
    )
    services.answer_accept(user=learner, answer=answer)

    # Open questions: one on a clip, one asked of the topic's experts.
    services.comment_post(
        author=contributor,
        clip=second,
        body="Is there a shorter version of this for team leads?",
        question=True,
    )
    services.comment_post(
        author=learner,
        topic=home_topic,
        body=f"Who should I ask about {home_topic.title.lower()} in my first week?",
        question=True,
    )

    # A question enough people want answered becomes a "clip wanted".
    wanted = services.comment_post(
        author=contributor,
        topic=home_topic,
        body="Could someone record how the first payroll works?",
        question=True,
    )
    votes = max(DiscussionSettings.current().votes_for_clip_wanted, 1)
    for voter in [learner, trusted, editor, *crowd][:votes]:
        services.question_vote(user=voter, question=wanted)

    # A flag waiting for the editors, and a follow feeding the learner's home page.
    spam = services.comment_post(
        author=contributor, clip=second, body="Great clip! Message me for cheap course bundles."
    )
    services.flag_create(flagger=learner, comment=spam, reason="spam")
    if first.presenter_id != learner.pk:
        person_follow(user=learner, person=first.presenter)
    return Comment.objects.count()
