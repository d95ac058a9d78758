"""The weekly digest for leaders: the week's counts, spikes, top terms and repeat locations, kept as a page
and announced to the leaders once."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.notify.message import Message
from chengguan.core.notify.services import notify_users
from chengguan.org import selectors as org
from chengguan.org.roles import RoleCode

from .. import rules, selectors
from ..models import Digest
from .common import Code, InsightRefused, allowed


def last_complete_week(today: date) -> date:
    """The Monday of the last week (Monday to Sunday) that is over."""
    return today - timedelta(days=today.weekday() + 7)


def build_digest(*, actor, week_start: date | None = None) -> tuple[Digest, bool]:
    """The digest of the week beginning `week_start` (a Monday; default the last complete week): made and
    announced once, the stored one returned (created False) when it exists."""
    allowed(actor, rules.may_view_board)
    today = timezone.localdate()
    week_start = week_start or last_complete_week(today)
    week_start -= timedelta(days=week_start.weekday())
    if week_start + timedelta(days=7) > today:
        raise InsightRefused(
            _("The week of %(day)s is not over yet.") % {"day": week_start.isoformat()},
            code=Code.WEEK_NOT_OVER,
        )
    existing = Digest.objects.filter(week_start=week_start).first()
    if existing is not None:
        return existing, False
    data = selectors.week_summary(week_start)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(week_start=week_start, created_at=timezone.now(), data=data)
            notify_users(
                org.staff_with_role(RoleCode.LEADER),
                Message(
                    subject=_("Weekly public-opinion digest, week of %(day)s")
                    % {"day": week_start.isoformat()},
                    body=_("%(total)s reports, %(spikes)s spikes, %(spots)s repeat locations.")
                    % {
                        "total": data["total"],
                        "spikes": len(data["spikes"]),
                        "spots": len(data["repeat_locations"]),
                    },
                    link=reverse("insight:digest", args=[digest.pk]),
                    kind="insight.digest",
                ),
            )
    except IntegrityError:  # made by a concurrent run
        return Digest.objects.get(week_start=week_start), False
    return digest, True
