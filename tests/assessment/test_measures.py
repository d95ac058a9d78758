"""The seeds' own measures (subject "city") on a small city made by hand, where every figure is known: the
counts, the indicator values, what the drill-down lists, who may list it, and the dashboard's queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.assessment import measures, periods, selectors
from chengguan.assessment.defaults import load_defaults
from chengguan.assessment.models import Indicator, Subject
from chengguan.cases.models import Case, FollowUp
from chengguan.cases.states import Channel, State
from chengguan.conduct.models import EnforcementAction
from chengguan.evaluation.models import (
    Answer,
    Ballot,
    BallotStatus,
    Question,
    QuestionKind,
    Round,
    Target,
    TargetKind,
)
from chengguan.grid.models import Area, AreaLevel, ComponentStock
from chengguan.org.models import Certificate, DepartmentKind
from chengguan.org.roles import RoleCode
from chengguan.taxonomy.models import Category, CategoryKind, WorkKind
from tests.factories import DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _at(period, days=1, hours=10):
    return period.start + timedelta(days=days, hours=hours)


def _category(code, work_kind):
    kind = CategoryKind.COMPONENT if code.startswith("B") else CategoryKind.EVENT
    major, _ = Category.objects.get_or_create(code=code[:3], defaults={"kind": kind, "name": code[:3]})
    category, _ = Category.objects.update_or_create(
        code=code, defaults={"kind": kind, "name": code, "parent": major, "work_kind": work_kind}
    )
    return category


class City:
    """Two streets; the first with two communities (6,000 and 4,000 residents) and a squad of three certified
    officers (one more expired, one revoked); the second with one community (5,000) and no squad."""

    def __init__(self, period):
        self.period = period
        district = Area.objects.create(code="990100", name="测试区", level=AreaLevel.DISTRICT)
        self.s1 = Area.objects.create(
            code="990100001", name="一街道", level=AreaLevel.STREET, parent=district
        )
        self.s2 = Area.objects.create(
            code="990100002", name="二街道", level=AreaLevel.STREET, parent=district
        )
        self.c1 = Area.objects.create(
            code="990100001001", name="甲社区", level=AreaLevel.COMMUNITY, parent=self.s1, population=6000
        )
        self.c2 = Area.objects.create(
            code="990100001002", name="乙社区", level=AreaLevel.COMMUNITY, parent=self.s1, population=4000
        )
        self.c3 = Area.objects.create(
            code="990100002001", name="丙社区", level=AreaLevel.COMMUNITY, parent=self.s2, population=5000
        )
        squad = DepartmentFactory(code="T-SQ1", name="一中队", kind=DepartmentKind.SQUAD)
        other = DepartmentFactory(code="T-SQ2", name="二中队", kind=DepartmentKind.SQUAD)
        self.s1.departments.add(squad)
        today = timezone.localdate()
        self.officers = []
        for i, (valid_until, revoked, dept) in enumerate(
            [
                (today + timedelta(days=300), False, squad),
                (today + timedelta(days=30), False, squad),
                (today + timedelta(days=100), False, squad),
                (today - timedelta(days=1), False, squad),  # expired
                (today + timedelta(days=100), True, squad),  # revoked
                (today + timedelta(days=100), False, other),  # certified, in no street's squad
            ]
        ):
            member = StaffFactory(department=dept, name=f"队员{i}", roles=[RoleCode.ENFORCEMENT_OFFICER])
            Certificate.objects.create(
                staff=member,
                number=f"T{i:04d}",
                valid_from=today - timedelta(days=400),
                valid_until=valid_until,
                revoked=revoked,
            )
            self.officers.append(member)
        ComponentStock.objects.create(
            area=self.c1, component_code="B0113", component_name="路灯", quantity=60
        )
        ComponentStock.objects.create(
            area=self.c2, component_code="B0113", component_name="路灯", quantity=40
        )
        ComponentStock.objects.create(
            area=self.c3, component_code="B0113", component_name="路灯", quantity=100
        )
        ComponentStock.objects.create(
            area=self.c1, component_code="B0110", component_name="消防栓", quantity=9
        )
        lamp = _category("B0113", WorkKind.SERVICE)
        stall = _category("S0501", WorkKind.ENFORCEMENT)
        parking = _category("S0505", WorkKind.MANAGEMENT)
        litter = _category("S0102", WorkKind.SERVICE)
        self.n = 0
        inside = _at(period)
        before = period.start - timedelta(days=3)
        # lamps: two open in the first street's communities, one closed before the end, one rejected
        self.lamp_open = [
            self.case(lamp, self.c1, inside, State.DISPATCHED),
            self.case(lamp, self.c2, before, State.IN_PROGRESS),
        ]
        self.case(lamp, self.c1, inside, State.CLOSED, closed_at=inside + timedelta(hours=5))
        self.case(lamp, self.c3, inside, State.REJECTED)
        self.case(lamp, self.c3, inside, State.HANDLED)  # open in the second street
        # the mix, accepted in the period: lamps 4 (one rejected later), litter 2, stalls 2, parking 1
        self.case(litter, self.c1, inside, State.CLOSED, closed_at=inside + timedelta(hours=1))
        self.case(litter, self.c3, inside, State.DISPATCHED)
        self.stalls = [
            self.case(stall, self.c1, inside, State.DISPATCHED),
            self.case(stall, self.c3, inside, State.CLOSED),
        ]
        self.case(parking, self.c2, inside, State.DISPATCHED)
        # follow-ups: 3 answered in the period (2 satisfied), 1 unanswered, 1 answered before
        closed = Case.objects.filter(state=State.CLOSED).order_by("pk")
        for n, (rating, answered) in enumerate(
            [(5, inside), (3, inside), (2, inside), (None, None), (5, before)]
        ):
            FollowUp.objects.create(
                case=closed[n % closed.count()],
                token=f"tok{n}",
                created_at=before,
                rating=rating,
                answered_at=answered,
            )
        EnforcementAction.objects.create(
            case_id=self.stalls[0].pk,
            lead_officer=self.officers[0],
            department=squad,
            started_at=inside,
            ended_at=inside + timedelta(minutes=20),
            place="步行街",
            legal_basis="条例",
            outcome="改正",
        )
        self.round_with_ballots(inside)

    def case(self, category, community, accepted, state, closed_at=None):
        self.n += 1
        return Case.objects.create(
            number=f"99{self.n:08d}",
            channel=Channel.HOTLINE,
            description="测试",
            category=category,
            community=community,
            street=community.parent,
            reported_at=accepted - timedelta(minutes=5),
            accepted_at=accepted,
            closed_at=closed_at,
            state=state,
        )

    def round_with_ballots(self, inside):
        dept = DepartmentFactory(code="T-CK1", name="窗口", kind=DepartmentKind.WINDOW)
        day = timezone.localtime(inside).date()
        invited = Round.objects.create(
            title="评议", owner_department=dept, start=day, end=day + timedelta(days=1), eligible_voters=10
        )
        uninvited = Round.objects.create(title="无目标", owner_department=dept, start=day, end=day)
        for round_ in (invited, uninvited):
            target = Target.objects.create(round=round_, kind=TargetKind.WINDOW, department=dept, name="窗口")
            second = Target.objects.create(
                round=round_, kind=TargetKind.WINDOW, department=dept, name="窗口二"
            )
            aware = Question.objects.create(round=round_, text="是否知道", kind=QuestionKind.AWARE)
            # four voters; voter 0 rates both targets; voter 3's ballot is voided
            for n, (voter, on, knows, status) in enumerate(
                [
                    ("v0", target, 1, BallotStatus.VALID),
                    ("v0", second, 1, BallotStatus.VALID),
                    ("v1", target, 0, BallotStatus.VALID),
                    ("v2", target, 1, BallotStatus.VALID),
                    ("v3", target, 1, BallotStatus.VOIDED),
                ]
            ):
                ballot = Ballot.objects.create(
                    round=round_,
                    target=on,
                    voter_hash=f"{round_.pk}{voter}",
                    ip_hash="ip",
                    network_hash="net",
                    cast_at=inside + timedelta(minutes=n),
                    fingerprint="f",
                    status=status,
                )
                Answer.objects.create(ballot=ballot, question=aware, rating=knows)


@pytest.fixture
def city():
    load_defaults(Indicator)
    return City(
        periods.this_month() if timezone.localdate().day > 2 else periods.previous_month(periods.this_month())
    )


def _counts(city, area=None):
    period = city.period
    return measures.city_counts(
        start=period.start, end=period.end, as_of=min(period.end, timezone.now()), scope=measures.Scope(area)
    )


def test_the_counts_of_the_city(city):
    counts = _counts(city)
    assert counts["follow_ups"] == 3 and counts["follow_ups_satisfied"] == 2
    assert counts["lamps"] == 200  # hydrants are not lamps
    assert (
        counts["lamp_faults"] == 3
    )  # two in the first street, one in the second; not the closed or rejected
    assert counts["officers"] == 4  # valid certificates, wherever their unit
    assert counts["residents"] == 15000
    assert (counts["service_cases"], counts["management_cases"], counts["enforcement_cases"]) == (6, 1, 2)
    assert counts["enforcement_records"] == 1
    # both rounds' ballots; voters and invitations only of the round that names its target population
    assert counts["ballots"] == 8 and counts["voters"] == 3 and counts["eligible_voters"] == 10
    assert counts["awareness_answers"] == 8 and counts["aware"] == 6


def test_the_counts_of_one_street(city):
    counts = _counts(city, city.s1)
    assert counts["lamps"] == 100 and counts["lamp_faults"] == 2
    assert counts["officers"] == 3 and counts["residents"] == 10000
    assert (counts["service_cases"], counts["management_cases"], counts["enforcement_cases"]) == (3, 1, 1)
    assert counts["enforcement_records"] == 1  # on a case of this street
    second = _counts(city, city.s2)
    assert second["officers"] == 0 and second["residents"] == 5000 and second["enforcement_records"] == 0
    community = _counts(city, city.c2)
    assert community["residents"] == 4000 and community["officers"] == 3  # its street's squad


def test_the_indicators_and_their_targets(city):
    rows = {row["code"]: row for row in selectors.city_measures(city.period)}
    assert rows["satisfaction_rate"]["value"] == pytest.approx(2 / 3)
    assert rows["satisfaction_rate"]["met"] is False  # target 90%
    assert rows["lighting_rate"]["value"] == pytest.approx(197 / 200) and rows["lighting_rate"]["met"] is True
    assert rows["officers_per_10k"]["value"] == pytest.approx(4 / 15000 * 10000)
    assert rows["participation_rate"]["value"] == pytest.approx(0.3)
    assert rows["awareness_rate"]["value"] == pytest.approx(0.75)
    actions = 6 + 1 + 2 + 1
    assert rows["service_share"]["value"] == pytest.approx(6 / actions)
    assert rows["management_share"]["value"] == pytest.approx(1 / actions)
    assert rows["enforcement_share"]["value"] == pytest.approx(3 / actions)
    assert rows["enforcement_share"]["met"] is False  # 30% against at most 10%
    street = {row["code"]: row for row in selectors.city_measures(city.period, city.s1)}
    assert street["officers_per_10k"]["value"] == pytest.approx(3.0) and street["officers_per_10k"]["met"]
    by_street = {row["name"]: row for row in selectors.officers_by_street(city.period)}
    assert by_street["一街道"]["per_10k"] == 3.0 and by_street["二街道"]["per_10k"] == 0


def test_an_administrator_edits_a_measure_formula(city):
    Indicator.objects.filter(subject=Subject.CITY, code="satisfaction_rate").update(
        expression="follow_ups_satisfied / (follow_ups + 1)"
    )
    rows = {row["code"]: row for row in selectors.city_measures(city.period)}
    assert rows["satisfaction_rate"]["value"] == pytest.approx(0.5)


@pytest.fixture
def leader(city, make_user):
    user = make_user("measures_leader")
    StaffFactory(
        user=user,
        department=DepartmentFactory(code="T-BUR", kind=DepartmentKind.BUREAU),
        roles=[RoleCode.LEADER],
    )
    return user


def _drill(client, count, city, **extra):
    return client.get(reverse("assessment:measure", args=[count]), {"period": city.period.label, **extra})


def test_the_drill_down_lists_what_each_count_counts(client, city, leader):
    client.force_login(leader)
    page = _drill(client, "lamp_faults", city)
    assert page.status_code == 200
    listed = {case.number for case in page.context["rows"]}
    assert listed == {c.number for c in city.lamp_open} | {Case.objects.get(number="9900000005").number}
    assert {case.number for case in _drill(client, "lamp_faults", city, area=city.s1.pk).context["rows"]} == {
        c.number for c in city.lamp_open
    }
    stalls = _drill(client, "enforcement_cases", city).context["rows"]
    assert {c.number for c in stalls} == {c.number for c in city.stalls}
    officers = _drill(client, "officers", city, area=city.s1.pk)
    assert sorted(item.reference for item in officers.context["rows"]) == ["队员0", "队员1", "队员2"]
    assert "队员0" in officers.content.decode()
    assert len(_drill(client, "follow_ups_satisfied", city).context["rows"]) == 2
    assert len(_drill(client, "voters", city).context["rows"]) == 4  # the ballots of the invited round
    assert len(_drill(client, "aware", city).context["rows"]) == 6
    assert len(_drill(client, "eligible_voters", city).context["rows"]) == 1
    lamps = _drill(client, "lamps", city).context["rows"]
    assert sum(int(item.detail.split("× ")[1]) for item in lamps) == 200
    assert len(_drill(client, "enforcement_records", city).context["rows"]) == 1
    residents = [item.reference for item in _drill(client, "residents", city).context["rows"]]
    assert residents == ["甲社区", "乙社区", "丙社区"]


def test_bad_drill_requests_are_refused(client, city, leader, make_user):
    client.force_login(leader)
    assert _drill(client, "no_such_count", city).status_code == 404
    assert _drill(client, "lamps", city, period="0001-01").status_code == 400
    handler = make_user("measures_handler")
    StaffFactory(user=handler, roles=[RoleCode.HANDLER])
    client.force_login(handler)
    assert _drill(client, "officers", city).status_code == 403  # staff lists are for bureau-wide roles
    assert _drill(client, "lamps", city).status_code == 200


def test_the_dashboard_shows_the_measures_in_a_fixed_number_of_queries(
    client, city, leader, django_assert_max_num_queries
):
    client.force_login(leader)
    query = {"period": city.period.label}
    client.get(reverse("assessment:dashboard"), query)  # the reference caches (grid, categories) warm
    with CaptureQueriesContext(connection) as captured:
        first = client.get(reverse("assessment:dashboard"), query)
    before = len(captured.captured_queries)
    assert before < 80
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("assessment:dashboard"), {**query, "area": city.s1.pk})
    before_in_area = len(captured.captured_queries)
    body = first.content.decode()
    for code in (
        "awareness_rate",
        "participation_rate",
        "satisfaction_rate",
        "lighting_rate",
        "officers_per_10k",
        "service_share",
    ):
        assert f'data-measure="{code}"' in body
    for chart in ("rates-chart", "mix-chart", "officers-chart"):
        assert chart in body
    # more of everything: the same number of queries
    for i in range(5):
        city.case(Category.objects.get(code="B0113"), city.c3, _at(city.period), State.DISPATCHED)
        area = Area.objects.create(
            code=f"99010000{3 + i}",
            name=f"新街道{i}",
            level=AreaLevel.STREET,
            parent=city.s1.parent,
            population=900,
        )
        area.departments.add(city.officers[0].department)
    client.get(reverse("assessment:dashboard"), query)  # new areas: the grid's cache reloads once
    with django_assert_max_num_queries(before):
        again = client.get(reverse("assessment:dashboard"), query)
    assert again.status_code == 200
    with django_assert_max_num_queries(before_in_area):
        client.get(reverse("assessment:dashboard"), {**query, "area": city.s1.pk})


def test_the_rankings_refuse_the_city_as_a_subject(client, leader, city):
    client.force_login(leader)
    response = client.post(reverse("assessment:compute"), {"period": city.period.label, "subject": "city"})
    assert response.status_code in (302, 400)
    page = client.get(reverse("assessment:rankings"), {"subject": "city"})
    assert page.status_code == 200 and page.context["filters"].subject == Subject.DEPARTMENT


def test_a_round_needs_a_sensible_target_population():
    from django.core.exceptions import ValidationError

    from chengguan.evaluation.services import rounds

    with pytest.raises(ValidationError):
        rounds._clean_round(
            title="t",
            start=date(2026, 1, 1),
            end=date(2026, 1, 2),
            max_choices=0,
            weights={"satisfaction": 1},
            eligible_voters=0,
        )
    assert (
        rounds._clean_round(
            title="t",
            start=date(2026, 1, 1),
            end=date(2026, 1, 2),
            max_choices=0,
            weights={"satisfaction": 1},
            eligible_voters=25,
        )["eligible_voters"]
        == 25
    )
    assert datetime  # noqa: B018
