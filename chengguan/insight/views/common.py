"""What the 舆情 pages share: the role check and the forbidden page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def forbidden(request):
    return render(request, "insight/forbidden.html", status=403)


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
