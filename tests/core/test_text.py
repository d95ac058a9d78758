"""Text normalisation: traditional to simplified, NFKC, collapsed whitespace; the cheap full-width
translation done first must not change what NFKC alone would give."""

import unicodedata

from chengguan.core.text import normalize, to_simplified


def test_normalize_gives_simplified_half_width_text_with_single_spaces():
    assert normalize("  路燈壞了，ＡＢＣ１２３　號樓！ ") == "路灯坏了,ABC123 号楼!"
    assert normalize("") == ""


def test_the_full_width_shortcut_agrees_with_nfkc_everywhere():
    compatibility = "①②㎡ｶﾞé"  # circled digits, a unit, half-width kana, a combining accent
    samples = ["\u3000", *map(chr, range(0xFF00, 0xFFF0)), f"ｅ\u0301{compatibility}", "，。：；（）【】"]
    for text in samples:
        expected = " ".join(unicodedata.normalize("NFKC", to_simplified(text)).split())
        assert normalize(text) == expected, repr(text)
