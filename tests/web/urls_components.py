"""Test-only URLs: the whole site plus a page that shows every shared component, and stand-ins for the
console pages whose apps are not wired yet (so the navigation can be tested before they exist)."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import NoReverseMatch, URLResolver, include, path, reverse

from chengguan import urls as site_urls
from chengguan.web.context_processors import NAV

COMPONENTS_PAGE = """{% extends "web/base.html" %}{% load console %}
{% block content %}
<h1>Components</h1>
{% include "web/components/table_controls.html" with page=page filter_form=form search="q" sorts=sorts %}
<table><thead><tr><th>{% sort_link "id" "No." %}</th><th>State</th></tr></thead><tbody>
{% for row in page %}<tr><td>{{ row.id }}</td><td>
{% include "web/components/state_badge.html" with state=row.state label=row.label %}
</td></tr>{% endfor %}
</tbody></table>
<form method="post" id="pick-form">{% csrf_token %}
  <input type="hidden" name="where_lng" value="">
  <input type="hidden" name="where_lat" value="">
  {% with map_id="pick-map" center="117.489,30.656" zoom=14 pick_lng="where_lng" pick_lat="where_lat" %}
  {% include "web/components/map.html" with pick=True markers_url=markers_url label="Where" %}
  {% endwith %}
</form>
{% include "web/components/chart.html" with chart_id="demo-chart" option=chart label="Cases per day" %}
<button type="button" hx-post="/__test__/fragment/" hx-target="#fragment">Load more</button>
<div id="fragment"></div>
{% endblock %}
"""


class StateFilter(forms.Form):
    state = forms.ChoiceField(
        required=False, choices=[("", "any"), ("closed", "closed"), ("rework", "rework")]
    )


def components(request):
    states = ["reported", "in_progress", "rework", "closed", "no_such_state"] * 10
    rows = [
        {"id": n, "state": state, "label": state.replace("_", " ")} for n, state in enumerate(states, start=1)
    ]
    context = {
        "page": Paginator(rows, 5).get_page(request.GET.get("page")),
        "form": StateFilter(request.GET or None),
        "sorts": [("id", "No."), ("state", "State")],
        "markers_url": "/__test__/markers.geojson",
        "chart": {
            "xAxis": {"type": "category", "data": ["Mon", "Tue", "Wed"]},
            "yAxis": {"type": "value"},
            "series": [{"type": "bar", "data": [3, 7, 5]}],
        },
    }
    template = engines["django"].from_string(COMPONENTS_PAGE)
    return HttpResponse(template.render(context, request))


def markers(request):
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [117.49, 30.657]},
                    "properties": {"state": "rework", "state_label": "rework", "title": "A lamp", "url": "/"},
                }
            ],
        }
    )


FRAGMENT = """<p id="fragment-said">{{ method }} accepted</p>
{% include "web/components/chart.html" with chart_id="swapped-chart" option=chart %}"""


def fragment(request):
    """A POST that htmx sends: passes the CSRF check only with the token base.html puts in hx-headers."""
    chart = {"series": [{"type": "pie", "data": [{"name": "a", "value": 1}, {"name": "b", "value": 2}]}]}
    html = engines["django"].from_string(FRAGMENT).render({"method": request.method, "chart": chart}, request)
    return HttpResponse(html)


def stand_in(request):
    return HttpResponse(engines["django"].from_string('{% extends "web/base.html" %}').render({}, request))


def console_stand_ins() -> list:
    """Stand-in pages for the navigation entries the site cannot link to yet, in their namespace next to
    the real pages of that namespace (a namespace is looked up in the first include that declares it)."""
    missing: dict[str, list[str]] = {}
    for entry in NAV:
        namespace, _, name = entry.url_name.rpartition(":")
        try:
            reverse(entry.url_name, urlconf=site_urls)
        except NoReverseMatch:
            missing.setdefault(namespace, []).append(name)
    patterns = []
    for namespace, names in missing.items():
        stand_ins = [path(f"__stand_in__/{name}/", stand_in, name=name) for name in names]
        resolvers = [p for p in site_urls.urlpatterns if isinstance(p, URLResolver)]
        real = next((p for p in resolvers if p.namespace == namespace), None)
        if not namespace:
            patterns.extend(stand_ins)
        elif real is None:
            patterns.append(path(f"__test__/{namespace}/", include((stand_ins, namespace))))
        else:
            both = [*real.url_patterns, *stand_ins]
            patterns.append(path(str(real.pattern), include((both, real.app_name), namespace=namespace)))
    return patterns


urlpatterns = [
    path("__test__/components/", components, name="test-components"),
    path("__test__/markers.geojson", markers, name="test-markers"),
    path("__test__/fragment/", fragment, name="test-fragment"),
    *console_stand_ins(),
    *site_urls.urlpatterns,
]
