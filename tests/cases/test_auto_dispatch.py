"""Auto-dispatch (智能派单): a new report the classifier is sure enough of, in a category with auto-dispatch
enabled, goes straight to its department with the reason on the timeline; below the threshold or in a
category without it, it stays on the desk; a dispatcher pulls one back in one step, and the correction is
in the next training set; `classifier evaluate --history` measures precision and coverage per threshold."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from chengguan.cases import classify, selectors, services
from chengguan.cases.classifier import runtime
from chengguan.cases.models import AutoDispatch, AutoDispatchRule, CaseEvent, TrainingExample
from chengguan.cases.services import auto
from chengguan.cases.states import Action, Channel, State
from chengguan.cases.workflow import CaseRefused
from chengguan.core.actors import SystemActor
from tests.cases.conftest import CELL_1, DEPT_A, GARBAGE, centre

pytestmark = pytest.mark.django_db

LAMP = "B0113"  # 路灯
GARBAGE_TEXTS = [f"{place}路边垃圾堆积没人清运，发臭了" for place in ("长江路", "秋浦路", "翠微路", "百牙路")]
SUMMARY = re.compile(
    r"^macro-F1 [01]\.\d{3} accuracy [01]\.\d{3} \((\d+) texts, (\d+) classes, (\d+)-fold\)$"
)
JOB = SystemActor("test")


PLACES = ("鼓楼菜场", "百牙路口", "秋浦公园", "长江路", "池州一中", "火车站", "清溪河边", "翠微路")


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path, categories, people):
    """No model in the process, and a history of confirmed reports of exposed garbage and street lamps
    (as the bureau's own phrasing teaches the classifier)."""
    settings.DATA_DIR = tmp_path
    lng, lat = centre(CELL_1)
    for index, place in enumerate(PLACES):
        for code, text in ((GARBAGE, f"{place}垃圾堆积没人清运"), (LAMP, f"{place}路灯不亮了")):
            case = services.report_case(
                description=text if index % 2 else f"{text}，麻烦尽快处理",
                channel=Channel.HOTLINE,
                lng=lng,
                lat=lat,
                actor=people.intake,
            ).case
            services.accept_case(case_id=case.pk, actor=people.dispatcher, category=categories[code])
    classify.reset()
    auto.forget_rules()
    yield
    classify.reset()
    auto.forget_rules()


def report(people, description: str, *, category=None, capture):
    lng, lat = centre(CELL_1)
    with capture(execute=True):  # the intake schedules auto-dispatch once the report is committed
        case = services.report_case(
            description=description,
            channel=Channel.WEB,
            lng=lng,
            lat=lat,
            category=category,
            actor=people.intake,
        ).case
    case.refresh_from_db()
    return case


def enable(categories, code: str, threshold: str, enabled: bool = True):
    return services.set_auto_dispatch(
        category=categories[code], actor=JOB, enabled=enabled, threshold=Decimal(threshold)
    )


def garbage_probability(text: str) -> float:
    best = classify.suggest(text, limit=1)[0]
    assert best.category_code == GARBAGE, "the history teaches what exposed garbage is"
    return best.probability


def test_a_confident_report_goes_straight_to_its_department_with_the_reason(
    categories, people, departments, django_capture_on_commit_callbacks
):
    text = "秋浦路边垃圾堆积没人清运，发臭了"
    probability = garbage_probability(text)
    assert probability >= 0.5
    enable(categories, GARBAGE, "0.50")
    case = report(people, text, capture=django_capture_on_commit_callbacks)

    assert case.state == State.DISPATCHED
    assert case.category.code == GARBAGE and case.department.code == DEPT_A and case.deadline
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
    assert [e.action for e in events] == [Action.REPORT, Action.ACCEPT, Action.DISPATCH]
    for event in events[1:]:
        assert event.by_system and event.actor_name == "system:auto_dispatch"
        assert "智能派单" in event.note
        assert f"{probability * 100:.1f}%" in event.note and GARBAGE in event.note
    record = AutoDispatch.objects.get(case=case)
    assert record.probability == pytest.approx(probability) and record.threshold == 0.5
    assert record.model_version is None  # no stored version yet: the process trained its own
    assert list(selectors.desk_queue(people.dispatcher, "auto")) == [case]
    assert case not in selectors.desk_cases(people.dispatcher)
    assert selectors.desk_counts(people.dispatcher)["auto_count"] == 1


def test_the_event_names_the_stored_model_version(categories, people, django_capture_on_commit_callbacks):
    call_command("classifier", "train", "--no-holdout", stdout=io.StringIO())
    enable(categories, GARBAGE, "0.50")
    case = report(people, "翠微路边垃圾堆积没人清运", capture=django_capture_on_commit_callbacks)
    assert case.state == State.DISPATCHED
    dispatch = CaseEvent.objects.get(case=case, action=Action.DISPATCH)
    assert "v1" in dispatch.note
    assert AutoDispatch.objects.get(case=case).model_version == 1


def test_below_the_threshold_the_report_stays_on_the_desk(
    categories, people, django_capture_on_commit_callbacks
):
    text = "长江路边垃圾堆积"
    assert garbage_probability(text) < 0.99
    enable(categories, GARBAGE, "0.99")
    case = report(people, text, capture=django_capture_on_commit_callbacks)
    assert case.state == State.REPORTED and case.department_id is None
    assert not AutoDispatch.objects.exists()
    assert case in selectors.desk_cases(people.dispatcher)
    assert (
        services.auto_dispatch_case(case_id=case.pk, actor=auto.SYSTEM).reason == "below the threshold 0.99"
    )


def test_a_category_without_auto_dispatch_stays_on_the_desk(
    categories, people, django_capture_on_commit_callbacks
):
    enable(categories, GARBAGE, "0.50", enabled=False)
    enable(categories, LAMP, "0.50")  # another category is enabled: the report is checked, and left
    case = report(people, "百牙路边垃圾堆积没人清运", capture=django_capture_on_commit_callbacks)
    assert case.state == State.REPORTED
    assert (
        services.auto_dispatch_case(case_id=case.pk, actor=auto.SYSTEM).reason
        == f"auto-dispatch is not enabled for {GARBAGE}"
    )
    assert case in selectors.desk_cases(people.dispatcher)


def test_no_rule_schedules_nothing(categories, people, django_capture_on_commit_callbacks, monkeypatch):
    called = []
    monkeypatch.setattr(
        "chengguan.cases.services.auto.auto_dispatch_case",
        lambda *, case_id, actor: called.append((case_id,)) or auto.AutoOutcome(False, "recorded"),
    )
    report(people, "垃圾堆积", capture=django_capture_on_commit_callbacks)
    assert called == []
    enable(categories, LAMP, "0.90")
    case = report(people, "垃圾堆积", capture=django_capture_on_commit_callbacks)
    assert called == [(case.pk,)]
    # filed under a category without a rule: the job could only leave it, so none is scheduled
    report(people, "垃圾堆积", category=categories[GARBAGE], capture=django_capture_on_commit_callbacks)
    assert called == [(case.pk,)]
    lamp = report(people, "路灯不亮", category=categories[LAMP], capture=django_capture_on_commit_callbacks)
    assert called == [(case.pk,), (lamp.pk,)]


def test_a_rule_is_configured_by_an_administrator_or_shift_lead_only(categories, people):
    with pytest.raises(PermissionDenied):
        services.set_auto_dispatch(category=categories[GARBAGE], actor=people.dispatcher, enabled=True)
    rule = services.set_auto_dispatch(
        category=categories[GARBAGE], actor=people.shift_lead, enabled=True, threshold="0.8"
    )
    assert (rule.enabled, rule.threshold) == (True, Decimal("0.80"))
    with pytest.raises(ValidationError) as refusal:
        services.set_auto_dispatch(
            category=categories[GARBAGE], actor=people.shift_lead, enabled=True, threshold="1.5"
        )
    assert list(refusal.value.message_dict) == ["threshold"]
    assert AutoDispatchRule.objects.get().threshold == Decimal("0.80")


def test_pull_back_returns_the_case_to_the_desk_and_teaches_the_next_training(
    categories, people, departments, django_capture_on_commit_callbacks
):
    enable(categories, GARBAGE, "0.50")
    text = "秋浦路边垃圾堆积没人清运，发臭了"
    case = report(people, text, capture=django_capture_on_commit_callbacks)
    assert case.state == State.DISPATCHED

    with pytest.raises(CaseRefused) as refusal:  # a department's handler may not
        services.pull_back_case(case_id=case.pk, actor=people.handler)
    assert refusal.value.code == "forbidden_role"

    services.pull_back_case(case_id=case.pk, actor=people.dispatcher, note="其实是绿化带杂物")
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    assert case.department_id is None and case.category_id is None and case.deadline is None
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        Action.PULL_BACK,
        people.dispatcher,
        State.DISPATCHED,
        State.ACCEPTED,
    )
    assert event.changes["department"] == [DEPT_A, None]
    assert case in selectors.desk_cases(people.dispatcher)
    assert list(selectors.desk_queue(people.dispatcher, "auto")) == []
    example = TrainingExample.objects.get(case=case)
    assert example.kind == TrainingExample.Kind.PULL_BACK and example.rejected_category.code == GARBAGE
    assert example.category is None  # labelled when the dispatcher classifies the case

    with pytest.raises(CaseRefused):  # once back, it is no longer auto-dispatched
        services.pull_back_case(case_id=case.pk, actor=people.dispatcher)

    services.dispatch_case(
        case_id=case.pk, actor=people.dispatcher, category=categories[LAMP], department=departments[DEPT_A]
    )
    example.refresh_from_db()
    assert example.category.code == LAMP
    docs, labels, counts = runtime.training_set()
    assert counts["examples"] == 1
    assert (case.search_text, LAMP) in [(doc.text, label) for doc, label in zip(docs, labels, strict=True)]
    out = io.StringIO()
    call_command("classifier", "train", "--no-holdout", stdout=out)
    assert "1 dispatchers' corrections" in out.getvalue()


