from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "gazette.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401

        self._add_threading_panel()

    @staticmethod
    def _add_threading_panel() -> None:
        # The article editor shows threading next to the story field. The panel
        # is added from here, before Wagtail builds the editor, so that the
        # articles app never imports story code (docs/architecture.md).
        from gazette.articles.models import ArticlePage

        from .panels import StoryThreadingPanel

        panels = ArticlePage.content_panels
        if any(isinstance(p, StoryThreadingPanel) for p in panels):
            return
        at = next(
            (
                n + 1
                for n, panel in enumerate(panels)
                if getattr(panel, "field_name", None) == "story"
            ),
            len(panels),
        )
        ArticlePage.content_panels = [
            *panels[:at],
            StoryThreadingPanel(),
            *panels[at:],
        ]
