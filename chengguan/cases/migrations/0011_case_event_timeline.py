"""CaseEvent becomes a `org.timeline.TimelineEvent`: actor_name widened to 150 characters and `by_system`
added. Every existing row is kept; the supervision job's events (no user, action "supervise") are marked
as done by the system, their recorded actor name left as it was."""

from django.db import migrations, models


def mark_system_events(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    CaseEvent.objects.filter(action="supervise", actor__isnull=True).update(by_system=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_case_state_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="by_system",
            field=models.BooleanField(
                default=False,
                help_text="Done by a job of the system, not by a person.",
                verbose_name="by the system",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="actor name"),
        ),
        migrations.RunPython(mark_system_events, migrations.RunPython.noop),
    ]
