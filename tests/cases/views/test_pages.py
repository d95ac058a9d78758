"""Every console page opens for its roles and shows the 403 page to the others; nothing opens without
logging in except the public follow-up page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "cases:desk": {"dispatcher", "shift_lead", "intake", "boss"},
    "cases:intake": {"intake", "dispatcher", "shift_lead", "boss"},
    "cases:inbox": {"handler", "officer", "other_handler", "unit_handler", "boss"},
    "cases:verify": {"inspector", "shift_lead", "boss"},
    "cases:board": {"shift_lead", "leader", "dispatcher", "boss"},
    "cases:list": {
        "intake",
        "dispatcher",
        "shift_lead",
        "inspector",
        "leader",
        "handler",
        "officer",
        "other_handler",
        "unit_handler",
        "boss",
    },
}
EVERYONE = ["intake", "dispatcher", "shift_lead", "inspector", "leader", "handler", "officer", "citizen"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", EVERYONE)
def test_each_page_opens_for_its_roles_only(client, make_case, people, name, who):
    make_case("dispatched")
    client.force_login(getattr(people, who))
    response = client.get(reverse(name))
    if who in PAGES[name]:
        assert response.status_code == 200, response.content[:500]
        assert f'data-page="{name.split(":")[1]}"' in response.content.decode()
    else:
        assert response.status_code == 403
        assert 'data-page="forbidden"' in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_current_page_is_highlighted_in_the_navigation(client, people):
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:desk"))
    active = [item["url_name"] for item in response.context["nav"] if item["active"]]
    assert active == ["cases:desk"]


def test_a_case_page_lights_up_all_cases(client, make_case, people):
    case = make_case("reported")
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:detail", args=[case.number]))
    assert [item["url_name"] for item in response.context["nav"] if item["active"]] == ["cases:list"]
