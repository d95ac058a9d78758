"""A report that came without a category: the desk suggests one (with how sure and why) and its department,
pre-fills the one-step form with it, and batch dispatch sends the report there."""

import pytest
from django.urls import reverse

from chengguan.cases import classify
from chengguan.cases.models import Case
from chengguan.cases.states import State

pytestmark = pytest.mark.django_db

LAMP, LAMP_DEPARTMENT = "B0113", "EXT-LAMP"  # 路灯 → 路灯管理所 by the default responsibility list


@pytest.fixture(autouse=True)
def _fresh_model(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    classify.reset()
    yield
    classify.reset()


def test_the_desk_suggests_a_category_and_department_for_an_uncategorized_report(client, make_case, people):
    case = make_case(State.REPORTED, category=None, description="小区门口的路灯不亮了")
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:desk")).content.decode()
    row = html[html.index(f'id="row-{case.number}"') :]
    assert f'data-suggested-category="{LAMP}"' in row and f"{LAMP} 路灯" in row
    assert "%" in row and ("依据" in row or "evidence:" in row)
    assert f'data-suggested-department="{LAMP_DEPARTMENT}"' in row
    # The row's one button sends the suggestions; its full forms (loaded on demand) are pre-filled with them.
    assert f'<input type="hidden" name="category" value="{LAMP}">' in row
    assert f'<input type="hidden" name="department" value="{LAMP_DEPARTMENT}">' in row
    forms = client.get(reverse("cases:desk_row_forms", args=[case.number]), HTTP_HX_REQUEST="true")
    html = forms.content.decode()
    assert f'<option value="{LAMP_DEPARTMENT}" selected>' in html
    assert f'value="{LAMP} 路灯"' in html  # the category box of the one-step form is pre-filled


def test_batch_dispatch_sends_an_uncategorized_report_to_the_suggested_department(client, make_case, people):
    case = make_case(State.REPORTED, category=None, description="小区门口的路灯不亮了")
    client.force_login(people.dispatcher)
    response = client.post(
        reverse("cases:desk_batch"), {"cases": [case.number], f"category_{case.number}": LAMP}
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == State.DISPATCHED
    assert (case.category.code, case.department.code) == (LAMP, LAMP_DEPARTMENT)


def test_batch_dispatch_takes_only_a_suggestion_the_row_showed(client, make_case, people):
    case = make_case(State.REPORTED, category=None, description="路灯不亮")
    client.force_login(people.dispatcher)
    response = client.post(reverse("cases:desk_batch"), {"cases": [case.number]}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.category) == (State.REPORTED, None)


def test_the_desk_batch_form_carries_the_suggestion_shown(client, make_case, people):
    case = make_case(State.REPORTED, category=None, description="路灯不亮")
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:desk")).content.decode()
    assert f'name="category_{case.number}" value="{LAMP}" form="batch-form"' in html


def test_the_case_page_suggests_and_prefills_the_category(client, make_case, people):
    case = make_case(State.REPORTED, category=None, description="路灯不亮")
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert f'data-suggested-category="{LAMP}"' in html
    assert f'value="{LAMP} 路灯"' in html
    assert f'<option value="{LAMP_DEPARTMENT}" selected>' in html


def test_a_given_category_is_shown_as_given_not_guessed(client, make_case, people):
    case = make_case(State.REPORTED, description="路灯不亮")  # reported as 暴露垃圾 (S0102)
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:desk")).content.decode()
    row = html[html.index(f'id="row-{case.number}"') :]
    assert "S0102 暴露垃圾" in row and "data-suggested-category" not in row
