import django.db.models.deletion
from django.db import migrations, models

import gazette.stories.models


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0010_editions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="story",
            name="locale",
            field=models.ForeignKey(
                default=gazette.stories.models.default_locale_id,
                help_text="The edition whose articles this story gathers.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="edition",
            ),
        ),
        migrations.AlterField(
            model_name="threadingstate",
            name="locale",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AlterField(
            model_name="threadingoperation",
            name="state",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="operations",
                to="stories.threadingstate",
            ),
        ),
        migrations.AlterField(
            model_name="threadingoperation",
            name="version",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="threadingoperation",
            constraint=models.UniqueConstraint(
                fields=("state", "version"), name="unique_threading_operation"
            ),
        ),
    ]
