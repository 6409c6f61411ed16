"""The article editor's "Story threading" panel.

Shows the story the engine chose or suggests, its confidence and the next best
candidates, with one-click actions, and the stored related articles with pin
and exclude. The panel sits inside the page form, so its buttons submit that
form to the stories admin views (``formaction``): forms cannot nest, and the
page form already carries the CSRF token. Unsaved edits in the form are not
kept by these actions; save the draft first.
"""

from wagtail.admin.panels import Panel


class StoryThreadingPanel(Panel):
    """Where threading placed this article, and what editors can do about it."""

    def __init__(self, heading: str = "Story threading", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/threading_panel.html"

        def get_context_data(self, parent_context=None):
            from .models import DecidedBy, RelatedArticle, ThreadingDecision
            from .services import current_decision

            context = super().get_context_data(parent_context)
            article = self.instance
            context["article"] = article
            if not article or not article.pk:
                return context
            context["settings"] = threading_settings(article)
            decision = current_decision(article)
            context["decision"] = decision
            engine = decision
            if decision and decision.decided_by == DecidedBy.EDITOR:
                # An editor's decision carries no candidates: the engine's last
                # ones stay on offer, so that the editor can still move the
                # article in one click.
                engine = (
                    ThreadingDecision.objects.filter(
                        article_id=article.pk, decided_by=DecidedBy.ENGINE
                    )
                    .select_related("story")
                    .order_by("-pk")
                    .first()
                )
                context["engine_decision"] = engine
            if engine:
                # Not the article's story, nor the one "Accept" would give.
                exclude = {article.story_id}
                if engine is decision:
                    exclude.add(decision.story_id)
                context["candidates"] = _candidates(engine, exclude=exclude)
            stored = {
                row.related_id: row
                for row in RelatedArticle.objects.filter(article_id=article.pk)
            }
            context["related"] = [
                (page, stored.get(page.pk)) for page in article.related_articles(6)
            ]
            context["excluded"] = (
                RelatedArticle.objects.filter(article_id=article.pk, excluded=True)
                .select_related("related")
                .order_by("pk")
            )
            return context


def _candidates(decision, *, exclude: set) -> list:
    """Return ``decision``'s candidate stories that still exist, best first,
    as (story, score), leaving out the story ids in ``exclude``."""
    from .models import Story

    keys = [(int(k), score) for k, score in decision.candidates if str(k).isdigit()]
    stories = Story.objects.in_bulk([k for k, _ in keys])
    return [
        (stories[k], score) for k, score in keys if k in stories and k not in exclude
    ]


def threading_settings(article) -> dict:
    """Return the mode and granularity that apply to ``article`` now, each
    with whether its section sets it (else it is the site's setting)."""
    from . import services
    from .models import Granularity, ThreadingMode

    current = services.section_threading(article)
    return {
        "section": article.get_parent(),
        "mode": _short_label(ThreadingMode, current.mode),
        "mode_is_section": current.mode_is_section,
        "granularity": _short_label(Granularity, current.granularity),
        "granularity_is_section": current.granularity_is_section,
    }


def _short_label(choices, value: str) -> str:
    """Return the label of ``value`` up to its colon ("Automatic", "Events")."""
    label = dict(choices.choices).get(value, value)
    return str(label).split(":")[0]
