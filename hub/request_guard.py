"""Refuse requests that carry a NUL character, before any view or database sees them.

No URL, query, cookie or form value of ours ever contains NUL, and PostgreSQL refuses it in
text ("A string literal cannot contain NUL"), so one stray %00 in a search, a tag or a
profile field would otherwise end as a 500 wherever the value reaches a query. Django's form
CharFields already refuse NUL; this catches everything that is read without a form (query
parameters, the API's filters, cookies such as the session key, beacons' form bodies).
Multipart bodies are left to the forms (reading them here would bypass the streaming upload
handler); uploaded text files are checked where they are parsed (``clips.captions``).
"""

from django.http import HttpResponseBadRequest

NUL = "\x00"
MESSAGE = (
    "This request contains a character that is never valid here (NUL). Remove it and try again."
)


def _has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in querydict.lists())


def carries_nul(request) -> bool:
    if NUL in request.path or _has_nul(request.GET):
        return True
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return True
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        return _has_nul(request.POST)
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
