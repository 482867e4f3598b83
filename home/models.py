from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from clips import queries
from clips.restrictions import KeptRestrictionsPage
from clips.routing import TypedChildrenPage
from contributions.activity.queries import recent_activity


class HomePage(KeptRestrictionsPage, TypedChildrenPage, Page):
    intro = models.TextField(
        blank=True, default="Short clips from people who know, by topic. Watch, rate, share."
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["clips.TopicIndexPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def child_for_route(self, slug):
        return queries.topic_index_for_route(self, slug)  # the one child: the topics index

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every listing asks clips.access for this viewer (clips.queries).
        cards = queries.home_listings(featured=4, newest=8, top_rated=8, viewer=request)
        context["featured"] = cards["featured"]
        context["newest"] = cards["newest"]
        context["top_rated"] = cards["top_rated"]
        context["busiest_topics"] = queries.busiest_topics(8, viewer=request)
        context["activity"] = recent_activity(8, viewer=request)
        return context
