"""The text classifier itself, with no Django in it: segmented words and characters in, calibrated
probabilities and the words that weighed most out.

Features (each block TF-IDF with sublinear term frequency, the row L2-normalised at the end):

- the body's words, segmented by jieba (`rjieba`, the dictionary ships inside the package) in its search
  mode, which gives a long word and also the shorter words inside it (`垃圾桶` → `垃圾`, `垃圾桶`), so a
  word seen only inside a compound still counts;
- the title's words as a block of their own (a title says in a few words what the message is about, so
  its words are weighted apart from the body's rather than drowned in it);
- character 1–2-grams of title and body together (robust to segmentation errors, typos and new words;
  whitespace is one more character, Chinese has none between words).

The model is a linear SVM, one class against the rest, with classes weighted by the inverse of their
frequency (a rare category counts as much as a common one). An SVM gives scores, not probabilities: the
scores are turned into probabilities by a softmax with one temperature, fitted on out-of-fold scores
(2-fold) to minimise the log-loss, so "80 %" means right about 80 % of the time on unseen text."""

import re
import warnings
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import rjieba
from scipy import optimize, sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.svm import LinearSVC

from chengguan.core.text import normalize

TITLE_WEIGHT = 1.0
CHAR_WEIGHT = 1.0
HMM = True  # let jieba find words its dictionary lacks
C = 0.5  # the SVM's regularisation: smaller is smoother
CALIBRATION_FOLDS = 2
EVIDENCE_SIZE = 3

_NOISE = re.compile(r"^(?:[\W_\d]+|[A-Za-z])$")  # punctuation, numbers, a lone letter: no evidence


@dataclass(frozen=True)
class Doc:
    """A text to classify: an optional title and a body."""

    text: str
    title: str = ""


def as_docs(items) -> list[Doc]:
    """Docs from docs, strings (a body without a title) or (title, text) pairs, normalised (simplified
    Chinese, half-width letters and digits, collapsed whitespace)."""
    docs = []
    for item in items:
        if isinstance(item, Doc):
            title, text = item.title, item.text
        elif isinstance(item, tuple):
            title, text = item
        else:
            title, text = "", item
        docs.append(Doc(normalize(text or ""), normalize(title or "")))
    return docs


_noise_seen: dict[str, bool] = {}  # words repeat: each is tested against _NOISE once per process


def words(text: str) -> list[str]:
    cut = rjieba.cut_for_search(text, HMM)
    if len(_noise_seen) > 200_000:
        _noise_seen.clear()
    for word in set(cut).difference(_noise_seen):
        _noise_seen[word] = _NOISE.match(word) is not None
    return [word for word in cut if not _noise_seen[word]]


def _body_words(doc: Doc) -> list[str]:
    return words(doc.text)


def _title_words(doc: Doc) -> list[str]:
    return words(doc.title)


def _joined(doc: Doc) -> str:
    return f"{doc.title} {doc.text}" if doc.title else doc.text


_BIGRAM = 1 << 21  # above every code point: a bigram's key is (first + 1) · 2²¹ + second


