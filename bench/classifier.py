"""The category classifier's speed and accuracy, written into BENCHMARKS.md (section `classifier`).

    python -m bench.classifier              # or: make bench-classifier
    python -m bench.classifier --no-write   # print only

No database: the model alone, on two kinds of text, 5,000 of each —
- reports as the demo's citizens write them (one sentence, ~30 characters, 120-odd subclasses);
- citizen messages like the dev file (`../shared/data/citizen-messages-dev.csv`: a title and a body of
  ~400 characters, 7 labels), each one a new mix of sentences from messages with the same label, so the
  vocabulary is real and no two texts are the same. Skipped when the file is not there.

Training includes the calibration (three more fits on out-of-fold thirds); prediction is the suggestion
path: vectorise, score, calibrated probabilities, in batches of 500 (a desk page is 30), and one text at
a time. Each figure is CPU time (the process's own, single-threaded: what an idle machine's wall-clock
would be), the best of three runs; the wall-clock of that run is in the notes (the machine is shared with
other work, so it is noisier). The dev file's 5-fold
cross-validation is measured too (macro-F1, as `chengguan classifier evaluate` prints it, with and
without the shipped glossary)."""

import argparse
import os
import random
import re
import time
from datetime import datetime
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengguan.settings.test")
django.setup()

from chengguan.cases.classifier import Doc, TextClassifier, cross_validate  # noqa: E402
from chengguan.cases.classifier.files import read_labelled  # noqa: E402
from chengguan.demo import case_texts  # noqa: E402

from .report import END, START, commit, machine, replace_section, table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = next(
    (
        folder / "shared" / "data" / "citizen-messages-dev.csv"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "data" / "citizen-messages-dev.csv").is_file()
    ),
    ROOT.parent / "shared" / "data" / "citizen-messages-dev.csv",
)
COMMUNITIES = ("秋浦社区", "杏花社区", "湖滨社区", "清溪社区", "百牙社区", "长江社区")
TRAIN_TARGET, PREDICT_TARGET = 10.0, 2000.0  # seconds for 5,000 texts; texts per second
SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


def demo_reports(count: int, seed: int = 0) -> tuple[list[Doc], list[str]]:
    rng = random.Random(seed)
    table = sorted(case_texts.templates_by_code().items())
    weights = [weight for _code, (weight, _texts) in table]
    docs, labels = [], []
    for code, _ in rng.choices(table, weights=weights, k=count):
        words = case_texts.place_words(rng, rng.choice(COMMUNITIES))
        docs.append(Doc(case_texts.describe(rng, code, code, words)))
        labels.append(code)
    return docs, labels


def mixed_messages(path: Path, count: int, seed: int = 0) -> tuple[list[Doc], list[str]]:
    """`count` new messages, each a title and ~400 characters of sentences from messages of its label."""
    rng = random.Random(seed)
    docs, labels = read_labelled(path, text_col="text", title_col="title", label_col="label")
    by_label: dict[str, list[Doc]] = {}
    for doc, label in zip(docs, labels, strict=True):
        by_label.setdefault(label, []).append(doc)
    sentences = {
        label: [s for doc in items for s in SENTENCE.findall(doc.text) if s.strip()]
        for label, items in by_label.items()
    }
    names = sorted(by_label)
    out_docs, out_labels = [], []
    for _ in range(count):
        label = rng.choice(names)
        text = ""
        while len(text) < 400:
            text += rng.choice(sentences[label])
        out_docs.append(Doc(text, rng.choice(by_label[label]).title))
        out_labels.append(label)
    return out_docs, out_labels


