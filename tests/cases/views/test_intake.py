"""Hotline intake: the operator's form makes one case per form, however often it is submitted."""

import re

import pytest
from django.urls import reverse

from chengguan.cases.models import Attachment, Case
from chengguan.cases.states import Channel, State
from tests.cases.conftest import CELL_1, GARBAGE, centre, photo

pytestmark = pytest.mark.django_db


def form_data(key: str, **changes) -> dict:
    lng, lat = centre(CELL_1)
    data = {
        "description": "小区门口垃圾成堆",
        "lng": f"{lng:.6f}",
        "lat": f"{lat:.6f}",
        "address": "",
        "category": f"{GARBAGE} 暴露垃圾",
        "urgency": "normal",
        "reporter_name": "李四",
        "reporter_phone": "13912345678",
        "channel": Channel.HOTLINE,
        "intake_key": key,
    }
    return {**data, **changes}


def fresh_key(client) -> str:
    html = client.get(reverse("cases:intake")).content.decode()
    return re.search(r'name="intake_key" value="([0-9a-f]{32})"', html).group(1)


def test_each_empty_form_carries_a_fresh_key(client, categories, people):
    client.force_login(people.intake)
    assert fresh_key(client) != fresh_key(client)


def test_a_double_submit_makes_one_case(client, categories, people, media):
    client.force_login(people.intake)
    key = fresh_key(client)
    first = client.post(reverse("cases:intake"), form_data(key, photos=[photo("PNG")]))
    second = client.post(reverse("cases:intake"), form_data(key, photos=[photo("PNG")]))
    case = Case.objects.get()
    detail = reverse("cases:detail", args=[case.number])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail
    assert (case.state, case.channel, case.category.code, case.cell.code) == (
        State.REPORTED,
        Channel.HOTLINE,
        GARBAGE,
        CELL_1,
    )
    assert case.created_by == people.intake and case.reporter_phone == "13912345678"
    assert Attachment.objects.filter(case=case, kind=Attachment.Kind.REPORT).count() == 1
    page = client.get(detail)
    assert case.number in " ".join(str(m) for m in page.context["messages"])


def test_an_address_without_a_point_is_enough(client, categories, people):
    client.force_login(people.dispatcher)
    response = client.post(
        reverse("cases:intake"),
        form_data(fresh_key(client), lng="", lat="", address="长江路 12 号", category=""),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.lng is None and case.address == "长江路 12 号" and case.category is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": ""}, "description"),
        ({"lng": "", "lat": "", "address": ""}, "address"),
        ({"reporter_phone": "call me"}, "reporter_phone"),
        ({"category": "nonsense"}, "category"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_stores_nothing(client, categories, people, changes, field):
    client.force_login(people.intake)
    key = fresh_key(client)
    response = client.post(reverse("cases:intake"), form_data(key, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert f'value="{key}"' in response.content.decode()  # the same key: a corrected resubmit is one case
    assert not Case.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, categories, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.intake)
    fake = SimpleUploadedFile("evil.jpg", b"MZ not an image")
    response = client.post(reverse("cases:intake"), form_data(fresh_key(client), photos=[fake]))
    assert response.status_code == 400 and response.context["form"].errors.get("photos")
    assert not Case.objects.exists()


def test_the_intake_map_picks_into_the_forms_point(client, categories, people):
    client.force_login(people.intake)
    html = client.get(reverse("cases:intake")).content.decode()
    assert 'id="intake-map"' in html and 'data-pick data-pick-lng="lng" data-pick-lat="lat"' in html
    assert re.search(r'data-center="117\.\d+,30\.\d+"', html)
    assert 'name="lng"' in html and 'name="lat"' in html and 'list="category-options"' in html


def test_an_inspector_files_a_patrol_report_without_caller_fields(client, categories, people, media):
    client.force_login(people.inspector)
    page = client.get(reverse("cases:patrol"))
    assert page.status_code == 200 and 'name="reporter_phone"' not in page.content.decode()
    key = re.search(r'name="intake_key" value="([0-9a-f]{32})"', page.content.decode()).group(1)
    data = form_data(key, channel=Channel.PATROL, reporter_name="冒充", reporter_phone="13900000000")
    response = client.post(reverse("cases:patrol"), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.number])
    assert (case.channel, case.created_by, case.reporter_phone) == (Channel.PATROL, people.inspector, "")


def test_a_patrol_report_cannot_claim_the_hotline(client, categories, people):
    client.force_login(people.inspector)
    response = client.post(reverse("cases:patrol"), form_data("k" * 32, channel=Channel.HOTLINE))
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_patrol_page_is_for_inspectors(client, categories, people):
    client.force_login(people.handler)
    assert client.get(reverse("cases:patrol")).status_code == 403


@pytest.mark.parametrize("typed", ["S0504", "s0504", "S0504 店外经营", "店外经营", "店外經營", "跨门营业"])
def test_the_category_is_taken_by_code_name_or_keyword(client, categories, people, typed):
    client.force_login(people.intake)
    response = client.post(reverse("cases:intake"), form_data(fresh_key(client), category=typed))
    assert response.status_code == 302
    assert Case.objects.get().category.code == "S0504"


def test_a_category_word_several_match_is_refused_with_the_matches_proposed(client, categories, people):
    client.force_login(people.intake)
    response = client.post(reverse("cases:intake"), form_data(fresh_key(client), category="垃圾"))
    assert response.status_code == 400 and not Case.objects.exists()
    error = " ".join(response.context["form"].errors["category"])
    assert "S0102 暴露垃圾" in error and "B0304 垃圾箱" in error


def test_the_category_lookup_proposes_matches_for_codes_names_and_traditional_words(
    client, categories, people
):
    client.force_login(people.intake)
    url = reverse("cases:category_lookup")

    def codes(q):
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        return [row["code"] for row in response.json()["results"]]

    assert codes("S0504")[0] == "S0504" and codes("店外经营")[0] == "S0504"
    assert codes("路燈")[0] == "B0113" and codes("攤販")[0] == "S0501"
    assert codes("") == [] and codes("火星") == []
    row = client.get(url, {"q": "垃圾满溢"}).json()["results"][0]
    assert row == {"code": "S0110", "name": "垃圾满溢", "label": "S0110 垃圾满溢", "major": row["major"]}
    assert row["major"]
    page = client.get(reverse("cases:intake")).content.decode()
    assert f'data-category-lookup="{url}"' in page and "cases/category_lookup.js" in page


def test_the_category_lookup_is_for_staff_who_enter_reports(client, categories, people):
    url = reverse("cases:category_lookup")
    assert client.get(url, {"q": "垃圾"}).status_code in (302, 403)
    client.force_login(people.handler)
    assert client.get(url, {"q": "垃圾"}).status_code == 403
    client.force_login(people.intake)
    assert client.post(url, {"q": "垃圾"}).status_code == 405
