"""What the conduct pages share: who may open them, the month parameter, running a service call."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

from chengguan.core import pages
from chengguan.core.forms import add_service_errors
from chengguan.org.rules import is_administrator, staff_of

from ..services import ConductRefused


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message)


def staff_required(predicate=None):
    """Signed in with an active staff record (or an administrator), and `predicate(user)` when given."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            staff = staff_of(request.user)
            if not (is_administrator(request.user) or (staff is not None and staff.is_active)):
                return forbidden(request)
            if predicate is not None and not predicate(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def month_param(request, name: str = "month") -> date:
    """`?month=2026-03` → 2026-03-01; this month when absent or malformed."""
    value = request.GET.get(name) or request.POST.get(name) or ""
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def run(request, form, call, success: str) -> bool:
    """Call the service; on refusal put the reason on the form (or in a message) and return False."""
    try:
        call()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            add_service_errors(form, exc)
        return False
    except (ConductRefused, PermissionDenied) as exc:
        if form is None:
            messages.error(request, str(exc))
        else:
            form.add_error(None, str(exc))
        return False
    messages.success(request, success)
    return True
