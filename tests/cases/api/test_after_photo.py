"""The API's report_handled for a category that requires an after-photo: 400 naming the photos field
without one, nothing changed; accepted with one."""

import pytest

from chengguan.cases.models import Case
from chengguan.taxonomy.models import Category

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def test_handled_without_an_after_photo_is_a_400_and_changes_nothing(world, dispatched, act):
    case = Case.objects.get(number=dispatched)
    Category.objects.filter(pk=case.category_id).update(after_photo_required=True)
    response = act(world.handler, dispatched, "report_handled", {"note": "已清理"})
    assert response.status_code == 400, response.json()
    assert "photos" in str(response.json())
    assert Case.objects.get(pk=case.pk).state == case.state and not case.attachments.exists()
    response = act(
        world.handler,
        dispatched,
        "report_handled",
        {"note": "已清理", "photos": [jpeg()]},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "handled"
