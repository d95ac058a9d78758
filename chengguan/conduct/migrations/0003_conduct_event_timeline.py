"""ConductEvent becomes a org.timeline.TimelineEvent: `by_system` added, `at` indexed, and `action` limited to
ConductAction. Every existing row is kept: the free-text actions are mapped onto the choices (an unknown one
becomes "other" with the old text kept in `changes["legacy_action"]`), and the outcome events written by
notices without an actor are marked as the system's."""

from django.db import migrations, models

KNOWN = {
    "create",
    "record",
    "close",
    "raise_case",
    "statement",
    "decide",
    "dismiss",
    "award",
    "nominate",
    "confirmed",
    "withdrawn",
    "other",
}
SYNONYMS = {
    "created": "create",
    "open": "create",
    "opened": "create",
    "recorded": "record",
    "closed": "close",
    "raise case": "raise_case",
    "raise-case": "raise_case",
    "decided": "decide",
    "dismissed": "dismiss",
    "awarded": "award",
    "nominated": "nominate",
    "confirm": "confirmed",
    "withdraw": "withdrawn",
}


def map_actions(apps, schema_editor):
    ConductEvent = apps.get_model("conduct", "ConductEvent")
    for event in ConductEvent.objects.exclude(action__in=KNOWN).iterator():
        old = event.action or ""
        mapped = SYNONYMS.get(old.strip().lower(), old.strip().lower())
        if mapped not in KNOWN:
            changes = dict(event.changes or {})
            changes["legacy_action"] = old
            event.changes, mapped = changes, "other"
        event.action = mapped
        event.save(update_fields=["action", "changes"])
    ConductEvent.objects.filter(
        action__in=["confirmed", "withdrawn"], actor__isnull=True, actor_name=""
    ).update(by_system=True, actor_name="system:notice_outcome")


class Migration(migrations.Migration):

    dependencies = [
        ('conduct', '0002_default_rules'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='conductevent',
            options={'ordering': ['at', 'id'], 'verbose_name': 'conduct event', 'verbose_name_plural': 'conduct events'},
        ),
        migrations.AddField(
            model_name='conductevent',
            name='by_system',
            field=models.BooleanField(default=False, help_text='Done by a job of the system, not by a person.', verbose_name='by the system'),
        ),
        migrations.RunPython(map_actions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='conductevent',
            name='action',
            field=models.CharField(choices=[('create', 'opened'), ('record', 'recorded'), ('close', 'closed'), ('raise_case', 'rectification case raised'), ('statement', 'statement made'), ('decide', 'sanction decided'), ('dismiss', 'dismissed'), ('award', 'commendation awarded'), ('nominate', 'nominated'), ('confirmed', 'confirmed'), ('withdrawn', 'withdrawn'), ('other', 'other')], max_length=32, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='conductevent',
            name='at',
            field=models.DateTimeField(db_index=True, verbose_name='time'),
        ),
    ]