def test_only_an_auto_dispatched_case_is_pulled_back(make_case, people):
    case = make_case(State.DISPATCHED)
    with pytest.raises(CaseRefused) as refusal:
        services.pull_back_case(case_id=case.pk, actor=people.dispatcher)
    assert refusal.value.code == "not_auto_dispatched"
    case.refresh_from_db()
    assert case.state == State.DISPATCHED


def test_a_changed_category_is_a_labelled_example(categories, people, django_capture_on_commit_callbacks):
    case = report(people, "路边垃圾没人清运", category=LAMP, capture=django_capture_on_commit_callbacks)
    services.accept_case(case_id=case.pk, actor=people.dispatcher, category=categories[GARBAGE])
    example = TrainingExample.objects.get(case=case)
    assert example.kind == TrainingExample.Kind.RECATEGORISED
    assert (example.rejected_category.code, example.category.code) == (LAMP, GARBAGE)
    assert runtime.example_samples()[1] == [GARBAGE]


def test_evaluate_history_prints_precision_and_coverage_per_threshold(categories, make_case):
    lamp_texts = [f"{place}的路灯不亮了，晚上一片漆黑" for place in ("长江路", "秋浦路", "翠微路", "百牙路")]
    for text in GARBAGE_TEXTS:
        make_case(State.CLOSED, description=text)
    for text in lamp_texts:
        make_case(State.CLOSED, description=text, category=LAMP)
    enable(categories, GARBAGE, "0.60")
    out = io.StringIO()
    call_command("classifier", "evaluate", "--history", "--folds", "2", stdout=out)
    lines = out.getvalue().rstrip("\n").splitlines()
    assert SUMMARY.match(lines[-1]).groups() == ("8", "2", "2")
    header = lines.index("threshold  auto-dispatched  coverage  precision")
    rows = [line.split() for line in lines[header + 1 : header + 11]]
    assert [row[0] for row in rows] == [f"{0.5 + 0.05 * i:.2f}" for i in range(10)]
    covered = [int(row[1]) for row in rows]
    assert covered == sorted(covered, reverse=True) and covered[0] <= 8  # a higher threshold covers fewer
    assert any(line.startswith(f"{GARBAGE}, auto-dispatch enabled at 0.60") for line in lines)
    assert any(line.rstrip().endswith("<- in use") and line.split()[0] == "0.60" for line in lines)


def test_evaluate_history_says_when_there_is_too_little(categories, make_case):
    with pytest.raises(CommandError, match="at least two categories"):
        call_command("classifier", "evaluate", "--history", stdout=io.StringIO())
    with pytest.raises(CommandError, match="name the columns"):
        call_command("classifier", "evaluate", "--csv", "x.csv", stdout=io.StringIO())
