"""The monthly red and black list (红黑榜): compiled from the month's checks once the month is over and
published as a notice (公示). A confirmed notice confirms the list; a withdrawn one withdraws it, and the
month may be published again. The periodic job publishes last month's list when nobody has."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor, is_system
from chengguan.core.refusals import require, require_actor
from chengguan.notices import services as notices
from chengguan.org.rules import staff_of
from chengguan.taxonomy.selectors import responsible_department

from .. import rules
from ..models import Board, EventAction, ListEntry, ListState, MonthlyList
from ..selectors import month_start, standings
from .common import NOTICE_SUBJECT, FrontageCode, FrontageRefused, frontage_category, log, notice_window_days

LIST_ACTOR = SystemActor("frontage_lists")  # the periodic job
OUTCOME_ACTOR = notices.OUTCOME_ACTOR


def _owner_department(actor):
    staff = None if is_system(actor) else staff_of(actor)
    if staff is not None:
        return staff.department
    department = responsible_department(frontage_category(), None)
    if department is None:
        raise FrontageRefused(
            _("No department keeps 门前三包: add it to the responsibility list."), code=FrontageCode.NO_KEEPER
        )
    return department


def _body(month: date, table: dict) -> str:
    def lines(rows, failing: bool):
        if not rows:
            return [_("(none)")]
        out = []
        for rank, row in enumerate(rows, 1):
            if failing:
                detail = _("%(f)s of %(n)s checks failed") % {"f": row["failures_n"], "n": row["checks_n"]}
            else:
                detail = _("passed all %(n)s checks") % {"n": row["checks_n"]}
            out.append(f"{rank}. {row['name']}：{detail}")
        return out

    return "\n".join(
        [
            _("The 门前三包 results of %(month)s: %(n)s units were checked.")
            % {"month": f"{month:%Y-%m}", "n": table["checked"]},
            "",
            _("Red list (best):"),
            *lines(table["red"], False),
            "",
            _("Black list (worst):"),
            *lines(table["black"], True),
            "",
            _("Objections may be filed during the notice period."),
        ]
    )


@transaction.atomic
def publish_monthly_list(*, actor, month: date, now=None) -> MonthlyList:
    """Compile the month's list and publish it as a notice; the month must be over and have checks."""
    require_actor(actor)
    require(
        is_system(actor) or rules.may_publish_list(actor),
        _("Only civility officers publish the red and black list."),
    )
    if not isinstance(month, date):
        raise ValidationError({"month": [_("Choose a month.")]})
    month = month_start(month)
    today = timezone.localdate(now) if now else timezone.localdate()
    if month >= month_start(today):
        raise FrontageRefused(_("The month is not over yet."), code=FrontageCode.MONTH_NOT_OVER)
    if (
        MonthlyList.objects.select_for_update()
        .filter(month=month)
        .exclude(state=ListState.WITHDRAWN)
        .exists()
    ):
        raise FrontageRefused(
            _("The list of %(month)s is already published.") % {"month": f"{month:%Y-%m}"},
            code=FrontageCode.LIST_EXISTS,
        )
    table = standings(month)
    if not table["checked"]:
        raise FrontageRefused(
            _("No unit was checked in %(month)s.") % {"month": f"{month:%Y-%m}"},
            code=FrontageCode.NOTHING_CHECKED,
        )
    monthly = MonthlyList.objects.create(month=month, published_by=None if is_system(actor) else actor)
    ListEntry.objects.bulk_create(
        ListEntry(
            monthly_list=monthly,
            board=board,
            rank=rank,
            unit_id=row["pk"],
            unit_name=row["name"],
            checks=row["checks_n"],
            failures=row["failures_n"],
            failed_duties=row["duties_n"] or 0,
        )
        for board, rows in ((Board.RED, table["red"]), (Board.BLACK, table["black"]))
        for rank, row in enumerate(rows, 1)
    )
    label = _("门前三包 red and black list %(month)s") % {"month": f"{month:%Y-%m}"}
    notice = notices.create_notice(
        actor=actor,
        title=_("Public notice: 门前三包 red and black list of %(month)s") % {"month": f"{month:%Y-%m}"},
        body=_body(month, table),
        owner_department=_owner_department(actor),
        subject_type=NOTICE_SUBJECT,
        subject_id=str(monthly.pk),
        subject_label=label,
        window_days=notice_window_days(),
    )
    notices.publish_notice(notice_id=notice.pk, actor=actor, now=now)
    monthly.notice_id = notice.pk
    monthly.save(update_fields=["notice_id", "updated_at"])
    log(
        actor=actor,
        action=EventAction.PUBLISH_LIST,
        monthly_list=monthly,
        notice=notice.pk,
        red=len(table["red"]),
        black=len(table["black"]),
    )
    return monthly


def publish_due_list(*, actor=LIST_ACTOR, now=None) -> MonthlyList | None:
    """The job: last month's list, unless it is published already or nothing was checked."""
    require_actor(actor)
    today = timezone.localdate(now) if now else timezone.localdate()
    last_month = month_start(month_start(today) - timedelta(days=1))
    if MonthlyList.objects.filter(month=last_month).exclude(state=ListState.WITHDRAWN).exists():
        return None
    try:
        return publish_monthly_list(actor=actor, month=last_month, now=now)
    except FrontageRefused as exc:
        if exc.code in (FrontageCode.NOTHING_CHECKED, FrontageCode.LIST_EXISTS):
            return None
        raise


@transaction.atomic
def settle_list_notice(*, actor, notice, outcome: str) -> None:
    """The notice ended: confirmed → the list is confirmed; withdrawn → withdrawn (publishable again)."""
    require_actor(actor)
    monthly = MonthlyList.objects.select_for_update().filter(pk=int(notice.subject_id or 0)).first()
    if monthly is None or monthly.state != ListState.IN_NOTICE:
        return
    if outcome == notices.Outcome.CONFIRMED:
        monthly.state, monthly.confirmed_at = ListState.CONFIRMED, timezone.now()
    elif outcome == notices.Outcome.WITHDRAWN:
        monthly.state = ListState.WITHDRAWN
    else:
        return
    monthly.save(update_fields=["state", "confirmed_at", "updated_at"])
    log(actor=actor, action=EventAction.LIST_SETTLED, monthly_list=monthly, notice=notice.pk, outcome=outcome)


def on_notice_outcome(notice, outcome: str) -> None:
    """The outcome handler registered with the notices app: acts as the notices' system actor."""
    settle_list_notice(actor=OUTCOME_ACTOR, notice=notice, outcome=outcome)
