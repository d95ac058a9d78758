"""How well the classifier does: per-class precision, recall and F1, the confusion table, the calibration
error, and stratified cross-validation over any labelled texts (`chengguan classifier evaluate`)."""

import unicodedata
import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from . import glossary as glossaries
from .model import TextClassifier, as_docs


@dataclass
class Evaluation:
    """How well a model predicts labels it did not see: per class, confused with what, overall."""

    classes: list[str]
    precision: list[float]
    recall: list[float]
    f1: list[float]
    support: list[int]
    confusion: list[list[int]]  # rows: true class, columns: predicted class
    macro_f1: float
    accuracy: float
    texts: int
    folds: int  # 0: a single held-out part
    calibration_error: float  # expected calibration error of the top probability (10 bins)
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, truth, predicted, confidence, *, folds: int, classes=None) -> "Evaluation":
        truth, predicted = np.asarray(truth, dtype=str), np.asarray(predicted, dtype=str)
        classes = sorted(set(truth)) if classes is None else list(classes)
        precision, recall, f1, support = precision_recall_fscore_support(
            truth, predicted, labels=classes, zero_division=0
        )
        return cls(
            classes=classes,
            precision=[float(v) for v in precision],
            recall=[float(v) for v in recall],
            f1=[float(v) for v in f1],
            support=[int(v) for v in support],
            confusion=confusion_matrix(truth, predicted, labels=classes).tolist(),
            macro_f1=float(np.mean(f1)),
            accuracy=float(np.mean(truth == predicted)),
            texts=len(truth),
            folds=folds,
            calibration_error=expected_calibration_error(np.asarray(confidence), truth == predicted),
        )

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> "Evaluation":
        return cls(**data)

    @property
    def summary(self) -> str:
        scheme = f"{self.folds}-fold" if self.folds else "held out"
        return (
            f"macro-F1 {self.macro_f1:.3f} accuracy {self.accuracy:.3f} "
            f"({self.texts} texts, {len(self.classes)} classes, {scheme})"
        )

    def lines(self) -> list[str]:
        """The report: per class, the confusion table, the calibration, and the summary as the last line."""
        width = max([display_width(c) for c in self.classes] + [5])
        out = [f"{pad('class', width)}  precision  recall     F1  support"]
        for i, name in enumerate(self.classes):
            out.append(
                f"{pad(name, width)}  {self.precision[i]:9.3f}  {self.recall[i]:6.3f}  "
                f"{self.f1[i]:5.3f}  {self.support[i]:7d}"
            )
        out += ["", "Confusion (rows: true class, columns: predicted, in the order above):"]
        numbers = [f"{i + 1:>2}" for i in range(len(self.classes))]
        cell = max(4, *(len(str(v)) + 1 for row in self.confusion for v in row))
        out.append(f"{'':<{width + 4}}" + "".join(f"{n:>{cell}}" for n in numbers))
        for i, row in enumerate(self.confusion):
            out.append(f"{numbers[i]}  {pad(self.classes[i], width)}" + "".join(f"{v:>{cell}}" for v in row))
        out += ["", f"Calibration error of the stated confidence: {self.calibration_error:.3f}", self.summary]
        return out


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    if not len(confidence):
        return 0.0
    edges = np.minimum((confidence * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = edges == b
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def cross_validate(docs, labels, *, folds: int = 5, seed: int = 0, glossary: bool = True) -> Evaluation:
    """Stratified k-fold cross-validation: every text predicted by a model trained without it (and, with
    `glossary`, with the shipped glossary's words for the classes it knows; `extra["glossary"]` names
    them)."""
    docs = as_docs(docs)
    y = np.asarray(labels, dtype=str)
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise ValueError("At least two classes are needed.")
    if folds < 2 or counts.max() < folds:
        raise ValueError(f"{folds}-fold cross-validation needs a class with at least {folds} texts.")
    always, learnt = _glossary(classes, glossary)
    predicted, confidence = out_of_fold(docs, y, folds=folds, seed=seed, always=always)
    evaluation = Evaluation.of(y, predicted, confidence, folds=folds, classes=list(classes))
    evaluation.extra["glossary"] = learnt
    return evaluation


def held_out(docs, labels, test_docs, test_labels, *, glossary: bool = True) -> Evaluation:
    """Train on one labelled set (with the glossary's words for the labels it knows) and measure on
    another: a held-out file of the same kind."""
    y = np.asarray(labels, dtype=str)
    if len(np.unique(y)) < 2:
        raise ValueError("At least two classes are needed.")
    always, learnt = _glossary(np.unique(y), glossary)
    predicted, confidence = _fit_predict([*always[0], *as_docs(docs)], [*always[1], *y], as_docs(test_docs))
    truth = np.asarray(test_labels, dtype=str)
    evaluation = Evaluation.of(truth, predicted, confidence, folds=0, classes=sorted(set(truth)))
    evaluation.extra["glossary"] = learnt
    return evaluation


def _glossary(classes, enabled: bool):
    """(the glossary's docs and labels for the classes it knows, what to report of them)."""
    docs, labels = glossaries.samples(classes) if enabled else ([], [])
    return (docs, labels), {"classes": glossaries.known(classes) if enabled else [], "words": len(labels)}


def _fit_predict(docs, labels, test_docs):
    """Each test doc's predicted label and its probability, from a model trained on the docs."""
    model = TextClassifier().fit(docs, labels)
    probabilities = model.predict_proba(test_docs)
    return model.classes_[np.argmax(probabilities, axis=1)], probabilities.max(axis=1)


def out_of_fold(docs, y: np.ndarray, *, folds: int, seed: int, always=((), ())):
    """Each text's predicted label and confidence from a model trained, in stratified folds, without it
    (and with the `always` docs and labels, e.g. the category table, in every fold's training)."""
    always_docs, always_labels = list(always[0]), list(always[1])
    predicted = np.empty(len(y), dtype=object)
    confidence = np.zeros(len(y))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a class with fewer texts than folds
        splits = list(splitter.split(np.zeros(len(y)), y))
    for train, test in splits:
        predicted[test], confidence[test] = _fit_predict(
            always_docs + [docs[i] for i in train], always_labels + list(y[train]), [docs[i] for i in test]
        )
    return predicted.astype(str), confidence
