"""Templates name URLs by route or page, and the site's scripts come from base.html once."""

import re
from pathlib import Path

import pytest
from wagtail.models import Page

from clips.models import TopicIndexPage
from tests.factories import clip_make, topic_make

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for app in ("hub", "home", "clips", "contributions", "search")
    for path in (ROOT / app).rglob("templates/**/*.html")
)
# A path written into an attribute: href="/topics/", action="/search/", data-me-url="/me/"…
PATH_LITERAL = re.compile(r"""\b(?:href|action|src|data-[\w-]+)\s*=\s*["']/""")


def test_the_templates_are_found():
    assert len(TEMPLATES) > 50
    assert ROOT / "hub/templates/base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_writes_a_path_of_ours_by_hand(template):
    """{% url %}, {% pageurl %} or {% topics_url %}: a written path breaks when a route moves."""
    assert not PATH_LITERAL.findall(template.read_text())


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_base_template_loads_scripts(template):
    if template == ROOT / "hub/templates/base.html":
        return
    assert "<script" not in template.read_text()


def test_the_path_check_finds_a_written_path():
    assert PATH_LITERAL.findall('<a class="x" href="/topics/">') == ['href="/']
    assert PATH_LITERAL.findall("<form data-suggest-url='/search/suggest/'>")
    assert not PATH_LITERAL.findall("<a href=\"{% url 'search:search' %}?q=x\">")


@pytest.mark.django_db
def test_a_clip_page_loads_each_script_once_with_me_js_first(client):
    clip = clip_make(topic_make("Safety"), title="Ladders")
    html = client.get(clip.url).content.decode()
    scripts = re.findall(r'<script src="/static/([^"]+)" defer></script>', html)
    assert scripts[0] == "hub/js/me.js"
    assert len(scripts) == len(set(scripts))
    assert {"hub/js/rating.js", "hub/js/player.js", "discussion/discussion.js"} <= set(scripts)


@pytest.mark.django_db
def test_the_topics_link_follows_the_index_when_editors_rename_it(client):
    index = TopicIndexPage.objects.get()
    assert 'href="/topics/">Topics</a>' in client.get("/").content.decode()

    index.slug = "subjects"
    index.save_revision().publish()

    html = client.get("/").content.decode()
    assert 'href="/subjects/">Topics</a>' in html
    assert 'href="/topics/"' not in html


@pytest.mark.django_db
def test_the_topics_link_costs_no_query_once_known(django_assert_num_queries):
    from clips.queries import topic_index_url

    assert topic_index_url() == "/topics/"
    with django_assert_num_queries(0):
        assert topic_index_url() == "/topics/"


@pytest.mark.django_db
def test_a_move_above_the_index_forgets_its_url(client):
    """Moving the index under another page changes its address: the link follows."""
    from clips.queries import topic_index_url

    assert topic_index_url() == "/topics/"
    home = Page.objects.get(depth=2)
    shelf = home.add_child(instance=Page(title="Library", slug="library"))
    TopicIndexPage.objects.get().move(shelf, pos="last-child")
    assert topic_index_url() == "/library/topics/"
