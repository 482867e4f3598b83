"""The content tree: TopicIndexPage → TopicPage → ClipPage."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from clips import queries
from clips.api_fields import ClipApiSerializers
from clips.captions import tracks_default, tracks_problem
from clips.choices import ClipOrigin
from clips.fast_urls import FastUrlPage
from clips.page_forms import ClipPageForm
from clips.restrictions import KeptRestrictionsPage
from clips.routing import TypedChildrenPage
from hub.people import person_name

from .stats import ClipStats


class TopicIndexPage(KeptRestrictionsPage, TypedChildrenPage, Page):
    intro = models.TextField(blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["clips.TopicPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def child_for_route(self, slug):
        return queries.topic_for_route(self, slug)  # every child is a TopicPage

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = queries.topics_with_counts(self, viewer=request)
        return context


class TopicPage(KeptRestrictionsPage, TypedChildrenPage, FastUrlPage, Page):
    summary = models.TextField(blank=True, help_text="One or two sentences shown on topic cards.")

    parent_page_types = ["clips.TopicIndexPage"]
    subpage_types = ["clips.ClipPage"]

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    api_fields = [APIField("summary")]

    SORTS = {"newest": "Newest", "top": "Top rated", "popular": "Most viewed"}
    PER_PAGE = 12

    def child_for_route(self, slug):
        # Every child is a ClipPage: with its video, statistics and tags at once.
        return queries.clip_for_route(self, slug)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sort = request.GET.get("sort")
        if sort not in self.SORTS:
            sort = "newest"
        clips = queries.sort_clips(queries.clip_cards(self.get_children(), viewer=request), sort)
        context["sort"] = sort
        context["sorts"] = self.SORTS
        context["page_obj"] = queries.clip_page_of(
            clips,
            request.GET.get("page"),
            name=f"topic:{self.pk}:{sort}",
            per_page=self.PER_PAGE,
            viewer=request,
        )
        return context


class ClipTag(TaggedItemBase):
    content_object = ParentalKey(
        "clips.ClipPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ClipPage(KeptRestrictionsPage, FastUrlPage, Page):
    summary = models.TextField(blank=True)
    video = models.ForeignKey(
        "clips.ClipMedia",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clip_pages",
    )
    # The default caption track's text and cues (``clean``), kept on the page so that the
    # transcript renders and is indexed without reading the tracks.
    transcript = models.TextField(blank=True, editable=False)
    transcript_cues = models.JSONField(default=list, blank=True, editable=False)
    tags = ClusterTaggableManager(through=ClipTag, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_clips",
        help_text="The person who made the clip; contributors are set automatically.",
    )
    presenter_name = models.CharField(
        max_length=120, blank=True, help_text="For presenters without an account."
    )
    origin = models.CharField(max_length=16, choices=ClipOrigin.choices, default=ClipOrigin.SEEDED)
    featured = models.BooleanField(default=False, help_text="Show on the home page.")

    parent_page_types = ["clips.TopicPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("video"),
        InlinePanel("caption_tracks", heading="Captions", label="Caption track"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("presenter"), FieldPanel("presenter_name"), FieldPanel("origin")],
            heading="People",
        ),
        FieldPanel("featured"),
        # A chooser, not a select of every clip: a hub has thousands.
        MultipleChooserPanel("related_links", label="Related clip", chooser_field_name="clip"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("transcript"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name", boost=3)]),
        index.RelatedFields(
            "presenter",
            [
                index.SearchField("first_name"),
                index.SearchField("last_name"),
                index.SearchField("username"),
                index.RelatedFields("profile", [index.SearchField("display_name")]),
            ],
        ),
        index.SearchField("presenter_name"),
        index.SearchField("topic_title"),
        index.FilterField("origin"),
        index.FilterField("featured"),
    ]

    api_fields = ClipApiSerializers.fields()
    base_form_class = ClipPageForm

    def clean(self):
        super().clean()
        self.transcript_refresh()

    def transcript_refresh(self) -> None:
        """Check the caption tracks and make the transcript from the default one.

        Every track is parsed again here, whoever built it (the editor, a service, a
        revision), so the transcript never drifts from the track it was made from. Raises
        ValidationError for a track that cannot be read or a set that breaks the rules.
        """
        tracks = list(self.caption_tracks.all())
        problem = tracks_problem(tracks)
        if problem:
            raise ValidationError(problem)
        for track in tracks:
            try:
                track.clean()
            except ValidationError as exc:
                raise ValidationError(f"Captions in {track}: {' '.join(exc.messages)}") from exc
        default = tracks_default(tracks)
        self.transcript_cues = default.cues if default else []
        self.transcript = "\n".join(cue["text"] for cue in self.transcript_cues)

    @cached_property
    def statistics(self) -> ClipStats:
        """The clip's counters, or zeros when nothing has happened to it yet."""
        try:
            return self.stats
        except ClipStats.DoesNotExist:
            return ClipStats(clip=self)

    @classmethod
    def get_indexed_objects(cls):
        # The index asks every clip for topic_title: bring it in the same query (a
        # subquery on the parent's path) rather than one query per clip.
        # The presenter's profile (display name) is indexed too: one join, not a query each.
        return (
            super()
            .get_indexed_objects()
            .select_related("presenter__profile")
            .annotate(indexed_topic_title=queries.topic_title_sq())
        )

    def topic_title(self) -> str:
        """Indexed with the clip, so that a clip is found by the topic it sits under."""
        annotated = getattr(self, "indexed_topic_title", None)
        if annotated is not None:
            return annotated
        topic = queries.topic_of(self) if self.path else None
        return topic.title if topic else ""

    @property
    def card_topic(self):
        """The topic a listing attached (``attach_topics``), else None.

        Cards ask this rather than ``clip.topic``: a missing attribute costs the template
        engine a ``dir()`` of the whole page object, per card.
        """
        return self.__dict__.get("topic")

    @property
    def caption_default(self):
        """The default caption track, the transcript's (from prefetched tracks if any)."""
        return next((track for track in self.caption_tracks.all() if track.is_default), None)

    @property
    def presenter_display(self) -> str:
        """The presenter as the site names people (hub.people), or the name typed in."""
        if self.presenter_id:
            return person_name(self.presenter)
        return self.presenter_name

    def permissions_for_user(self, user):
        # Wagtail asks this before every publish: four eyes on contributions.
        from clips.four_eyes import SubmissionPermissionTester

        return SubmissionPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic"] = queries.topic_of(self)
        context["related"] = queries.related_clips(self, viewer=request)
        return context


class RelatedClip(Orderable):
    """An editor's choice of a clip to show beside another, in the editor's order."""

    page = ParentalKey(ClipPage, on_delete=models.CASCADE, related_name="related_links")
    clip = models.ForeignKey(ClipPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("clip")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "clip"], name="one_link_per_related_clip")
        ]

    def __str__(self):
        return f"{self.page_id} → {self.clip_id}"
