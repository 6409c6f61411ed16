"""The API's routes on django-ninja: list and detail of each kind, and the errors.

Every list answers ``{"<kind>": [...], "meta": {"pagination": {...}}}``;
every detail ``{"<kind>": {...}}``; every error
``{"error": {"status": ..., "message": ..., "errors": [...]}}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from pydantic import BaseModel

from gazette.core import keyset
from gazette.core.middleware import OUTAGE_ERRORS, OUTAGE_RETRY_AFTER, outage_log

from . import queries, representations
from .schemas import (
    MAX_ID,
    ArticleEnvelope,
    ArticleFilters,
    ArticleList,
    AuthorEnvelope,
    AuthorList,
    Error,
    PageParams,
    SectionEnvelope,
    SectionList,
    StoryEnvelope,
    StoryFilters,
    StoryList,
)

api = NinjaAPI(
    title="Gazette API",
    version="1",
    description=(
        "Read-only, public JSON API of the newsroom's published journalism: "
        "articles, running stories, sections and authors. Only live articles "
        "without view restrictions appear. Lists are paged by page number; "
        "article lists go on by cursor (after, before) past their first pages; "
        "every response carries an ETag (send If-None-Match to get a 304) and "
        "a Cache-Control header."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)

# Every error an endpoint can answer, declared in the OpenAPI schema: the
# JSON ones from the app, and the 414 that gunicorn (or nginx) answers, in
# plain text, before the app sees an over-long address.
ERRORS: dict[int, Any] = {400: Error, 404: Error, 414: None, 503: Error}
ERROR_DESCRIPTIONS = {
    400: "Bad request: an unknown query parameter, or a value of the wrong type, "
    "out of range or holding a NUL character (the message names it).",
    404: "Not found, not published, a filter naming nothing, or a page past the last.",
    414: "URI too long: the address (with its query string) is longer than the "
    "server reads (4,094 bytes for gunicorn's request line). Answered by the "
    "server in front of the app, in plain text, not JSON.",
    503: "The newsroom's database is unreachable for a moment: retry after the "
    "seconds given by the Retry-After header.",
}


def _declared(*statuses: int) -> dict[str, Any]:
    # Ninja names a response by its status alone ("Bad Request"): say why.
    descriptions = {status: ERROR_DESCRIPTIONS[status] for status in statuses}
    responses: dict[int, dict[str, Any]] = {
        status: {"description": text} for status, text in descriptions.items()
    }
    if 503 in responses:
        responses[503]["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer"},
            }
        }
    return {"responses": responses}


OPENAPI_ERRORS = _declared(*ERRORS)


def error(request: HttpRequest, status: int, message: str, errors=()) -> HttpResponse:
    body = {"error": {"status": status, "message": message, "errors": list(errors)}}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Ninja's default is 422; a bad query parameter is a plain bad request.
    lines = []
    for problem in exc.errors:
        where = [str(part) for part in problem.get("loc", ()) if part not in _SOURCES]
        name = ".".join(where) or "parameters"
        message = str(problem.get("msg", "invalid value"))
        lines.append(f"{name}: {message.removeprefix('Value error, ')}")
    return error(request, 400, "Bad request: " + "; ".join(lines), lines)


_SOURCES = {"query", "path", "filters", "params", "body"}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, str(exc) or "Not found.")


def _outage(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
    # The site's pages answer the same (core.DatabaseOutageMiddleware), in HTML.
    outage_log.error(
        "Database unreachable, answered 503: %s",
        request.path,
        exc_info=exc if isinstance(exc, BaseException) else True,
    )
    response = error(
        request,
        503,
        "The newsroom's database is unreachable for a moment. "
        f"Try again in {OUTAGE_RETRY_AFTER} seconds.",
    )
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    return response


for _lost in OUTAGE_ERRORS:
    api.add_exception_handler(_lost, _outage)


def only(request: HttpRequest, *models: type[BaseModel]) -> None:
    """Refuse query parameters that no model of the endpoint declares."""
    known = {name for model in models for name in model.model_fields}
    unknown = sorted(set(request.GET) - known)
    if unknown:
        accepted = ", ".join(sorted(known)) or "none"
        raise HttpError(
            400,
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: "
            f"{', '.join(unknown)}. This endpoint accepts: {accepted}.",
        )


def paged(
    request: HttpRequest,
    items,
    params: PageParams,
    key: str,
    show: Callable[[Iterable], list[dict[str, Any]]],
) -> dict[str, Any]:
    """Return page ``params.page`` of ``items`` in the list envelope."""
    paginator = Paginator(items, params.page_size)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        raise HttpError(
            404,
            f"page: {params.page} is past the last page ({paginator.num_pages}).",
        ) from None

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    def next_link() -> str | None:
        if not page.has_next():
            return None
        if page.number >= keyset.NUMBERED_PAGES and isinstance(items, queries.Listing):
            # Deeper pages of an article list go on by cursor (docs/api.md).
            return _cursor_link(request, "after", list(page.object_list)[-1])
        return link(page.next_page_number())

    return {
        key: show(page.object_list),
        "meta": {
            "pagination": {
                "page": page.number,
                "page_size": params.page_size,
                "total_count": paginator.count,
                "total_pages": paginator.num_pages,
                "next": next_link(),
                "previous": link(page.previous_page_number())
                if page.has_previous()
                else None,
            }
        },
    }


def _id(name: str):
    return Path(..., ge=1, le=MAX_ID, description=f"The {name}'s id.")


@api.get(
    "/articles/",
    response={200: ArticleList, **ERRORS},
    operation_id="list_articles",
    summary="List articles",
    openapi_extra=OPENAPI_ERRORS,
    tags=["articles"],
)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]):
    """Return live articles, newest first, or by relevance with ``q``."""
    only(request, ArticleFilters)
    try:
        found = queries.filters_from(
            locale=filters.locale,
            section=filters.section,
            story=filters.story,
            author=filters.author,
            since=filters.since,
            until=filters.until,
        )
    except queries.NotFound as exc:
        # A filter naming nothing is a missing resource, as in a detail URL.
        raise HttpError(404, str(exc)) from None
    except queries.UnknownEdition as exc:
        # Editions are a short, fixed list: an unknown one is a bad value.
        raise HttpError(400, str(exc)) from None
    query = " ".join((filters.q or "").split())
    sections = queries.sections_by_path()

    def show(page) -> list[dict[str, Any]]:
        articles = queries.complete(page, searched=bool(query))
        versions = queries.translations(articles)
        return [
            representations.article(request, a, sections, versions) for a in articles
        ]

    items = queries.articles(found, query)
    if filters.after is not None or filters.before is not None:
        return cursor_paged(request, items, filters, show)
    return paged(request, items, filters, "articles", show)


def cursor_paged(
    request: HttpRequest,
    items,
    filters: ArticleFilters,
    show: Callable[[Iterable], list[dict[str, Any]]],
) -> dict[str, Any]:
    """Return the articles after (or before) a cursor, in the list envelope."""
    if filters.after is not None and filters.before is not None:
        raise HttpError(400, "after, before: give one cursor, not both.")
    if "page" in request.GET:
        raise HttpError(400, "page: a cursor's page has no number; leave page out.")
    if not isinstance(items, queries.Listing):
        raise HttpError(
            400,
            "q: search results are paged by page number, not by cursor.",
        )
    name = "after" if filters.after is not None else "before"
    try:
        position = keyset.decode(filters.after or filters.before or "")
    except keyset.InvalidCursor:
        raise HttpError(
            400,
            f"{name}: not a cursor this API gave; follow a list's next and "
            "previous links.",
        ) from None
    if name == "after":
        page, more = items.after(position, filters.page_size)
        next_item = page[-1] if more else None
        previous_item = page[0] if page else None
    else:
        page, more = items.before(position, filters.page_size)
        previous_item = page[0] if more else None
        next_item = page[-1] if page else None
    return {
        "articles": show(page),
        "meta": {
            "pagination": {
                "page": None,
                "page_size": filters.page_size,
                "total_count": None,
                "total_pages": None,
                "next": _cursor_link(request, "after", next_item),
                "previous": _cursor_link(request, "before", previous_item),
            }
        },
    }


def _cursor_link(request: HttpRequest, name: str, article) -> str | None:
    if article is None:
        return None
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    query[name] = keyset.encode(keyset.position_of(article))
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get(
    "/articles/{article_id}/",
    response={200: ArticleEnvelope, **ERRORS},
    operation_id="get_article",
    summary="Get an article with its body",
    openapi_extra=OPENAPI_ERRORS,
    tags=["articles"],
)
def get_article(request: HttpRequest, article_id: int = _id("article")):
    only(request)
    article = queries.article(article_id)
    if article is None:
        raise Http404(f"There is no published article with id {article_id}.")
    data = representations.article(
        request, article, queries.sections_by_path(), queries.translations([article])
    )
    data["body"] = representations.body(request, article)
    return {"article": data}


@api.get(
    "/stories/",
    response={200: StoryList, **ERRORS},
    operation_id="list_stories",
    summary="List stories",
    openapi_extra=OPENAPI_ERRORS,
    tags=["stories"],
)
def list_stories(request: HttpRequest, filters: Query[StoryFilters]):
    """Return the stories readers see (a tag, the story index), most recently
    active first."""
    only(request, StoryFilters)

    def show(page):
        return [representations.story(request, s) for s in page]

    items = queries.stories(is_open=filters.open)
    return paged(request, items, filters, "stories", show)


@api.get(
    "/stories/{story_id}/",
    response={200: StoryEnvelope, **ERRORS},
    operation_id="get_story",
    summary="Get a story",
    openapi_extra=OPENAPI_ERRORS,
    tags=["stories"],
)
def get_story(request: HttpRequest, story_id: int = _id("story")):
    only(request)
    story = queries.stories(listed=False).filter(pk=story_id).first()
    if story is None:
        raise Http404(f"There is no story with published articles and id {story_id}.")
    return {"story": representations.story(request, story)}


@api.get(
    "/sections/",
    response={200: SectionList, **ERRORS},
    operation_id="list_sections",
    summary="List sections",
    openapi_extra=OPENAPI_ERRORS,
    tags=["sections"],
)
def list_sections(request: HttpRequest, params: Query[PageParams]):
    """Return the live sections in the order of the site's menu."""
    only(request, PageParams)

    def show(page):
        return [representations.section(request, s) for s in page]

    return paged(request, queries.sections(), params, "sections", show)


