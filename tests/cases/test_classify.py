"""The category suggestion: sensible from the default table alone, learns the bureau's own phrasing from
confirmed cases, says why, and is stored as a version by `train_classifier` for other processes to load."""

import io

import pytest
from django.core.management import call_command

from chengguan.cases import classifier, classify, services
from chengguan.cases.classifier import runtime
from chengguan.cases.models import ClassifierModel
from chengguan.cases.states import Channel, State
from tests.cases.conftest import CELL_1, centre

pytestmark = pytest.mark.django_db

LAMP, SHOP_FRONT, HAWKER = "B0113", "S0504", "S0501"  # 路灯, 店外经营, 无照经营游商


@pytest.fixture(autouse=True)
def _fresh_model(settings, tmp_path):
    """Every test starts with no model in the process and an empty data directory."""
    settings.DATA_DIR = tmp_path
    classify.reset()
    yield
    classify.reset()


def confirmed(people, categories, description: str, code: str, *, state=State.ACCEPTED):
    lng, lat = centre(CELL_1)
    case = services.report_case(
        description=description, channel=Channel.HOTLINE, lng=lng, lat=lat, actor=people.intake
    ).case
    if state == State.REJECTED:
        return services.reject_case(case_id=case.pk, actor=people.dispatcher, reason="重复")
    return services.accept_case(case_id=case.pk, actor=people.dispatcher, category=categories[code])


def codes(text: str) -> list[str]:
    return [s.category_code for s in classify.suggest(text)]


def test_the_category_table_alone_suggests_sensible_categories(categories):
    assert codes("路灯不亮了")[0] == LAMP
    assert codes("店门口占道经营")[0] == SHOP_FRONT
    assert codes("路燈不亮")[0] == LAMP  # traditional input is normalised first


def test_a_suggestion_names_its_category_probability_and_evidence(categories):
    suggestions = classify.suggest("路灯不亮了", limit=2)
    assert len(suggestions) == 2
    best = suggestions[0]
    assert (best.category_code, best.name) == (LAMP, "路灯")
    assert 0 < best.probability <= 1 and best.probability > suggestions[1].probability
    assert best.evidence and all(gram in "路灯不亮了" for gram in best.evidence)
    assert any("灯" in gram for gram in best.evidence)


def test_only_active_subclasses_are_suggested(categories):
    categories[LAMP].is_active = False
    categories[LAMP].save()
    classify.reset()  # the running model is checked against the table at most once a minute
    assert LAMP not in codes("路灯不亮了")
    assert all(len(code) == 5 for code in codes("路灯不亮了"))  # subclasses, never a major class


def test_empty_text_suggests_nothing(categories):
    assert classify.suggest("") == [] and classify.suggest("   ") == []


def test_confirmed_history_teaches_the_bureaus_own_phrasing(categories, people):
    assert codes("校门口有三轮车卖水果")[0] != HAWKER
    for place in ("鼓楼菜场", "百牙路口", "秋浦公园", "长江路", "池州一中", "火车站", "清溪河边", "翠微路"):
        confirmed(people, categories, f"{place}有三轮车卖水果", HAWKER)
    # Unconfirmed labels teach nothing: a rejected report's category is no label.
    confirmed(people, categories, "三轮车卖水果又来了", LAMP, state=State.REJECTED)
    classify.reset()
    suggestions = classify.suggest("校门口有三轮车卖水果")
    assert suggestions[0].category_code == HAWKER
    assert suggestions[0].evidence and all(gram in "三轮车卖水果" for gram in suggestions[0].evidence)
    assert codes("路灯不亮了")[0] == LAMP  # the table still counts


def test_the_model_is_built_once_per_process_and_reused(categories, django_assert_max_num_queries):
    classify.suggest("路灯不亮了")
    with django_assert_max_num_queries(1):  # only the lookup of the suggested categories
        assert codes("路灯不亮了")[0] == LAMP


def test_the_train_command_stores_the_version_a_new_process_loads(categories, people, monkeypatch):
    for place in ("鼓楼菜场", "百牙路口", "秋浦公园", "长江路", "池州一中", "火车站"):
        confirmed(people, categories, f"{place}有三轮车卖水果", HAWKER)
    out = io.StringIO()
    call_command("train_classifier", stdout=out)
    stored = ClassifierModel.objects.get()
    assert (stored.version, stored.is_active, stored.trained_by) == (1, True, "system:train_classifier")
    assert stored.counts["history"] == 6 and stored.evaluation == {}
    text = out.getvalue()
    assert "6 confirmed cases" in text and LAMP in text and "Stored as version 1" in text
    assert "Too little history" in text

    classify.reset()  # a new process: loads the stored version, trains nothing
    monkeypatch.setattr(runtime, "train", lambda **kwargs: pytest.fail("trained instead of loading"))
    assert codes("校门口有三轮车卖水果")[0] == HAWKER
    model = classify.current_model()
    assert (model.source, model.version) == ("stored", 1)
    assert classify.suggest("校门口有三轮车卖水果")[0].version == 1


def test_a_process_without_a_stored_model_trains_one_itself(categories):
    model = classify.current_model()
    assert model is not None and model.source == "trained" and model.version is None
    assert model.counts["history"] == 0 and model.counts["classes"] >= 100
    assert not ClassifierModel.objects.exists()


def test_the_model_is_measured_on_held_out_history_when_there_is_enough(categories, people, monkeypatch):
    for index in range(10):
        confirmed(people, categories, f"第{index}号路灯不亮", LAMP)
        confirmed(people, categories, f"第{index}号门店占道经营", SHOP_FRONT)
    monkeypatch.setattr(classifier, "evaluate_holdout", _small_holdout)
    out = io.StringIO()
    call_command("train_classifier", stdout=out)
    assert "Accuracy on the newest 4 cases, held out: 100.0%" in out.getvalue()
    evaluation = ClassifierModel.objects.get().evaluation
    assert evaluation["texts"] == 4 and evaluation["accuracy"] == 1.0 and evaluation["folds"] == 0
    assert sorted(evaluation["classes"]) == sorted({LAMP, SHOP_FRONT}) and evaluation["macro_f1"] == 1.0


_real_holdout = classifier.evaluate_holdout


def _small_holdout(**kwargs):
    return _real_holdout(**kwargs, minimum=20)
