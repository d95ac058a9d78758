"""Who hears about what on a case. Called after the transaction commits; delivery itself runs in a
background task (core.notify), so nothing here slows the action down."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengguan.core import notify
from chengguan.org.roles import RoleCode
from chengguan.org.selectors import staff_with_role

from .models import Case, CaseRequest, FollowUp

HANDLER_ROLES = (RoleCode.HANDLER, RoleCode.ENFORCEMENT_OFFICER)


def case_link(case: Case) -> str:
    try:
        return reverse("cases:detail", args=[case.number])
    except NoReverseMatch:
        return ""


def _send(recipients, case: Case, subject, body, kind: str) -> None:
    notify.notify_users(recipients, notify.Message(subject, body, link=case_link(case), kind=kind))


def _department_handlers(case: Case):
    if case.department_id is None:
        return []
    return [s for role in HANDLER_ROLES for s in staff_with_role(role, case.department)]


def case_dispatched(case: Case) -> None:
    _send(
        _department_handlers(case),
        case,
        _("New case %(number)s") % {"number": case.number},
        _("%(description)s — due %(deadline)s")
        % {"description": case.description[:80], "deadline": _due(case)},
        "case.dispatched",
    )


def case_handled(case: Case) -> None:
    inspector = case.cell.inspector if case.cell_id and case.cell.inspector_id else None
    recipients = [inspector] if inspector else staff_with_role(RoleCode.SHIFT_LEAD)
    _send(
        recipients,
        case,
        _("Case %(number)s is ready for verification") % {"number": case.number},
        case.address or case.description[:80],
        "case.handled",
    )


def case_rework(case: Case) -> None:
    _send(
        _department_handlers(case),
        case,
        _("Case %(number)s returned for rework") % {"number": case.number},
        _("Verification failed; the new deadline is %(deadline)s.") % {"deadline": _due(case)},
        "case.rework",
    )


def case_sent_back(case: Case) -> None:
    _send(
        staff_with_role(RoleCode.DISPATCHER),
        case,
        _("Case %(number)s was sent back") % {"number": case.number},
        _("The department says it is not its duty: dispatch it again."),
        "case.sent_back",
    )


def case_closed(case: Case) -> None:
    """Nothing to staff; the reporter's follow-up invitation is sent by `follow_up_invited`."""
    supporters_closed(case)


def request_made(case: Case) -> None:
    recipients = list(staff_with_role(RoleCode.SHIFT_LEAD))
    _send(
        recipients,
        case,
        _("Case %(number)s: a request awaits your decision") % {"number": case.number},
        case.description[:80],
        "case.request",
    )


def request_decided(case: Case, request: CaseRequest) -> None:
    _send(
        [request.requested_by],
        case,
        _("Case %(number)s: your request was %(decision)s")
        % {"number": case.number, "decision": request.get_decision_display()},
        request.decision_note or "",
        "case.request_decided",
    )


def follow_up_invited(follow_up: FollowUp) -> None:
    try:
        path = reverse("cases:follow_up", args=[follow_up.token])
    except NoReverseMatch:
        path = ""
    notify.notify_phone(
        follow_up.case.reporter_phone,
        _("Your report %(number)s has been dealt with. Please tell us how satisfied you are: %(link)s")
        % {"number": follow_up.case.number, "link": notify.absolute_link(path)},
    )


def problem_persists(case: Case) -> None:
    _send(
        staff_with_role(RoleCode.DISPATCHER),
        case,
        _("Case %(number)s: the reporter says the problem is still there") % {"number": case.number},
        _("Check the follow-up and reopen the case if needed."),
        "case.problem_persists",
    )


def _due(case: Case) -> str:
    return timezone.localtime(case.deadline).strftime("%Y-%m-%d %H:%M") if case.deadline else "—"


def supporters_closed(case: Case) -> None:
    """Citizens who supported the case (and left a phone for updates) hear that it is closed."""
    try:
        path = reverse("portal:case", args=[case.number])
    except NoReverseMatch:
        path = ""
    text = _("The problem %(number)s you supported has been dealt with and the case is closed. %(link)s") % {
        "number": case.number,
        "link": notify.absolute_link(path) if path else "",
    }
    for phone in case.supporters.exclude(phone="").values_list("phone", flat=True):
        notify.notify_phone(phone, text.strip())


def case_urged(case: Case) -> None:
    """督办 by hand: the department's handlers and its leaders hear of it, with the note."""
    if case.department_id is None:
        return
    recipients = {staff.pk: staff for staff in _department_handlers(case)}
    for leader in staff_with_role(RoleCode.LEADER, case.department):
        recipients.setdefault(leader.pk, leader)
    note = case.events.filter(action="urge").order_by("-at", "-id").values_list("note", flat=True).first()
    _send(
        list(recipients.values()),
        case,
        _("Urged: case %(number)s") % {"number": case.number},
        _("%(note)s — due %(deadline)s") % {"note": note or "", "deadline": _due(case)},
        "case.urged",
    )


def case_merged(case_id: int) -> None:
    """并单: the duplicate's reporter and supporters (those who left a phone) hear which case now carries
    their report; they are its supporters now and are texted again when it closes."""
    case = Case.objects.select_related("merged_into").filter(pk=case_id).first()
    if case is None or case.merged_into is None:
        return
    survivor = case.merged_into
    try:
        path = reverse("portal:case", args=[survivor.number])
    except NoReverseMatch:
        path = ""
    text = _(
        "Your report %(number)s is the same problem as case %(into)s, which is being dealt with; you will be "
        "told when it is closed. %(link)s"
    ) % {"number": case.number, "into": survivor.number, "link": notify.absolute_link(path) if path else ""}
    phones = [case.reporter_phone, *case.supporters.exclude(phone="").values_list("phone", flat=True)]
    for phone in dict.fromkeys(phone for phone in phones if phone):
        notify.notify_phone(phone, text.strip())
