"""CampaignEvent becomes a org.timeline.TimelineEvent: `by_system` added, `at` indexed, `action` as long as
the base's. Rows are kept as they are; events written by jobs without an actor are marked as the system's."""

from django.db import migrations, models

JOBS = {
    "accept": "notice_outcome",
    "name": "notice_outcome",
    "results_withdrawn": "notice_outcome",
    "remind": "campaign_reports",
    "flag": "campaign_reports",
}


def mark_system(apps, schema_editor):
    CampaignEvent = apps.get_model("campaigns", "CampaignEvent")
    for action, job in JOBS.items():
        CampaignEvent.objects.filter(action=action, actor__isnull=True, actor_name="").update(
            by_system=True, actor_name=f"system:{job}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaignevent',
            name='by_system',
            field=models.BooleanField(default=False, help_text='Done by a job of the system, not by a person.', verbose_name='by the system'),
        ),
        migrations.AlterField(
            model_name='campaignevent',
            name='action',
            field=models.CharField(choices=[('launch', 'campaign launched'), ('apply', 'applied'), ('refuse', 'application refused'), ('notice_apps', 'applications put on public notice'), ('accept', 'application accepted'), ('report', 'progress report filed'), ('remind', 'report reminder sent'), ('flag', 'report flagged overdue'), ('self_assess', 'self-assessment filed'), ('inspect', 'inspection scored'), ('finding', 'problem found, rectification case opened'), ('veto', 'veto recorded'), ('propose', 'results proposed'), ('name', 'units named'), ('results_withdrawn', 'results notice withdrawn'), ('warn', 'title warning'), ('rectify', 'rectification deadline set'), ('revoke', 'title revoked')], max_length=32, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='campaignevent',
            name='at',
            field=models.DateTimeField(db_index=True, verbose_name='time'),
        ),
        migrations.AlterField(
            model_name='campaignevent',
            name='note',
            field=models.TextField(blank=True, verbose_name='note'),
        ),
        migrations.RunPython(mark_system, migrations.RunPython.noop),
    ]
