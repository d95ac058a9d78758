"""AssessmentEvent on the shared timeline base (org.timeline.TimelineEvent): `kind` renamed `action`, the
actor's name widened to 150 characters, the by-system mark added; existing rows kept, those without an
actor (the scheduled reports, the defaults loaded at set-up) marked as done by the system."""

from django.db import migrations, models


def fill(apps, schema_editor):
    AssessmentEvent = apps.get_model("assessment", "AssessmentEvent")
    AssessmentEvent.objects.filter(actor__isnull=True, actor_name="").update(by_system=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_default_indicators"),
    ]

    operations = [
        migrations.RenameField(model_name="assessmentevent", old_name="kind", new_name="action"),
        migrations.AlterField(
            model_name="assessmentevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("computed", "snapshot computed"),
                    ("recomputed", "snapshot recomputed"),
                    ("report", "report generated"),
                    ("defaults", "default indicators loaded"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="assessmentevent",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="actor name"),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="by_system",
            field=models.BooleanField(
                default=False, help_text="Done by a job of the system, not by a person.", verbose_name="by the system"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
