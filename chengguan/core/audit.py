"""The append-only, hash-chained audit log of security-relevant events.

Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical content, so
altering or removing any row breaks every link after it; `verify()` finds the first broken link."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from .actors import is_system
from .middleware import current_request
from .models import AuditEntry, DataVersion

GENESIS = "0" * 64
CHAIN_LOCK_KEY = "audit-chain"


class Action:
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    ROLES_CHANGED = "org.roles_changed"
    PERMISSIONS_CHANGED = "auth.permissions_changed"
    REVEAL = "privacy.reveal"
    EXPORT = "data.export"
    IMPORT = "data.import"


def _canonical(entry: AuditEntry) -> str:
    return json.dumps(
        {
            "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": entry.actor_id,
            "actor_username": entry.actor_username,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "ip": entry.ip,
            "data": entry.data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256((entry.prev_hash + _canonical(entry)).encode()).hexdigest()


def client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:45]


@transaction.atomic
def record(
    action: str, *, actor=None, target=None, data: dict | None = None, request=None, actor_username: str = ""
) -> AuditEntry:
    """Append one entry. Safe under concurrency: the chain's lock row serialises writers.
    Without an explicit actor or request, the current request's (if any) are used."""
    request = request or current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    DataVersion.objects.get_or_create(key=CHAIN_LOCK_KEY)
    head = DataVersion.objects.select_for_update().get(key=CHAIN_LOCK_KEY)
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if is_system(actor):
        actor_username = actor.get_username()
    entry = AuditEntry(
        at=timezone.now(),
        actor_id=actor.pk if authenticated else None,
        actor_username=(actor.get_username() if authenticated else actor_username)[:150],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip=client_ip(request),
        data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
        prev_hash=last or GENESIS,
    )
    entry.hash = compute_hash(entry)
    entry.save(force_insert=True)
    # The head remembers the newest entry, so removing entries from the end is detected too.
    head.version = entry.pk
    head.save(update_fields=["version", "changed_at"])
    return entry


@dataclass
class Break:
    entry_id: int | None
    reason: str


def verify() -> tuple[int, Break | None]:
    """Walk the chain in order; return how many entries were checked and the first break, if any."""
    expected_prev = GENESIS
    checked = 0
    previous_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            gap = f" (entries after #{previous_id} are missing)" if entry.id != previous_id + 1 else ""
            return checked, Break(entry.id, f"entry #{entry.id} does not follow the entry before it{gap}")
        if compute_hash(entry) != entry.hash:
            return checked, Break(entry.id, f"entry #{entry.id} was altered after it was written")
        expected_prev, previous_id = entry.hash, entry.id
        checked += 1
    head = DataVersion.objects.filter(key=CHAIN_LOCK_KEY).values_list("version", flat=True).first() or 0
    if head != previous_id:
        return checked, Break(None, f"the newest entry should be #{head} but the log ends at #{previous_id}")
    return checked, None
