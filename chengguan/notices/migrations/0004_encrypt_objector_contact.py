"""Objectors' names and phones encrypted at rest (core.fields), with a keyed hash of the phone beside
them. Existing rows are encrypted here; going back writes them in clear text again."""

from django.db import migrations, models
from django.db.models import CharField, Value

import chengguan.core.fields
from chengguan.core.fields import phone_hash

BATCH = 500


def _rows(model):
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield from model.objects.filter(pk__in=ids[start : start + BATCH]).values_list("pk", "name", "phone")


def encrypt(apps, schema_editor):
    Objection = apps.get_model("notices", "Objection")
    for pk, name, phone in _rows(Objection):  # written through the field, so encrypted
        Objection.objects.filter(pk=pk).update(name=name, phone=phone, phone_hash=phone_hash(phone))


def decrypt(apps, schema_editor):
    def clear(value):  # a Value with a plain output field is written as it is, not through the field
        return Value(value, output_field=CharField())

    Objection = apps.get_model("notices", "Objection")
    for pk, name, phone in _rows(Objection):
        Objection.objects.filter(pk=pk).update(name=clear(name), phone=clear(phone))


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0003_notice_outcome_failed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objection",
            name="name",
            field=chengguan.core.fields.EncryptedTextField(verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="objection",
            name="phone",
            field=chengguan.core.fields.EncryptedTextField(verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="objection",
            name="phone_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Keyed hash of the phone, for finding the same phone (set on save).",
                max_length=64,
                verbose_name="phone hash",
            ),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
