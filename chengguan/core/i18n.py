"""Compile gettext catalogues without GNU gettext: a fresh machine has only Python and pip."""

from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def compile_translations(root: Path = PACKAGE_DIR, force: bool = False) -> list[Path]:
    """Write each .po file's .mo beside it when missing or older; return the files written."""
    written = []
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written
