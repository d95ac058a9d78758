"""Tokens of DRF's plain authtoken table (kept in clear text) become hashed ApiTokens: a client keeps its
key, which now expires after CHENGGUAN_API_TOKEN_DAYS; the clear-text table is emptied."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + timedelta(days=getattr(settings, "CHENGGUAN_API_TOKEN_DAYS", 90))
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        ApiToken.objects.get_or_create(
            digest=hashlib.sha256(key.encode()).hexdigest(),
            defaults={
                "user_id": user_id,
                "name": "migrated",
                "prefix": key[:8],
                "created_at": created or timezone.now(),
                "expires_at": expires,
            },
        )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
