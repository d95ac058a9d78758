from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from chengguan.core import audit, fields
from chengguan.core.actors import SystemActor

BATCH = 500


class Command(BaseCommand):
    help = (
        "Make a new key for encrypted personal data (CHENGGUAN_KEYS_DIR/fields.json) and re-encrypt every "
        "encrypted field with it. Old keys stay in the keyring until you remove them after this has run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-new-key", action="store_true", help="only re-encrypt with the current key")

    def handle(self, *args, no_new_key=False, **options):
        if not no_new_key:
            fields.FIELDS.rotate()
        key_id = fields.current_key_id()
        total = 0
        for model, names in encrypted_fields():
            total += _reencrypt(model, names, key_id, self.stderr)
        audit.record("crypto.fields_rotated", actor=SystemActor("rotate_field_keys"), data={"key_id": key_id})
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-encrypted with key {key_id}."))


def encrypted_fields():
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, fields.EncryptedTextField)]
        if names:
            yield model, names


def _reencrypt(model, names, key_id, out) -> int:
    """Rows with a value not under `key_id` and the current cipher, read (decrypted) and written back."""
    marker = f"{fields.PREFIX}:{key_id}:{fields.default_cipher()}:"
    ids = list(model.objects.values_list("pk", flat=True).order_by("pk"))
    done = 0
    for start in tqdm(range(0, len(ids), BATCH), desc=model._meta.label, file=out, disable=not ids):
        with transaction.atomic():
            stored = _stored(model, names, ids[start : start + BATCH])
            stale = [
                pk for pk, values in stored.items() if any(v and not v.startswith(marker) for v in values)
            ]
            for row in model.objects.select_for_update().filter(pk__in=stale).only("pk", *names):
                model.objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in names})
                done += 1
    return done


def _stored(model, names, ids) -> dict:
    """{pk: the fields' text as the database holds it (encrypted)} for the given rows."""
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    placeholders = ", ".join(["%s"] * len(ids))
    pk, table = connection.ops.quote_name(meta.pk.column), connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {table} WHERE {pk} IN ({placeholders})", ids)
        return {row[0]: row[1:] for row in cursor.fetchall()}
