"""The verification list with the evidence: the photos before (with the report) and after handling side by
side, through the checked photo view, openable in the lightbox; narrowed to a street or community and
sorted nearest first from a position the inspector gives; bad positions and areas are a 400 with a
sentence; and a fixed number of queries however many cases and photos it shows."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chengguan.cases import services
from chengguan.cases.models import Attachment, Case
from chengguan.cases.states import State

from ..conftest import CELL_1, CELL_3, COMMUNITY, COMMUNITY_2, STREET_2, centre, photo

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    return [row["case"].number for row in response.context["rows"]]


def handled_with_photos(make_case, people, *, before=1, after=2, cell=CELL_1) -> Case:
    lng, lat = centre(cell)
    case = make_case(State.IN_PROGRESS, photos=[photo() for _i in range(before)], lng=lng, lat=lat)
    services.report_handled(
        case_id=case.pk, actor=people.handler, note="已清运", photos=[photo("PNG") for _i in range(after)]
    )
    return Case.objects.get(pk=case.pk)


def test_before_and_after_photos_side_by_side(client, make_case, people):
    case = handled_with_photos(make_case, people)
    client.force_login(people.inspector)
    response = client.get(reverse("cases:verify"))
    assert response.status_code == 200
    html = response.content.decode()
    before = case.attachments.filter(kind=Attachment.Kind.REPORT)
    after = case.attachments.filter(kind=Attachment.Kind.HANDLING)
    assert before.count() == 1 and after.count() == 2
    start, middle = html.index('data-side="before"'), html.index('data-side="after"')
    for attachment in before:
        assert start < html.index(reverse("cases:photo", args=[attachment.pk])) < middle
    for attachment in after:
        assert html.index(reverse("cases:photo", args=[attachment.pk])) > middle
    assert html.count(f'data-lightbox="verify-{case.number}"') == 3
    assert "cases/lightbox.js" in html
    # Each photo comes through the checked view, to those who may see the case only.
    photo_url = reverse("cases:photo", args=[after.first().pk])
    assert client.get(photo_url)["Content-Type"] == "image/png"
    client.force_login(people.other_handler)
    assert client.get(photo_url).status_code == 404


def test_the_case_page_shows_the_evidence_too(client, make_case, people):
    case = handled_with_photos(make_case, people, before=2, after=1)
    client.force_login(people.inspector)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert html.count(f'data-lightbox="case-{case.number}"') == 3
    assert 'data-side="before"' in html and 'data-side="after"' in html


def test_the_area_filter_keeps_the_cases_of_that_street_or_community(client, make_case, people):
    here = handled_with_photos(make_case, people, cell=CELL_1)
    there = handled_with_photos(make_case, people, cell=CELL_3)
    client.force_login(people.inspector)
    url = reverse("cases:verify")
    assert numbers(client.get(url)) == [here.number, there.number]
    assert numbers(client.get(url, {"area": COMMUNITY})) == [here.number]
    assert numbers(client.get(url, {"area": STREET_2})) == [there.number]
    assert numbers(client.get(url, {"area": COMMUNITY_2})) == [there.number]
    assert (
        f'<option value="{COMMUNITY_2}" selected>' in client.get(url, {"area": COMMUNITY_2}).content.decode()
    )


def test_nearest_first_from_the_position_given(client, make_case, people):
    first = handled_with_photos(make_case, people, cell=CELL_1)  # handled first: first when oldest first
    second = handled_with_photos(make_case, people, cell=CELL_3)
    client.force_login(people.inspector)
    url = reverse("cases:verify")
    lng, lat = centre(CELL_3)
    response = client.get(url, {"lng": f"{lng:.6f}", "lat": f"{lat:.6f}"})
    assert numbers(response) == [second.number, first.number]
    metres = [row["metres"] for row in response.context["rows"]]
    assert metres[0] < 5 and 250 < metres[1] < 350  # three cells of 100 m apart
    assert 'data-metres="' in response.content.decode()
    lng, lat = centre(CELL_1)
    assert numbers(client.get(url, {"lng": lng, "lat": lat})) == [first.number, second.number]


@pytest.mark.parametrize(
    "params",
    [{"lng": "abc", "lat": "30.6"}, {"lng": "117.5"}, {"lng": "200", "lat": "30.6"}, {"area": "999999"}],
)
def test_a_bad_position_or_area_is_a_400_with_a_sentence(client, make_case, people, params):
    handled_with_photos(make_case, people)
    client.force_login(people.inspector)
    response = client.get(reverse("cases:verify"), params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and response.context["rows"] == []


NUMBERS = itertools.count(1)


def clone_with_photos(case: Case, times: int) -> None:
    photos = list(case.attachments.all())
    for _i in range(times):
        copy = Case.objects.get(pk=case.pk)
        copy.pk, copy.number, copy.intake_key = None, f"98{next(NUMBERS):08d}", None
        copy.save()
        for attachment in photos:
            attachment.pk, attachment.case = None, copy
            attachment.save()


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", ["", "?lng=117.4905&lat=30.6605", f"?area={COMMUNITY}"])
def test_the_list_with_photos_makes_a_fixed_number_of_queries(
    client, make_case, people, settings, django_assert_max_num_queries, params
):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60.0  # reference-data caches as deployed
    case = handled_with_photos(make_case, people, before=2, after=2)
    client.force_login(people.inspector)
    url = reverse("cases:verify") + params
    client.get(url)  # warm the per-process caches
    few = count(client, url)
    clone_with_photos(case, 24)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["rows"]) == 20  # a full page
    assert response.content.decode().count('class="evidence-photo"') == 80
