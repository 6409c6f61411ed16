"""Keep the threading engine's snapshot as compressed JSON instead of a JSON column."""

import json
import zlib

from django.db import migrations, models


def compress(apps, schema_editor):
    ThreadingState = apps.get_model("stories", "ThreadingState")
    for state in ThreadingState.objects.exclude(snapshot=None):
        text = json.dumps(state.snapshot, separators=(",", ":"))
        state.snapshot_data = zlib.compress(text.encode(), 1)
        state.save(update_fields=["snapshot_data"])


def expand(apps, schema_editor):
    ThreadingState = apps.get_model("stories", "ThreadingState")
    for state in ThreadingState.objects.exclude(snapshot_data=None):
        state.snapshot = json.loads(zlib.decompress(bytes(state.snapshot_data)))
        state.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("stories", "0006_decision_granularity")]

    operations = [
        migrations.AddField(
            model_name="threadingstate",
            name="snapshot_data",
            field=models.BinaryField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(compress, expand),
        migrations.RemoveField(model_name="threadingstate", name="snapshot"),
    ]
