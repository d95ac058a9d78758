"""A backup restored into an empty installation holds the same cases, media and a verified audit chain."""

import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.core import audit
from chengguan.ops import backup

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


def _some_data(media: Path) -> None:
    for i in range(3):
        Case.objects.create(
            number=f"20261205{i:05d}", channel="web", description=f"路灯不亮 {i}", reported_at=timezone.now()
        )
        audit.record(audit.Action.EXPORT, actor_username="tester", data={"i": i})
    (media / "cases").mkdir(parents=True, exist_ok=True)
    (media / "cases" / "photo.jpg").write_bytes(b"\xff\xd8\xff photo")


@pytest.fixture
def empty_installation(tmp_path):
    """The environment of a second, empty installation with this one's keys (the operator copies them)."""
    data = tmp_path / "restored"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chengguan.settings.test",
        "CHENGGUAN_DATA_DIR": str(data),
        "CHENGGUAN_KEYS_DIR": str(settings.CHENGGUAN_KEYS_DIR),
        "CHENGGUAN_AUDIT_CHECKPOINT_FILE": str(data / "audit" / "checkpoints.log"),
    }
    if connection.vendor == "postgresql":
        name = f"restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        db = settings.DATABASES["default"]
        env["DATABASE_URL"] = (
            f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
        )
        yield env, data
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env.pop("DATABASE_URL", None)
        yield env, data


def test_backup_then_restore_into_an_empty_installation(tmp_path, settings, empty_installation):
    settings.MEDIA_ROOT = tmp_path / "media"
    _some_data(settings.MEDIA_ROOT)
    call_command("backup", to=str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("chengguan-backup-*.tar")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    env, data = empty_installation
    done = _restore(archive, env)
    assert done.returncode == 0, done.stderr
    assert "Restored 3 cases; audit log intact (3 entries verified" in done.stdout
    assert (data / "media" / "cases" / "photo.jpg").read_bytes() == b"\xff\xd8\xff photo"

    again = _restore(archive, env)
    assert again.returncode != 0 and "not empty" in again.stderr


def _restore(archive, env):
    command = [sys.executable, "-m", "chengguan.manage", "restore", str(archive)]
    return subprocess.run(command, env=env, capture_output=True, text=True)


def test_a_damaged_backup_is_refused_and_restores_nothing(tmp_path, settings, empty_installation):
    settings.MEDIA_ROOT = tmp_path / "media"
    _some_data(settings.MEDIA_ROOT)
    archive = backup.backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        offset = tar.getmember(backup.DATABASE_PART[connection.vendor]).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 100] ^= 0xFF
    archive.write_bytes(bytes(data))

    env, restored = empty_installation
    done = _restore(archive, env)
    assert done.returncode != 0 and "does not match its checksum" in done.stderr
    assert not (restored / "media").exists()
