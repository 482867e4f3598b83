"""The NUL guard's cleaned query: the same fields without NUL, as immutable as Django's own."""

import pytest
from django.http import QueryDict

from hub.request_guard import without_nul


def test_without_nul_keeps_every_field_and_value_but_the_nul_characters():
    dirty = QueryDict("q=ha%00ts&tag=a&tag=b%00&empty=&flag&na%00me=%C3%BCn%C3%AF%E2%98%83")

    clean = without_nul(dirty)

    assert dict(clean.lists()) == {
        "q": ["hats"],
        "tag": ["a", "b"],
        "empty": [""],
        "flag": [""],
        "name": ["ünï☃"],
    }


def test_the_cleaned_query_is_immutable_like_the_requests_own():
    clean = without_nul(QueryDict("q=a%00"))
    with pytest.raises(AttributeError, match="immutable"):
        clean["q"] = "b"


def test_the_cleaned_query_keeps_the_requests_encoding():
    dirty = QueryDict(b"q=caf%E9%00".decode("ascii"), encoding="latin-1")
    clean = without_nul(dirty)
    assert clean.encoding == "latin-1"
    assert clean["q"] == "café"
