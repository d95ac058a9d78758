"""The field app over HTTP: its page, manifest and service worker, the task list in a fixed number of
queries, and every malformed submission a 4xx that changes nothing."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.field.models import Submission
from tests.cases.conftest import CELL_1, GARBAGE, centre, photo

pytestmark = pytest.mark.django_db


def test_the_app_page_is_for_field_staff_only(client, people):
    url = reverse("field:app")
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(people.dispatcher)
    assert client.get(url).status_code == 403
    client.force_login(people.inspector)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("field:manifest") in html and 'id="patrol-form"' in html
    assert "Content-Security-Policy" in page and "script-src 'self'" in page["Content-Security-Policy"]
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing loaded from outside the server


def test_the_manifest_makes_an_installable_app(client):
    response = client.get(reverse("field:manifest"))
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == "/field/" and data["scope"] == "/field/" and data["display"] == "standalone"
    assert data["name"] and data["short_name"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:  # each icon is a PNG of the size it claims
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        with Image.open(path) as image:
            assert image.format == "PNG" and f"{image.size[0]}x{image.size[1]}" == icon["sizes"]


def test_the_service_worker_is_served_from_the_app_scope_with_the_shell(client):
    response = client.get(reverse("field:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/field/" and response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/field/"' in body and "field/app.js" in body and "vendor/leaflet/leaflet.js" in body
    assert "http://" not in body and "https://" not in body  # nothing from outside the server
    assert "X-Content-Type-Options" in response


def test_the_task_list_takes_a_fixed_number_of_queries(
    client, people, make_case, media, django_assert_max_num_queries
):
    client.force_login(people.boss)  # every role: verification and the inbox
    for _ in range(2):
        make_case(State.HANDLED, photos=[photo()])
        make_case(State.DISPATCHED)
    url = reverse("field:tasks")
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        first = client.get(url, {"lng": centre(CELL_1)[0], "lat": centre(CELL_1)[1]}).json()
    for _ in range(3):
        make_case(State.HANDLED, photos=[photo()])
        make_case(State.DISPATCHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = client.get(url).json()
    assert len(more["verify"]) == len(first["verify"]) + 3
    assert first["csrf"] and first["categories"] and first["verify"][0]["photos"]


def test_the_task_list_answers_in_json_when_signed_out_or_asked_wrongly(client, people):
    response = client.get(reverse("field:tasks"))
    assert response.status_code == 401 and response.json()["message"]
    client.force_login(people.inspector)
    assert client.get(reverse("field:tasks"), {"lng": "abc", "lat": "1"}).status_code == 400
    assert client.get(reverse("field:tasks"), {"lng": "500", "lat": "30"}).status_code == 400
    assert client.get(reverse("field:tasks"), {"lng": "117"}).status_code == 400


def post(client, **data):
    return client.post(reverse("field:submit"), data)


def test_a_patrol_report_through_http_arrives_once(client, people, categories, media):
    client.force_login(people.inspector)
    lng, lat = centre(CELL_1)
    data = {
        "key": "http-key-000001",
        "kind": "patrol",
        "fields": json.dumps({"description": "路灯不亮", "category": GARBAGE, "lng": lng, "lat": lat}),
        "photo_places": json.dumps([{"taken_at": "2026-12-05T08:00:00+08:00", "lng": lng, "lat": lat}]),
        "made_at": "2026-12-05T08:01:00+08:00",
    }
    first = client.post(reverse("field:submit"), {**data, "photos": [photo()]}).json()
    again = client.post(reverse("field:submit"), {**data, "photos": [photo()]}).json()
    assert first["status"] == "done" and first["case"] == again["case"] and again["replayed"]
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"key": "bad\x00key-0001", "kind": "patrol"},
        {"key": "good-key-0001", "kind": "patrol", "fields": "{not json"},
        {"key": "good-key-0001", "kind": "patrol", "fields": "[1, 2]"},
        {"key": "good-key-0001", "kind": "patrol", "fields": '{"description": {"deep": [1]}}'},
        {"key": "good-key-0001", "kind": "patrol", "fields": '{"description": "a\\u0000b"}'},
        {"key": "good-key-0001", "kind": "patrol", "fields": '{"lng": NaN}'},
        {"key": "good-key-0001", "kind": "patrol", "made_at": "9999-12-31T00:00:00+08:00"},
        {"key": "good-key-0001", "kind": "patrol", "made_at": "yesterday"},
        {"key": "good-key-0001", "kind": "patrol", "photo_places": '[{"lat": 1000}]'},
        {"key": "good-key-0001", "kind": "patrol", "photo_places": '[{"taken_at": "0001-01-01T00:00:00Z"}]'},
        {"key": "good-key-0001", "kind": "patrol", "fields": "x" * 30_000},
        {"key": "good-key-0001", "kind": "fly"},
        {"key": "", "kind": "patrol"},
    ],
)
def test_malformed_submissions_get_a_4xx_and_change_nothing(client, people, categories, data):
    client.force_login(people.inspector)
    response = post(client, **data)
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert not Case.objects.exists() and not Submission.objects.exists()


def test_submitting_needs_a_field_role_and_a_post(client, people):
    assert post(client, key="x" * 10, kind="start").status_code == 401
    client.force_login(people.dispatcher)
    assert post(client, key="x" * 10, kind="start").status_code == 403
    client.force_login(people.inspector)
    assert client.get(reverse("field:submit")).status_code == 405


def test_the_suggestion_answers_for_a_text(client, people, categories):
    client.force_login(people.inspector)
    response = client.get(reverse("field:suggest"), {"text": "路边垃圾没人清理"})
    assert response.status_code == 200 and "suggestions" in response.json()
    assert client.get(reverse("field:suggest"), {"text": "a\x00b"}).status_code == 400
