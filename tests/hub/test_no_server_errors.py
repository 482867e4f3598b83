"""No input makes a 500: the inputs that once did, then a property-based walk of every URL.

The walk resolves the whole URLconf (Django's own ``normalize`` turns each pattern, path() or
re_path(), into a format string), fills every path parameter with hostile values (huge
numbers, NUL, quotes, unicode, ``../``), adds hostile query strings, form bodies and headers
(Range, If-Range, Accept, X-Forwarded-For, Cookie), as an anonymous visitor and as a
signed-in contributor, and asserts that no answer is a 5xx. It runs on SQLite in
``make test`` and on PostgreSQL with ``DATABASE_URL``.
"""

import string
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clips.captions import CaptionsError, parse_vtt
from contributions.models import Level
from tests.contributions.moderation_helpers import person
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.django_db

BIG = "9" * 20

# The requests the audit found answering 500, each as (method, URL, extra headers).
FOUND = [
    ("get", '/api/v2/pages/?search="', {}),
    ("get", "/api/v2/pages/?search=%00", {}),
    ("get", "/api/v2/pages/?search=%00&type=clips.ClipPage", {}),
    ("get", "/api/v2/pages/?search=x&search_operator=xyz", {}),
    ("get", f"/api/v2/pages/?offset={BIG}", {}),
    ("get", f"/api/v2/pages/?offset={'1' * 4000}", {}),
    ("post", f"/clips/{BIG}/rate/", {}),
    ("post", f"/clips/{BIG}/rate/remove/", {}),
    ("post", f"/clips/{BIG}/view/", {}),
    ("post", f"/clips/{BIG}/progress/", {}),
    ("get", f"/me/clip/{BIG}/", {}),
    ("get", f"/me/topic/{BIG}/", {}),
    ("post", f"/me/follows/{BIG}/", {}),
    ("get", f"/media-files/captions/{BIG}.vtt", {}),
    ("get", f"/contribute/{BIG}/edit/", {}),
    ("post", f"/contribute/{BIG}/withdraw/", {}),
    ("get", "/search/?q=%00&topic=%00&tag=%00", {}),
    ("get", "/people/%00/", {}),
    ("get", "/", {"HTTP_COOKIE": "sessionid=abcdefgh\x00ijkl"}),
]


@pytest.fixture
def hub(sample_video, django_capture_on_commit_callbacks):
    """A topic with a published clip and a draft, and a contributor who may sign in."""
    topic = topic_make("Safety")
    with django_capture_on_commit_callbacks(execute=True):
        clip = clip_make(topic, sample_video, title="Hard hats")
    draft = clip_make(topic, title="Unfinished", publish=False)
    contributor = person(Level.CONTRIBUTOR, username="fuzzy")
    return {"topic": topic, "clip": clip, "draft": draft, "contributor": contributor}


@pytest.mark.parametrize(("method", "url", "headers"), FOUND)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_inputs_that_once_made_a_500_get_a_4xx_or_an_answer(
    client, hub, method, url, headers, signed_in
):
    if signed_in:
        client.force_login(hub["contributor"])
    response = getattr(client, method)(url, **headers)
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize(
    "header",
    ["bytes=" + "9" * 4000 + "-", "bytes=0-" + "9" * 4000, "bytes=-" + "9" * 4000],
)
def test_a_range_header_with_thousands_of_digits_gets_the_whole_file(client, hub, header):
    response = client.get(f"/media-files/{hub['clip'].video_id}/video/", HTTP_RANGE=header)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"


