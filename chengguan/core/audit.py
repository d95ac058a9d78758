"""The append-only, keyed, hash-chained audit log of security-relevant events.

Each entry carries a MAC (HMAC-SHA256, or HMAC-SM3 under the "sm" suite) over the previous entry's MAC and
this entry's canonical content, made with a key kept outside the database (`crypto.Keyring("audit")`, named
by id in each entry, rotatable). Someone with database access alone can neither alter, remove nor insert an
entry, nor recompute the chain from any point: they lack the key. Removing entries from the end is caught
twice: by the chain's head counter and by the checkpoint file, to which every committed entry's id and MAC
are appended outside the database (and sent to syslog when configured). Old entries are pruned only past
the retention period and only through `prune()`, which leaves a keyed anchor in the chain so what remains
still verifies. `verify()` (the `audit_verify` command) walks all of it."""

import json
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit_checkpoints, crypto
from .actors import is_system
from .middleware import current_request
from .models import AuditEntry, DataVersion
from .net import client_ip
from .refusals import require_actor

GENESIS = "0" * 64
CHAIN_LOCK_KEY = "audit-chain"
KEYRING = crypto.Keyring("audit")


class Action:
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    ROLES_CHANGED = "org.roles_changed"
    PERMISSIONS_CHANGED = "auth.permissions_changed"
    ACCOUNT_CREATED = "auth.account_created"
    REVEAL = "privacy.reveal"
    EXPORT = "data.export"
    IMPORT = "data.import"
    KEY_ROTATED = "audit.key_rotated"
    PRUNED = "audit.pruned"


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
            "key_id": entry.key_id,
            "algorithm": entry.algorithm,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def compute_hash(entry: AuditEntry, key: bytes) -> str:
    """The entry's MAC with `key` (the key its `key_id` names)."""
    return crypto.mac(entry.algorithm, key, (entry.prev_hash + _canonical(entry)).encode())


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
    key_id, key = KEYRING.current()
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
        key_id=key_id,
        algorithm=crypto.default_mac(),
    )
    entry.hash = compute_hash(entry, key)
    entry.save(force_insert=True)
    # The head remembers the newest entry, so removing entries from the end is detected too.
    head.version = entry.pk
    head.save(update_fields=["version", "changed_at"])
    transaction.on_commit(lambda: audit_checkpoints.append(entry.pk, entry.hash))
    return entry


@dataclass
class Break:
    entry_id: int | None
    reason: str


@dataclass
class Report:
    checked: int = 0
    broken: Break | None = None
    keys: set[str] = field(default_factory=set)
    checkpoints: int = 0
    pruned_through: int = 0

    def describe(self) -> str:
        keys = ", ".join(sorted(self.keys)) or "none"
        pruned = f"; entries up to #{self.pruned_through} pruned, anchored" if self.pruned_through else ""
        return f"{self.checked} entries verified (keys: {keys}); {self.checkpoints} checkpoints match{pruned}"


def verify() -> tuple[int, Break | None]:
    """(entries checked, the first break or None)."""
    report = verify_report()
    return report.checked, report.broken


def verify_report() -> Report:
    """Walk the chain in order checking every link and MAC, then the head counter and the checkpoints."""
    report = Report()
    anchors = _prune_anchors()
    checkpoints = audit_checkpoints.read()
    expected_prev, previous_id = None, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if expected_prev is None:  # the first entry left: the genesis, or the last one a prune removed
            expected_prev = GENESIS if entry.prev_hash == GENESIS else anchors.get(entry.id - 1)
            report.pruned_through = entry.id - 1 if expected_prev != GENESIS else 0
        if entry.prev_hash != expected_prev:
            gap = (
                f" (entries after #{previous_id} are missing)"
                if previous_id and entry.id != previous_id + 1
                else ""
            )
            report.broken = Break(entry.id, f"entry #{entry.id} does not follow the entry before it{gap}")
            return report
        key = KEYRING.key(entry.key_id)
        if key is None:
            report.broken = Break(
                entry.id, f"entry #{entry.id} names a key ({entry.key_id!r}) the keyring lacks"
            )
            return report
        if compute_hash(entry, key) != entry.hash:
            report.broken = Break(entry.id, f"entry #{entry.id} was altered after it was written")
            return report
        if entry.id in checkpoints:
            if checkpoints[entry.id] != entry.hash:
                report.broken = Break(entry.id, f"entry #{entry.id} differs from its checkpoint")
                return report
            report.checkpoints += 1
        report.keys.add(entry.key_id)
        expected_prev, previous_id = entry.hash, entry.id
        report.checked += 1
    head = DataVersion.objects.filter(key=CHAIN_LOCK_KEY).values_list("version", flat=True).first() or 0
    if head != previous_id:
        report.broken = Break(None, f"the newest entry should be #{head} but the log ends at #{previous_id}")
    elif checkpoints and max(checkpoints) > previous_id:
        report.broken = Break(
            None, f"the checkpoint file records entry #{max(checkpoints)} but the log ends at #{previous_id}"
        )
    return report


def _prune_anchors() -> dict[int, str]:
    """{last pruned id: its MAC}, from the prune entries (themselves links of the keyed chain)."""
    rows = AuditEntry.objects.filter(action=Action.PRUNED).values_list("data", flat=True)
    return {int(data["through_id"]): str(data["through_hash"]) for data in rows if "through_id" in data}


@transaction.atomic
def prune(*, before, actor) -> int:
    """Remove the entries older than `before` (never within the retention period), leaving a keyed anchor
    so the rest still verifies. Returns how many were removed."""
    require_actor(actor)
    oldest_allowed = timezone.now() - timedelta(days=settings.CHENGGUAN_AUDIT_RETENTION_DAYS)
    if before > oldest_allowed:
        raise ValueError(
            f"Audit entries are kept for {settings.CHENGGUAN_AUDIT_RETENTION_DAYS} days: "
            f"prune before {oldest_allowed:%Y-%m-%d} at the latest."
        )
    DataVersion.objects.get_or_create(key=CHAIN_LOCK_KEY)
    DataVersion.objects.select_for_update().get(key=CHAIN_LOCK_KEY)
    last = AuditEntry.objects.filter(at__lt=before).order_by("-id").values_list("id", "hash").first()
    if last is None:
        return 0
    through_id, through_hash = last
    removed, _ = AuditEntry.objects.filter(id__lte=through_id).delete()
    record(
        Action.PRUNED,
        actor=actor,
        data={"through_id": through_id, "through_hash": through_hash, "count": removed},
    )
    transaction.on_commit(lambda: audit_checkpoints.drop_through(through_id))
    return removed


def rotate_key(*, actor) -> str:
    """A new current key for the entries from now on; the old keys stay to verify what they signed."""
    require_actor(actor)
    key_id = KEYRING.rotate()["current"]
    record(Action.KEY_ROTATED, actor=actor, data={"key_id": key_id})
    return key_id
