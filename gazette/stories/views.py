"""The story pages readers see."""

from django.shortcuts import get_object_or_404, render

from gazette.articles.models import ArticlePage
from gazette.core.models import paginate

from .models import Story


def story_index(request):
    # Two articles or more, as on the home page: the engine starts a story for
    # every article it cannot place, and a list of those would repeat the
    # latest headlines. A one-article story keeps its page and its tag.
    stories = Story.objects.filter(article_count__gte=2).order_by(
        "-is_open", "-last_published_at"
    )
    return render(
        request, "stories/story_index.html", {"stories": paginate(request, stories)}
    )


def story_detail(request, slug):
    story = get_object_or_404(Story, slug=slug)
    articles = ArticlePage.objects.live().in_story(story).for_listing()
    return render(
        request,
        "stories/story_detail.html",
        {"story": story, "articles": paginate(request, articles)},
    )
