"""Ship the standard's indicator set (idempotent: only missing definitions are added)."""

from django.db import migrations


def load(apps, schema_editor):
    from chengguan.assessment.defaults import load_defaults

    load_defaults(apps.get_model("assessment", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
