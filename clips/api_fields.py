"""Fields the Wagtail API (``/api/v2/pages/?type=clips.ClipPage``) exposes for a clip."""

from rest_framework import serializers
from wagtail.api import APIField


class _Attr(serializers.Field):
    """A read-only field computed from the page (source="*")."""

    def __init__(self, getter, *, absolute_url=False, **kwargs):
        self.getter = getter
        self.absolute_url = absolute_url
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        value = self.getter(page)
        request = self.context.get("request")
        if self.absolute_url and value and request is not None:
            return request.build_absolute_uri(value)
        return value


def _video_url(page):
    return page.video.url if page.video_id else None


def _poster_url(page):
    return (page.video.poster_url or None) if page.video_id else None


def _duration(page):
    return page.video.duration if page.video_id else None


def _topic(page):
    from clips.queries import topic_of

    # Listings attach every clip's topic up front (hub.api); a lone clip asks for its own.
    topic = page.topic if hasattr(page, "topic") else topic_of(page)
    return {"id": topic.pk, "slug": topic.slug, "title": topic.title} if topic else None


class ClipApiSerializers:
    @staticmethod
    def fields():
        return [
            APIField("summary"),
            APIField("origin"),
            APIField("video_url", serializer=_Attr(_video_url, absolute_url=True)),
            APIField("poster_url", serializer=_Attr(_poster_url, absolute_url=True)),
            APIField("duration", serializer=_Attr(_duration)),
            APIField("rating_average", serializer=_Attr(lambda p: p.statistics.rating_average)),
            APIField("rating_count", serializer=_Attr(lambda p: p.statistics.rating_count)),
            APIField("view_count", serializer=_Attr(lambda p: p.statistics.view_count)),
            APIField("tags", serializer=_Attr(lambda p: sorted(t.name for t in p.tags.all()))),
            APIField("topic", serializer=_Attr(_topic)),
            APIField("presenter", serializer=_Attr(lambda p: p.presenter_display or None)),
            APIField("transcript"),
        ]
