"""Daily read counts per article: the only thing kept about reading."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleReadDay(models.Model):
    """How many times an article was read on one day (UTC), robots left out."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="read_days"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article reads on a day")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="one_read_row_a_day"
            )
        ]
        indexes = [models.Index(fields=["day", "-count"], name="reads_by_day_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} on {self.day}: {self.count}"
