"""The search page readers see."""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from gazette.core import editions
from gazette.core.models import paginate

from . import snippets, syntax
from .forms import SearchForm
from .query import RankedResults, browse

RESULTS_PER_PAGE = 10


def search(request):
    # The reader's edition: the active language, from the address's prefix.
    form = SearchForm(request.GET or None, locale=editions.active_edition())
    active_filters = sum(
        1 for name in form.fields if name != "q" and request.GET.get(name, "").strip()
    )
    context = {
        "form": form,
        "query": "",
        "results": None,
        "active_filters": active_filters,
        # The filters fold away on phones unless the reader is using them.
        "filters_open": bool(active_filters) or (form.is_bound and bool(form.errors)),
    }
    if form.is_bound and form.is_valid():
        query, filters = form.query(), form.filters()
        if query:
            matches = RankedResults(query, filters)
        elif filters:
            matches = browse(filters)
        else:
            matches = None
        if matches is not None:
            results = paginate(request, matches, RESULTS_PER_PAGE)
            # Each result's picture: two queries for the page, not two each.
            results.object_list = list(results.object_list)
            prefetch_related_objects(results.object_list, "image__renditions")
            # The words to mark: not the ones the reader left out ("-word").
            marked = " ".join(syntax.parse(query).words())
            for article in results:
                article.search_excerpt = snippets.excerpt(
                    [article.lede, _body_text(article)], marked
                )
                article.search_title = snippets.highlight(article.title, marked)
            context.update(
                query=query, results=results, querystring=_without_page(request)
            )
    response = render(request, "search/search.html", context)
    # Any query string makes a page: kept out of the shared page cache, where
    # they would push the front pages out.
    patch_cache_control(response, private=True)
    return response


def _body_text(article) -> str:
    # Search results carry the search row's text (``query.load``); articles
    # listed by filters alone carry their body.
    text = getattr(article, "search_text", None)
    if text is not None:
        return text
    return snippets.body_text(article.body.raw_data)


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
