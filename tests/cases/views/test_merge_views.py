"""并单 in the console: the desk's duplicates hint carries a merge button per likely duplicate (for the
roles that may merge), the merged case's page links to the surviving case and offers the undo, and the
desk keeps a fixed number of queries with hints and merged cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import State

from ..test_merge import stall_reports
from .conftest import HTMX, desk_hints
from .test_query_counts import clone, grows

pytestmark = pytest.mark.django_db


def test_the_desk_proposes_and_merges_in_place(client, make_case, people):
    older, newer = stall_reports(make_case, count=2)
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:desk")).content.decode()
    assert "data-merge-into" not in html  # the hints come after the page
    hints = desk_hints(client, html).content.decode()
    assert f'data-merge-into="{older.number}"' in hints and f'data-merge-into="{newer.number}"' in hints
    assert f'id="merge-{newer.number}" hx-swap-oob="true"' in hints  # into its row
    assert "data-duplicate-score=" in hints  # with the explanation
    url = reverse("cases:act", args=[newer.number, "merge"])
    response = client.post(url, {"into": older.number, "fragment": "desk"}, **HTMX)
    assert response.status_code == 200
    merged = Case.objects.get(pk=newer.pk)
    assert merged.state == State.MERGED and merged.merged_into_id == older.pk
    assert Case.objects.get(pk=older.pk).support_count == 1
    html = client.get(reverse("cases:desk")).content.decode()
    assert f'data-case="{newer.number}"' not in html  # gone from the desk
    assert "data-merge-into" not in desk_hints(client, html).content.decode()  # nothing left to merge


def test_only_merging_roles_see_the_buttons(client, make_case, people):
    stall_reports(make_case, count=2)
    client.force_login(people.intake)
    hints = desk_hints(client, client.get(reverse("cases:desk")).content.decode()).content.decode()
    assert "data-duplicates=" in hints and "data-merge-into" not in hints
    older, newer = Case.objects.order_by("reported_at")
    response = client.post(reverse("cases:act", args=[newer.number, "merge"]), {"into": older.number})
    assert response.status_code == 400
    assert Case.objects.get(pk=newer.pk).state == State.REPORTED


def test_the_case_pages_link_both_ways_and_offer_the_undo(client, make_case, people):
    older, newer = stall_reports(make_case, count=2)
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:detail", args=[newer.number])).content.decode()
    assert f'data-merge-into="{older.number}"' in page  # the likely duplicates card
    response = client.post(reverse("cases:act", args=[newer.number, "merge"]), {"into": older.number})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[newer.number])).content.decode()
    assert f'data-merged-into="{older.number}"' in page
    assert reverse("cases:act", args=[newer.number, "unmerge"]) in page
    survivor = client.get(reverse("cases:detail", args=[older.number])).content.decode()
    assert f'data-merged-in="{newer.number}"' in survivor
    response = client.post(reverse("cases:act", args=[newer.number, "unmerge"]), {"note": "不是同一处"})
    assert response.status_code == 302
    assert Case.objects.get(pk=newer.pk).state == State.REPORTED
    assert Case.objects.get(pk=older.pk).support_count == 0


def test_the_desk_with_duplicates_and_merges_makes_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries, settings
):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60.0
    older, newer, third = stall_reports(make_case, count=3)
    services.merge_case(case_id=third.pk, actor=people.dispatcher, into=older.number)
    client.force_login(people.dispatcher)
    url = reverse("cases:desk")
    few, many = grows(client, url, [older, newer, make_case(State.ACCEPTED)], times=6)
    assert many == few
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_the_desk_hints_make_a_fixed_number_of_queries(client, make_case, people, settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60.0
    older, newer, third = stall_reports(make_case, count=3)
    services.merge_case(case_id=third.pk, actor=people.dispatcher, into=older.number)
    client.force_login(people.dispatcher)
    url = reverse("cases:desk")
    hints_queries(client, url)  # warm the per-process caches
    few = hints_queries(client, url)
    clone(older, 6)
    clone(newer, 6)
    many = hints_queries(client, url)
    assert many == few


def hints_queries(client, url: str) -> int:
    page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        hints = desk_hints(client, page).content.decode()
    assert "data-merge-into" in hints
    return len(queries)


def test_the_intake_form_proposes_likely_duplicates(client, make_case, people):
    older, newer = stall_reports(make_case, count=2)
    url = reverse("cases:intake_duplicates")
    query = {
        "lng": newer.lng,
        "lat": newer.lat,
        "category": "S0501 无照经营游商",
        "text": "学校门口摆摊卖烤肠",
    }
    client.force_login(people.intake)
    html = client.get(url, query).content.decode()
    assert f'data-duplicate="{older.number}"' in html and f'data-duplicate="{newer.number}"' in html
    assert client.get(url, {**query, "category": "S05"}).content.decode().strip() == ""  # a major class
    assert client.get(url, {"category": "S0501"}).status_code == 204  # no point yet
    assert client.get(url, {**query, "lng": "0", "lat": "0"}).status_code == 400  # outside the city
    assert 'data-intake-duplicates="' in client.get(reverse("cases:intake")).content.decode()
    client.force_login(people.handler)
    assert client.get(url, query).status_code == 403