class CharGrams:
    """TF-IDF of character 1- and 2-grams (sublinear tf, smooth idf, rows L2-normalised, as sklearn's
    `TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)`), computed with numpy over
    code points instead of a Python loop over n-grams: a long message costs microseconds, not a
    millisecond."""

    def _keys(self, docs: list[Doc]):
        """(row, key) of every 1- and 2-gram of every doc, title and body joined by a space."""
        texts = [_joined(doc) for doc in docs]
        points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(text) for text in texts])
        inside = rows[:-1] == rows[1:]  # a pair never spans two docs
        pairs = ((points[:-1] + 1) * _BIGRAM + points[1:])[inside]
        return np.concatenate([rows, rows[:-1][inside]]), np.concatenate([points, pairs])

    def _counts(self, n: int, rows, columns):
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(n, len(self.vocabulary))
        )
        counts.sum_duplicates()
        return counts

    def _weighted(self, counts):
        counts.data = (np.log(counts.data) + 1) * self.idf[counts.indices]
        return l2_normalize(counts, copy=False)

    def fit_transform(self, docs: list[Doc]):
        rows, keys = self._keys(docs)
        if not len(keys):
            raise ValueError("empty vocabulary")
        self.vocabulary = np.unique(keys)
        counts = self._counts(len(docs), rows, np.searchsorted(self.vocabulary, keys))
        frequency = np.bincount(counts.indices, minlength=len(self.vocabulary))
        self.idf = (np.log((1 + len(docs)) / (1 + frequency)) + 1).astype(np.float32)
        return self._weighted(counts)

    def transform(self, docs: list[Doc]):
        rows, keys = self._keys(docs)
        distinct, where = np.unique(keys, return_inverse=True)  # each distinct n-gram looked up once
        columns = np.searchsorted(self.vocabulary, distinct)[where]
        columns[columns == len(self.vocabulary)] = 0
        known = self.vocabulary[columns] == keys
        return self._weighted(self._counts(len(docs), rows[known], columns[known]))

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(
            [
                chr(key) if key < _BIGRAM else chr(key // _BIGRAM - 1) + chr(key % _BIGRAM)
                for key in self.vocabulary.tolist()
            ],
            dtype=object,
        )


class Features:
    """Docs → one sparse row each: body words, title words, character n-grams."""

    def __init__(self, *, title_weight=None, char_weight=None):
        title_weight = TITLE_WEIGHT if title_weight is None else title_weight
        char_weight = CHAR_WEIGHT if char_weight is None else char_weight
        self.weights = (1.0, title_weight, char_weight)
        self.blocks = [
            TfidfVectorizer(analyzer=_body_words, sublinear_tf=True, dtype=np.float32),
            TfidfVectorizer(analyzer=_title_words, sublinear_tf=True, dtype=np.float32),
            CharGrams(),
        ]
        self.fitted: list[bool] = []

    def fit_transform(self, docs: list[Doc]):
        """Learn the vocabularies and weights and vectorise the same docs (each text analysed once)."""
        self.fitted, parts = [], []
        for block, weight in zip(self.blocks, self.weights, strict=True):
            try:
                part = block.fit_transform(docs)
            except ValueError:  # empty vocabulary (no doc has a title): the block is left out
                self.fitted.append(False)
                continue
            self.fitted.append(True)
            if weight:
                parts.append(weight * part)
        return l2_normalize(sparse.hstack(parts, format="csr"), copy=False)

    def transform(self, docs: list[Doc]):
        parts = [
            weight * (block.transform(docs) if field is None else _known_words(block, docs, field))
            for block, weight, fitted, field in zip(
                self.blocks, self.weights, self.fitted, _FIELDS, strict=True
            )
            if fitted and weight
        ]
        return l2_normalize(sparse.hstack(parts, format="csr"), copy=False)

    def names(self) -> np.ndarray:
        """Each column's term (a word or a character n-gram), in column order."""
        parts = [
            block.get_feature_names_out()
            for block, weight, fitted in zip(self.blocks, self.weights, self.fitted, strict=True)
            if fitted and weight
        ]
        return np.concatenate(parts)


_FIELDS = ("text", "title", None)  # what each block of `Features` reads; None: not a block of words


def _known_words(block: TfidfVectorizer, docs: list[Doc], field: str):
    """What `block.transform` gives (sublinear tf × idf, rows L2-normalised) in two thirds of the time: each
    segmented word looked up in the vocabulary in C (`map`), without the noise filter (noise never entered
    the vocabulary) and without scikit-learn's Python loop over every token."""
    lookup, columns, lengths = block.vocabulary_.get, [], []
    for doc in docs:
        text = getattr(doc, field)
        cut = rjieba.cut_for_search(text, HMM) if text else ()
        columns.extend(map(lookup, cut, repeat(-1)))  # -1: not in the vocabulary
        lengths.append(len(cut))
    columns = np.asarray(columns, dtype=np.int64)
    rows = np.repeat(np.arange(len(docs)), lengths)
    known = columns >= 0
    counts = sparse.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.float32), (rows[known], columns[known])),
        shape=(len(docs), len(block.vocabulary_)),
    )
    counts.sum_duplicates()
    counts.data = (np.log(counts.data) + 1) * block.idf_[counts.indices]
    return l2_normalize(counts, copy=False)


