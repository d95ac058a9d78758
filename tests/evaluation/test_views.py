"""The pages through the test client: public voting with phone verification, staff pages and their gates,
the Excel export and the public rectification page."""

import io
import re

import pytest
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from chengguan.evaluation import services
from chengguan.evaluation.models import Ballot, BallotStatus, Opinion, RoundState
from chengguan.evaluation.services.voting import voter_hash_of

from .conftest import DEPT_A, DEPT_B, answers_for, ballot, target

pytestmark = pytest.mark.django_db


def public_vote(client, round_, phone, outbox, target_, ratings=("5", "4"), opinion=""):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("evaluation:code", args=[round_.pk]), {"phone": phone})
    assert response.status_code == 200 and 'data-form="code"' in response.content.decode()
    code = re.search(r"\d{6}", outbox[-1].text).group(0)
    response = client.post(reverse("evaluation:verify", args=[round_.pk]), {"phone": phone, "code": code})
    assert response.status_code == 302
    data = {f"q{q}": r for q, r in answers_for(round_, *ratings).items()}
    return client.post(
        reverse("evaluation:ballot", args=[round_.pk, target_.pk]), {**data, "opinion": opinion}
    )


def test_a_voter_verifies_and_votes_once_per_target(client, open_round, sms_outbox):
    response = public_vote(
        client, open_round, "13800138000", sms_outbox, target(open_round, DEPT_A), opinion="窗口要多开"
    )
    assert response.status_code == 302
    assert Ballot.objects.get().voter_hash == voter_hash_of("13800138000")
    assert Opinion.objects.get().text == "窗口要多开"
    page = client.get(reverse("evaluation:round", args=[open_round.pk])).content.decode()
    assert "data-done" in page and "13800138000" not in page
    again = client.post(
        reverse("evaluation:ballot", args=[open_round.pk, target(open_round, DEPT_A).pk]),
        {f"q{q}": 1 for q in answers_for(open_round, 1, 1)},
    )
    assert again.status_code == 409 and Ballot.objects.count() == 1


def test_a_wrong_code_keeps_the_voter_out(client, open_round, sms_outbox):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("evaluation:code", args=[open_round.pk]), {"phone": "13800138000"})
    response = client.post(
        reverse("evaluation:verify", args=[open_round.pk]), {"phone": "13800138000", "code": "000000"}
    )
    assert response.status_code == 400
    response = client.get(reverse("evaluation:ballot", args=[open_round.pk, target(open_round, DEPT_A).pk]))
    assert response.status_code == 302


def test_ballots_from_one_address_are_limited_over_http(client, open_round, settings):
    settings.CHENGGUAN_EVALUATION_LIMITS = {"ip_ballots": (2, 60)}
    statuses = []
    for i in range(3):
        session = client.session
        session[f"evaluation.voter.{open_round.pk}"] = voter_hash_of(f"1390000{i:04d}")
        session.save()
        data = {f"q{q}": r for q, r in answers_for(open_round, 4, 4).items()}
        statuses.append(
            client.post(
                reverse("evaluation:ballot", args=[open_round.pk, target(open_round, DEPT_B).pk]), data
            ).status_code
        )
    assert statuses == [302, 302, 429]


