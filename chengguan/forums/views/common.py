"""What the forum pages share: the gate, the scoped lookups and the parsing of query parameters."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core import pages
from chengguan.grid import selectors as grid

from .. import rules, selectors

WHY_FORBIDDEN = gettext_lazy("Your roles do not let you organise or read these community forums.")


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message or WHY_FORBIDDEN)


def forums_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.may_open_forums(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def forum_or_404(request, pk: int):
    forum = selectors.forum_for(request.user, pk)
    if forum is None:
        raise Http404(_("No such community forum."))
    return forum


def schedule_or_404(request, community_id: int):
    schedule = selectors.schedule_for_community(request.user, community_id)
    if schedule is None:
        raise Http404(_("No forum schedule of this community that you may see."))
    return schedule


class BadParameter(ValueError):
    """A query parameter that is not what the page takes: the page answers 400 with the message."""


def int_param(request, name: str, *, low: int, high: int) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(
            _("%(name)s must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return int(raw)


def street_filter(request) -> tuple[list, int | None]:
    """The streets to filter by, and the chosen one (None for all)."""
    streets = list(grid.streets())
    street_id = int_param(request, "street", low=1, high=2**31 - 1)
    if street_id is not None and street_id not in {s.pk for s in streets}:
        raise BadParameter(_("No such street."))
    return streets, street_id
