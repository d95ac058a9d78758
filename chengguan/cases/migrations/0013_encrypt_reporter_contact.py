"""Reporter names and phones, and supporters' phones, encrypted at rest (core.fields), with a keyed hash
of the reporter's phone beside it for the lookups that need equality. Existing rows are encrypted here;
going back writes them in clear text again."""

from django.db import migrations, models
from django.db.models import CharField, Value

import chengguan.core.fields
from chengguan.core.fields import phone_hash

BATCH = 500


def _rows(model, *names):
    """(pk, values…) of every row, a batch at a time, as the field reads them (a clear value as it is, an
    encrypted one decrypted)."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield from model.objects.filter(pk__in=ids[start : start + BATCH]).values_list("pk", *names)


def encrypt(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for pk, name, phone in _rows(Case, "reporter_name", "reporter_phone"):
        if name or phone:  # written through the field, so encrypted
            Case.objects.filter(pk=pk).update(
                reporter_name=name, reporter_phone=phone, reporter_phone_hash=phone_hash(phone)
            )
    Supporter = apps.get_model("cases", "CaseSupporter")
    for pk, phone in _rows(Supporter, "phone"):
        if phone:
            Supporter.objects.filter(pk=pk).update(phone=phone)


def decrypt(apps, schema_editor):
    def clear(value):  # a Value with a plain output field is written as it is, not through the field
        return Value(value, output_field=CharField())

    Case = apps.get_model("cases", "Case")
    for pk, name, phone in _rows(Case, "reporter_name", "reporter_phone"):
        if name or phone:
            Case.objects.filter(pk=pk).update(reporter_name=clear(name), reporter_phone=clear(phone))
    Supporter = apps.get_model("cases", "CaseSupporter")
    for pk, phone in _rows(Supporter, "phone"):
        if phone:
            Supporter.objects.filter(pk=pk).update(phone=clear(phone))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_classifier_models"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="reporter_name",
            field=chengguan.core.fields.EncryptedTextField(blank=True, verbose_name="reporter name"),
        ),
        migrations.AlterField(
            model_name="case",
            name="reporter_phone",
            field=chengguan.core.fields.EncryptedTextField(blank=True, verbose_name="reporter phone"),
        ),
        migrations.AddField(
            model_name="case",
            name="reporter_phone_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Keyed hash of the reporter's phone, for finding the same phone (set on save).",
                max_length=64,
                verbose_name="reporter phone hash",
            ),
        ),
        migrations.AlterField(
            model_name="casesupporter",
            name="phone",
            field=chengguan.core.fields.EncryptedTextField(
                blank=True, help_text="Texted when the case is closed (encrypted).", verbose_name="phone for updates"
            ),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
