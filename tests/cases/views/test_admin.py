"""The case admin is for looking only: no adding, editing or deleting, and reporters stay masked."""

import pytest
from django.urls import reverse

from chengguan.cases.states import State

pytestmark = pytest.mark.django_db


def test_the_case_admin_is_read_only_and_masked(client, make_case, django_user_model):
    case = make_case(State.IN_PROGRESS, reporter_name="张三丰", reporter_phone="13812341234")
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-1")
    )
    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert changelist.status_code == 200 and case.number in changelist.content.decode()
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "张**" in html and "138****1234" in html
    assert "张三丰" not in html and "13812341234" not in html
    assert 'name="_save"' not in html and "路边有一堆暴露垃圾" in html  # no save button; the events inline
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    assert client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"}).status_code == 403
    assert type(case).objects.filter(pk=case.pk).exists()


def test_the_case_admin_is_for_administrators(client, make_case, people):
    case = make_case(State.REPORTED)
    people.dispatcher.is_staff = True
    people.dispatcher.save()
    client.force_login(people.dispatcher)
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code in (302, 403)
