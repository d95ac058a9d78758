"""The bureau's classifier: trained on the category table and the cases whose category a dispatcher
confirmed, stored as versions in the database, loaded once per process, asked for suggestions.

Each process keeps the version in use and checks at most once a minute whether another one was put in
use (a new training, a rollback) or the category table changed since it was trained. Without any stored
version (a fresh installation before the first `chengguan classifier train`) a process trains one itself
from the table and the latest 10,000 confirmed cases, in seconds, and refreshes it after a day."""

import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max, Q

from chengguan.taxonomy.models import Category

from ..models import Case, TrainingExample
from ..states import State
from . import store
from .evaluation import Evaluation
from .model import Doc, TextClassifier, as_docs

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50_000  # the latest confirmed cases a training learns from
IN_PROCESS_HISTORY = 10_000  # what a process without a stored model learns from, on a request: seconds
CHECK_INTERVAL = 60  # seconds between checks that the cached model is still current
MAX_AGE = 24 * 3600  # a model trained in-process is refreshed after this many seconds
HOLDOUT_SHARE = 0.2  # the newest fifth of the history is held out to evaluate a new version
HOLDOUT_MINIMUM = 200  # ... when there are at least this many confirmed cases
UNCONFIRMED = (State.REPORTED, State.REJECTED, State.MERGED)  # a category nobody confirmed is no label


@dataclass(frozen=True)
class Suggestion:
    category_code: str
    name: str
    probability: float  # calibrated: of suggestions said to be 80 % sure, about 80 % are right
    evidence: tuple[str, ...]  # the words (or characters) that weighed most for it, strongest first
    category: Category | None = field(default=None, compare=False, repr=False)
    version: int | None = field(default=None, compare=False)  # the stored model version; None: in-process

    @property
    def percent(self) -> int:
        return round(self.probability * 100)

    @property
    def label(self) -> str:
        return f"{self.category_code} {self.name}"


@dataclass
class Model:
    classifier: TextClassifier
    table: str  # fingerprint of the category table it was trained with
    trained_at: float
    counts: dict  # {"table": n, "history": n, "classes": n}
    version: int | None = None  # the stored version; None for one trained in this process
    source: str = "trained"  # "trained" in this process, or "stored"
    evaluation: dict = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return list(self.classifier.classes_)


# --- training data --------------------------------------------------------------------------------------


def _active_minors():
    return Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)


def table_fingerprint() -> str:
    """Changes whenever an active subclass is added, removed or edited."""
    row = _active_minors().aggregate(n=Count("pk"), changed=Max("updated_at"))
    return f"{row['n']}@{row['changed'].isoformat() if row['changed'] else ''}"


def table_samples() -> tuple[list[Doc], list[str]]:
    """A few synthetic reports per active subclass from its name, description and keywords (no titles:
    reports have none, and the model should learn from the words a report's text uses)."""
    docs, labels = [], []
    for code, name, description, keywords in _active_minors().values_list(
        "code", "name", "description", "keywords"
    ):
        words = keywords.split()
        samples = [Doc(name), Doc(f"{name} {description}"), Doc(" ".join([name, *words])), *map(Doc, words)]
        for sample in samples:
            if sample.text.strip():
                docs.append(sample)
                labels.append(code)
    return docs, labels


def _unconfirmed_auto() -> Q:
    """A case the system dispatched that no person has acted on since: its category is the model's own
    word, not a label."""
    return Q(state=State.DISPATCHED, auto_dispatch__isnull=False, auto_dispatch__pulled_back_at__isnull=True)


def history_samples(limit: int = HISTORY_LIMIT) -> tuple[list[Doc], list[str]]:
    """The latest cases whose (active) subclass a dispatcher confirmed (accepted or further on), newest
    first."""
    rows = (
        Case.objects.exclude(state__in=UNCONFIRMED)
        .filter(category__is_active=True, category__parent__isnull=False)
        .exclude(search_text="")
        .exclude(_unconfirmed_auto())
        .order_by("-id")
        .values_list("search_text", "category__code")[:limit]
    )
    docs, labels = [], []
    for text, code in rows:
        docs.append(Doc(text))
        labels.append(code)
    return docs, labels


