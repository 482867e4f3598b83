"""People: profile pages, editing your own, and clips that link to who made them."""

from django.urls import reverse

from clips.models import ClipOrigin, ClipPage
from contributions.activity.ratings import rating_set
from contributions.models import Level, Profile
from contributions.people.services import profile_update
from tests.factories import UserFactory, clip_make


def community_clip(topic, contributor, **fields):
    """A published community clip owned by its contributor (as approval leaves it)."""
    clip = clip_make(topic, origin=ClipOrigin.COMMUNITY, **fields)
    ClipPage.objects.filter(pk=clip.pk).update(owner=contributor)
    clip.refresh_from_db()
    return clip


def profile_url(user):
    return reverse("learning:profile", args=[user.username])


def test_a_profile_shows_name_bio_level_clips_and_ratings(client, topic):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    profile_update(user=ada, display_name="Ada L.", bio="Numbers & <b>engines</b>.")
    clip_make(topic, title="Reading a chart", presenter=ada)
    community_clip(topic, ada, title="My first pivot")
    clip_make(topic, title="Someone else's clip")
    clip_make(topic, title="Not yet published", presenter=ada, publish=False)
    for n in range(2):  # people rate others' clips, never their own
        rating_set(user=ada, clip=clip_make(topic, title=f"Other {n}"), score=5)

    body = client.get(profile_url(ada)).content.decode()

    assert "<h1>Ada L.</h1>" in body
    assert "Numbers &amp; &lt;b&gt;engines&lt;/b&gt;." in body  # escaped, never raw HTML
    assert "Learner" in body
    assert "Reading a chart" in body and "My first pivot" in body
    assert "Someone else" not in body and "Not yet published" not in body
    assert "Other 0" not in body
    assert "<dt>Clips rated</dt><dd>2</dd>" in body
    assert "Has rated 2 clips." in body
    assert "Edit your profile" not in body


def test_your_own_profile_shows_your_next_step_on_the_ladder(client, topic):
    me = UserFactory()
    for _ in range(3):
        rating_set(user=me, clip=clip_make(topic), score=4)
    client.force_login(me)

    body = client.get(profile_url(me)).content.decode()

    assert "You have rated 3 clips; rate 2 more clips to start contributing." in body
    assert "Edit your profile" in body


def test_a_contributors_next_step_names_approvals(client, db):
    person = UserFactory(contributor=True)
    client.force_login(person)
    body = client.get(profile_url(person)).content.decode()
    assert "Contributor" in body
    assert "more clips approved to become a trusted contributor" in body


def test_an_unknown_or_inactive_person_is_404(client, db):
    assert client.get("/people/nobody-here/").status_code == 404
    gone = UserFactory(is_active=False)
    assert client.get(profile_url(gone)).status_code == 404


def test_the_owner_edits_their_profile(client, db):
    me = UserFactory()
    client.force_login(me)
    assert client.get(reverse("learning:profile_edit")).status_code == 200

    response = client.post(
        reverse("learning:profile_edit"),
        {"display_name": "  Grace  ", "bio": "Compilers."},
        follow=True,
    )

    assert response.redirect_chain == [(profile_url(me), 302)]
    assert "Your profile is saved." in response.content.decode()
    profile = Profile.objects.get(user=me)
    assert (profile.display_name, profile.bio) == ("Grace", "Compilers.")


def test_a_too_long_bio_is_shown_again_with_the_error_and_nothing_saved(client, db):
    me = UserFactory()
    client.force_login(me)
    response = client.post(
        reverse("learning:profile_edit"), {"display_name": "Grace", "bio": "x" * 1001}
    )
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert Profile.objects.get(user=me).display_name == ""


def test_editing_needs_a_sign_in_and_cannot_change_the_level(client, db):
    response = client.get(reverse("learning:profile_edit"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    me = UserFactory()
    client.force_login(me)
    client.post(
        reverse("learning:profile_edit"),
        {"display_name": "Me", "bio": "", "level": Level.EDITOR, "ratings_count": 99},
    )
    profile = Profile.objects.get(user=me)
    assert (profile.level, profile.ratings_count) == (Level.LEARNER, 0)


def test_a_clip_links_its_presenter_to_their_profile(client, topic):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    clip = clip_make(topic, presenter=ada)
    body = client.get(clip.url).content.decode()
    assert f'<a href="{profile_url(ada)}" rel="author">Ada Lovelace</a>' in body


def test_a_community_clip_without_a_presenter_links_its_contributor(client, topic):
    bob = UserFactory(username="bob", first_name="Bob", last_name="Builder")
    clip = community_clip(topic, bob)
    body = client.get(clip.url).content.decode()
    assert "Contributed by" in body
    assert f'href="{profile_url(bob)}"' in body
    assert "Community clip" in body


def test_a_presenter_without_an_account_is_named_without_a_link(client, topic):
    clip = clip_make(topic, presenter_name="A Visiting Speaker")
    body = client.get(clip.url).content.decode()
    assert "Presented by" in body and "A Visiting Speaker" in body
    assert "/people/" not in body.split("Presented by", 1)[1].split("</p>", 1)[0]


def test_a_profile_counts_every_clip_not_just_the_ones_it_lists(client, topic):
    prolific = UserFactory()
    for n in range(25):
        clip_make(topic, title=f"Clip {n:02d}", presenter=prolific)

    body = client.get(profile_url(prolific)).content.decode()

    assert "<dt>Clips presented or contributed</dt><dd>25</dd>" in body
    assert body.count('class="clip-card"') == 24
    assert "The 24 newest of 25." in body


def test_the_display_name_names_the_person_on_cards_clip_pages_and_profiles(client, topic):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    profile_update(user=ada, display_name="Countess Ada", bio="")
    bob = UserFactory(username="bob", first_name="Bob", last_name="Builder")
    profile_update(user=bob, display_name="Bob B.", bio="")
    clip = clip_make(topic, title="Engines", presenter=ada)
    contributed = community_clip(topic, bob, title="Scaffolds")

    assert 'rel="author">Countess Ada</a>' in client.get(clip.url).content.decode()
    assert f'href="{profile_url(bob)}" rel="author">Bob B.</a>' in (
        client.get(contributed.url).content.decode()
    )
    topic_page = client.get(topic.url).content.decode()
    assert '<p class="clip-card-by">by Countess Ada</p>' in topic_page
    assert "Ada Lovelace" not in topic_page
    assert "<h1>Countess Ada</h1>" in client.get(profile_url(ada)).content.decode()
