"""``<id:…>``: the path converter for database ids in our URLs.

Django's ``<int:…>`` takes any number of digits, and a 20-digit id overflows SQLite's (and
PostgreSQL's) 64-bit integers inside the query: a 500 for a mistyped URL. An id here is 1 to
18 digits, always inside a signed 64-bit integer, so anything longer is simply no match: 404.
Importing this module registers the converter (each urls module that uses it imports it).
"""

from django.urls import register_converter

MAX_ID_DIGITS = 18


class IdConverter:
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
