"""The classifier package: cross-validation on any labelled file (`chengguan classifier evaluate`), stored
versions with their evaluation and rollback, calibrated probabilities and evidence, demo-like reports."""

import csv
import io
import random
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from chengguan.cases import classifier, classify
from chengguan.cases.classifier import Doc, TextClassifier, cross_validate, glossary, store
from chengguan.cases.classifier import model as model_module
from chengguan.cases.classifier.model import as_docs
from chengguan.cases.models import ClassifierModel
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry
from chengguan.demo import case_texts

LAST_LINE = re.compile(
    r"^macro-F1 [01]\.\d{3} accuracy [01]\.\d{3} \((\d+) texts, (\d+) classes, (\d+)-fold\)$"
)

# Three kinds of complaint, each with its own words; titles say the same in short.
KINDS = {
    "噪音": (["夜间施工噪音扰民", "广场舞音响太吵", "工地机器轰鸣影响休息", "酒吧音乐声音太大"], "噪音扰民"),
    "路灯": (["路灯不亮一片漆黑", "路灯白天一直亮着", "灯杆倾斜灯罩掉落", "路灯闪烁已坏多日"], "路灯故障"),
    "垃圾": (["垃圾桶满了没人清运", "路边垃圾堆积发臭", "建筑垃圾乱倒", "垃圾清运不及时"], "垃圾问题"),
}


