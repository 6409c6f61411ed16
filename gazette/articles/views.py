"""Reader views of the articles app that are not Wagtail pages."""

from django.shortcuts import get_object_or_404, render

from gazette.core.models import paginate

from .models import ArticlePage, Author


def author_index(request):
    return render(
        request, "articles/author_index.html", {"authors": Author.objects.all()}
    )


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.live().by_author(author).for_listing()
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "articles": paginate(request, articles)},
    )