def best_of(runs: int, action) -> tuple[float, float]:
    """(CPU seconds, wall-clock seconds) of the run with the least CPU time."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        best = min(best, (time.process_time() - cpu, time.perf_counter() - started))
    return best


def measure(kind: str, docs: list[Doc], labels: list[str], runs: int) -> list[dict]:
    model = TextClassifier()
    train_seconds, train_wall = best_of(runs, lambda: model.fit(docs, labels))
    new_docs = docs[::-1]

    def batches():
        for start in range(0, len(new_docs), 500):
            model.predict_proba(new_docs[start : start + 500])

    predict_seconds, predict_wall = best_of(runs, batches)
    one = new_docs[:200]
    single_seconds, single_wall = best_of(runs, lambda: [model.predict_proba([doc]) for doc in one])
    classes = len(model.classes_)
    chars = sum(len(doc.text) + len(doc.title) for doc in docs) / len(docs)
    note = f"{len(docs):,} texts, {chars:.0f} characters each on average, {classes} classes"
    return [
        {
            "scenario": f"{kind}: train on {len(docs):,} (calibrated)",
            "figure": train_seconds,
            "unit": "s",
            "target": f"< {TRAIN_TARGET:.0f} s",
            "met": train_seconds < TRAIN_TARGET,
            "note": f"{note}; wall-clock {train_wall:.1f} s",
        },
        {
            "scenario": f"{kind}: predict in batches of 500",
            "figure": len(new_docs) / predict_seconds,
            "unit": "texts/s",
            "target": f"≥ {PREDICT_TARGET:,.0f} texts/s",
            "met": len(new_docs) / predict_seconds >= PREDICT_TARGET,
            "note": f"vectorise, score, calibrate; wall-clock {len(new_docs) / predict_wall:,.0f} texts/s",
        },
        {
            "scenario": f"{kind}: predict one text",
            "figure": single_seconds / len(one) * 1000,
            "unit": "ms",
            "note": f"a case page's suggestion; wall-clock {single_wall / len(one) * 1000:.1f} ms",
        },
    ]


def learning_curve(docs, labels, fractions=(0.4, 0.6, 0.8, 1.0), seeds=(0, 1, 2)) -> list[str]:
    """Macro-F1 of 5-fold cross-validation when each fold trains on only a share of its training texts,
    without and with the shipped glossary: how the figure grows with the amount of labelled text (the dev
    file is small; a bureau's history and the full competition set are not) and what the glossary adds."""
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from chengguan.cases.classifier import glossary
    from chengguan.cases.classifier.model import as_docs

    docs, y = as_docs(docs), np.asarray(labels)
    extra_docs, extra_labels = glossary.samples(y)
    out = []
    for fraction in fractions:
        scores, sizes = {False: [], True: []}, []
        for seed in seeds:
            predicted = {False: np.empty(len(y), dtype=object), True: np.empty(len(y), dtype=object)}
            for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
                train = np.random.RandomState(seed).permutation(train)[: int(len(train) * fraction)]
                sizes.append(len(train))
                for with_glossary in (False, True):
                    extra = (extra_docs, extra_labels) if with_glossary else ([], [])
                    model = TextClassifier().fit(
                        extra[0] + [docs[i] for i in train], extra[1] + list(y[train]), calibrate=False
                    )
                    predicted[with_glossary][test] = model.predict([docs[i] for i in test])
            for with_glossary in (False, True):
                scores[with_glossary].append(
                    f1_score(y, predicted[with_glossary].astype(str), average="macro")
                )
        out.append(
            f"trained on {np.mean(sizes):.0f} texts per fold: macro-F1 {np.mean(scores[False]):.3f} "
            f"(± {np.std(scores[False]):.3f}) from the texts alone, {np.mean(scores[True]):.3f} "
            f"(± {np.std(scores[True]):.3f}) with the glossary, over {len(seeds)} shuffles"
        )
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.classifier", description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--messages", type=Path, default=MESSAGES, help="the labelled dev file")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    rows = measure("demo reports", *demo_reports(args.texts), args.runs)
    accuracy, curve = [], []
    if args.messages.is_file():
        rows += measure("citizen messages", *mixed_messages(args.messages, args.texts), args.runs)
        docs, labels = read_labelled(args.messages, text_col="text", title_col="title", label_col="label")
        for with_glossary in (True, False):
            for seed in (0, 1, 2, 3, 4):
                evaluation = cross_validate(docs, labels, folds=5, seed=seed, glossary=with_glossary)
                accuracy.append(
                    f"{'with the glossary' if with_glossary else 'the file alone'}, seed {seed}: "
                    f"{evaluation.summary}, calibration error {evaluation.calibration_error:.3f}"
                )
        curve = learning_curve(docs, labels)
    else:
        print(f"{args.messages} is not there: citizen messages skipped")
    lines = table(rows)
    for line in lines + [""] + accuracy + [""] + curve:
        print(line)
    if not args.no_write:
        body = [
            START.format(key="classifier"),
            "### classifier",
            "",
            f"{datetime.now():%Y-%m-%d %H:%M} · commit {commit()} · {machine()} · load average "
            f"{os.getloadavg()[0]:.1f} at the end (wall-clock figures count the waiting for a core)",
            "",
            *lines,
        ]
        if accuracy:
            body += [
                "",
                "Cross-validation on the dev file (197 messages; folds shuffled with five seeds), as "
                "`chengguan classifier evaluate` does it (with the shipped glossary) and with "
                "`--no-glossary`:",
                "",
                *(f"- {line}" for line in accuracy),
                "",
                "Learning curve on the same file (each fold trained on a share of its texts, uncalibrated):",
                "",
                *(f"- {line}" for line in curve),
            ]
        body.append(END.format(key="classifier"))
        replace_section(ROOT / "BENCHMARKS.md", "classifier", body)


if __name__ == "__main__":
    main()
