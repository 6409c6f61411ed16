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
            from .models import RelatedArticle, Story, related_articles_for
            from .services import current_decision

            context = super().get_context_data(parent_context)
            article = self.instance
            context["article"] = article
            if not article or not article.pk:
                return context
            decision = current_decision(article)
            context["decision"] = decision
            if decision:
                ids = [int(k) for k, _ in decision.candidates if str(k).isdigit()]
                stories = Story.objects.in_bulk(ids)
                context["candidates"] = [
                    (stories[int(k)], score)
                    for k, score in decision.candidates
                    if str(k).isdigit()
                    and int(k) in stories
                    and int(k) != article.story_id
                ]
            stored = {
                row.related_id: row
                for row in RelatedArticle.objects.filter(article_id=article.pk)
            }
            context["related"] = [
                (page, stored.get(page.pk)) for page in related_articles_for(article, 6)
            ]
            context["excluded"] = (
                RelatedArticle.objects.filter(article_id=article.pk, excluded=True)
                .select_related("related")
                .order_by("pk")
            )
            return context
