"""What the console pages share: role checks (a 403 page for the wrong role), htmx detection, the
remaining working time in words, and reference lists computed once per request."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chengguan.core import pages, worktime
from chengguan.org.roles import RoleCode as R
from chengguan.org.rules import is_administrator
from chengguan.org.selectors import staff_for

from .. import workflow

DESK_ROLES = (R.DISPATCHER, R.SHIFT_LEAD, R.INTAKE_OPERATOR)
INTAKE_ROLES = (R.INTAKE_OPERATOR, R.DISPATCHER, R.SHIFT_LEAD)
PATROL_ROLES = (R.INSPECTOR,)
INBOX_ROLES = (R.HANDLER, R.ENFORCEMENT_OFFICER)
VERIFY_ROLES = (R.INSPECTOR, R.SHIFT_LEAD)
BOARD_ROLES = (R.SHIFT_LEAD, R.LEADER, R.DISPATCHER)
ANY_STAFF = ()  # role_required() with no roles: any active staff member


def has_page_role(user, roles) -> bool:
    if is_administrator(user):
        return True
    staff = staff_for(user)
    return staff is not None and (not roles or staff.has_role(*roles))


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message)


def role_required(*roles):
    """Signed in, and an active staff member with one of `roles` (any staff member when none are given);
    administrators may open every page. Others get the 403 page."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_page_role(request.user, roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        wrapped.page_roles = roles
        return wrapped

    return decorate


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def may_dispatch(user) -> bool:
    staff = staff_for(user)
    return staff is not None and staff.has_role(*workflow.DISPATCH)


def next_url(request, default: str) -> str:
    """The `next` parameter when it points into this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def working_time_label(hours: float | None) -> str:
    """'1 working day 2.5 h left' / 'overdue by 3 h (working time)' / '—'."""
    if hours is None:
        return "—"
    per_day = worktime.hours_per_day() or 8.0
    amount = abs(hours)
    days = int(amount // per_day)
    rest = round(amount - days * per_day, 1)
    if rest >= per_day:
        days, rest = days + 1, 0.0
    rest_text = f"{rest:g}"
    day_text = ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
    if days and rest:
        span = _("%(days)s %(hours)s h") % {"days": day_text, "hours": rest_text}
    elif days:
        span = day_text
    else:
        span = _("%(hours)s working hours") % {"hours": rest_text}
    return _("overdue by %(span)s") % {"span": span} if hours < 0 else _("%(span)s left") % {"span": span}


def cached_on_request(request, key: str, compute):
    """`compute()` once per request (reference lists several forms on a page need)."""
    store = request.__dict__.setdefault("_cases_cache", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def row_done(request, case, *, notice: str, visible: bool):
    """The fragment that replaces a list row (htmx) once the case has left that list."""
    context = {"case": case, "notice": notice, "target": f"row-{case.number}", "visible": visible}
    return render(request, "cases/_row_done.html", context)


def row_item(request, template: str, row: dict, *, notice: str, refusal: str, back: str):
    """A list row again (htmx) after an action that left the case on the list."""
    return render(request, template, {"row": row, "notice": notice, "refusal": refusal, "next_url": back})
