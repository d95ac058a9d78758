"""Suggest a category (and so a department) for a report that came without one, with a calibrated
confidence and the words that weighed most; measure how far to trust it.

- `model`: the text classifier (segmented words + characters, title weighted, balanced classes,
  calibrated), cross-validation and the evaluation report; no Django.
- `files`: labelled texts from a CSV or XLSX file (`chengguan classifier evaluate`).
- `glossary`: shipped word lists of known taxonomies (`data/*.toml`, the government hotline's first-level
  categories), learnt beside a labelled file whose labels they name.
- `store`: trained versions in the database, the one in use, rollback.
- `runtime`: the bureau's training data, the per-process model, `suggest` / `suggest_many`."""

from .evaluation import Evaluation, cross_validate, held_out
from .model import Doc, TextClassifier
from .runtime import (
    HISTORY_LIMIT,
    IN_PROCESS_HISTORY,
    Model,
    Suggestion,
    current_model,
    evaluate_holdout,
    example_samples,
    history_samples,
    holdout_accuracy,
    reset,
    save,
    suggest,
    suggest_many,
    table_fingerprint,
    table_samples,
    train,
    training_set,
)

__all__ = [
    "HISTORY_LIMIT",
    "IN_PROCESS_HISTORY",
    "Doc",
    "Evaluation",
    "Model",
    "Suggestion",
    "TextClassifier",
    "cross_validate",
    "held_out",
    "current_model",
    "evaluate_holdout",
    "example_samples",
    "history_samples",
    "holdout_accuracy",
    "reset",
    "save",
    "suggest",
    "suggest_many",
    "table_fingerprint",
    "table_samples",
    "train",
    "training_set",
]
