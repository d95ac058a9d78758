"""What the register's pages share: who may open them, running a service call, paging."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from chengguan.core import pages
from chengguan.core.forms import add_service_errors
from chengguan.core.refusals import Refused


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message)


def allowed(predicate):
    """Signed in, and `predicate(user)`; a page saying so with 403 otherwise."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


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
    except (Refused, PermissionDenied) as exc:
        if form is None:
            messages.error(request, str(exc))
        else:
            form.add_error(None, str(exc))
        return False
    messages.success(request, success)
    return True
