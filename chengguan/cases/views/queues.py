"""What the work queues share (the desk, the department inbox and the case list): one filter form and
FilterSet, the text search (traditional input is searched as simplified), sorting, and the user's last
filter of each list remembered in the session ("clear" forgets it)."""

from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy

from chengguan.org.selectors import visible_department_list

from .. import selectors
from ..filters import CaseFilter
from ..forms import CaseFilterForm
from ..states import SupervisionLevel
from .common import cached_on_request

SORTS = [
    ("reported", gettext_lazy("Reported")),
    ("deadline", gettext_lazy("Deadline")),
    ("urgency", gettext_lazy("Urgency")),
]
SESSION_KEY = "queue-filters:%s"
CLEAR = "clear"  # ?clear=1 forgets the list's remembered filter
NOT_FILTERS = ("page", CLEAR)


def filter_form(request) -> CaseFilterForm:
    return CaseFilterForm(
        request.GET,
        departments=cached_on_request(request, "departments", lambda: visible_department_list(request.user)),
        categories=selectors.filter_categories(),  # each process keeps these two
        areas=selectors.filter_areas(),
    )


def apply_filters(request, queryset, *, default_sort: str | None = "-reported"):
    """The queryset with the page's filters and sort, the filter form (with any errors) and the filters
    applied. A refused value is shown with its error on the form (the caller answers 400)."""
    form = filter_form(request)
    params = form.params()
    if params.get("overdue"):
        params["overdue"] = "true"  # the form's "1"; the FilterSet's boolean reads "true"
    if text := request.GET.get("q", "").strip():
        params["q"] = text[:100]
    if request.GET.get("supervision") in SupervisionLevel.values:
        params["supervision"] = request.GET["supervision"]
    found = CaseFilter(data=params, queryset=queryset)
    if not found.is_valid():  # cannot happen after the form's checks; never a server error if it does
        found = CaseFilter(data={}, queryset=queryset)
    cases = found.qs
    sort = request.GET.get("sort")
    if sort or default_sort:
        cases = selectors.sort_cases(cases, sort, default=default_sort or "-reported")
    return cases, form, found.params()


def _filters(request) -> str:
    query = request.GET.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    return query.urlencode()


def remembered(request, key: str) -> HttpResponseRedirect | None:
    """The list's last filter, per user session: a request without filters (or a sort) goes back to the
    stored ones (a redirect, keeping the page); ?clear=1 forgets them and shows the plain list. A request
    with filters is stored by `remember` once they were accepted."""
    session_key = SESSION_KEY % key
    if CLEAR in request.GET:
        request.session.pop(session_key, None)
        return HttpResponseRedirect(request.path)
    if _filters(request):
        return None
    stored = request.session.get(session_key)
    if stored:
        page = request.GET.get("page", "")
        suffix = f"&page={page}" if page.isdigit() else ""
        return HttpResponseRedirect(f"{request.path}?{stored}{suffix}")
    return None


def remember(request, key: str) -> None:
    """Store the request's filters as the list's last (only filters the list accepted)."""
    if (current := _filters(request)) and request.session.get(SESSION_KEY % key) != current:
        request.session[SESSION_KEY % key] = current


def clear_url(request) -> str:
    return f"{request.path}?{CLEAR}=1"
