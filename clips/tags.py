"""The one rule for turning typed tags into tag names: taggit's, as the Wagtail editor uses.

Commas separate tags ("first week, planning"); without a comma, spaces do, and double quotes
keep words together — ``taggit.utils.parse_tags``. The upload form, resubmission and
``import_clips`` all go through ``tags_parse``, so a tag means the same wherever it was typed.
"""

from taggit.utils import parse_tags

MAX_TAGS = 10
MAX_TAG_LENGTH = 50


class TagError(ValueError):
    """Tags that cannot be used; the message says why, in words for the person who typed them."""


def tags_parse(raw: str | list[str] | tuple[str, ...]) -> list[str]:
    """Typed tags (text, or a list of names) → names, each only once whatever its case."""
    names = parse_tags(raw) if isinstance(raw, str) else [str(item) for item in raw]
    tags: list[str] = []
    seen: set[str] = set()
    for name in names:
        tag = " ".join(name.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    too_long = [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]
    if too_long:
        raise TagError(
            f"Each tag may be at most {MAX_TAG_LENGTH} characters long "
            f"({too_long[0][:40]!r} is {len(too_long[0])})."
        )
    if len(tags) > MAX_TAGS:
        raise TagError(f"Use at most {MAX_TAGS} tags.")
    return tags
