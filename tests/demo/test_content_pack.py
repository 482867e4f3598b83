"""Demo content is data: the starter pack is YAML an organisation can replace."""

import io

import pytest
from django.core.management import CommandError, call_command

from clips.models import ClipPage, TopicPage
from demo.content import STARTER_PACK, ContentPackError, clip_plan, pack_read

OWN_TOPIC = """\
title: Lab safety
summary: How we keep each other safe at the bench.
clips:
  - title: Goggles on before the door
    summary: Why eye protection goes on first.
    tags: lab, safety
    presenter: Dr Ama Owusu
    featured: true
    lines:
      - Put your goggles on before you open the lab door.
      - Splashes happen when nobody expects them.
"""


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_starter_pack_has_ten_topics_of_written_clips():
    topics = pack_read()
    assert len(topics) == 10
    assert {len(t.clips) for t in topics} == {4}
    assert topics[0].title == "Onboarding"
    assert all(clip.lines and clip.summary for t in topics for clip in t.clips)


def test_a_pack_of_one_topic_plans_its_clips_and_then_variations(tmp_path):
    topics = pack_read(write(tmp_path / "pack", "01-lab.yaml", OWN_TOPIC))
    plans = clip_plan(3, topics)
    assert [p.title for p in plans] == [
        "Goggles on before the door",
        "Goggles on before the door — in practice",
        "Goggles on before the door — common mistakes",
    ]
    assert plans[0].tags == ("lab", "safety")
    assert [p.written for p in plans] == [True, False, False]
    assert [p.featured for p in plans] == [True, False, False]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: [unclosed", "cannot be read as YAML"),
        ("- just a list", "expected a topic"),
        ("title: T\nsummary: S\nclips: []", "'clips' must list at least one clip"),
        ("title: T\nsummary: S\nclips:\n  - title: C\n    summary: S", "'lines' must be a list"),
        ("title: ''\nsummary: S\nclips:\n  - {title: C, summary: S, lines: [a]}", "'title'"),
        (
            "title: T\nsummary: S\nclips:\n  - {title: C, summary: S, lines: [a], tags: 3}",
            "'tags' must be",
        ),
    ],
)
def test_a_broken_topic_file_names_the_file_and_the_problem(tmp_path, text, message):
    folder = write(tmp_path / "pack", "07-broken.yaml", text)
    with pytest.raises(ContentPackError, match=message) as caught:
        pack_read(folder)
    assert "07-broken.yaml" in str(caught.value)


def test_an_empty_or_missing_folder_is_refused(tmp_path):
    with pytest.raises(ContentPackError, match="no such folder"):
        pack_read(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ContentPackError, match="no .yaml topic files"):
        pack_read(tmp_path / "empty")


def test_the_starter_pack_lives_beside_the_reader_not_in_python():
    assert sorted(p.suffix for p in STARTER_PACK.iterdir()) == [".yaml"] * 10


@pytest.mark.django_db
def test_seed_hub_seeds_an_organisations_own_pack(tmp_path):
    folder = write(tmp_path / "pack", "01-lab.yaml", OWN_TOPIC)
    out = io.StringIO()
    call_command(
        "seed_hub",
        "--content",
        str(folder),
        "--clips",
        "2",
        "--no-demo-users",
        "--video-seconds",
        "1",
        "--workers",
        "1",
        "-v",
        "0",
        stdout=out,
    )
    assert list(TopicPage.objects.values_list("title", flat=True)) == ["Lab safety"]
    clip = ClipPage.objects.get(slug="goggles-on-before-the-door")
    assert "Splashes happen" in clip.transcript
    assert ClipPage.objects.count() == 2


@pytest.mark.django_db
def test_seed_hub_reports_a_broken_pack_as_a_command_error(tmp_path):
    folder = write(tmp_path / "pack", "01-bad.yaml", "title: [")
    with pytest.raises(CommandError, match="01-bad.yaml"):
        call_command("seed_hub", "--content", str(folder), "-v", "0", stdout=io.StringIO())
    assert not TopicPage.objects.exists()
