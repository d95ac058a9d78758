"""Masking of personal data for people who may see that someone is there but not who exactly."""

import re

_NON_DIGITS = re.compile(r"\D")


def mask_phone(phone: str) -> str:
    """138****1234: a mobile number keeps its first three and last four digits. Any number hides at
    least four digits (all of them when it has no more than four). Separators and +86 are dropped."""
    digits = _NON_DIGITS.sub("", phone or "")
    if len(digits) == 13 and digits.startswith("86"):  # +86 138 0013 1234
        digits = digits[2:]
    hidden = min(len(digits), max(4, len(digits) - 7))
    shown = len(digits) - hidden
    head = min(3, shown // 2)
    tail = shown - head
    return digits[:head] + "*" * hidden + (digits[-tail:] if tail else "")


def mask_name(name: str) -> str:
    """张* / 欧阳** : the first character (the family name in most Chinese names) and one star for each
    character after it. A Latin name keeps its first letter: J***."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name and "*"
    return name[0] + "*" * (len(name) - 1)
