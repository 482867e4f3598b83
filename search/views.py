"""The search page and the type-ahead endpoint: read the form, ask search.queries, render."""

from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clips import queries as clip_queries

from . import queries
from .forms import SearchForm
from .services import searcher_key
from .tasks import search_log_task


@require_safe
@never_cache
def search(request):
    """Results for ?q=…&topic=…&tag=…&duration=…&sort=…&page=…; any input gives a page."""
    params = SearchForm(request.GET).search()
    terms, filters, sort = params["terms"], params["filters"], params["sort"]
    context = {
        **params,
        "search_query": params["q"],
        "sorts": queries.SORTS
        if terms
        else {k: v for k, v in queries.SORTS.items() if k != "relevance"},
        "durations": queries.DURATION_BANDS,
    }
    if not terms and not filters.any():
        context["popular"] = queries.popular_searches()
        context["trending"] = queries.trending_clips(viewer=request)
        return render(request, "search/search.html", context)

    normalised = " ".join(terms)
    first_page = request.GET.get("page", "1") in ("", "1")
    picks = (
        queries.editors_picks(normalised, viewer=request)
        if first_page and not filters.any()
        else []
    )
    results = queries.clip_results(
        terms,
        filters,
        sort,
        viewer=request,
        exclude={pick.page_id for pick in picks if pick.page_id},
    )
    page_obj = Paginator(results.ids, queries.PER_PAGE).get_page(request.GET.get("page"))
    total = page_obj.paginator.count
    topics, people = queries.side_hits(terms, viewer=request)
    context.update(
        searched=True,
        picks=picks,
        page_obj=page_obj,
        clips=queries.clip_cards_for(page_obj.object_list, terms, viewer=request),
        total=total,
        capped=results.capped,
        facets=results.facets,
        topic=results.topic,
        topics=topics,
        people=people,
    )
    found = total + len(picks) + len(context["topics"]) + len(context["people"])
    if terms and first_page:
        # Off the request's path: a task (immediate in development, the worker in production).
        searcher = searcher_key(request)
        transaction.on_commit(
            lambda: search_log_task.enqueue(
                query_string=normalised, result_count=found, searcher=searcher
            )
        )
    if not found:
        context["popular"] = queries.popular_searches()
        context["suggested_topics"] = clip_queries.busiest_topics(8, viewer=request)
    return render(request, "search/search.html", context)


@require_safe
def suggest(request):
    """Type-ahead JSON: {"results": [{"title", "url", "kind"}, …]}, at most ten."""
    params = SearchForm({"q": request.GET.get("q", "")}).search()
    text = " ".join(params["terms"])
    results = queries.suggestions(text, request) if len(text) >= 2 else []
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "no-store"
    return response
