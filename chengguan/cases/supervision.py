"""督办: supervision of cases a department holds whose deadline is near or past.

A periodic run (`chengguan supervise`, or the `supervise_cases` task) looks at every case in a department's
hands (state in WITH_DEPARTMENT, with a deadline) and compares it with its mark (`Case.supervision`):

- due soon: the working time left is below max(CHENGGUAN_DUE_SOON_FRACTION × the case's time limit,
  CHENGGUAN_DUE_SOON_HOURS working hours) — by default 25 % of the limit or 2 working hours — but never
  more than half the limit, so a case with a short limit is not "due soon" the moment it is dispatched;
- overdue: the deadline has passed.

A notice (a `SupervisionNotice`, a non-public SUPERVISE event by the system, `SystemActor("supervise")`,
shown as "automatic supervision", and notifications)
goes out when the level rises above the mark: once for due soon, once for overdue. While the case stays
overdue the notice is repeated once every working day; from the second overdue notice on the case is
escalated and the shift leads are told too. Notices go to the department's handlers and its leader (the
leaders of the department, else of the nearest unit above it that has any, else the bureau's leaders).
A mark the case no longer deserves (an extension was approved) is lowered or cleared without a notice; the
lifecycle clears it whenever the case leaves the department's hands.

Each case is checked in its own short transaction, locked, so a run never holds many rows and a second run
straight after the first sends nothing.

督办 by hand is the other path: a shift lead or a leader urges the department with a note
(`services.urge_case`, the transition table's URGE); it marks `Case.urged_at`, which the lifecycle clears
with the supervision mark when the case leaves the department's hands."""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chengguan.core import notify, worktime
from chengguan.core.actors import SystemActor
from chengguan.org.models import Department, DepartmentKind, Staff
from chengguan.org.roles import RoleCode
from chengguan.org.selectors import staff_with_role

from . import deadlines
from .models import SUPERVISE_JOB, Case, SupervisionNotice
from .notifications import HANDLER_ROLES, case_link
from .services.common import lock_case, record_case_event
from .states import WITH_DEPARTMENT, Action, SupervisionLevel

logger = logging.getLogger(__name__)

Level = SupervisionLevel
DEFAULT_DUE_SOON_FRACTION = 0.25
DEFAULT_DUE_SOON_HOURS = 2.0
NOTIFICATION_KIND = "case.supervision"
OVERDUE_LEVELS = (Level.OVERDUE, Level.ESCALATED)
_RANK = {Level.NONE: 0, Level.DUE_SOON: 1, Level.OVERDUE: 2, Level.ESCALATED: 2}


