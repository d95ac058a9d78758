"""Evidence photos: checked by content before anything is written (`check_photos`), stored after
(`store_photos`), and deleted from disk again when the service's transaction rolls back (`atomic_write`)."""

from contextvars import ContextVar
from functools import wraps

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chengguan.cases.photos import check_photos

from ..models import EvidencePhoto

__all__ = ["atomic_write", "check_photos", "store_photos"]

_saved_files: ContextVar[list | None] = ContextVar("campaigns_saved_files", default=None)


def atomic_write(func):
    """`transaction.atomic` for services that store files: when the call fails, its files are deleted."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        if _saved_files.get() is not None:
            with transaction.atomic():
                return func(*args, **kwargs)
        token = _saved_files.set([])
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except BaseException:
            for storage, name in _saved_files.get():
                storage.delete(name)
            raise
        finally:
            _saved_files.reset(token)

    return wrapper


def store_photos(photos, **owner) -> list[EvidencePhoto]:
    """Save checked photos for an inspection or a veto (inside an `atomic_write` service)."""
    now = timezone.now()
    saved = _saved_files.get()
    stored = []
    for photo in photos:
        row = EvidencePhoto(
            content_type=photo.content_type,
            extension=photo.extension,
            size=len(photo.data),
            sha256=photo.sha256,
            original_name=photo.original_name,
            uploaded_at=now,
            **owner,
        )
        row.file.save(f"evidence.{photo.extension}", ContentFile(photo.data), save=False)
        if saved is not None:
            saved.append((row.file.storage, row.file.name))
        row.save()
        stored.append(row)
    return stored
