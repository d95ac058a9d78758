"""Contact data of closed cases purged on the schedule the portal's privacy notice states: supporters'
phones CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS (30) days after closure, reporters' names and phones
CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS (180) days after closure. Run daily by the `purge_contacts` job as
`SystemActor("purge_contacts")`, with one audit entry per run that purged anything.

A supporter's keyed contact hash stays (it holds nothing readable and keeps one support per phone); a
reopened case has no closing time, so nothing of it is purged while it is open again."""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.actors import is_system
from chengguan.core.refusals import require, require_actor

from ..models import Case, CaseSupporter
from ..states import State

ACTION = "privacy.contacts_purged"
BATCH = 500


def retention_days() -> dict[str, int]:
    """How long after closure contact data is kept, in days (what the privacy notice tells citizens)."""
    return {
        "reporter": int(getattr(settings, "CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS", 180)),
        "supporter": int(getattr(settings, "CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS", 30)),
    }


@dataclass(frozen=True)
class PurgeResult:
    reporters: int  # cases whose reporter's name and phone were removed
    supporters: int  # supporters whose phone was removed

    def as_dict(self) -> dict:
        return asdict(self)


def _closed_before(moment) -> dict:
    return {"state": State.CLOSED, "closed_at__isnull": False, "closed_at__lt": moment}


def _due(moment, prefix: str = "") -> Q:
    """Closed before `moment`, or merged (并单) into a case closed before it: the duplicate's contacts are
    kept as long as the surviving case's."""
    merged = {"state": State.MERGED, **{"merged_into__" + k: v for k, v in _closed_before(moment).items()}}
    return Q(**{prefix + k: v for k, v in _closed_before(moment).items()}) | Q(
        **{prefix + k: v for k, v in merged.items()}
    )


def _batches(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


@transaction.atomic
def purge_contacts(*, actor, now=None) -> PurgeResult:
    """Remove the contact data that is due; returns how many cases and supporters lost it."""
    require_actor(actor)
    require(is_system(actor) or actor.is_superuser, _("Only the purge job or an administrator may purge."))
    now = now or timezone.now()
    days = retention_days()
    reporter_due = now - timedelta(days=days["reporter"])
    supporter_due = now - timedelta(days=days["supporter"])

    cases = list(
        Case.objects.filter(_due(reporter_due))
        .exclude(reporter_name="", reporter_phone="", reporter_phone_hash="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for ids in _batches(cases):
        Case.objects.filter(pk__in=ids).update(reporter_name="", reporter_phone="", reporter_phone_hash="")

    supporters = list(
        CaseSupporter.objects.filter(_due(supporter_due, "case__"))
        .exclude(phone="")
        .order_by("pk")
        .values_list("pk", "case")
    )
    for ids in _batches([pk for pk, _case in supporters]):
        CaseSupporter.objects.filter(pk__in=ids).update(phone="")

    result = PurgeResult(reporters=len(cases), supporters=len(supporters))
    if cases or supporters:
        audit.record(
            ACTION,
            actor=actor,
            data={
                **result.as_dict(),
                "days": days,
                "reporter_cases": cases,
                "supporter_cases": sorted({case for _pk, case in supporters}),
            },
        )
    return result
