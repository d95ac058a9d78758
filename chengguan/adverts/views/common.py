"""What the register's pages share: who may open them (with the register's section found once per
request), running a service call with its refusal on the form, paging."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from chengguan.core import pages
from chengguan.core.forms import add_service_errors

from .. import rules, selectors
from ..services import AdvertRefused

PER_PAGE = 25


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message)


def register_view(predicate=None):
    """Signed in, allowed to open the register, and `predicate(user, section)` when given. The view gets
    the section as `request.advert_section`."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            section = selectors.advert_section()
            if not rules.may_open(request.user, section):
                return forbidden(request)
            if predicate is not None and not predicate(request.user, section):
                return forbidden(request)
            request.advert_section = section
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


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
    except (AdvertRefused, PermissionDenied) as exc:
        if form is None:
            messages.error(request, str(exc))
        else:
            form.add_error(None, str(exc))
        return False
    messages.success(request, success)
    return True
