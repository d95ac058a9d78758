"""The pages: public list and notice page with the objection form (no objector's data in the HTML), and the
staff pages (roles and ownership checked)."""

import pytest
from django.urls import reverse

from chengguan.core.models import AuditEntry
from chengguan.notices import services
from chengguan.notices.models import Objection, State

from .conftest import object_to, png

pytestmark = pytest.mark.django_db

NAME, PHONE = "王异议", "13900001111"


@pytest.fixture
def live_notice(org):
    notice = services.create_notice(
        actor=org["officer"], title="本月之星公示", body="正文", owner_department=org["office"]
    )
    return services.publish_notice(notice_id=notice.pk, actor=org["officer"])


def test_public_list_shows_published_not_drafts(client, live_notice, org):
    services.create_notice(actor=org["officer"], title="草稿不公开", body="b", owner_department=org["office"])
    html = client.get(reverse("notices:list")).content.decode()
    assert "本月之星公示" in html and "草稿不公开" not in html


def test_a_draft_page_is_not_public(client, draft):
    assert client.get(reverse("notices:detail", args=[draft.pk])).status_code == 404


def test_anyone_files_an_objection_and_it_never_shows_their_data(client, live_notice, org):
    url = reverse("notices:detail", args=[live_notice.pk])
    data = {"name": NAME, "phone": PHONE, "text": "有异议", "evidence": [png()]}
    response = client.post(url, data)
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.name, objection.phone, objection.evidence.count()) == (NAME, PHONE, 1)
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision="dismissed", reasons="无据"
    )
    for page in (url, reverse("notices:list"), url + "?filed=1"):
        html = client.get(page).content.decode()
        assert NAME not in html and PHONE not in html and "王*" not in html and "1111" not in html
    html = client.get(url).content.decode()
    assert 'data-total="1"' in html and "无据" in html


def test_objection_without_name_or_phone_is_refused(client, live_notice):
    url = reverse("notices:detail", args=[live_notice.pk])
    response = client.post(url, {"name": "", "phone": "", "text": "有异议"})
    assert response.status_code == 400 and not Objection.objects.exists()


def test_objection_after_the_window_is_refused(client, live_notice):
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=live_notice.objection_deadline)
    response = client.post(
        reverse("notices:detail", args=[live_notice.pk]), {"name": NAME, "phone": PHONE, "text": "x"}
    )
    assert response.status_code == 409 and not Objection.objects.exists()


def test_objections_are_rate_limited(client, live_notice, settings):
    settings.CHENGGUAN_OBJECTION_RATE = (2, 60)
    url = reverse("notices:detail", args=[live_notice.pk])
    codes = [
        client.post(url, {"name": NAME, "phone": PHONE, "text": f"第{i}条"}).status_code for i in range(3)
    ]
    assert codes == [302, 302, 429] and Objection.objects.count() == 2


def test_staff_see_masked_data_and_reveal_is_audited(client, live_notice, org):
    objection = object_to(live_notice, now=None, name=NAME, phone=PHONE)
    client.force_login(org["officer"])
    html = client.get(reverse("notices:manage_detail", args=[live_notice.pk])).content.decode()
    assert NAME not in html and PHONE not in html and "王**" in html
    html = client.post(reverse("notices:reveal", args=[objection.pk])).content.decode()
    assert NAME in html and PHONE in html
    assert AuditEntry.objects.filter(action="privacy.reveal", target_id=str(objection.pk)).exists()


@pytest.mark.parametrize(
    "who, code", [("handler", 403), ("outsider", 404), ("officer", 200), ("leader", 200)]
)
def test_manage_pages_by_role_and_department(client, live_notice, org, who, code):
    client.force_login(org[who])
    assert client.get(reverse("notices:manage_detail", args=[live_notice.pk])).status_code == code


def test_manage_pages_need_log_in(client, live_notice):
    response = client.get(reverse("notices:manage"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_publish_decide_and_withdraw_through_the_pages(client, org):
    client.force_login(org["officer"])
    data = {
        "title": "公示",
        "body": "正文",
        "subject_label": "",
        "window_days": 5,
        "owner_department": org["office"].pk,
    }
    response = client.post(reverse("notices:create"), data)
    assert response.status_code == 302
    notice = org["office"].notices.get()
    client.post(reverse("notices:act", args=[notice.pk, "publish"]))
    notice.refresh_from_db()
    assert notice.state == State.PUBLISHED
    objection = object_to(notice, now=None)
    client.post(
        reverse("notices:decide", args=[objection.pk]),
        {f"o{objection.pk}-decision": "upheld", f"o{objection.pk}-reasons": "属实"},
    )
    objection.refresh_from_db()
    assert objection.decision == "upheld"
    client.post(reverse("notices:act", args=[notice.pk, "withdraw"]), {"reason": "重评"})
    notice.refresh_from_db()
    assert notice.state == State.WITHDRAWN


def test_outsider_cannot_create_for_another_department(client, org):
    client.force_login(org["outsider"])
    data = {"title": "公示", "body": "正文", "window_days": 5, "owner_department": org["office"].pk}
    assert client.post(reverse("notices:create"), data).status_code == 400
    assert not org["office"].notices.exists()


def test_close_notices_command(published, capsys):
    from django.core.management import call_command

    call_command("close_notices", "--now", published.objection_deadline.isoformat())
    published.refresh_from_db()
    assert published.state == State.CONFIRMED
    assert "1 confirmed" in capsys.readouterr().out
