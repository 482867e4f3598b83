"""Every ``aria-describedby`` and ``aria-labelledby`` names an element that is on the page.

A reference to a missing id is silently ignored by screen readers: the help text under the
upload form's fields was never read. Checked on every page with a form, with and without
errors.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.wanted = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCES:
            for ref in (attrs.get(name) or "").split():
                self.wanted.append((tag, name, ref))


def missing_references(html: str) -> list:
    parser = References()
    parser.feed(html)
    return [(tag, name, ref) for tag, name, ref in parser.wanted if ref not in parser.ids]


def descriptions(html: str) -> list[str]:
    """The ids that ``aria-describedby`` attributes point at, in page order."""
    parser = References()
    parser.feed(html)
    return [ref for _tag, name, ref in parser.wanted if name == "aria-describedby"]


def test_the_upload_form_points_every_field_at_its_help_and_errors(client, contributor, topic):
    client.force_login(contributor)
    url = reverse("contribute:new")

    blank = client.get(url).content.decode()
    with_errors = client.post(url, {"title": "", "description": "x"}).content.decode()

    for html in (blank, with_errors):
        assert missing_references(html) == []
    assert descriptions(blank) == [
        "site-search-help",  # the header's search box
        "id_video_helptext",
        "id_title_helptext",
        "id_description_helptext",
        "id_tags_helptext",
        "id_captions_helptext",
    ]
    assert 'id="id_title_helptext"' in blank
    assert 'aria-describedby="id_title_helptext id_title_error"' in with_errors


def test_the_profile_form_points_at_its_help_and_errors(client):
    client.force_login(UserFactory())
    url = reverse("learning:profile_edit")

    blank = client.get(url).content.decode()
    with_errors = client.post(url, {"display_name": "x", "bio": "y" * 1001}).content.decode()

    for html in (blank, with_errors):
        assert missing_references(html) == []
    assert 'aria-describedby="id_bio_helptext id_bio_error"' in with_errors


def test_public_pages_and_the_account_forms_reference_only_ids_they_have(client):
    topic = topic_make("Onboarding")
    clip = clip_make(topic, title="First day")
    pages = ["/", "/topics/", topic.url, clip.url, "/search/?q=first", "/accounts/login/"]
    pages.append("/accounts/signup/")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert missing_references(response.content.decode()) == [], url