def example_samples(limit: int = HISTORY_LIMIT) -> tuple[list[Doc], list[str]]:
    """What dispatchers taught: each labelled `TrainingExample` (a pull-back of an auto-dispatched case
    once it was classified again, a category a dispatcher changed), newest first. A correction is learnt
    besides the case in the history, so it weighs twice: the model should not repeat a mistake a person
    took the trouble to correct."""
    rows = (
        TrainingExample.objects.filter(category__isnull=False, category__is_active=True)
        .exclude(case__search_text="")
        .order_by("-id")
        .values_list("case__search_text", "category__code")[:limit]
    )
    return [Doc(text) for text, _code in rows], [code for _text, code in rows]


def training_set(history_limit: int = HISTORY_LIMIT) -> tuple[list[Doc], list[str], dict]:
    """The docs and labels a training learns from: the category table, the confirmed history and the
    dispatchers' corrections; with their counts."""
    table_docs, table_labels = table_samples()
    history_docs, history_labels = history_samples(history_limit)
    example_docs, example_labels = example_samples(history_limit)
    labels = table_labels + history_labels + example_labels
    counts = {
        "table": len(table_docs),
        "history": len(history_docs),
        "examples": len(example_docs),
        "classes": len(set(labels)),
    }
    return table_docs + history_docs + example_docs, labels, counts


def _fit(docs, labels) -> TextClassifier:
    return TextClassifier().fit(docs, labels)


def train(*, history_limit: int = HISTORY_LIMIT) -> Model | None:
    """Fit a model on the category table and the history; None when there are fewer than two classes."""
    docs, labels, counts = training_set(history_limit)
    if len(set(labels)) < 2:
        return None
    classifier = _fit(docs, labels)
    return Model(classifier, table_fingerprint(), time.time(), counts)


def evaluate_holdout(
    *, history_limit: int = HISTORY_LIMIT, share: float = HOLDOUT_SHARE, minimum: int = HOLDOUT_MINIMUM
) -> Evaluation | None:
    """How a model trained on the table and the older history does on the newest `share` of the history
    (as it would on next month's reports); None when there are fewer than `minimum` confirmed cases."""
    docs, labels = history_samples(history_limit)  # newest first
    if len(docs) < minimum:
        return None
    cut = int(len(docs) * share)
    table_docs, table_labels = table_samples()
    classifier = _fit(table_docs + docs[cut:], table_labels + labels[cut:])
    probabilities = classifier.predict_proba(docs[:cut])
    predicted = classifier.classes_[np.argmax(probabilities, axis=1)]
    truth = labels[:cut]
    return Evaluation.of(truth, predicted, probabilities.max(axis=1), folds=0, classes=sorted(set(truth)))


def holdout_accuracy(*, history_limit: int = HISTORY_LIMIT, share: float = HOLDOUT_SHARE, minimum=200):
    """(accuracy, tested) on the newest `share` of the history, or None (see `evaluate_holdout`)."""
    evaluation = evaluate_holdout(history_limit=history_limit, share=share, minimum=minimum)
    return None if evaluation is None else (evaluation.accuracy, evaluation.texts)


def save(model: Model, *, actor, evaluation: Evaluation | None = None, seconds: float = 0.0):
    """Store the model as the next version, in use from now on (each process within a minute)."""
    row = store.save(
        model.classifier,
        actor=actor,
        table=model.table,
        counts=model.counts,
        evaluation=evaluation.as_dict() if evaluation is not None else {},
        seconds=seconds,
    )
    model.version, model.source = row.version, "stored"
    return row


# --- the per-process model ------------------------------------------------------------------------------

_lock = threading.Lock()
_current: Model | None = None
_checked_at = 0.0


