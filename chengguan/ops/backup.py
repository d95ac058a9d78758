"""Backups a bureau can restore: one tar file holding the database (pg_dump's custom format, or SQLite's
online backup), the uploaded media, the audit chain's checkpoint file and a manifest (what was counted and
each part's SHA-256); the keys only when asked, since they belong on other media than the data they guard.

Restoring goes into an empty installation only (no tables, no media), then checks the result: the audit
chain verifies and the counts match the manifest."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
DATABASE_PART = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env=None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (PostgreSQL's client tools: apt-get install postgresql-client)."
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(
            ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(target), settings.DATABASES["default"]["NAME"]],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def counts() -> dict:
    from chengguan.cases.models import Case
    from chengguan.core.models import AuditEntry

    head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return {"cases": Case.objects.count(), "audit_entries": AuditEntry.objects.count(), "audit_head": head}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(folder: Path, *, include_keys: bool = False) -> Path:
    """Write a backup tar into `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = folder / f"chengguan-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        parts = {DATABASE_PART[connection.vendor]: work / DATABASE_PART[connection.vendor]}
        _dump_database(parts[DATABASE_PART[connection.vendor]])
        checkpoint = Path(settings.CHENGGUAN_AUDIT_CHECKPOINT_FILE)
        if checkpoint.exists():
            parts["audit-checkpoints.log"] = checkpoint
        manifest = {
            "format": 1,
            "made_at": datetime.now().astimezone().isoformat(),
            "engine": connection.vendor,
            "counts": counts(),
            "sha256": {name: _sha256(path) for name, path in parts.items()},
            "keys_included": include_keys,
        }
        with tarfile.open(archive, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in parts.items():
                tar.add(path, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
            keys = Path(settings.CHENGGUAN_KEYS_DIR)
            if include_keys and keys.exists():
                tar.add(keys, arcname="keys")
    os.chmod(archive, 0o600)
    return archive


def _empty_target() -> None:
    if connection.introspection.table_names():
        raise BackupError(
            "The database is not empty: restore into a new, empty database (create it, do not migrate)."
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"The media folder {media} is not empty.")


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for member in members:
        if member.name.startswith("/") or ".." in Path(member.name).parts or member.issym() or member.islnk():
            raise BackupError(f"The backup holds an unsafe entry: {member.name}")
    return members


def restore(archive: Path) -> dict:
    """Restore the backup into this (empty) installation; returns the manifest."""
    _empty_target()
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        work = Path(work)
        tar.extractall(work, members=_safe_members(tar), filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
        for name, digest in manifest["sha256"].items():
            if _sha256(work / name) != digest:
                raise BackupError(
                    f"{name} does not match its checksum in the manifest: the backup is damaged."
                )
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database, here: {connection.vendor}."
            )
        _restore_database(work / DATABASE_PART[connection.vendor])
        if (work / "media").exists():
            shutil.copytree(work / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
        if (work / "audit-checkpoints.log").exists():
            target = Path(settings.CHENGGUAN_AUDIT_CHECKPOINT_FILE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / "audit-checkpoints.log", target)
        if (work / "keys").exists() and not Path(settings.CHENGGUAN_KEYS_DIR).exists():
            shutil.copytree(work / "keys", settings.CHENGGUAN_KEYS_DIR)
    return manifest


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *args,
                "-d",
                settings.DATABASES["default"]["NAME"],
                str(dump),
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(dump) as source:
        source.backup(connection.connection)
    source.close()