def labelled_rows(per_class: int = 8, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    places = ["长江路", "秋浦路", "翠微小区", "人民路", "建设路", "平天湖", "站前路", "东湖路"]
    rows = []
    for label, (phrases, title) in KINDS.items():
        for index in range(per_class):
            text = f"{rng.choice(places)}{index + 1}号附近{rng.choice(phrases)}，希望尽快处理"
            rows.append({"id": str(len(rows)), "title": f"{title}{index}", "text": text, "label": label})
    return rows


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    book.save(path)
    return path


def evaluate(*args) -> list[str]:
    out = io.StringIO()
    call_command("classifier", "evaluate", *args, stdout=out)
    return out.getvalue().rstrip("\n").splitlines()


# --- evaluate -------------------------------------------------------------------------------------------


def test_evaluate_prints_per_class_scores_a_confusion_table_and_the_summary_last(tmp_path):
    path = write_csv(tmp_path / "messages.csv", labelled_rows())
    columns = ["--title-col", "title", "--text-col", "text", "--label-col", "label"]
    lines = evaluate("--csv", str(path), *columns, "--folds", "4")
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    assert match.groups() == ("24", "3", "4")
    assert float(lines[-1].split()[1]) > 0.9  # the kinds are easy to tell apart
    text = "\n".join(lines)
    assert "precision" in text and "recall" in text and "Confusion" in text
    for label in KINDS:
        assert any(line.startswith(label) for line in lines)


def test_evaluate_reads_xlsx_and_works_without_titles(tmp_path):
    path = write_xlsx(tmp_path / "messages.xlsx", labelled_rows(per_class=6))
    lines = evaluate("--csv", str(path), "--text-col", "text", "--label-col", "label", "--folds", "3")
    assert LAST_LINE.match(lines[-1]).groups() == ("18", "3", "3")


def test_evaluate_defaults_to_five_folds_and_reads_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.csv"
    write_csv(path, labelled_rows())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    lines = evaluate("--csv", str(path), "--text-col", "text", "--label-col", "label")
    assert lines[-1].endswith("(24 texts, 3 classes, 5-fold)")


def test_evaluate_names_a_missing_column_and_too_few_texts(tmp_path):
    path = write_csv(tmp_path / "m.csv", labelled_rows())
    with pytest.raises(CommandError, match="no column body.*id, label, text, title"):
        evaluate("--csv", str(path), "--text-col", "body", "--label-col", "label")
    with pytest.raises(CommandError, match="10-fold"):
        evaluate("--csv", str(path), "--text-col", "text", "--label-col", "label", "--folds", "10")
    with pytest.raises(CommandError, match="No such file"):
        evaluate("--csv", str(tmp_path / "none.csv"), "--text-col", "text", "--label-col", "label")


def test_evaluate_can_learn_from_one_file_and_measure_on_another(tmp_path):
    learn = write_csv(tmp_path / "learn.csv", labelled_rows(per_class=8, seed=1))
    test = write_csv(tmp_path / "test.csv", labelled_rows(per_class=5, seed=2))
    columns = ["--title-col", "title", "--text-col", "text", "--label-col", "label"]
    lines = evaluate("--csv", str(learn), "--holdout", str(test), *columns)
    assert lines[0].startswith("Learnt from the 24 texts of") and "measured on the 15 of" in lines[0]
    assert lines[-1].endswith("(15 texts, 3 classes, held out)") and float(lines[-1].split()[1]) > 0.9
    with pytest.raises(CommandError, match="No such file"):
        evaluate("--csv", str(learn), "--holdout", str(tmp_path / "none.csv"), *columns)


# --- the shipped glossary -------------------------------------------------------------------------------

# Two hotline classes, each text naming its subject with a word no other text of the file uses: only a
# glossary can tell a model that 疫苗 is health and 校车 is education.
HOTLINE = {
    "卫生计生": ["疫苗接种排队太久", "医院挂号难", "诊所药价太高", "计生证明办不下来", "体检报告迟迟不出"],
    "教育文体": ["校车超员", "幼儿园入学难", "补课班乱收费", "学籍转不过去", "体育馆不开放"],
}


def hotline_rows() -> list[dict]:
    return [
        {"title": "", "text": f"我家附近{text}，请有关部门管一管", "label": label}
        for label, texts in HOTLINE.items()
        for text in texts
    ]


def test_the_glossary_knows_hotline_classes_by_name_or_alias_and_nothing_else():
    assert glossary.known(["卫生计生", "教育文体", "路灯"]) == ["卫生计生", "教育文体"]
    assert glossary.known(["卫生健康"]) == ["卫生健康"]  # an alias
    docs, labels = glossary.samples(["卫生健康", "卫生健康", "路灯"])
    assert set(labels) == {"卫生健康"} and len(docs) == len(labels) > 20
    assert all(not doc.title for doc in docs)
    assert "疫苗" in {doc.text for doc in docs}


def test_the_glossary_teaches_a_small_file_the_words_it_lacks(tmp_path):
    rows = hotline_rows()
    docs, labels = [Doc(row["text"]) for row in rows], [row["label"] for row in rows]
    alone = cross_validate(docs, labels, folds=5, glossary=False)
    helped = cross_validate(docs, labels, folds=5)
    assert helped.extra["glossary"]["classes"] == ["卫生计生", "教育文体"]
    assert alone.extra["glossary"] == {"classes": [], "words": 0}
    assert helped.macro_f1 >= 0.9 > alone.macro_f1, (helped.summary, alone.summary)


def test_evaluate_says_whether_the_glossary_was_learnt(tmp_path):
    path = write_csv(tmp_path / "hotline.csv", hotline_rows())
    columns = ["--text-col", "text", "--label-col", "label"]
    helped = evaluate("--csv", str(path), *columns)
    assert "knows 2 of the 2 classes (卫生计生, 教育文体)" in helped[1]
    alone = evaluate("--csv", str(path), *columns, "--no-glossary")
    assert alone[1] == "Learnt from the file alone (--no-glossary)."
    assert float(helped[-1].split()[1]) > float(alone[-1].split()[1])
    assert LAST_LINE.match(helped[-1]) and LAST_LINE.match(alone[-1])
    unknown = evaluate("--csv", str(write_csv(tmp_path / "city.csv", labelled_rows())), *columns)
    assert unknown[1].startswith("No class of the file is in a shipped glossary")


# --- the model ------------------------------------------------------------------------------------------


def test_probabilities_are_calibrated_and_evidence_is_words_of_the_text():
    rows = labelled_rows(per_class=12)
    docs = [Doc(row["text"], row["title"]) for row in rows]
    model = TextClassifier().fit(docs, [row["label"] for row in rows])
    probabilities = model.predict_proba([Doc("人民路路灯不亮，晚上一片漆黑")])
    assert probabilities.shape == (1, 3) and np.isclose(probabilities.sum(), 1)
    best = int(np.argmax(probabilities[0]))
    assert model.classes_[best] == "路灯" and 0.5 < probabilities[0, best] < 1
    assert model.temperature != 1.0  # fitted on out-of-fold scores
    row = model.vectors([Doc("人民路路灯不亮，晚上一片漆黑")])[0]
    evidence = model.evidence(row, best)
    assert evidence and all(term in "人民路路灯不亮，晚上一片漆黑" for term in evidence)
    assert any("灯" in term for term in evidence)


def test_word_blocks_are_vectorised_as_scikit_learn_would():
    """`Features.transform` looks words up itself, faster; the vectors must be the ones the fitted
    vectorisers give."""
    rows = labelled_rows(per_class=12)
    docs = [Doc(row["text"], row["title"]) for row in rows]
    model = TextClassifier().fit(docs, [row["label"] for row in rows])
    new = as_docs([Doc("人民路路灯不亮，垃圾桶也满了 12 号", "路灯"), Doc("没有标题的噪音扰民"), Doc("")])
    for block, field in zip(model.features.blocks[:2], ("text", "title"), strict=True):
        ours = model_module._known_words(block, new, field)
        assert abs(ours - block.transform(new)).max() < 1e-6 and ours.nnz > 0


def test_cross_validation_refuses_a_single_class():
    with pytest.raises(ValueError, match="two classes"):
        cross_validate(["路灯不亮"] * 10, ["路灯"] * 10)


def test_demo_like_reports_are_learnt_well():
    """Reports written the way the demo's citizens write them, across the templates' categories: held out,
    nearly all are classified right."""
    rng = random.Random(7)
    docs, labels = [], []
    for code, (_weight, _texts) in sorted(case_texts.templates_by_code().items()):
        for _ in range(12):
            words = case_texts.place_words(rng, rng.choice(["秋浦社区", "杏花社区", "湖滨社区"]))
            docs.append(case_texts.describe(rng, code, code, words))
            labels.append(code)
    evaluation = cross_validate(docs, labels, folds=3)
    assert len(evaluation.classes) > 20
    assert evaluation.accuracy > 0.8, evaluation.summary


# --- versions and rollback --------------------------------------------------------------------------------


@pytest.fixture
def _fresh_model():
    classify.reset()
    yield
    classify.reset()


def train(**kwargs) -> str:
    out = io.StringIO()
    call_command("classifier", "train", "--no-holdout", stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_each_training_stores_a_version_and_rollback_restores_the_previous(categories, _fresh_model):
    assert "Stored as version 1" in train()
    assert "Stored as version 2" in train()
    assert classify.current_model().version == 2
    assert list(ClassifierModel.objects.values_list("version", "is_active")) == [(2, True), (1, False)]

    out = io.StringIO()
    call_command("classifier", "versions", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split()[:2] == ["2", "*"] and lines[2].split()[0] == "1" and "*" not in lines[2]

    out = io.StringIO()
    call_command("classifier", "rollback", stdout=out)
    assert "Version 1 is in use again." in out.getvalue()
    assert ClassifierModel.objects.get(is_active=True).version == 1
    assert classify.current_model().version == 1  # this process follows at once (others within a minute)
    assert classify.suggest("路灯不亮了")[0].version == 1
    rollback = AuditEntry.objects.filter(action="classifier.rollback").get()
    assert rollback.data == {"from": 2, "to": 1} and rollback.actor_username == "system:classifier"

    with pytest.raises(CommandError, match="no earlier version"):
        call_command("classifier", "rollback", stdout=io.StringIO())
    call_command("classifier", "rollback", "--to", "2", stdout=io.StringIO())
    assert ClassifierModel.objects.get(is_active=True).version == 2
    with pytest.raises(CommandError, match="no stored version 9"):
        call_command("classifier", "rollback", "--to", "9", stdout=io.StringIO())


@pytest.mark.django_db
def test_another_process_follows_a_rollback_within_the_check_interval(categories, _fresh_model, monkeypatch):
    train()
    train()
    from chengguan.cases.classifier import runtime

    assert classify.current_model().version == 2
    store.rollback(actor=SystemActor("test"))
    assert classify.current_model().version == 2  # checked at most once a minute
    monkeypatch.setattr(runtime, "CHECK_INTERVAL", 0)
    assert classify.current_model().version == 1


@pytest.mark.django_db
def test_only_the_newest_versions_are_kept(categories, _fresh_model, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    for _ in range(4):
        train()
    assert list(ClassifierModel.objects.values_list("version", flat=True)) == [4, 3]


@pytest.mark.django_db
def test_no_stored_version_is_said_plainly(_fresh_model):
    out = io.StringIO()
    call_command("classifier", "versions", stdout=out)
    assert "No stored version" in out.getvalue()
    with pytest.raises(CommandError, match="no earlier version"):
        call_command("classifier", "rollback", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_version_trained_with_another_scikit_learn_is_not_loaded(categories, _fresh_model):
    train()
    ClassifierModel.objects.update(sklearn_version="0.0")
    classify.reset()
    model = classifier.current_model()
    assert model.source == "trained"  # trained in-process instead of unpickling a foreign model
