"""Reader views of the articles app that are not Wagtail pages."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from gazette.core import editions, keyset

from .models import ArticlePage, Author


def author_index(request):
    live = Q(article_links__page__live=True)
    if editions.has_editions():
        # The edition's journalists: those who wrote its articles (and, in
        # the default edition, those who have written nothing yet), never
        # another edition's in another script.
        live &= Q(article_links__page__locale_id=editions.active_locale().pk)
    authors = (
        Author.objects.select_related("photo")
        .prefetch_related("photo__renditions")
        .annotate(article_total=Count("article_links", filter=live))
    )
    if editions.has_editions():
        shown = Q(article_total__gt=0)
        if editions.active_edition() == editions.default_language():
            authors = authors.annotate(byline_total=Count("article_links"))
            shown |= Q(byline_total=0)
        authors = authors.filter(shown)
    for author in authors:
        author.initials = initials(author.name)
    return render(request, "articles/author_index.html", {"authors": authors})


def author_detail(request, slug):
    author = get_object_or_404(
        Author.objects.select_related("photo").prefetch_related("photo__renditions"),
        slug=slug,
    )
    author.initials = initials(author.name)
    articles = ArticlePage.objects.live().by_author(author)
    elsewhere = []
    if editions.has_editions():
        # The edition's own articles; a journalist who has none in it is
        # pointed to the editions that carry their work.
        here = editions.active_edition()
        written_in = set(
            articles.values_list("locale__language_code", flat=True).distinct()
        )
        articles = articles.filter(locale_id=editions.active_locale().pk)
        if here not in written_in:
            elsewhere = [
                (code, editions.language_name(code), _author_url(author, code))
                for code in editions.edition_codes()
                if code in written_in
            ]
    return render(
        request,
        "articles/author_detail.html",
        {
            "author": author,
            "articles": keyset.paginate(request, articles.for_listing()),
            "elsewhere": elsewhere,
        },
    )


def _author_url(author: Author, code: str) -> str:
    with translation.override(code):
        return reverse("articles:author", kwargs={"slug": author.slug})


def initials(name: str) -> str:
    """Return the letters shown in place of a missing photo: "Mira Castell" -> "MC"."""
    words = name.split()
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()
