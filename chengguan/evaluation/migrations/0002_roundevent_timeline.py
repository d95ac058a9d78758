"""RoundEvent on the shared timeline base (org.timeline.TimelineEvent): the actor's department and the
by-system mark added, the action widened; existing rows kept, those without an actor (the closing job, a
notice's outcome, the flags of the rate limits) marked as done by the system."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    RoundEvent = apps.get_model("evaluation", "RoundEvent")
    RoundEvent.objects.filter(actor__isnull=True, actor_name="").update(by_system=True)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("org", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="roundevent",
            name="actor_department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="org.department",
                verbose_name="actor's department",
            ),
        ),
        migrations.AddField(
            model_name="roundevent",
            name="by_system",
            field=models.BooleanField(
                default=False, help_text="Done by a job of the system, not by a person.", verbose_name="by the system"
            ),
        ),
        migrations.AlterField(
            model_name="roundevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "created"),
                    ("edit", "set-up changed"),
                    ("open", "opened for voting"),
                    ("close", "voting closed"),
                    ("flag", "ballots flagged"),
                    ("rate_limit", "ballot refused by the rate limit"),
                    ("void", "ballot voided"),
                    ("clear", "flag cleared"),
                    ("inspection", "inspection result entered"),
                    ("rank", "ranked"),
                    ("publish", "ranking published as a notice"),
                    ("confirm", "ranking notice confirmed"),
                    ("withdraw", "ranking notice withdrawn"),
                    ("triage", "opinion triaged"),
                    ("merge", "opinions merged"),
                    ("split", "opinion split"),
                    ("rectify", "rectification case raised"),
                    ("dismiss", "opinion set aside"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
