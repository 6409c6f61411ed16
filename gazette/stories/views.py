"""The story pages readers see."""

from django.shortcuts import get_object_or_404, render

from gazette.articles.models import ArticlePage
from gazette.core.models import paginate

from .models import Story


def story_index(request):
    # Not the one-article stories the engine starts for every article it
    # cannot place: a list of those would repeat the latest headlines.
    stories = Story.objects.listed().order_by("-is_open", "-last_published_at")
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
