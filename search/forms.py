"""The search page's parameters. Any value gives a search: bad ones fall back to defaults."""

from django import forms

from .queries import DURATION_BANDS, SORTS, Filters
from .text import MAX_QUERY_CHARS, query_clean, query_terms

MAX_FILTER_CHARS = 100


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False)
    topic = forms.CharField(required=False)
    tag = forms.CharField(required=False)
    duration = forms.CharField(required=False)
    sort = forms.CharField(required=False)

    def __init__(self, data=None, *args, **kwargs):
        # Only the first value of each parameter counts, as in request.GET.get(); NUL
        # characters become spaces here so that no field can be invalid.
        data = data or {}
        data = {name: str(data.get(name, "")).replace("\x00", " ") for name in self.base_fields}
        super().__init__(data, *args, **kwargs)

    def clean_q(self) -> str:
        return query_clean(self.cleaned_data.get("q"))

    def clean_topic(self) -> str:
        return query_clean(self.cleaned_data.get("topic"))[:MAX_FILTER_CHARS]

    def clean_tag(self) -> str:
        return query_clean(self.cleaned_data.get("tag"))[:MAX_FILTER_CHARS]

    def clean_duration(self) -> str:
        value = self.cleaned_data.get("duration")
        return value if value in DURATION_BANDS else ""

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort")
        return value if value in SORTS else ""

    def search(self) -> dict:
        """The validated search: display text, engine terms, filters and sort."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        q = data.get("q", "")
        terms = query_terms(q)
        sort = data.get("sort") or ("relevance" if terms else "newest")
        if sort == "relevance" and not terms:
            sort = "newest"
        return {
            "q": q,
            "terms": terms,
            "filters": Filters(
                topic=data.get("topic", ""),
                tag=data.get("tag", ""),
                duration=data.get("duration", ""),
            ),
            "sort": sort,
            "shortened": len(str(self.data.get("q", "")).strip()) > MAX_QUERY_CHARS,
        }
