"""The console shell: navigation by role, the public layout, the vendored assets and the list helpers."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from chengguan.org.roles import RoleCode
from chengguan.web import context_processors
from tests.factories import StaffFactory, UserFactory
from tests.web import urls_components  # noqa: F401 - builds its stand-ins from the real NAV, before any patch

pytestmark = pytest.mark.django_db

R = RoleCode
CONSOLE_URLS = "tests.web.urls_components"


@pytest.fixture(autouse=True)
def _console_urls(settings):
    settings.ROOT_URLCONF = CONSOLE_URLS


def resolvable(names):
    """The names the site can link to now (a page not wired yet is left out of the menu)."""
    out = []
    for name in names:
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        out.append(name)
    return out


def nav_names(response) -> list[str]:
    return [item["url_name"] for item in response.context["nav"]]


DASHBOARD, REPORTS = "assessment:dashboard", "assessment:reports"
CAMPAIGNS, EVALUATION, VIOLATIONS = "campaigns:list", "evaluation:manage", "conduct:violations"
HOT_SPOTS, MEDIA_ITEMS = "insight:board", "insight:media"
FORUMS, FRONTAGE = "forums:overview", "frontage:units"
ADVERTS, SIGN_CHECK = "adverts:permits", "adverts:check_create"


def log_in_as(client, *roles, **user_fields):
    staff = StaffFactory(roles=list(roles), user=UserFactory(**user_fields))
    client.force_login(staff.user)
    return staff


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (
            [R.DISPATCHER],
            ["cases:desk", "cases:intake", "cases:board", "cases:list", VIOLATIONS, HOT_SPOTS, DASHBOARD],
        ),
        (
            [R.INTAKE_OPERATOR],
            ["cases:desk", "cases:intake", "cases:list", VIOLATIONS, MEDIA_ITEMS, DASHBOARD],
        ),
        (
            [R.SHIFT_LEAD],
            [
                "cases:desk",
                "cases:intake",
                "cases:verify",
                "field:app",
                "cases:board",
                "cases:list",
                VIOLATIONS,
                HOT_SPOTS,
                DASHBOARD,
                REPORTS,
            ],
        ),
        (
            [R.HANDLER],
            ["cases:inbox", "field:app", "cases:list", FORUMS, FRONTAGE, VIOLATIONS, ADVERTS, DASHBOARD],
        ),
        (
            [R.ENFORCEMENT_OFFICER],
            [
                "cases:inbox",
                "field:app",
                "cases:list",
                VIOLATIONS,
                "conduct:enforcement",
                ADVERTS,
                SIGN_CHECK,
                DASHBOARD,
            ],
        ),
        (
            [R.INSPECTOR],
            [
                "cases:patrol",
                "cases:verify",
                "field:app",
                "cases:list",
                CAMPAIGNS,
                FRONTAGE,
                VIOLATIONS,
                ADVERTS,
                SIGN_CHECK,
                DASHBOARD,
            ],
        ),
        (
            [R.LEADER],
            [
                "cases:board",
                "cases:list",
                "notices:manage",
                EVALUATION,
                CAMPAIGNS,
                FORUMS,
                FRONTAGE,
                VIOLATIONS,
                "conduct:scores",
                "conduct:stars_manage",
                "conduct:enforcement",
                "conduct:training",
                ADVERTS,
                HOT_SPOTS,
                DASHBOARD,
                REPORTS,
            ],
        ),
        (
            [R.CIVILITY_OFFICER],
            ["cases:list", "notices:manage", EVALUATION, CAMPAIGNS, FORUMS, FRONTAGE, VIOLATIONS, DASHBOARD],
        ),
        ([], ["cases:list", VIOLATIONS, DASHBOARD]),
        (
            [R.HANDLER, R.INSPECTOR],
            [
                "cases:inbox",
                "cases:patrol",
                "cases:verify",
                "field:app",
                "cases:list",
                CAMPAIGNS,
                FORUMS,
                FRONTAGE,
                VIOLATIONS,
                ADVERTS,
                SIGN_CHECK,
                DASHBOARD,
            ],
        ),
    ],
)
def test_navigation_shows_the_pages_of_the_users_roles(client, roles, expected):
    log_in_as(client, *roles)
    response = client.get("/")
    assert response.status_code == 200
    assert nav_names(response) == resolvable(expected)
    html = response.content.decode()
    for item in response.context["nav"]:
        assert f'href="{item["url"]}"' in html
    assert 'id="console-nav"' in html and "layout-console" in html


def test_admin_entry_only_for_accounts_that_may_open_the_admin(client):
    log_in_as(client, R.DISPATCHER, is_staff=True)
    assert nav_names(client.get("/"))[-1] == "admin:index"
    client.logout()
    log_in_as(client, R.DISPATCHER)
    assert "admin:index" not in nav_names(client.get("/"))


def test_account_without_staff_record_sees_no_case_pages(client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert nav_names(response) == []
    assert response.context["staff"] is None
    assert "layout-public" in response.content.decode()


def test_inactive_staff_record_counts_as_none(client):
    staff = log_in_as(client, R.DISPATCHER)
    staff.is_active = False
    staff.save()
    assert nav_names(client.get("/")) == []


def test_every_menu_entry_has_a_page(settings):
    settings.ROOT_URLCONF = "chengguan.urls"  # the real site, no stand-ins
    for nav_entry in context_processors.NAV:
        assert reverse(nav_entry.url_name), nav_entry.label


def test_current_page_is_highlighted(client):
    log_in_as(client, R.DISPATCHER)
    if not resolvable(["cases:desk"]):
        pytest.skip("no dispatcher's desk")
    response = client.get(reverse("cases:desk"))
    active = [item["url_name"] for item in response.context["nav"] if item["active"]]
    assert active == ["cases:desk"]
    assert re.search(r'class="active" aria-current="page"[^>]*>[^<]*</a>', response.content.decode())


def test_top_bar_names_the_user_and_department(client):
    staff = log_in_as(client, R.HANDLER)
    html = client.get("/").content.decode()
    assert staff.name in html and staff.department.name in html
    assert 'action="/logout/"' in html
    assert 'name="language"' in html


def test_anonymous_visitors_get_the_public_layout(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.context["nav"] == [] and response.context["staff"] is None
    assert "layout-public" in html
    assert 'id="console-nav"' not in html
    assert 'href="/login/"' in html
    assert 'name="language"' in html
    assert "<footer>" in html


def test_console_shell_is_accessible_and_htmx_sends_the_csrf_token(client):
    log_in_as(client, R.DISPATCHER)
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'aria-controls="console-nav"' in html
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token and len(token.group(1)) >= 32
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html


def test_unread_notification_badge(client, monkeypatch):
    log_in_as(client, R.HANDLER)
    monkeypatch.setattr(context_processors, "unread_count", lambda user: 3)
    response = client.get("/")
    assert response.context["unread_notifications"] == 3
    assert 'class="notify-count" aria-hidden="true">3<' in response.content.decode()


def test_tile_url_comes_from_settings(client, settings):
    settings.CHENGGUAN_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    request = RequestFactory().get("/")
    request.user = UserFactory()
    assert context_processors.console(request)["tile_url"] == settings.CHENGGUAN_TILE_URL


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/leaflet/images/marker-icon.png",
        "/static/vendor/leaflet/images/marker-shadow.png",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/echarts/echarts.min.js",
        "/static/web/site.css",
        "/static/web/console.js",
        "/static/web/map.js",
        "/static/web/chart.js",
    ],
)
def test_vendored_assets_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100


def test_vendored_versions_are_recorded():
    from django.contrib.staticfiles import finders

    with open(finders.find("vendor/VERSIONS.txt"), encoding="utf-8") as file:
        versions = file.read()
    assert "leaflet@1.9.4" in versions
    assert re.search(r"htmx\.org@2\.\d+\.\d+", versions)
    assert re.search(r"echarts@[56]\.\d+\.\d+", versions)
    for lib in ("leaflet", "htmx", "echarts"):
        assert finders.find(f"vendor/{lib}/LICENSE"), lib


# --- list helpers -------------------------------------------------------------------------------


def render(source, path="/", context=None):
    request = RequestFactory().get(path)
    request.user = UserFactory()
    return engines["django"].from_string(source).render(context or {}, request)


def test_components_page_renders_controls_that_keep_other_parameters(client):
    html = client.get("/__test__/components/?q=lamp&sort=-id&page=2&state=rework").content.decode()
    # pagination keeps the filters and the sort
    assert 'href="?q=lamp&amp;sort=-id&amp;page=3&amp;state=rework"' in html
    assert 'aria-current="page"><span class="visually-hidden">' in html
    # the filter form keeps the sort but not the page; the search box is the "/" target
    assert '<input type="hidden" name="sort" value="-id">' in html
    assert 'name="page"' not in html
    assert 'name="q" value="lamp" data-search' in html
    # sorting by the current field reverses it and returns to page 1
    assert 'href="?q=lamp&amp;sort=id&amp;state=rework" data-sort="descending"' in html
    assert 'href="?q=lamp&amp;sort=-id"' not in html
    # "clear" drops the filters and the search, keeps the sort
    assert 'class="reset" href="?sort=-id"' in html


def test_sort_link_without_current_order():
    html = render('{% load console %}{% sort_link "deadline" "Deadline" %}', "/?state=open&page=4")
    assert html == '<a class="sort-link" href="?state=open&amp;sort=deadline">Deadline</a>'


def test_state_badge_is_colored_by_state_and_labelled():
    html = render(
        '{% include "web/components/state_badge.html" with state="in_progress" label="处置中" %}'
    ).strip()
    assert html == (
        '<span class="badge state-badge" data-state="in_progress" '
        'style="--badge: var(--state-in_progress)">处置中</span>'
    )


def test_every_case_state_has_a_color():
    from django.contrib.staticfiles import finders

    from chengguan.cases.states import State

    with open(finders.find("web/site.css"), encoding="utf-8") as file:
        css = file.read()
    missing = [state for state in State.values if f"--state-{state}:" not in css]
    assert missing == []


def test_map_component_attributes(settings):
    settings.CHENGGUAN_TILE_URL = ""
    html = render(
        '{% include "web/components/map.html" with map_id="m" center="117.5,30.6" zoom=12 pick=True %}'
    )
    assert 'id="m" class="map" data-map' in html
    assert 'data-center="117.5,30.6" data-zoom="12"' in html
    assert 'data-tile-url=""' in html
    assert 'data-pick data-pick-lng="lng" data-pick-lat="lat"' in html
    assert 'data-map-locate="m"' in html
    assert "data-markers-url" not in html


def test_chart_component_embeds_its_option_as_json():
    html = render(
        '{% include "web/components/chart.html" with chart_id="c1" option=option %}',
        context={"option": {"series": [{"type": "line", "data": [1, 2]}], "title": {"text": "</script>"}}},
    )
    assert 'id="c1" class="chart" data-chart="c1-option"' in html
    assert '<script id="c1-option" type="application/json">' in html
    assert '</script>"' not in html  # json_script escapes it
