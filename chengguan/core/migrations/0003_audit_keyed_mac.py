"""The audit chain becomes keyed: every existing entry is re-signed, in order, with the audit keyring's
current key (made now if the installation has none). The old chain is checked first, so an installation
whose log was already broken is not silently re-blessed."""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

GENESIS = "0" * 64


def _canonical(entry, *, keyed: bool) -> str:
    content = {
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "ip": entry.ip,
        "data": entry.data,
    }
    if keyed:
        content.update(key_id=entry.key_id, algorithm=entry.algorithm)
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def resign(apps, schema_editor):
    from chengguan.core import crypto

    AuditEntry = apps.get_model("core", "AuditEntry")
    entries = list(AuditEntry.objects.order_by("id"))
    if not entries:
        return
    previous = GENESIS
    for entry in entries:
        plain = hashlib.sha256((entry.prev_hash + _canonical(entry, keyed=False)).encode()).hexdigest()
        if entry.prev_hash != previous or plain != entry.hash:
            raise RuntimeError(
                f"The audit log is already broken at entry #{entry.id}; run audit_verify on the previous "
                "version and resolve it before upgrading."
            )
        previous = entry.hash
    key_id, key = crypto.Keyring("audit").current()
    algorithm = crypto.default_mac()
    previous = GENESIS
    for entry in entries:
        entry.prev_hash, entry.key_id, entry.algorithm = previous, key_id, algorithm
        entry.hash = crypto.mac(algorithm, key, (entry.prev_hash + _canonical(entry, keyed=True)).encode())
        entry.save(update_fields=["prev_hash", "key_id", "algorithm", "hash"])
        previous = entry.hash


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notification")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                default="",
                help_text="Which key of the audit keyring made the MAC.",
                max_length=16,
                verbose_name="key",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="algorithm",
            field=models.CharField(default="", max_length=16, verbose_name="MAC algorithm"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                help_text="The entry's keyed MAC.", max_length=64, unique=True, verbose_name="hash"
            ),
        ),
        migrations.RunPython(resign, migrations.RunPython.noop),
    ]
