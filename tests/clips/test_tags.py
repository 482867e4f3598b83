"""One tag rule (taggit's) for the upload form, resubmission and import_clips."""

import pytest

from clips.tags import MAX_TAG_LENGTH, MAX_TAGS, TagError, tags_parse
from contributions.moderation.forms import SubmissionForm


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("first week, planning", ["first week", "planning"]),
        ("Planning, planning ,  planning", ["Planning"]),
        ('"first week" planning', ["first week", "planning"]),
        ("feedback", ["feedback"]),
        ("  ,  , ", []),
        (["a  b", "A B", "c"], ["a b", "c"]),
    ],
)
def test_typed_tags_become_distinct_names(typed, tags):
    assert sorted(tags_parse(typed)) == sorted(tags)


def test_too_many_or_too_long_tags_are_refused_in_words():
    with pytest.raises(TagError, match=f"at most {MAX_TAGS} tags"):
        tags_parse(", ".join(f"tag{n}" for n in range(MAX_TAGS + 1)))
    with pytest.raises(TagError, match=f"at most {MAX_TAG_LENGTH} characters"):
        tags_parse("x" * (MAX_TAG_LENGTH + 1))


@pytest.mark.django_db
def test_the_upload_form_and_the_import_apply_the_same_rule(tmp_path):
    typed = 'Planning, planning, "first week"'
    form = SubmissionForm(data={"title": "T", "tags": typed})
    form.is_valid()
    assert sorted(form.cleaned_data["tags"]) == sorted(tags_parse(typed))

    too_many = ", ".join(f"tag{n}" for n in range(MAX_TAGS + 1))
    form = SubmissionForm(data={"title": "T", "tags": too_many})
    assert not form.is_valid()
    assert form.errors["tags"] == [f"Use at most {MAX_TAGS} tags."]
