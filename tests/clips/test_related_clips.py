import pytest
from django.contrib.auth import get_user_model

from clips.models import RelatedClip
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.django_db


def test_editors_choice_of_related_clips_comes_first_on_the_clip_page(client):
    topic, other = topic_make("Meetings"), topic_make("Writing")
    clip = clip_make(topic, title="Agendas that work")
    clip_make(topic, title="Sibling clip")
    chosen = clip_make(other, title="Chosen from elsewhere")
    clip.related_links.add(RelatedClip(clip=chosen))
    clip.save_revision().publish()

    html = client.get(clip.url).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index("Chosen from elsewhere") < related.index("Sibling clip")


def test_the_clip_editor_offers_a_chooser_not_a_list_of_every_clip(client):
    topic = topic_make("Security")
    clips = [clip_make(topic, title=f"Password tip {n}") for n in range(3)]
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345!")
    client.force_login(admin)

    response = client.get(f"/admin/pages/{clips[0].pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "related_links" in html
    # The other clips' titles are not rendered as <option>s of a giant select.
    assert "<option" not in html.split("related_links", 1)[1].split("</section>", 1)[0]
