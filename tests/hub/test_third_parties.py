import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_the_admin_never_asks_gravatar_for_an_editors_picture(client):
    """Organisations' staff e-mail hashes must not leave the site (nor can they, here)."""
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-12345!")
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "gravatar" not in html.lower()
