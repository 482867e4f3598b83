"""Keep NUL characters away from every view and the database.

No URL, query, cookie or form value of ours means anything with a NUL in it, and PostgreSQL
refuses NUL in text ("A string literal cannot contain NUL"), so one stray %00 in a search, a
tag or a profile field would otherwise end as a 500 wherever the value reaches a query. In
one place, before any view runs:

- a path with NUL names nothing: 400, with a sentence;
- query parameters and urlencoded form fields lose their NUL characters (as the search box
  already drops control characters), so a pasted query still finds what it says;
- a cookie carrying NUL (a session key, a CSRF token) is ignored, as if it were not sent.

Multipart bodies are left to the forms (reading them here would bypass the streaming upload
handler; Django's form CharFields refuse NUL); uploaded text files are checked where they are
parsed (``clips.captions``).
"""

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, QueryDict

NUL = "\x00"
MESSAGE = "This address contains a character that is never valid here (NUL)."


def _has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in querydict.lists())


def without_nul(querydict) -> QueryDict:
    """The same fields without NUL, immutable like the request's own."""
    pairs = [
        (key.replace(NUL, ""), value.replace(NUL, ""))
        for key, values in querydict.lists()
        for value in values
    ]
    encoding = querydict.encoding
    return QueryDict(urlencode(pairs, encoding=encoding), encoding=encoding)


class NulGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        if _has_nul(request.GET):
            request.GET = without_nul(request.GET)
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            if _has_nul(request.POST):
                request.POST = without_nul(request.POST)
        for name, value in list(request.COOKIES.items()):
            if NUL in name or NUL in value:
                del request.COOKIES[name]
        return self.get_response(request)