def _stale(model: Model, now: float) -> bool:
    active = store.active_version()
    if (active[0] if active else None) != model.version:
        return True  # another version was put in use (or the one in use was removed)
    if model.source == "trained" and now - model.trained_at > MAX_AGE:
        return True
    return model.table != table_fingerprint()


def _build() -> Model | None:
    active = store.active_version()
    fingerprint = table_fingerprint()
    if active is not None and active[1] == fingerprint:
        classifier = store.load(active[0])
        if classifier is not None:
            return Model(classifier, active[1], time.time(), {}, version=active[0], source="stored")
    started = time.monotonic()
    model = train(history_limit=IN_PROCESS_HISTORY)
    if model is not None:
        # Remember the version in use, so this model is replaced as soon as a new one is stored.
        model.version = active[0] if active else None
        log.info("Trained the category classifier in %.1f s: %s", time.monotonic() - started, model.counts)
    return model


def current_model() -> Model | None:
    """The process's model, built on first use and rebuilt when stale. Thread-safe."""
    global _current, _checked_at
    now = time.time()
    model = _current
    if model is not None and now - _checked_at < CHECK_INTERVAL:
        return model
    with _lock:
        if _current is not None and time.time() - _checked_at < CHECK_INTERVAL:
            return _current  # another thread has just built or checked it
        if _current is None or _stale(_current, now):
            _current = _build()
        _checked_at = time.time()
        return _current


def reset() -> None:
    """Forget the process's model (tests; after training in the same process)."""
    global _current, _checked_at
    with _lock:
        _current, _checked_at = None, 0.0


# --- suggesting -----------------------------------------------------------------------------------------


# The texts scored lately, per model: work lists show the same cases' suggestions with every request, and
# segmenting a text costs far more than looking it up. Emptied when full; a new model scores afresh.
_scores_memo: dict = {}
MEMO_SIZE = 4096


def _scored(model: Model, docs: list) -> tuple[list, list]:
    """(vector, probabilities) of each doc under `model`, the ones seen lately from memory."""
    keys = [(model.trained_at, model.version, doc.title, doc.text) for doc in docs]
    missing = [i for i, key in enumerate(keys) if key not in _scores_memo]
    if missing:
        if len(_scores_memo) + len(missing) > MEMO_SIZE:
            _scores_memo.clear()
        vectors = model.classifier.vectors([docs[i] for i in missing])
        probabilities = model.classifier.predict_proba_vectors(vectors)
        for position, i in enumerate(missing):
            _scores_memo[keys[i]] = (vectors[position], probabilities[position])
    found = [_scores_memo.get(key) for key in keys]
    return [pair[0] for pair in found], [pair[1] for pair in found]


def suggest_many(texts: list, *, limit: int = 3) -> list[list[Suggestion]]:
    """For each text (a string, or a (title, text) pair) its most likely active subclasses, best first.
    One query for all the texts."""
    docs = as_docs(texts)
    present = [bool(doc.text or doc.title) for doc in docs]
    model = current_model() if any(present) else None
    if model is None:
        return [[] for _ in docs]
    classifier = model.classifier
    classes = classifier.classes_
    rows, probabilities = _scored(model, docs)
    ranked = [np.argsort(-p)[: limit * 3] if ok else [] for ok, p in zip(present, probabilities, strict=True)]
    wanted = {classes[i] for indices in ranked for i in indices}
    active = {c.code: c for c in _active_minors().filter(code__in=wanted).select_related("parent")}
    results = []
    for text_index, indices in enumerate(ranked):
        found = []
        for class_index in indices:
            category = active.get(classes[class_index])
            if category is None or len(found) == limit:
                continue
            found.append(
                Suggestion(
                    category.code,
                    category.name,
                    float(probabilities[text_index][class_index]),
                    classifier.evidence(rows[text_index], class_index),
                    category,
                    model.version if model.source == "stored" else None,
                )
            )
        results.append(found)
    return results


def suggest(text, *, limit: int = 3) -> list[Suggestion]:
    """The most likely active subclasses for a report's text, best first, with their evidence."""
    return suggest_many([text], limit=limit)[0]