def test_staff_pages_need_the_role(client, open_round, people, stranger, organiser):
    url = reverse("evaluation:manage_detail", args=[open_round.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(people.handler)
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404  # another section's officer does not see the bureau's round
    client.force_login(organiser)
    page = client.get(url)
    assert page.status_code == 200 and open_round.title in page.content.decode()
    assert client.get(reverse("evaluation:manage")).status_code == 200


def test_a_round_is_set_up_in_the_console(client, organiser, departments):
    client.force_login(organiser)
    data = {
        "title": "2026 年窗口评议",
        "description": "",
        "owner_department": departments["CGJ"].pk,
        "start": "2026-01-01",
        "end": "2026-03-31",
        "max_choices": 0,
        "weight_satisfaction": 100,
        "weight_votes": 0,
        "weight_on_time": 0,
        "weight_rework": 0,
        "weight_followup": 0,
        "weight_inspection": 0,
    }
    response = client.post(reverse("evaluation:create"), data)
    assert response.status_code == 302
    from chengguan.evaluation.models import Round

    round_ = Round.objects.get(title="2026 年窗口评议")
    client.post(
        reverse("evaluation:add", args=[round_.pk, "target"]),
        {"target-kind": "section", "target-department": departments[DEPT_A].pk},
    )
    client.post(
        reverse("evaluation:add", args=[round_.pk, "question"]),
        {"question-text": "满意度", "question-kind": "rating", "question-required_": "on"},
    )
    client.post(reverse("evaluation:act", args=[round_.pk, "open"]))
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN and round_.targets.count() == 1
    bad = client.post(reverse("evaluation:create"), {**data, "end": "2025-01-01"})
    assert bad.status_code == 400


def test_voiding_through_the_review_page(client, open_round, organiser):
    one = ballot(open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 5, 5)
    client.force_login(organiser)
    url = reverse("evaluation:ballot_action", args=[open_round.pk, one.pk, "void"])
    client.post(url, {"reason": ""})
    assert Ballot.objects.get().status == BallotStatus.VALID
    client.post(url, {"reason": "重复投票"})
    assert Ballot.objects.get().status == BallotStatus.VOIDED
    page = client.get(reverse("evaluation:ballots", args=[open_round.pk]) + "?status=voided").content.decode()
    assert "重复投票" in page


def test_export_is_a_real_workbook(client, open_round, organiser):
    ballot(open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 5, 4)
    services.close_round(round_id=open_round.pk, actor=organiser)
    services.rank_round(round_id=open_round.pk, actor=organiser)
    client.force_login(organiser)
    response = client.get(reverse("evaluation:export", args=[open_round.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].values)
    assert any(row[0] == target(open_round, DEPT_A).name and row[2] == 1 for row in rows[2:])
    ranking = list(book.worksheets[1].values)
    assert ranking[1][1] == target(open_round, DEPT_A).name
    from chengguan.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="data.export", target_id=str(open_round.pk)).exists()


def test_public_pages(client, open_round):
    assert client.get(reverse("evaluation:list")).status_code == 200
    assert client.get(reverse("evaluation:rectifications")).status_code == 200
    assert client.get(reverse("evaluation:results", args=[open_round.pk])).status_code == 404


def test_opinions_are_triaged_and_raised_through_the_pages(
    client, open_round, organiser, categories, departments, people
):
    from chengguan.grid.models import Area
    from chengguan.org.models import Staff

    ballot(
        open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 2, 2, opinion="垃圾清运不及时"
    )
    opinion = Opinion.objects.get()
    client.force_login(organiser)
    page = client.get(reverse("evaluation:opinions", args=[open_round.pk]))
    assert page.status_code == 200 and "垃圾清运不及时" in page.content.decode()
    prefix = f"o{opinion.pk}"
    url = reverse("evaluation:opinion_action", args=[opinion.pk, "triage"])
    response = client.post(
        url,
        {
            f"{prefix}-triage-area": Area.objects.get(code="341702001").pk,
            f"{prefix}-triage-category": categories["S0102"].pk,
        },
    )
    opinion.refresh_from_db()
    assert opinion.state == "triaged", [str(m) for m in response.wsgi_request._messages]
    handler = Staff.objects.get(user=people.handler)
    url = reverse("evaluation:opinion_action", args=[opinion.pk, "rectify"])
    client.post(
        url,
        {
            f"{prefix}-rectify-measure": "每日清运两次",
            f"{prefix}-rectify-department": departments[DEPT_A].pk,
            f"{prefix}-rectify-responsible": handler.pk,
            f"{prefix}-rectify-due": "2099-01-01",
        },
    )
    opinion.refresh_from_db()
    assert opinion.state == "rectifying" and opinion.rectification.case.state == "dispatched"
    public = client.get(reverse("evaluation:rectifications") + f"?round={open_round.pk}").content.decode()
    assert "每日清运两次" in public and 'data-stage="notified"' in public


def test_a_stranger_cannot_act_on_opinions(client, open_round, stranger):
    ballot(open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 2, 2, opinion="意见")
    opinion = Opinion.objects.get()
    client.force_login(stranger)
    response = client.post(
        reverse("evaluation:opinion_action", args=[opinion.pk, "set_aside"]),
        {f"o{opinion.pk}-set_aside-reason": "x"},
    )
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.state == "new"


def test_a_leader_reads_but_does_not_run_another_units_round(client, open_round, departments):
    from chengguan.org.roles import RoleCode as R

    from .conftest import _staff

    reader = _staff("reader", departments[DEPT_B], R.LEADER)
    client.force_login(reader)
    assert client.get(reverse("evaluation:manage_detail", args=[open_round.pk])).status_code == 200
    client.post(reverse("evaluation:act", args=[open_round.pk, "close"]))
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN


def test_voiding_in_place_answers_the_row(client, open_round, organiser):
    one = ballot(open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 5, 5)
    client.force_login(organiser)
    url = reverse("evaluation:ballot_action", args=[open_round.pk, one.pk, "void"])
    refused = client.post(url, {"reason": ""}, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and 'class="error"' in refused.content.decode()
    assert Ballot.objects.get().status == BallotStatus.VALID
    done = client.post(url, {"reason": "刷票"}, headers={"HX-Request": "true"}).content.decode()
    assert done.startswith("<tr") and 'data-status="voided"' in done and "刷票" in done


def test_nominees_and_opinions_on_the_public_page(client, open_round):
    from chengguan.evaluation.models import NomineeVote

    session = client.session
    session[f"evaluation.voter.{open_round.pk}"] = voter_hash_of("13800138001")
    session.save()
    page = client.get(reverse("evaluation:round", args=[open_round.pk])).content.decode()
    assert 'data-form="nominees"' in page and 'data-form="opinion"' in page
    ids = list(open_round.nominees.values_list("pk", flat=True))
    client.post(reverse("evaluation:nominees", args=[open_round.pk]), {"nominee": ids})  # more than allowed
    assert not NomineeVote.objects.exists()
    client.post(reverse("evaluation:nominees", args=[open_round.pk]), {"nominee": ids[:1]})
    assert NomineeVote.objects.count() == 1
    page = client.get(reverse("evaluation:round", args=[open_round.pk])).content.decode()
    assert "data-nominees-done" in page
    response = client.post(reverse("evaluation:opinion", args=[open_round.pk]), {"text": "  "})
    assert response.status_code == 400
    client.post(reverse("evaluation:opinion", args=[open_round.pk]), {"text": "希望延长窗口办公时间"})
    assert Opinion.objects.get().voter_hash == voter_hash_of("13800138001")


def test_an_anonymous_visitor_cannot_vote_without_verifying(client, open_round):
    data = {f"q{q}": r for q, r in answers_for(open_round, 5, 5).items()}
    response = client.post(
        reverse("evaluation:ballot", args=[open_round.pk, target(open_round, DEPT_A).pk]), data
    )
    assert response.status_code == 302 and not Ballot.objects.exists()
    client.post(reverse("evaluation:opinion", args=[open_round.pk]), {"text": "意见"})
    assert not Opinion.objects.exists()


def test_the_round_list_sorts_and_filters(client, open_round, draft_round, organiser):
    client.force_login(organiser)
    page = client.get(reverse("evaluation:manage") + "?sort=-ballot_count").content.decode()
    assert 'data-sort="descending"' in page and f'data-round="{open_round.pk}"' in page
    page = client.get(reverse("evaluation:manage") + "?state=draft").content.decode()
    assert f'data-round="{open_round.pk}"' not in page
