"""Learners in a real browser: the promotion moment, rating before signing in, the player."""

import pytest
from playwright.sync_api import expect

from clips.services import captions_track_set
from clips.video import generate_demo_video
from contributions.activity.ratings import rating_set
from contributions.models import Rating
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.e2e

CUES = "\n".join(
    f"00:00:{n * 3:02d}.000 --> 00:00:{n * 3 + 3:02d}.000\nLine {n + 1} of the talk.\n"
    for n in range(8)
)


@pytest.fixture
def talk(transactional_db, tmp_path):
    """A 24 s clip with a caption line every 3 s, so playback and seeking cross lines."""
    video = tmp_path / "talk.mp4"
    generate_demo_video(video, "A longer talk", seconds=24.0, size=(160, 90), fps=8)
    return clip_make(
        topic_make("Talks"), video, title="A longer talk", captions="WEBVTT\n\n" + CUES
    )


def test_the_fifth_rating_shows_the_promotion_and_its_button_opens_the_upload_form(
    page, demo_hub, login
):
    learner = demo_hub.users["learner"]
    for clip in demo_hub.clips[:4]:
        rating_set(user=learner, clip=clip, score=4)
    login(page, learner)

    fifth = demo_hub.clips[4]
    page.goto(fifth.url)
    page.locator("[data-rating].is-signed-in").wait_for()
    page.locator(f"label[for=score-{fifth.pk}-5]").click()

    promotion = page.locator("[data-promotion]")
    expect(promotion).to_contain_text("you are a contributor now")
    promotion.get_by_role("link", name="Share your first clip").click()
    page.wait_for_url("**/contribute/new/")
    assert page.get_by_role("heading", name="Share a clip").is_visible()
    assert page.locator("input[name=video]").count() == 1
    assert page.console_errors == []


def test_an_anonymous_star_leads_through_sign_in_back_to_the_clip_with_the_score(
    page, demo_hub, live_url
):
    clip = demo_hub.clips[0]
    UserFactory(username="ana")
    page.goto(live_url(clip.url))
    page.locator(f"label[for=score-{clip.pk}-4]").click()

    page.locator("[data-sign-in-to-rate]").click()
    page.fill("input[name=login]", "ana")
    page.fill("input[name=password]", "learn-and-share")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()

    page.wait_for_url(f"**{clip.url}?rate=4")
    page.locator("[data-rating].is-signed-in").wait_for()
    assert page.locator(f"#score-{clip.pk}-4").is_checked()
    expect(page.locator("[data-rating-status]")).to_contain_text("You chose 4 out of 5")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator("[data-rating-status]")).to_contain_text("You rated this clip 4 out of 5.")
    assert Rating.objects.get(clip=clip, user__username="ana").score == 4
    assert page.console_errors == []


def test_the_transcript_follows_playback_and_shortcuts_seek(page, talk, live_url, axe):
    page.goto(live_url(talk.url))
    video = page.locator("video#clip-video")
    video.evaluate("v => new Promise(r => v.readyState >= 1 ? r() : v.onloadedmetadata = r)")

    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('#clip-video').currentTime > 3.2")
    expect(page.locator(".cues li.is-current")).to_contain_text("Line 2 of the talk.")
    video.evaluate("v => v.pause()")

    page.locator("body").click(position={"x": 5, "y": 5})  # focus on the page, not a control
    before = video.evaluate("v => v.currentTime")
    page.keyboard.press("l")
    page.wait_for_function(
        f"() => document.querySelector('#clip-video').currentTime >= {before + 9.9}"
    )
    expect(page.locator(".cues li.is-current")).to_contain_text(
        f"Line {int((before + 10) // 3) + 1} of the talk."
    )
    page.keyboard.press("j")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('#clip-video').currentTime - {before}) < 0.3"
    )

    page.keyboard.press("c")
    assert video.evaluate("v => v.textTracks[0].mode") == "disabled"
    page.keyboard.press("c")
    assert video.evaluate("v => v.textTracks[0].mode") == "showing"

    page.get_by_label("Speed").select_option("1.5")
    assert video.evaluate("v => v.playbackRate") == 1.5
    page.get_by_text("Keyboard shortcuts").click()
    expect(page.get_by_text("Back 10 seconds")).to_be_visible()

    page.get_by_role("button", name="Copy link at this moment").click()
    expect(page.locator("[data-player-status]")).to_contain_text("#t=")

    # Scrolling the transcript by hand stops it following; a button resumes.
    page.locator("[data-transcript]").evaluate("l => { l.style.maxHeight = '3rem'; }")
    page.locator("[data-transcript]").evaluate("l => l.scrollTop = l.scrollHeight")
    expect(page.get_by_role("button", name="Follow the video again")).to_be_visible()

    assert axe(page) == []
    assert page.console_errors == []


