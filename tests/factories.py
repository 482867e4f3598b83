"""Build only the data a test needs: users, topics, clips with real videos."""

import itertools

import factory
from django.contrib.auth import get_user_model

from clips.models import ClipOrigin, TopicIndexPage, TopicPage
from clips.services import clip_create, media_create

_counter = itertools.count(1)

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
{first}

00:00:01.000 --> 00:00:02.000
{second}
"""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Person"
    password = factory.django.Password("learn-and-share")


def topic_make(title: str | None = None, **fields) -> TopicPage:
    index = TopicIndexPage.objects.get()
    topic = TopicPage(title=title or f"Topic {next(_counter)}", **fields)
    index.add_child(instance=topic)
    topic.save_revision().publish()
    return topic


def clip_make(
    topic: TopicPage,
    video_path=None,
    *,
    title: str | None = None,
    publish: bool = True,
    owner=None,
    captions: str | None = None,
    tags=("sample",),
    origin=ClipOrigin.SEEDED,
    **fields,
):
    """A clip under ``topic``; with ``video_path`` it gets a real processed video."""
    title = title or f"Clip {next(_counter)}"
    media = media_create(path=video_path, title=title, user=owner) if video_path else None
    return clip_create(
        topic=topic,
        title=title,
        media=media,
        summary=fields.pop("summary", f"What {title} is about."),
        captions_vtt=captions
        if captions is not None
        else VTT.format(first=f"Welcome to {title}.", second="Thanks for watching."),
        tags=tags,
        owner=owner,
        publish=publish,
        origin=origin,
        **fields,
    )