def test_the_api_search_takes_quotes_and_operators_as_plain_words(client, hub):
    response = client.get("/api/v2/pages/", {"search": '"hats', "type": "clips.ClipPage"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Hard hats"]


def test_the_api_says_what_is_wrong_with_a_bad_operator_or_offset(client, hub):
    operator = client.get("/api/v2/pages/", {"search": "hats", "search_operator": "xyz"})
    assert operator.status_code == 400
    assert operator.json() == {"message": "search_operator must be 'and' or 'or'"}
    offset = client.get("/api/v2/pages/", {"offset": BIG})
    assert offset.status_code == 400
    assert "offset must be at most" in offset.json()["message"]


def test_a_nul_in_a_query_is_refused_with_a_sentence(client, hub):
    response = client.get("/search/", {"q": "hats\x00"})
    assert response.status_code == 400
    assert "never valid here (NUL)" in response.content.decode()


def test_captions_with_a_nul_byte_are_refused_as_not_text():
    with pytest.raises(CaptionsError, match="NUL"):
        parse_vtt(b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHel\x00lo\n")


# The walk ----------------------------------------------------------------------------------


def url_templates() -> list[tuple[str, list[str]]]:
    """(format string, parameter names) for every URL the project answers."""
    templates = set()

    def walk(patterns, prefixes):
        for entry in patterns:
            forms = normalize(entry.pattern.regex.pattern)
            combined = [
                (prefix + form, tuple(params) + tuple(names))
                for prefix, params in prefixes
                for form, names in forms
            ]
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, combined)
            elif isinstance(entry, URLPattern):
                templates.update(combined)

    walk(get_resolver().url_patterns, [("", ())])
    return sorted((form, list(params)) for form, params in templates)


TEMPLATES = url_templates()
# The admins answer a contributor with a redirect to their login, so the walk spends most of
# its examples on the URLs people use, the hub's pages among them.
SITE_PAGES = [("topics/safety/hard-hats/", []), ("topics/safety/", []), ("topics/", []), ("", [])]
PUBLIC = SITE_PAGES + [
    t for t in TEMPLATES if not t[0].startswith(("admin/", "django-admin/", "accounts/"))
]

HOSTILE = [
    "0",
    "-1",
    BIG,
    "9" * 18,
    "18446744073709551616",
    "1e309",
    "\x00",
    "a\x00b",
    "'",
    '"',
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "..",
    "%00",
    "%",
    "ünïcødé",
    "☃" * 40,
    "\ud7ff",
    "x" * 300,
    " ",
    "",
    "null",
    "NaN",
    "[]",
    "{}",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(HOSTILE),
    st.integers(min_value=1, max_value=40).map(str),  # ids that exist
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=20),
)
PARAMS = [
    "q", "page", "sort", "topic", "tag", "duration", "search", "search_operator", "offset",
    "limit", "type", "fields", "order", "child_of", "descendant_of", "id", "slug", "next",
    "score", "position", "seconds", "completed", "action", "format",
]  # fmt: skip
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), st.text(max_size=8)), values, max_size=4
)
digits = st.text(alphabet=string.digits, max_size=40)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_RANGE": st.one_of(
            st.builds(lambda a, b: f"bytes={a}-{b}", digits, digits), values.map(str)
        ),
        "HTTP_IF_RANGE": values,
        "HTTP_ACCEPT": st.sampled_from(
            ["application/json", "*/*", "text/html;q=\x00", "\x00", "application/json" * 50]
        ),
        "HTTP_X_FORWARDED_FOR": st.one_of(values, st.just("1.2.3.4, ::1, \x00, x" * 20)),
        "HTTP_COOKIE": st.builds(lambda v: f"sessionid={v}; csrftoken={v}", values),
    },
)


def _fill(template: str, names: list[str], path_values: list[str]) -> str:
    filled = {
        name: quote(value, safe="/." if ".." in value else "")
        for name, value in zip(names, path_values, strict=False)
    }
    try:
        return "/" + template % filled
    except (KeyError, TypeError, ValueError):
        return "/" + template


# Every parameter of every URL people use, filled with each of these, by GET and POST, for a
# signed-in contributor (most views answer an anonymous visitor before reading anything).
SWEEP_VALUES = [BIG, "18446744073709551616", "-1", "\x00", "'", "../..", "ünï☃", "x" * 300]


@pytest.mark.parametrize(
    ("form", "names"), [t for t in PUBLIC if t[1]], ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_path_parameter_takes_hostile_values(client, hub, form, names):
    client.force_login(hub["contributor"])
    for value in SWEEP_VALUES:
        url = _fill(form, names, [value] * len(names))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (method, url, response.status_code)


def _latin1(value: str) -> str:
    """WSGI header values are latin-1 strings; hostile unicode is sent as its UTF-8 bytes."""
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.one_of(st.sampled_from(PUBLIC), st.sampled_from(TEMPLATES)),
    path_values=st.lists(values, min_size=3, max_size=3),
    query=queries,
    extra=headers,
    method=st.sampled_from(["get", "post"]),
    signed_in=st.booleans(),
)
def test_no_url_answers_a_server_error_whatever_it_is_sent(
    client, hub, template, path_values, query, extra, method, signed_in
):
    form, names = template
    url = _fill(form, names, path_values)
    client.logout()
    if signed_in:
        client.force_login(hub["contributor"])
    extra = {key: _latin1(value) for key, value in extra.items()}
    if method == "get":
        response = client.get(url + "?" + urlencode(query), **extra)
    else:
        response = client.post(url + "?" + urlencode(query), data=query, **extra)
    assert response.status_code < 500, (method, url, query, extra, response.status_code)