FRENCH_CUES = "\n".join(
    f"00:00:{n * 3:02d}.000 --> 00:00:{n * 3 + 3:02d}.000\nLigne {n + 1} de l'exposé.\n"
    for n in range(8)
)


@pytest.fixture
def bilingual_talk(talk):
    """The talk with a French track beside its English (default) one."""
    captions_track_set(talk, vtt="WEBVTT\n\n" + FRENCH_CUES, language="fr", label="Français")
    talk.save()
    talk.save_revision().publish()
    return talk


def test_a_learner_switches_the_captions_to_a_second_language(page, bilingual_talk, live_url, axe):
    modes = "v => Array.from(v.textTracks, t => t.language + ':' + t.mode).join(' ')"
    page.goto(live_url(bilingual_talk.url))
    video = page.locator("video#clip-video")
    captions = page.get_by_label("Captions", exact=True)
    expect(captions).to_be_visible()
    assert captions.locator("option").all_text_contents() == ["Off", "English", "Français"]
    page.wait_for_function(
        "() => document.querySelector('#clip-video').textTracks[0].mode === 'showing'"
    )
    assert video.evaluate(modes) == "en:showing fr:disabled"

    captions.select_option(label="Français")
    assert video.evaluate(modes) == "en:disabled fr:showing"
    expect(page.locator("[data-player-status]")).to_have_text("Captions: Français")
    # The French track's cues arrive from its own address and are shown at their time.
    video.evaluate("v => { v.currentTime = 4; }")
    page.wait_for_function(
        "() => { const t = document.querySelector('#clip-video').textTracks[1];"
        " return t.activeCues && t.activeCues.length"
        ' && t.activeCues[0].text === "Ligne 2 de l\'exposé."; }'
    )

    # `c` turns captions off and back on in the language chosen last.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("c")
    assert video.evaluate(modes) == "en:disabled fr:disabled"
    assert captions.input_value() == "-1"
    page.keyboard.press("c")
    assert video.evaluate(modes) == "en:disabled fr:showing"
    expect(page.locator("[data-player-status]")).to_have_text("Captions on: Français")

    # The browser's own captions menu (here: the TextTrack API it uses) moves the choice too.
    video.evaluate("v => { v.textTracks[1].mode = 'disabled'; v.textTracks[0].mode = 'showing'; }")
    expect(captions).to_have_value("0")

    # The transcript stays the default track's, in its language.
    expect(page.locator("[data-transcript]")).to_have_attribute("lang", "en")
    expect(page.locator(".cues li").first).to_contain_text("Line 1 of the talk.")
    assert axe(page) == []
    assert page.console_errors == []


def test_the_player_works_with_native_controls_only_without_script(browser, talk, live_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_url(talk.url))
        assert tab.locator("video#clip-video[controls]").count() == 1
        assert tab.locator("[data-player-tools]").is_hidden()
        assert tab.locator(".cues a[href='#t=3.0']").count() == 1
    finally:
        context.close()


def test_the_clip_page_passes_axe_for_a_visitor(page, demo_hub, axe):
    page.goto(demo_hub.clips[0].url)
    assert axe(page) == []
