"""Photos of a refused intake form, held on the server for the operator's retry: the corrected form is
sent again without picking the files again. They are the clean copies (`photos.check_photo`), kept in
MEDIA_ROOT/intake-held/<random token>/, found through the session by the form's intake key, and deleted
when the report is recorded, when the operator drops them, or after HOLD_SECONDS (swept whenever an
intake form is refused or sent)."""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.crypto import get_random_string

from chengguan.core.images import CONTENT_TYPES as IMAGE_TYPES

from ..photos import CheckedPhoto, check_photo, max_photos

HOLD_SECONDS = 3600
SESSION_KEY = "cases_held_photos"
CONTENT_TYPES = {extension: content_type for content_type, extension in IMAGE_TYPES.values()}


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "intake-held"


def _entries(session) -> dict:
    return dict(session.get(SESSION_KEY) or {})


def _folder(entry: dict) -> Path | None:
    token = str(entry.get("token", ""))
    if not token.isalnum():  # only a token this module made names a folder
        return None
    return _root() / token


def held(session, key: str) -> list[dict]:
    """[{"name": the operator's file name, "file": the stored file's name}] held for this form."""
    entry = _entries(session).get(key or "")
    if not entry or time.time() - entry.get("at", 0) > HOLD_SECONDS:
        return []
    folder = _folder(entry)
    if folder is None:
        return []
    return [photo for photo in entry.get("photos", []) if (folder / photo["file"]).is_file()]


def check_uploads(uploads) -> list[CheckedPhoto]:
    """The uploads that are acceptable photos (the refused ones are reported on the form anyway)."""
    checked = []
    for upload in uploads:
        try:
            upload.seek(0)
            checked.append(check_photo(upload))
        except (ValidationError, OSError, ValueError):
            continue
    return checked


def hold(session, key: str, photos: list[CheckedPhoto]) -> list[dict]:
    """Keep these photos (after those held already, at most `max_photos()`) for the form's retry."""
    if not key:
        return []
    entries = _entries(session)
    entry = entries.get(key) or {"token": get_random_string(24), "photos": []}
    folder = _folder(entry)
    kept = held(session, key)
    known = {photo["sha256"] for photo in kept}
    folder.mkdir(parents=True, exist_ok=True)
    for photo in photos:
        if len(kept) >= max_photos() or photo.sha256 in known:
            continue
        stored = f"{len(kept) + 1}-{photo.sha256[:12]}.{photo.extension.lstrip('.')}"
        (folder / stored).write_bytes(photo.data)
        kept.append({"name": photo.original_name or stored, "file": stored, "sha256": photo.sha256})
        known.add(photo.sha256)
    entries[key] = {"token": entry["token"], "photos": kept, "at": time.time()}
    session[SESSION_KEY] = entries
    return kept


def as_uploads(session, key: str) -> list[SimpleUploadedFile]:
    """The held photos as uploads for the service (which checks them again, like any upload)."""
    entry = _entries(session).get(key or "")
    photos = held(session, key)
    if not photos:
        return []
    folder = _folder(entry)
    uploads = []
    for photo in photos:
        path = folder / photo["file"]
        content_type = CONTENT_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")
        uploads.append(SimpleUploadedFile(photo["name"], path.read_bytes(), content_type=content_type))
    return uploads


def release(session, key: str) -> None:
    """Forget and delete what is held for this form (recorded, or dropped by the operator)."""
    entries = _entries(session)
    entry = entries.pop(key or "", None)
    if entry is None:
        return
    folder = _folder(entry)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    session[SESSION_KEY] = entries


def sweep(session=None, *, now: float | None = None) -> int:
    """Delete the holding folders older than HOLD_SECONDS (whoever's they were) and the session's stale
    entries; returns how many folders went."""
    now = time.time() if now is None else now
    removed = 0
    root = _root()
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and now - folder.stat().st_mtime > HOLD_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    if session is not None:
        entries = _entries(session)
        fresh = {k: v for k, v in entries.items() if now - v.get("at", 0) <= HOLD_SECONDS}
        if fresh != entries:
            session[SESSION_KEY] = fresh
    return removed
