"""What the staff pages share: the gate, the round lookup scoped to the user, and running a service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core import pages
from chengguan.core.forms import messages_of

from .. import rules, selectors, services

WHY_FORBIDDEN = gettext_lazy("Your roles do not let you run or read evaluation rounds of this department.")


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message or WHY_FORBIDDEN)


def console_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.may_open_console(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def round_or_404(request, pk: int):
    round_ = selectors.visible_round(request.user, pk)
    if round_ is None:
        raise Http404(_("No such evaluation round."))
    return round_


def run(request, round_, call, success: str, *, to: str = "evaluation:manage_detail"):
    """Call a service and come back to the round with its message; a refusal changes nothing."""
    try:
        call()
    except (services.EvaluationRefused, ValidationError) as exc:
        messages.error(request, messages_of(exc))
    except PermissionDenied:
        return forbidden(request)
    else:
        messages.success(request, success)
    return redirect(to, pk=round_.pk)
