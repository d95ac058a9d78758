"""并单: a dispatcher merges a duplicate case into the case it repeats, and may undo it while that case is
open.

The duplicate leaves the lifecycle in the state `merged`, linked to the surviving case (`merged_into`).
Its reporter and its supporters become supporters of the surviving case, so they are counted there and
texted when it closes (`notifications.supporters_closed`); its report photos are attached to the surviving
case as new rows over the same stored files. Both timelines record it. A `CaseMerge` row keeps what was
added, so an undo takes away exactly that, and the duplicate goes back to the state it was merged from."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor

from .. import notifications, workflow
from ..models import Attachment, Case, CaseMerge, CaseSupporter, phone_hash
from ..states import FINISHED, Action, RefusalCode, State
from .common import lock_case, record_case_event, transition
from .support import contact_hash

__all__ = ["MergeRefused", "merge_case", "unmerge_case"]


class MergeRefused(workflow.CaseRefused):
    """A merge or its undo that cannot be: into itself, into a finished case, a chain, or too late."""


def _lock_pair(first_id: int, second_id: int | None) -> dict[int, Case]:
    """Both cases locked, always in the order of their ids (two dispatchers merging the same pair in
    opposite directions wait for each other instead of deadlocking)."""
    ids = sorted({first_id, *([second_id] if second_id is not None else [])})
    return {pk: lock_case(pk) for pk in ids}


@atomic_write
def merge_case(*, case_id: int, actor, into: str, note: str = "") -> Case:
    """Merge case `case_id` (the duplicate) into the case numbered `into` (the survivor)."""
    require_actor(actor)
    number = (into or "").strip()
    target_id = Case.objects.filter(number=number).values_list("pk", flat=True).first() if number else None
    locked = _lock_pair(case_id, target_id)
    duplicate = locked[case_id]
    workflow.check(duplicate, action=Action.MERGE, actor=actor)  # role and state before anything else
    if target_id is None:
        raise ValidationError({"into": [_("There is no case %(number)s.") % {"number": number or "—"}]})
    survivor = locked[target_id]
    _check_merge(duplicate, survivor)
    from_state = duplicate.state
    moved = {}

    def change(case: Case) -> dict:
        case.merged_into = survivor
        case.resume_state = from_state
        moved.update(_move(case, survivor, actor=actor, note=note))
        return {"merged_into": survivor.number}

    merged = transition(case_id, action=Action.MERGE, actor=actor, note=note, change=change)
    CaseMerge.objects.create(
        duplicate=merged,
        survivor=survivor,
        from_state=from_state,
        supporter_ids=moved["supporters"],
        attachment_ids=moved["attachments"],
        merged_by=actor,
        merged_at=timezone.now(),
    )
    transaction.on_commit(lambda: notifications.case_merged(merged.pk))
    return merged


def _check_merge(duplicate: Case, survivor: Case) -> None:
    if survivor.pk == duplicate.pk:
        raise MergeRefused(
            _("Case %(number)s cannot be merged into itself.") % {"number": duplicate.number},
            code=RefusalCode.MERGE_SELF,
        )
    if survivor.state == State.MERGED:
        raise MergeRefused(
            _("Case %(number)s was itself merged into %(into)s: merge into that case instead.")
            % {
                "number": survivor.number,
                "into": survivor.merged_into.number if survivor.merged_into else "—",
            },
            code=RefusalCode.MERGE_CHAIN,
        )
    if survivor.state in FINISHED:
        raise MergeRefused(
            _("Case %(number)s is %(state)s: a duplicate can only be merged into an open case.")
            % {"number": survivor.number, "state": State(survivor.state).label},
            code=RefusalCode.MERGE_TARGET_FINISHED,
        )
    if duplicate.merged_duplicates.exists():
        raise MergeRefused(
            _("Other cases were merged into %(number)s: undo those merges before merging it.")
            % {"number": duplicate.number},
            code=RefusalCode.MERGE_CHAIN,
        )


def _move(duplicate: Case, survivor: Case, *, actor, note: str) -> dict:
    """Add the duplicate's reporter and supporters to the survivor's supporters (once per contact, never
    its own reporter) and its report photos to the survivor; record it on the survivor's timeline."""
    now = timezone.now()
    seen = set(survivor.supporters.values_list("contact_hash", flat=True))
    rows = []

    def add(key: str, *, phone: str = "", device: str = "") -> None:
        if key in seen or (phone and phone_hash(phone) == survivor.reporter_phone_hash):
            return
        seen.add(key)
        rows.append(
            CaseSupporter(case=survivor, contact_hash=key, device_hash=device, phone=phone, created_at=now)
        )

    reporter_phone = duplicate.reporter_phone
    add(contact_hash("phone", reporter_phone) if reporter_phone else contact_hash("case", duplicate.number),
        phone=reporter_phone)  # fmt: skip
    for supporter in duplicate.supporters.all():
        add(supporter.contact_hash, phone=supporter.phone, device=supporter.device_hash)
    supporters = [CaseSupporter.objects.create(**_fields(row)) for row in rows]
    old = survivor.support_count
    survivor.support_count = old + len(supporters)
    survivor.save(update_fields=["support_count", "updated_at"])
    photos = list(duplicate.attachments.filter(kind=Attachment.Kind.REPORT))
    event = record_case_event(
        survivor,
        action=Action.MERGE_IN,
        actor=actor,
        note=note.strip(),
        changes={
            "duplicate": duplicate.number,
            "support_count": [old, survivor.support_count],
            "photos": len(photos),
        },
    )
    copies = [
        Attachment.objects.create(
            case=survivor,
            event=event,
            kind=photo.kind,
            file=photo.file.name,  # the same stored file: a new row, no copy on disk
            content_type=photo.content_type,
            extension=photo.extension,
            size=photo.size,
            sha256=photo.sha256,
            original_name=photo.original_name,
            uploaded_at=photo.uploaded_at,
        )
        for photo in photos
    ]
    return {"supporters": [row.pk for row in supporters], "attachments": [row.pk for row in copies]}


