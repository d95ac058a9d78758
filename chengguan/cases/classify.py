"""The category suggestion, as the desk and the case page call it: see `chengguan.cases.classifier`."""

from .classifier import (  # noqa: F401
    HISTORY_LIMIT,
    Model,
    Suggestion,
    current_model,
    reset,
    suggest,
    suggest_many,
    train,
)
