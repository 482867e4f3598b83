"""The one pagination helper: any ?page= value gives a page, never an error."""

from django.core.paginator import Page, Paginator


def paginate(request, object_list, per_page: int, param: str = "page") -> Page:
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get(param, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)