def _fields(row: CaseSupporter) -> dict:
    return {
        "case": row.case,
        "contact_hash": row.contact_hash,
        "device_hash": row.device_hash,
        "phone": row.phone,
        "created_at": row.created_at,
    }


@atomic_write
def unmerge_case(*, case_id: int, actor, note: str = "") -> Case:
    """Undo the merge of case `case_id`: it goes back to the state it was merged from, and the survivor
    loses the supporters and photos the merge gave it. Refused once the survivor is finished."""
    require_actor(actor)
    target_id = Case.objects.filter(pk=case_id).values_list("merged_into_id", flat=True).first()
    locked = _lock_pair(case_id, target_id)
    duplicate = locked[case_id]
    workflow.check(duplicate, action=Action.UNMERGE, actor=actor)
    record = CaseMerge.objects.select_for_update().filter(duplicate=duplicate, undone_at__isnull=True).first()
    if record is None or target_id is None:  # a merged case always has both; never guess
        raise MergeRefused(
            _("Case %(number)s has no merge to undo.") % {"number": duplicate.number},
            code=RefusalCode.INVALID_STATE,
        )
    survivor = locked[target_id]
    if survivor.state in FINISHED:
        raise MergeRefused(
            _("Case %(number)s is %(state)s: the merge of %(duplicate)s can no longer be undone.")
            % {
                "number": survivor.number,
                "state": State(survivor.state).label,
                "duplicate": duplicate.number,
            },
            code=RefusalCode.UNMERGE_TARGET_FINISHED,
        )

    def change(case: Case) -> dict:
        removed, _count = CaseSupporter.objects.filter(case=survivor, pk__in=record.supporter_ids).delete()
        Attachment.objects.filter(case=survivor, pk__in=record.attachment_ids).delete()  # rows only
        old = survivor.support_count
        survivor.support_count = max(0, old - removed)
        survivor.save(update_fields=["support_count", "updated_at"])
        record_case_event(
            survivor,
            action=Action.MERGE_OUT,
            actor=actor,
            note=note.strip(),
            changes={"duplicate": case.number, "support_count": [old, survivor.support_count]},
        )
        case.merged_into = None
        case.resume_state = ""
        return {"merged_into": survivor.number}

    restored = transition(case_id, action=Action.UNMERGE, actor=actor, note=note, change=change)
    record.undone_at, record.undone_by = timezone.now(), actor
    record.save(update_fields=["undone_at", "undone_by"])
    return restored
