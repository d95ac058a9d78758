"""What the campaign pages share: the gates, the lookups scoped to the user, and calling a service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core import pages
from chengguan.core.forms import add_service_errors

from .. import rules, selectors
from ..models import Application
from ..services import CampaignRefused

WHY_FORBIDDEN = gettext_lazy(
    "Civility campaigns are run by civility officers; inspectors score them and leaders follow them."
)


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message or WHY_FORBIDDEN)


def console_required(view):
    """Staff who work on campaigns: civility officers, inspectors, leaders, administrators."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.may_open_console(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def unit_required(view):
    """An account that acts for a participant unit; the unit is passed on as `unit`."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        unit = rules.unit_of(request.user)
        if unit is None:
            return forbidden(request, _("This page is for the accounts of participant units."))
        return view(request, *args, unit=unit, **kwargs)

    return wrapped


def campaign_or_404(user, pk: int):
    campaign = selectors.visible_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("No such campaign."))
    return campaign


def application_or_404(user, pk: int) -> Application:
    application = selectors.application_for(user, pk)
    if application is None:
        raise Http404(_("No such application."))
    return application


def run(request, call, *, form=None, success: str = "") -> bool:
    """Call a service; report refusals as messages (or on the form). True when it went through."""
    try:
        call()
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return False
    except (CampaignRefused, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return False
    if success:
        messages.success(request, success)
    return True
