"""Shipped glossaries: for each category of a known taxonomy, the names it goes by and the words that name
its subject (`data/*.toml`). A labelled file whose labels a glossary knows gets the words as extra
one-word examples of those classes, the way the bureau's model learns from its category table: with a few
hundred labelled texts, a model has not yet met most of the words a class is about."""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .model import Doc, as_docs

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # the category's name and its aliases
    words: tuple[str, ...]


@functools.cache
def entries() -> tuple[Entry, ...]:
    found = []
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as handle:
            for name, entry in tomllib.load(handle).items():
                names = (name, *entry.get("aliases", ()))
                found.append(Entry(names, tuple(entry["words"].split())))
    return tuple(found)


def _entry(label: str) -> Entry | None:
    return next((entry for entry in entries() if label.strip() in entry.names), None)


def samples(labels) -> tuple[list[Doc], list[str]]:
    """One body-only doc per name and word for each distinct label a glossary knows, labelled with that
    label (no titles: the words say what a text is about wherever they stand)."""
    docs, out = [], []
    for label in sorted(set(labels)):
        entry = _entry(label)
        for word in (*entry.names, *entry.words) if entry else ():
            docs.append(Doc(word))
            out.append(label)
    return as_docs(docs), out


def known(labels) -> list[str]:
    """The distinct labels a shipped glossary knows."""
    return sorted(label for label in set(labels) if _entry(label))
