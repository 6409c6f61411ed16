"""The story pages readers see."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render

from gazette.articles.models import ArticlePage
from gazette.core import keyset
from gazette.core.models import GazetteImage, paginate

from .across import active_locale_id, cached_other_editions
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
    # The edition's stories only: the index under /es/stories/ lists the
    # Spanish edition's.
    stories = (
        Story.objects.listed()
        .in_edition(active_locale_id())
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
    if story.locale_id != active_locale_id():
        # Another edition's story, asked for under this edition's prefix:
        # its own edition's address (unless that is this very address, as on
        # a site whose addresses carry no edition).
        url = story.get_absolute_url()
        if url != request.path:
            query = request.META.get("QUERY_STRING")
            return redirect(f"{url}?{query}" if query else url, permanent=True)
    articles = ArticlePage.objects.live().in_story(story).for_listing()
    return render(
        request,
        "stories/story_detail.html",
        {
            "story": story,
            "articles": keyset.paginate(request, articles),
            "other_editions": cached_other_editions(story),
        },
    )
