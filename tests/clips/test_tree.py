from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from clips.models import ClipPage, TopicIndexPage, TopicPage
from home.models import HomePage


class TreeRulesTest(WagtailPageTestCase):
    def test_home_holds_only_the_topic_index(self):
        self.assertAllowedSubpageTypes(HomePage, {TopicIndexPage})

    def test_topic_index_holds_topics(self):
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})
        self.assertAllowedParentPageTypes(TopicIndexPage, {HomePage})

    def test_topics_hold_clips_and_clips_hold_nothing(self):
        self.assertAllowedSubpageTypes(TopicPage, {ClipPage})
        self.assertAllowedParentPageTypes(ClipPage, {TopicPage})
        self.assertAllowedSubpageTypes(ClipPage, set())

    def test_a_clip_cannot_be_created_outside_a_topic(self):
        self.assertCanNotCreateAt(TopicIndexPage, ClipPage)
        self.assertCanNotCreateAt(HomePage, ClipPage)
        self.assertCanCreateAt(TopicPage, ClipPage)

    def test_migrations_leave_home_and_topics_at_the_site_root(self):
        home = HomePage.objects.get()
        self.assertEqual(home.get_url(), "/")
        self.assertEqual(TopicIndexPage.objects.get().get_url(), "/topics/")
        self.assertEqual(Page.objects.filter(depth=2).count(), 1)


def test_routing_finds_each_level_by_its_own_type_and_404s_below_a_clip(client, clip, topic):
    assert client.get(clip.url).status_code == 200
    assert client.get(f"{clip.url}below/").status_code == 404  # a clip has no children
    assert client.get(f"{topic.url}no-such-clip/").status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get("/no-such-index/").status_code == 404
