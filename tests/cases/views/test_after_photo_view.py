"""After-photos required by category, on the pages: the handler's form says a photo is needed and changes
nothing (400); with a photo it goes through; the flag is edited on the category's admin page."""

import pytest
from django.urls import reverse

from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.taxonomy.admin import CategoryForm
from chengguan.taxonomy.models import Category

from ..conftest import GARBAGE, photo, snapshot

pytestmark = pytest.mark.django_db


def test_the_handled_form_without_a_photo_is_refused_with_the_reason(client, make_case, people):
    Category.objects.filter(code=GARBAGE).update(after_photo_required=True)
    case = make_case(State.IN_PROGRESS)
    before = snapshot(case)
    client.force_login(people.handler)
    url = reverse("cases:act", args=[case.number, "report_handled"])
    response = client.post(url, {"note": "已清运"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "暴露垃圾" in html and 'class="errorlist' in html
    assert snapshot(case) == before
    response = client.post(url, {"note": "已清运", "photos": [photo()]})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.HANDLED


def test_the_flag_is_on_the_categorys_admin_page_and_saved_by_its_form(admin_client, categories):
    dogs = Category.objects.get(code="S0602")
    page = admin_client.get(reverse("admin:taxonomy_category_change", args=[dogs.pk])).content.decode()
    assert 'name="after_photo_required"' in page
    data = {
        field: getattr(dogs, field) for field in CategoryForm.Meta.fields if field not in ("parent", "kind")
    }
    form = CategoryForm(
        {**data, "kind": dogs.kind, "parent": dogs.parent_id, "after_photo_required": "on"}, instance=dogs
    )
    assert form.is_valid(), form.errors
    form.save()
    assert Category.objects.get(pk=dogs.pk).after_photo_required is True
