"""Template helpers for console list pages: sort links, pagination and filter forms that keep the other
query parameters. Links are built like Django's own `{% querystring %}` (which they complement)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _query(context):
    request = context.get("request")
    return request.GET.copy() if request is not None else None


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label, param: str = "sort", default: str = ""):
    """A column heading that sorts by `field`: ascending first, descending on the second click.

    `{% sort_link "deadline" _("Deadline") %}` → ?sort=deadline, then ?sort=-deadline. The page number
    is dropped (a new order starts on page 1); every other parameter is kept. `default` names the order
    the list has when the parameter is absent, so that heading shows its arrow too."""
    params = _query(context)
    if params is None:
        return label
    current = params.get(param) or default
    if current == field:
        direction, target = "ascending", f"-{field}"
    elif current == f"-{field}":
        direction, target = "descending", field
    else:
        direction, target = "", field
    params[param] = target
    params.pop("page", None)
    arrow = {"ascending": "▲", "descending": "▼"}.get(direction, "")
    if direction:
        hint = _("sorted ascending") if direction == "ascending" else _("sorted descending")
        return format_html(
            '<a class="sort-link is-sorted" href="?{}" data-sort="{}">{} <span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">({})</span></a>',
            params.urlencode(),
            direction,
            label,
            arrow,
            hint,
        )
    return format_html('<a class="sort-link" href="?{}">{}</a>', params.urlencode(), label)


@register.simple_tag(takes_context=True)
def hidden_query_inputs(context, exclude: str = "", form=None):
    """Hidden inputs for the current query parameters, so a GET filter form keeps the sort order and
    other state. Leaves out `page` (a new filter starts on page 1), the space-separated names in
    `exclude`, and the fields of `form` (they are submitted by the form itself)."""
    params = _query(context)
    if params is None:
        return ""
    skip = {"page", *(exclude or "").split()}
    if form is not None:
        skip.update(form.fields)
    pairs = ((key, value) for key, values in params.lists() if key not in skip for value in values)
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.simple_tag
def elided_page_range(page, on_each_side: int = 2, on_ends: int = 1):
    """The page numbers to link, with Paginator.ELLIPSIS for the gaps: 1 … 4 5 [6] 7 8 … 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=on_ends))


@register.filter
def is_ellipsis(value) -> bool:
    """True for the gap marker in elided_page_range's list (page numbers are ints)."""
    return not isinstance(value, int)


@register.simple_tag(takes_context=True)
def query_value(context, name: str) -> str:
    """The current value of one query parameter (for a search box whose name is a variable)."""
    params = _query(context)
    return params.get(name, "") if params is not None else ""


@register.simple_tag(takes_context=True)
def reset_filters_query(context, search: str = "", form=None) -> str:
    """The query string with the filters, the search and the page removed (sort order and the rest kept),
    for a "clear filters" link. Always starts with "?", so it also clears an otherwise empty query."""
    params = _query(context)
    if params is None:
        return "?"
    for key in ["page", search, *(form.fields if form is not None else [])]:
        params.pop(key, None)
    return "?" + params.urlencode()
