"""The audit chain's head, kept where the database cannot rewrite it: one line per committed entry (its id
and MAC) appended to CHENGGUAN_AUDIT_CHECKPOINT_FILE, and sent to a remote syslog when
CHENGGUAN_AUDIT_SYSLOG names one. Mount the file's folder append-only (chattr +a) or ship it off the host
to make it as hard to rewrite as the chain is to forge."""

import json
import logging
import logging.handlers
import os
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
_syslog: logging.Logger | None = None


def _path() -> Path:
    return Path(settings.CHENGGUAN_AUDIT_CHECKPOINT_FILE)


def append(entry_id: int, mac: str) -> None:
    line = json.dumps({"id": entry_id, "mac": mac}, separators=(",", ":")) + "\n"
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line.encode())  # one write with O_APPEND: lines of concurrent writers never mix
    finally:
        os.close(descriptor)
    if settings.CHENGGUAN_AUDIT_SYSLOG:
        _remote().info("chengguan-audit %s", line.strip())


def _remote() -> logging.Logger:
    global _syslog
    if _syslog is None:
        host, _, port = settings.CHENGGUAN_AUDIT_SYSLOG.rpartition(":")
        logger = logging.getLogger("chengguan.audit.syslog")
        logger.addHandler(logging.handlers.SysLogHandler(address=(host or "localhost", int(port or 514))))
        logger.setLevel(logging.INFO)
        logger.propagate = False
        _syslog = logger
    return _syslog


def read() -> dict[int, str]:
    """Every checkpoint written, as {entry id: MAC}; a line that is not a checkpoint raises ValueError."""
    path = _path()
    if not path.exists():
        return {}
    found = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
            found[int(point["id"])] = str(point["mac"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number} of {path} is not a checkpoint") from exc
    return found


def drop_through(entry_id: int) -> None:
    """Forget the checkpoints of pruned entries (ids up to `entry_id`), keeping the others in order."""
    kept = {key: mac for key, mac in read().items() if key > entry_id}
    path = _path()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(
        "".join(
            json.dumps({"id": key, "mac": mac}, separators=(",", ":")) + "\n" for key, mac in kept.items()
        )
    )
    os.replace(temporary, path)