SYSTEM = SystemActor(SUPERVISE_JOB)  # who acts in a supervision run, as timelines and the audit log record


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date and time; without a zone it is the bureau's wall clock (settings.TIME_ZONE)."""
    moment = parse_datetime(text.strip())
    if moment is None:
        raise ValueError(
            f"{text!r} is not a date and time such as 2026-03-02T10:30 or 2026-03-02 10:30+08:00"
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def due_soon_fraction() -> float:
    return float(getattr(settings, "CHENGGUAN_DUE_SOON_FRACTION", DEFAULT_DUE_SOON_FRACTION))


def due_soon_hours() -> float:
    return float(getattr(settings, "CHENGGUAN_DUE_SOON_HOURS", DEFAULT_DUE_SOON_HOURS))


def threshold_hours(limit_amount: Decimal | None, limit_unit: str) -> float:
    """Working hours left below which a case with this time limit is due soon."""
    limit = deadlines.limit_hours(Case(limit_amount=limit_amount, limit_unit=limit_unit))
    threshold = max(due_soon_fraction() * limit, due_soon_hours())
    return min(threshold, limit / 2) if limit > 0 else threshold


def level_at(case: Case, now: datetime) -> str:
    """What the case deserves now: overdue, due soon or nothing (escalation is a matter of notices)."""
    if case.state not in WITH_DEPARTMENT or case.deadline is None:
        return Level.NONE
    if deadlines.is_overdue(case, now=now):
        return Level.OVERDUE
    left = deadlines.remaining_hours(case, now=now)
    if left < threshold_hours(case.limit_amount, case.limit_unit):
        return Level.DUE_SOON
    return Level.NONE


@dataclass(frozen=True)
class Notice:
    """A notice sent (or, in a dry run, that would be sent)."""

    number: str
    level: str
    department: str
    recipients: int
    sequence: int  # 1 for the first overdue notice, 2 for the second …; 1 for due soon


@dataclass
class Report:
    now: datetime
    dry_run: bool = False
    checked: int = 0  # open cases in a department's hands with a deadline
    examined: int = 0  # of those, the ones near or past their deadline or carrying a mark
    due_soon: int = 0  # cases marked due soon after the run
    overdue: int = 0  # … overdue (first notice)
    escalated: int = 0  # … overdue and escalated
    cleared: int = 0  # marks lowered or cleared
    notices: list[Notice] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def count(self, level: str) -> None:
        if level == Level.DUE_SOON:
            self.due_soon += 1
        elif level == Level.OVERDUE:
            self.overdue += 1
        elif level == Level.ESCALATED:
            self.escalated += 1

    def as_dict(self) -> dict:
        return {
            "now": self.now.isoformat(),
            "dry_run": self.dry_run,
            "checked": self.checked,
            "examined": self.examined,
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "escalated": self.escalated,
            "cleared": self.cleared,
            "notices": len(self.notices),
            "failed": list(self.failed),
        }


class Recipients:
    """Who hears about a department's late cases; looked up once per department and run."""

    def __init__(self):
        self._handlers: dict[int, list[Staff]] = {}
        self._leaders: dict[int, list[Staff]] = {}
        self._shift_leads: list[Staff] | None = None

    def for_notice(self, department: Department, level: str) -> list[tuple[Staff, str]]:
        chosen: list[tuple[Staff, str]] = []
        seen: set[int] = set()
        groups = [(self.handlers(department), "handler"), (self.leaders(department), "leader")]
        if level == Level.ESCALATED:
            groups.append((self.shift_leads(), "shift_lead"))
        for members, role in groups:
            for member in members:
                if member.pk not in seen:
                    seen.add(member.pk)
                    chosen.append((member, role))
        return chosen

    def handlers(self, department: Department) -> list[Staff]:
        if department.pk not in self._handlers:
            found = Staff.objects.filter(
                is_active=True, roles__code__in=HANDLER_ROLES, department__path__startswith=department.path
            )
            self._handlers[department.pk] = list(found.distinct().order_by("department__path", "employee_no"))
        return self._handlers[department.pk]

    def leaders(self, department: Department) -> list[Staff]:
        if department.pk not in self._leaders:
            self._leaders[department.pk] = department_leaders(department)
        return self._leaders[department.pk]

    def shift_leads(self) -> list[Staff]:
        if self._shift_leads is None:
            self._shift_leads = list(staff_with_role(RoleCode.SHIFT_LEAD).order_by("employee_no"))
        return self._shift_leads


def department_leaders(department: Department) -> list[Staff]:
    """Leaders of the department, else of the nearest unit above it that has any, else the bureau's."""
    codes = [code for code in department.path.split("/") if code]
    leaders = list(
        Staff.objects.filter(is_active=True, roles__code=RoleCode.LEADER, department__code__in=codes)
        .select_related("department")
        .distinct()
        .order_by("employee_no")
    )
    if leaders:
        nearest = max(len(member.department.path) for member in leaders)
        return [member for member in leaders if len(member.department.path) == nearest]
    return list(
        Staff.objects.filter(
            is_active=True,
            roles__code=RoleCode.LEADER,
            department__kind=DepartmentKind.BUREAU,
            department__parent__isnull=True,
        )
        .select_related("department")
        .distinct()
        .order_by("employee_no")
    )


def _in_department_hands():
    return Case.objects.filter(state__in=WITH_DEPARTMENT, deadline__isnull=False)


def candidate_ids(now: datetime) -> list[int]:
    """Cases worth a look: in a department's hands and within their due-soon threshold of the deadline
    (or past it), plus those carrying a mark. Filtered in SQL (the state index first): the threshold
    depends only on the time limit, so each distinct limit gives one deadline horizon."""
    held = _in_department_hands()
    near = Q(pk__in=[])
    for amount, unit in held.order_by().values_list("limit_amount", "limit_unit").distinct():
        horizon = worktime.add_working_time(now, threshold_hours(amount, unit), worktime.HOURS)
        same_limit = Q(limit_amount__isnull=True) if amount is None else Q(limit_amount=amount)
        near |= same_limit & Q(limit_unit=unit, deadline__lt=horizon)
    # Marks to lower after an extension; the lifecycle clears them when a case leaves these states.
    marked = Case.objects.filter(state__in=WITH_DEPARTMENT).exclude(supervision=Level.NONE)
    ids = set(held.filter(near).values_list("pk", flat=True)) | set(marked.values_list("pk", flat=True))
    return sorted(ids)


def supervise(*, now: datetime | None = None, dry_run: bool = False) -> Report:
    """One supervision run over every open case; see the module's docstring for the rules."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("supervise() needs an aware datetime")
    report = Report(now=now, dry_run=dry_run)
    report.checked = _in_department_hands().count()
    recipients = Recipients()
    ids = candidate_ids(now)
    report.examined = len(ids)
    for case_id in ids:
        try:
            supervise_case(case_id, now=now, dry_run=dry_run, report=report, recipients=recipients)
        except Case.DoesNotExist:
            continue  # deleted since the candidates were read
        except Exception:
            logger.exception("Supervision of case %s failed", case_id)
            report.failed.append(str(case_id))
    return report


def supervise_case(
    case_id: int,
    *,
    now: datetime,
    dry_run: bool = False,
    report: Report | None = None,
    recipients: Recipients | None = None,
) -> Notice | None:
    """Check one case in its own transaction, the row locked; returns the notice sent, if any."""
    report = report if report is not None else Report(now=now, dry_run=dry_run)
    recipients = recipients or Recipients()
    with transaction.atomic():
        # A dry run reads without locking: it must not make a user's action wait.
        case = Case.objects.select_related("department").get(pk=case_id) if dry_run else lock_case(case_id)
        mark, deserved = case.supervision, level_at(case, now)
        new_mark, sequence = _decide(case, mark, deserved, now)
        if _RANK[new_mark] < _RANK[mark]:
            report.cleared += 1
        notice = None
        if sequence and case.department_id is not None:
            notice = _notice(case, new_mark, sequence, now, recipients, dry_run=dry_run, old_mark=mark)
        if new_mark != mark and not dry_run:
            case.supervision = new_mark
            case.save(update_fields=["supervision", "updated_at"])
        report.count(new_mark)
        if notice is not None:
            report.notices.append(notice)
        return notice


def _decide(case: Case, mark: str, deserved: str, now: datetime) -> tuple[str, int]:
    """The mark the case gets and the number of the notice to send with it (0: none)."""
    if deserved == Level.NONE:
        return Level.NONE, 0  # extended, or no longer late: clear the mark without a notice
    if deserved == Level.DUE_SOON:
        return (mark, 0) if mark == Level.DUE_SOON else (Level.DUE_SOON, 1)
    sequence = _repeat_sequence(case, now) if mark in OVERDUE_LEVELS else None
    if sequence is None:
        return Level.OVERDUE, 1  # the first overdue notice of this deadline
    return (Level.ESCALATED, sequence) if sequence else (mark, 0)


def _repeat_sequence(case: Case, now: datetime) -> int | None:
    """The number of the next overdue notice when a working day has passed since the last one, else 0;
    None when no overdue notice was ever sent."""
    notices = SupervisionNotice.objects.filter(case=case, level__in=OVERDUE_LEVELS)
    last = notices.order_by("-sent_at", "-pk").first()
    if last is None:
        return None
    if worktime.working_time_between(last.sent_at, now, worktime.HOURS) < worktime.hours_per_day():
        return 0
    first = notices.filter(level=Level.OVERDUE).order_by("-sent_at", "-pk").first()
    since = notices.filter(sent_at__gte=first.sent_at) if first else notices
    return since.count() + 1


def _notice(
    case: Case,
    level: str,
    sequence: int,
    now: datetime,
    recipients: Recipients,
    *,
    dry_run: bool,
    old_mark: str,
) -> Notice:
    department = case.department
    chosen = recipients.for_notice(department, level)
    notice = Notice(case.number, level, department.name, len(chosen), sequence)
    if dry_run:
        return notice
    subject, body = _texts(case, level, sequence, now)
    SupervisionNotice.objects.create(
        case=case,
        level=level,
        department=department,
        recipients=[{"staff": member.pk, "name": member.name, "role": role} for member, role in chosen],
        message=f"{subject}\n{body}",
        sent_at=now,
    )
    record_case_event(
        case,
        action=Action.SUPERVISE,
        actor=SYSTEM,
        note=body,
        changes={
            "supervision": [old_mark, level],
            "notice": sequence,
            "deadline": timezone.localtime(case.deadline).isoformat(timespec="minutes"),
            "recipients": len(chosen),
        },
        is_public=False,
        at=now,
    )
    notify.notify_users(
        [member for member, _role in chosen],
        notify.Message(subject, body, link=case_link(case), kind=NOTIFICATION_KIND),
    )
    return notice


def _texts(case: Case, level: str, sequence: int, now: datetime) -> tuple[str, str]:
    due = timezone.localtime(case.deadline).strftime("%Y-%m-%d %H:%M")
    values = {
        "number": case.number,
        "department": case.department.name,
        "description": case.description[:80],
        "due": due,
        "n": sequence,
    }
    if level == Level.DUE_SOON:
        values["hours"] = _hours(deadlines.remaining_hours(case, now=now))
        return (
            _("Supervision: case %(number)s is due soon") % values,
            _("%(department)s: %(description)s — due %(due)s, %(hours)s working hours left.") % values,
        )
    values["hours"] = _hours(worktime.working_time_between(case.deadline, now, worktime.HOURS))
    if level == Level.OVERDUE:
        return (
            _("Supervision: case %(number)s is overdue") % values,
            _("%(department)s: %(description)s — due %(due)s, overdue by %(hours)s working hours.") % values,
        )
    return (
        _("Supervision notice %(n)s: case %(number)s is still overdue") % values,
        _(
            "%(department)s: %(description)s — due %(due)s, overdue by %(hours)s working hours; "
            "escalated to the shift leads."
        )
        % values,
    )


def _hours(value: float) -> str:
    return f"{max(value, 0.0):.1f}"
