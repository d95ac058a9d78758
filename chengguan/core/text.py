"""Chinese text normalisation: traditional input is accepted everywhere and searched as simplified."""

import threading
import unicodedata

import opencc

_local = threading.local()


def _converter() -> opencc.OpenCC:
    converter = getattr(_local, "t2s", None)
    if converter is None:
        converter = _local.t2s = opencc.OpenCC("t2s")
    return converter


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else ""


def normalize(text: str) -> str:
    """Simplified Chinese, NFKC (full-width letters and digits to half-width), collapsed whitespace."""
    text = to_simplified(text)
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most text needs no rewrite
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())
