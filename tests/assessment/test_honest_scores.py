"""Honest scores: a subject with nothing to measure shows "no cases" (无案件), never a 0%/100% made of
nothing, and is not ranked; every figure opens onto its formula, its numerator and denominator and period."""

import pytest
from django.urls import reverse
from django.utils import translation

from chengguan.assessment import scoring
from chengguan.assessment.models import Subject
from chengguan.assessment.views import tables
from chengguan.assessment.views.common import parse_filters

pytestmark = pytest.mark.django_db


def _indicators(subject=Subject.DEPARTMENT):
    return scoring.definition_data(scoring.definitions(subject))


def test_a_composite_with_nothing_behind_it_has_no_score_and_no_rank(demo_city):
    indicators = _indicators()
    zero = dict.fromkeys(
        ["filed", "handled", "handled_on_time", "overdue_unhandled", "rework", "extensions"], 0
    )
    values, score = scoring.evaluate(indicators, {**zero, "follow_ups": 0, "follow_ups_satisfied": 0})
    assert score is None and values["filed_score"] == 0  # the band of 0 cases is 0, but it scores nothing
    rows = [
        scoring.Row("1", "甲", {"filed": 0}, {}, None),
        scoring.Row("2", "乙", {"filed": 3}, {}, 80.0),
        scoring.Row("3", "丙", {"filed": 5}, {}, 90.0),
    ]
    scoring.rank_rows(rows)
    assert [(row.subject_name, row.rank) for row in rows] == [("丙", 1), ("乙", 2), ("甲", None)]


def test_explain_gives_formula_numerator_denominator_and_no_cases(demo_city):
    indicators = _indicators()
    counts = {
        "filed": 4,
        "handled": 3,
        "handled_on_time": 2,
        "overdue_unhandled": 1,
        "rework": 0,
        "extensions": 0,
        "follow_ups": 0,
        "follow_ups_satisfied": 0,
    }
    values, score = scoring.evaluate(indicators, counts)
    why = scoring.explain(indicators, counts, values)
    assert why["ontime_rate"]["numerator"] == 2 and why["ontime_rate"]["denominator"] == 4
    assert not why["ontime_rate"]["no_cases"]
    assert why["satisfaction"]["no_cases"] and values["satisfaction"] is None  # no follow-up answered
    assert why["score"]["is_ratio"] is False and score is not None
    labels = {f["label"] for f in why["score"]["figures"]}
    assert {"处置率", "按期处置率"} <= labels


def test_the_ranking_page_says_no_cases_and_shows_the_basis(demo_city, client, demo_user, rf):
    leader = demo_user("leader")
    client.force_login(leader)
    with translation.override("zh-hans"):
        response = client.get(reverse("assessment:rankings"), {"subject": Subject.DEPARTMENT})
    assert response.status_code == 200
    body = response.content.decode()
    rows = response.context["ranking"]["rows"]
    # Every follow-up rate of a department without answered follow-ups says so instead of 0% or 100%.
    header = response.context["ranking"]["header"]
    column = header.index("回访满意率")
    empty = [row for row in rows if not row["counts"].get("follow_ups")]
    assert empty, "the small city has departments without follow-ups"
    for row in empty:
        cell = row["cells"][column]
        assert cell["text"] == "无案件" and cell["no_cases"]
        assert "%" not in cell["text"]
    assert 'class="why"' in body and "分子" in body and "分母" in body
    for row in rows:
        assert row["score_why"]["period"] == response.context["filters"].period.label
        assert row["no_cases"] == (row["raw_score"] is None)
        if row["no_cases"]:
            assert row["rank"] is None and row["grade"] == "" and row["score"] == "无案件"
        for cell in row["cells"]:
            assert cell["text"] != "—"  # a figure has a value or says there was nothing to measure


def test_a_department_with_nothing_due_is_not_ranked(demo_city, demo_user, rf):
    request = rf.get("/", {"subject": Subject.DEPARTMENT})
    filters = parse_filters(request)
    table = tables.ranking(demo_user("leader"), filters, use_snapshot=False)
    ranked = [row for row in table["rows"] if row["rank"] is not None]
    for row in table["rows"]:
        due = row["counts"].get("handled", 0) + row["counts"].get("overdue_unhandled", 0)
        if not due:  # the composite divides by the cases due: nothing due, nothing to score
            assert row["rank"] is None and row["raw_score"] is None
    assert ranked and all(row["raw_score"] is not None for row in ranked)
