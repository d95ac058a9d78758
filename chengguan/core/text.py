"""Chinese text normalisation: traditional input is accepted everywhere and searched as simplified."""

import threading
import unicodedata

import opencc

_local = threading.local()
# Full-width ASCII and the ideographic space: the commonest of NFKC's rewrites in Chinese text (every
# "，" and "："), done here by a cheap translation so that most texts pass NFKC's quick check afterwards.
_FULL_WIDTH = str.maketrans({0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}})


def _converter() -> opencc.OpenCC:
    converter = getattr(_local, "t2s", None)
    if converter is None:
        converter = _local.t2s = opencc.OpenCC("t2s")
    return converter


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else ""


def normalize(text: str) -> str:
    """Simplified Chinese, NFKC (full-width letters and digits to half-width), collapsed whitespace."""
    text = to_simplified(text).translate(_FULL_WIDTH)
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most text needs no more
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())
