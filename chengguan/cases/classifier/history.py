"""How far to trust the classifier on the bureau's own cases (`chengguan classifier evaluate --history`):
every closed case predicted by a model trained without it (k-fold, each fold's model learning from the
category table and the other folds, as the nightly training would), then for each confidence threshold
the share of reports that would be auto-dispatched (coverage) and how many of those would have gone to the
right category (precision), overall and for the categories with auto-dispatch enabled."""

from dataclasses import dataclass

import numpy as np

from ..models import AutoDispatchRule, Case
from ..states import State
from .evaluation import Evaluation, out_of_fold
from .model import Doc
from .runtime import HISTORY_LIMIT, table_samples

THRESHOLDS = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))  # 0.50 … 0.95


@dataclass
class ThresholdRow:
    threshold: float
    covered: int
    correct: int
    total: int

    per_category: bool = False

    @property
    def coverage(self) -> float:
        share = self.correct if self.per_category else self.covered
        return share / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.covered if self.covered else 0.0


@dataclass
class HistoryReport:
    evaluation: Evaluation
    rows: list[ThresholdRow]
    # (category code, its threshold, its rows): for a category, `covered` counts the cases predicted as it
    # at or above the threshold, `correct` those that were it, and `coverage` is correct / its own cases.
    rules: list[tuple[str, float, list[ThresholdRow]]]


def closed_cases(limit: int = HISTORY_LIMIT) -> tuple[list[Doc], list[str]]:
    """The newest closed cases with an active subclass, newest first."""
    rows = (
        Case.objects.filter(state=State.CLOSED, category__is_active=True, category__parent__isnull=False)
        .exclude(search_text="")
        .order_by("-id")
        .values_list("search_text", "category__code")[:limit]
    )
    return [Doc(text) for text, _code in rows], [code for _text, code in rows]


def _rows(truth, predicted, confidence, thresholds=THRESHOLDS) -> list[ThresholdRow]:
    right = truth == predicted
    return [
        ThresholdRow(t, int((confidence >= t).sum()), int((right & (confidence >= t)).sum()), len(truth))
        for t in thresholds
    ]


def evaluate_history(*, folds: int = 5, limit: int = HISTORY_LIMIT, seed: int = 0) -> HistoryReport:
    """Raises ValueError (with a sentence) when there are too few closed cases to cross-validate."""
    docs, labels = closed_cases(limit)
    y = np.asarray(labels, dtype=str)
    if len(set(labels)) < 2:
        raise ValueError(
            f"There are {len(docs)} closed cases in {len(set(labels))} categories: at least two categories "
            "are needed to measure the classifier on the bureau's history."
        )
    counts = np.unique(y, return_counts=True)[1]
    if counts.max() < folds:
        raise ValueError(
            f"{folds}-fold cross-validation needs a category with at least {folds} closed cases."
        )
    predicted, confidence = out_of_fold(docs, y, folds=folds, seed=seed, always=table_samples())
    evaluation = Evaluation.of(y, predicted, confidence, folds=folds, classes=sorted(set(labels)))
    per_rule = []
    for code, threshold in AutoDispatchRule.objects.filter(enabled=True).values_list(
        "category__code", "threshold"
    ):
        thresholds = sorted({*THRESHOLDS, float(threshold)})
        mine = predicted == code  # the reports that would be auto-dispatched as this category
        own = int((y == code).sum())
        rows = [
            ThresholdRow(
                t,
                int((mine & (confidence >= t)).sum()),
                int((mine & (y == code) & (confidence >= t)).sum()),
                own,
                True,
            )
            for t in thresholds
        ]
        per_rule.append((code, float(threshold), rows))
    return HistoryReport(evaluation, _rows(y, predicted, confidence), per_rule)


def lines(report: HistoryReport) -> list[str]:
    out = [
        f"Closed cases, each predicted by a model trained without it ({report.evaluation.folds}-fold):",
        "",
        "threshold  auto-dispatched  coverage  precision",
    ]
    for row in report.rows:
        out.append(f"{row.threshold:9.2f}  {row.covered:15d}  {row.coverage:8.1%}  {row.precision:9.1%}")
    for code, threshold, rows in report.rules:
        out += [
            "",
            f"{code}, auto-dispatch enabled at {threshold:.2f} (coverage: the share of its own cases that "
            "would go straight to the department):",
        ]
        out.append("threshold  auto-dispatched  coverage  precision")
        for row in rows:
            mark = "  <- in use" if abs(row.threshold - threshold) < 1e-9 else ""
            out.append(
                f"{row.threshold:9.2f}  {row.covered:15d}  {row.coverage:8.1%}  {row.precision:9.1%}{mark}"
            )
    out += [""]
    return out + report.evaluation.lines()
