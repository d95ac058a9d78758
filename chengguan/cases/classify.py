"""Suggest a category for a report that came without one.

A linear model over character n-grams (TF-IDF, `char_wb`, 1–3 characters: Chinese has no spaces, so
characters are the unit), trained on the bureau's own history — cases whose category a dispatcher
confirmed — plus the category table itself (each active subclass's name, description and keywords), so a
fresh installation suggests something sensible before it has any history. Every suggestion says which
n-grams weighed most for it (explainable).

The fitted model lives in `DATA_DIR/models/classifier.pkl`, written by `chengguan train_classifier`. Each
process loads it lazily (or, when there is no file, trains one on first use from the table and the latest
10,000 confirmed cases, in seconds) and keeps it; it is rebuilt when the file changes or the category table
no longer matches it, checked at most once a minute, and a model trained in-process is refreshed after a
day."""

import logging
import threading
import time
import warnings
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import sklearn
from django.conf import settings
from django.db.models import Count, Max
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from chengguan.core.text import normalize
from chengguan.taxonomy.models import Category

from .models import Case
from .states import State

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50_000  # the latest confirmed cases `train_classifier` learns from
IN_PROCESS_HISTORY = 10_000  # what a process without a model file learns from, on a request: seconds
CHECK_INTERVAL = 60  # seconds between checks that the cached model is still current
MAX_AGE = 24 * 3600  # a model trained in-process is refreshed after this many seconds
EVIDENCE_SIZE = 3
ALPHA = 1e-4  # regularisation of the linear model
UNCONFIRMED = (State.REPORTED, State.REJECTED)  # a category nobody confirmed is no label


@dataclass(frozen=True)
class Suggestion:
    category_code: str
    name: str
    probability: float
    evidence: tuple[str, ...]  # the n-grams that weighed most for this category, strongest first
    category: Category | None = field(default=None, compare=False, repr=False)

    @property
    def percent(self) -> int:
        return round(self.probability * 100)

    @property
    def label(self) -> str:
        return f"{self.category_code} {self.name}"


@dataclass
class Model:
    pipeline: Pipeline
    table: tuple  # fingerprint of the category table it was trained with
    trained_at: float
    counts: dict  # {"table": n, "history": n, "classes": n}
    sklearn_version: str = sklearn.__version__
    source: str = "trained"  # "trained" in this process, or "file"
    mtime: float | None = None  # the model file's mtime when this one was built (None: no file)


# --- training data --------------------------------------------------------------------------------------


def _active_minors():
    return Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)


def table_fingerprint() -> tuple:
    """Changes whenever an active subclass is added, removed or edited."""
    row = _active_minors().aggregate(n=Count("pk"), changed=Max("updated_at"))
    return row["n"], row["changed"].isoformat() if row["changed"] else ""


def table_samples() -> tuple[list[str], list[str]]:
    """A few synthetic reports per active subclass from its name, description and keywords."""
    texts, labels = [], []
    for code, name, description, keywords in _active_minors().values_list(
        "code", "name", "description", "keywords"
    ):
        words = keywords.split()
        samples = [name, description, " ".join([name, *words]), *words]
        for sample in samples:
            sample = normalize(sample)
            if sample:
                texts.append(sample)
                labels.append(code)
    return texts, labels


def history_samples(limit: int = HISTORY_LIMIT) -> tuple[list[str], list[str]]:
    """The latest cases whose (active) subclass a dispatcher confirmed: accepted or further on."""
    rows = (
        Case.objects.exclude(state__in=UNCONFIRMED)
        .filter(category__is_active=True, category__parent__isnull=False)
        .exclude(search_text="")
        .order_by("-id")
        .values_list("search_text", "category__code")[:limit]
    )
    texts, labels = [], []
    for text, code in rows:
        texts.append(text)
        labels.append(code)
    return texts, labels


def make_pipeline() -> Pipeline:
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)),
            (
                "model",
                SGDClassifier(
                    loss="log_loss",
                    alpha=ALPHA,
                    class_weight="balanced",
                    max_iter=30,
                    tol=1e-3,
                    random_state=0,
                ),
            ),
        ]
    )


def _fit(texts: list[str], labels: list[str]) -> Pipeline:
    pipeline = make_pipeline()
    with warnings.catch_warnings():  # a few epochs are enough for suggestions; no need to say so
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(texts, labels)
    return pipeline


def train(*, history_limit: int = HISTORY_LIMIT) -> Model | None:
    """Fit a model on the category table and the history; None when there are fewer than two classes."""
    table_texts, table_labels = table_samples()
    history_texts, history_labels = history_samples(history_limit)
    labels = table_labels + history_labels
    if len(set(labels)) < 2:
        return None
    pipeline = _fit(table_texts + history_texts, labels)
    counts = {"table": len(table_texts), "history": len(history_texts), "classes": len(set(labels))}
    return Model(pipeline, table_fingerprint(), time.time(), counts)