def _svm() -> LinearSVC:
    return LinearSVC(C=C, class_weight="balanced", max_iter=2000)


def _scores(svm: LinearSVC, X, classes: np.ndarray) -> np.ndarray:
    """Decision scores with one column per class of `classes` (a class the SVM never saw scores below all
    the others)."""
    raw = svm.decision_function(X)
    if raw.ndim == 1:
        raw = np.column_stack([-raw, raw])
    if len(svm.classes_) == len(classes):
        return raw
    scores = np.full((X.shape[0], len(classes)), raw.min() - 1.0)
    scores[:, np.searchsorted(classes, svm.classes_)] = raw
    return scores


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The temperature whose softmax of `scores` has the smallest log-loss for the true columns."""

    def loss(log_t):
        p = softmax(scores, np.exp(log_t))[np.arange(len(truth)), truth]
        return -np.mean(np.log(np.clip(p, 1e-12, None)))

    result = optimize.minimize_scalar(loss, bounds=(np.log(0.01), np.log(10.0)), method="bounded")
    return float(np.exp(result.x))


class TextClassifier:
    """Fit on docs and labels; predict calibrated probabilities over `classes_`, explain with `evidence`."""

    def __init__(self):
        self.features = Features()
        self.svm = _svm()
        self.classes_ = np.array([])
        self.temperature = 1.0
        self._names = None

    def fit(self, docs, labels, *, calibrate: bool = True) -> "TextClassifier":
        docs = as_docs(docs)
        y = np.asarray(labels, dtype=str)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("At least two classes are needed to learn.")
        X = self.features.fit_transform(docs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.svm.fit(X, y)
            self.temperature = self._calibrate(X, y) if calibrate else 1.0
        self.svm.coef_ = np.asfortranarray(self.svm.coef_, dtype=np.float32)
        self._names = None
        return self

    def _calibrate(self, X, y) -> float:
        """The temperature fitted on scores each text got from a model that had not seen it."""
        counts = np.unique(y, return_counts=True)[1]
        folds = min(CALIBRATION_FOLDS, int(counts.max()))
        if folds < 2 or len(y) < 10:
            return 1.0
        scores = np.zeros((len(y), len(self.classes_)))
        splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "the least populated class has only n members"
            for train, test in splitter.split(X, y):
                if len(np.unique(y[train])) < 2:
                    return 1.0
                svm = _svm().fit(X[train], y[train])
                scores[test] = _scores(svm, X[test], self.classes_)
        return fit_temperature(scores, np.searchsorted(self.classes_, y))

    def vectors(self, docs):
        return self.features.transform(as_docs(docs))

    def predict_proba_vectors(self, X) -> np.ndarray:
        return softmax(_scores(self.svm, X, self.classes_), self.temperature)

    def predict_proba(self, docs) -> np.ndarray:
        return self.predict_proba_vectors(self.vectors(docs))

    def predict(self, docs) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(docs), axis=1)]

    def evidence(self, row, class_index: int, size: int = EVIDENCE_SIZE) -> tuple[str, ...]:
        """The terms of one vectorised text that weighed most for a class (weight × tf-idf, the same term
        in several blocks added up), strongest first; a term inside one already chosen is skipped."""
        if self._names is None:
            self._names = self.features.names()
        coef = self.svm.coef_
        weights = coef[class_index] if coef.shape[0] > 1 else (coef[0] if class_index == 1 else -coef[0])
        totals: dict[str, float] = {}
        for index, value in zip(row.indices, row.data, strict=True):
            term = self._names[index].strip()
            if term and not _NOISE.match(term):
                totals[term] = totals.get(term, 0.0) + float(value * weights[index])
        chosen: list[str] = []
        for term, contribution in sorted(totals.items(), key=lambda item: -item[1]):
            if contribution <= 0 or len(chosen) == size:
                break
            if not any(term in other for other in chosen):
                chosen.append(term)
        return tuple(chosen)
