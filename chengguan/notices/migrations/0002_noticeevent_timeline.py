"""NoticeEvent on the shared timeline base (org.timeline.TimelineEvent): the actor's department and the
by-system mark added, the action widened; existing rows kept, those without an actor (the periodic job, a
member of the public objecting) marked as done by the system."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    NoticeEvent = apps.get_model("notices", "NoticeEvent")
    NoticeEvent.objects.filter(actor__isnull=True, actor_name="").update(by_system=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("org", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="noticeevent",
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
            model_name="noticeevent",
            name="by_system",
            field=models.BooleanField(
                default=False, help_text="Done by a job of the system, not by a person.", verbose_name="by the system"
            ),
        ),
        migrations.AlterField(
            model_name="noticeevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "created"),
                    ("edit", "draft edited"),
                    ("publish", "published"),
                    ("object", "objection filed"),
                    ("decide", "objection decided"),
                    ("end_period", "objection period over"),
                    ("confirm", "confirmed"),
                    ("revise", "revised and republished"),
                    ("withdraw", "withdrawn"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="noticeevent",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="time"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
