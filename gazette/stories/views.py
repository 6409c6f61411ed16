"""The story pages readers see."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, render

from gazette.articles.models import ArticlePage
from gazette.core import keyset
from gazette.core.models import GazetteImage, paginate

from .models import Story


def story_index(request):
    # Not the one-article stories the engine starts for every article it
    # cannot place: a list of those would repeat the latest headlines.
    newest_picture = (
        ArticlePage.objects.live()
        .filter(story=OuterRef("pk"), image__isnull=False)
        .order_by("-first_published_at")
        .values("image_id")[:1]
    )
    stories = (
        Story.objects.listed()
        .annotate(picture_id=Subquery(newest_picture))
        .order_by("-is_open", "-last_published_at")
    )
    page = paginate(request, stories)
    page.object_list = _with_pictures(page.object_list)
    return render(request, "stories/story_index.html", {"stories": page})


def _with_pictures(stories) -> list[Story]:
    """Return the stories, each with its ``picture`` (the newest article's that
    has one, or None): two queries for the whole page of cards."""
    stories = list(stories)
    ids = {story.picture_id for story in stories if story.picture_id}
    pictures = (
        GazetteImage.objects.filter(pk__in=ids).prefetch_related("renditions")
        if ids
        else []
    )
    by_id = {picture.pk: picture for picture in pictures}
    for story in stories:
        story.picture = by_id.get(story.picture_id)
    return stories


def story_detail(request, slug):
    story = get_object_or_404(Story, slug=slug)
    articles = ArticlePage.objects.live().in_story(story).for_listing()
    return render(
        request,
        "stories/story_detail.html",
        {"story": story, "articles": keyset.paginate(request, articles)},
    )