@api.get(
    "/sections/{section_id}/",
    response={200: SectionEnvelope, **ERRORS},
    operation_id="get_section",
    summary="Get a section",
    openapi_extra=OPENAPI_ERRORS,
    tags=["sections"],
)
def get_section(request: HttpRequest, section_id: int = _id("section")):
    only(request)
    section = queries.sections().filter(pk=section_id).first()
    if section is None:
        raise Http404(f"There is no published section with id {section_id}.")
    return {"section": representations.section(request, section)}


@api.get(
    "/authors/",
    response={200: AuthorList, **ERRORS},
    operation_id="list_authors",
    summary="List authors",
    openapi_extra=OPENAPI_ERRORS,
    tags=["authors"],
)
def list_authors(request: HttpRequest, params: Query[PageParams]):
    """Return the authors with a byline on a live article, by name."""
    only(request, PageParams)

    def show(page):
        return [representations.author(request, a) for a in page]

    return paged(request, queries.authors(), params, "authors", show)


@api.get(
    "/authors/{author_id}/",
    response={200: AuthorEnvelope, **ERRORS},
    operation_id="get_author",
    summary="Get an author",
    openapi_extra=OPENAPI_ERRORS,
    tags=["authors"],
)
def get_author(request: HttpRequest, author_id: int = _id("author")):
    only(request)
    author = queries.authors().filter(pk=author_id).first()
    if author is None:
        raise Http404(f"There is no author with published articles and id {author_id}.")
    return {"author": representations.author(request, author)}


KINDS = ("articles", "stories", "sections", "authors")


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Answer ``/api/v1/`` with the addresses of the endpoints and the docs."""
    base = request.build_absolute_uri(request.path)
    body = {
        "api": {
            "title": api.title,
            "version": api.version,
            "endpoints": {kind: f"{base}{kind}/" for kind in KINDS},
            "openapi": f"{base}openapi.json",
            "docs": f"{base}docs/",
        }
    }
    return JsonResponse(body)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Answer any other address under /api/ with a JSON 404."""
    body = {
        "error": {
            "status": 404,
            "message": f"There is no API endpoint at {request.path}. "
            "The endpoints are listed at /api/v1/docs/ and /api/v1/openapi.json.",
            "errors": [],
        }
    }
    return JsonResponse(body, status=404)