def holdout_accuracy(*, history_limit: int = HISTORY_LIMIT, share: float = 0.2, minimum: int = 200):
    """Accuracy on the newest `share` of the history for a model trained on the table and the rest;
    None when the history has fewer than `minimum` cases. Returns (accuracy, tested)."""
    texts, labels = history_samples(history_limit)  # newest first
    if len(texts) < minimum:
        return None
    cut = int(len(texts) * share)
    table_texts, table_labels = table_samples()
    pipeline = _fit(table_texts + texts[cut:], table_labels + labels[cut:])
    predicted = pipeline.predict(texts[:cut])
    return float(np.mean(predicted == np.asarray(labels[:cut]))), cut


# --- storage --------------------------------------------------------------------------------------------


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "models" / "classifier.pkl"


def save(model: Model, path: Path | None = None) -> Path:
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    joblib.dump(model, partial)
    partial.replace(path)  # readers never see half a file
    return path


def _load(path: Path) -> Model | None:
    try:
        model = joblib.load(path)
    except Exception:  # a broken or foreign file: train in-process instead
        log.exception("Could not load the classifier from %s", path)
        return None
    if not isinstance(model, Model) or model.sklearn_version != sklearn.__version__:
        return None
    model.source = "file"
    return model


# --- the per-process model ------------------------------------------------------------------------------

_lock = threading.Lock()
_current: Model | None = None
_checked_at = 0.0


def _file_mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _stale(model: Model, now: float) -> bool:
    if _file_mtime(model_path()) != model.mtime:
        return True  # the file was written (or removed) since
    if model.source == "trained" and now - model.trained_at > MAX_AGE:
        return True
    return model.table != table_fingerprint()


def _for_predicting(model: Model | None) -> Model | None:
    """The weights in column order: predicting multiplies the texts by their transpose, which scipy
    otherwise copies on every call (a few ms of each desk page). The same numbers either way."""
    if model is not None:
        estimator = model.pipeline.named_steps["model"]
        estimator.coef_ = np.asfortranarray(estimator.coef_)
    return model


def _build() -> Model | None:
    path = model_path()
    mtime = _file_mtime(path)
    if mtime is not None:
        model = _load(path)
        if model is not None and model.table == table_fingerprint():
            model.mtime = mtime
            return model
    started = time.monotonic()
    model = train(history_limit=IN_PROCESS_HISTORY)
    if model is not None:
        model.mtime = mtime
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
            _current = _for_predicting(_build())
        _checked_at = time.time()
        return _current


def reset() -> None:
    """Forget the process's model (tests; after training in the same process)."""
    global _current, _checked_at
    with _lock:
        _current, _checked_at = None, 0.0


# --- suggesting -----------------------------------------------------------------------------------------


_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _feature_names(model: Model):
    """The vectoriser's n-grams by column, built once per model (sklearn builds the array on every call:
    a few milliseconds each time the desk suggests a category)."""
    pipeline = model.pipeline
    if pipeline not in _names:
        _names[pipeline] = pipeline.named_steps["tfidf"].get_feature_names_out()
    return _names[pipeline]


def _evidence(model: Model, row, class_index: int) -> tuple[str, ...]:
    """The n-grams of the text with the largest positive weight × tf-idf for the class; an n-gram inside
    one already chosen adds nothing and is skipped."""
    coef = model.pipeline.named_steps["model"].coef_
    weights = coef[class_index] if coef.shape[0] > 1 else (coef[0] if class_index == 1 else -coef[0])
    names = _feature_names(model)
    contributions = sorted(
        ((value * weights[index], index) for index, value in zip(row.indices, row.data, strict=True)),
        reverse=True,
    )
    chosen: list[str] = []
    for contribution, index in contributions:
        if contribution <= 0 or len(chosen) == EVIDENCE_SIZE:
            break
        gram = names[index].strip()
        if gram and not any(gram in other for other in chosen):
            chosen.append(gram)
    return tuple(chosen)


def suggest_many(texts: list[str], *, limit: int = 3) -> list[list[Suggestion]]:
    """For each text its most likely active subclasses, best first. One query for all the texts."""
    texts = [normalize(text or "") for text in texts]
    model = current_model() if any(texts) else None
    if model is None:
        return [[] for _ in texts]
    tfidf = model.pipeline.named_steps["tfidf"]
    classes = model.pipeline.named_steps["model"].classes_
    rows = tfidf.transform(texts)
    probabilities = model.pipeline.named_steps["model"].predict_proba(rows)
    ranked = [
        np.argsort(-p)[: limit * 3] if text else [] for text, p in zip(texts, probabilities, strict=True)
    ]
    wanted = {classes[i] for indices in ranked for i in indices}
    active = {c.code: c for c in _active_minors().filter(code__in=wanted).select_related("parent")}
    results = []
    for text_index, indices in enumerate(ranked):
        found = []
        for class_index in indices:
            category = active.get(classes[class_index])
            if category is None or len(found) == limit:
                continue
            row = rows[text_index]
            found.append(
                Suggestion(
                    category.code,
                    category.name,
                    float(probabilities[text_index][class_index]),
                    _evidence(model, row, class_index),
                    category,
                )
            )
        results.append(found)
    return results


def suggest(text: str, *, limit: int = 3) -> list[Suggestion]:
    """The most likely active subclasses for a report's text, best first, with their evidence."""
    return suggest_many([text], limit=limit)[0]
