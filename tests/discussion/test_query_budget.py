"""A clip page makes the same few queries with 20 comments or 200 (threads, replies, answers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions.discussion.models import Comment, CommentKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A page-cache miss with nothing else kept (LISTING_CACHE_SECONDS = 0): the related clips and
# the discussion (threads, replies, answers, the filters' counts) are read afresh.
QUERIES = 11
# A page-cache miss as production has it: the discussion section's HTML, the same for every
# viewer, is kept until the discussion or the page changes (clips.listing_cache.kept_render).
KEPT_QUERIES = 7


def comments_add(clip, people, count: int) -> None:
    """``count`` comments: every third a question, every other thread with two replies."""
    now = timezone.now()
    made = 0
    while made < count:
        author = people[made % len(people)]
        kind = CommentKind.QUESTION if made % 3 == 0 else CommentKind.COMMENT
        top = Comment.objects.create(
            clip=clip,
            topic=None,
            author=author,
            body=f"Comment {made} about https://example.org/{made}",
            kind=kind,
            moment=made % 2,
            created_at=now,
            answered_at=now if made % 6 == 0 else None,
        )
        made += 1
        if made % 2 == 0:
            replies = [
                Comment(
                    clip=clip,
                    parent=top,
                    author=people[(made + n) % len(people)],
                    body=f"Reply {n}",
                    is_answer=n == 0,
                    created_at=now,
                )
                for n in range(2)
            ]
            Comment.objects.bulk_create(replies)
            made += len(replies)


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kept", [False, True], ids=["fresh", "kept"])
def test_the_clip_page_makes_the_same_queries_with_20_and_200_comments(
    client, clip, settings, kept
):
    settings.PAGE_CACHE_ENABLED = False
    settings.LISTING_CACHE_SECONDS = 30 if kept else 0
    people = [UserFactory(username=f"talker{n}") for n in range(8)]
    comments_add(clip, people, 20)
    small = queries_for(client, clip.url)
    comments_add(clip, people, 180)
    assert Comment.objects.filter(clip=clip).count() == 200
    big = queries_for(client, clip.url)
    page_two = queries_for(client, clip.url + "?discussion_page=2")
    questions = queries_for(client, clip.url + "?discussion=open")
    print(
        "clip page queries (20 comments / 200 comments, page 2, open questions):",
        small,
        big,
        page_two,
        questions,
    )
    assert small == big == page_two == questions == (KEPT_QUERIES if kept else QUERIES)
