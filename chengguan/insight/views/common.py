"""What the 舆情 pages share: the role check and the forbidden page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy

from chengguan.core import pages

WHY_FORBIDDEN = gettext_lazy(
    "Public-opinion monitoring is for leaders, dispatchers, shift leads and administrators; "
    "items found online are recorded by intake operators too."
)


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message or WHY_FORBIDDEN)


def allowed_by(predicate):
    """The view opens for signed-in users for whom `predicate(user)` holds; others get the 403 page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
