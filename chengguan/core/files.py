"""Services that store files: `atomic_write` is `transaction.atomic` whose files are deleted again when the
outermost such call fails, so a rolled-back action leaves nothing behind on disk. A service saves a file,
then calls `remember_file` with its storage and name. One list per outermost call, shared by every app: a
campaign's inspection that raises a case cleans up the case's photos too when it fails afterwards."""

from contextvars import ContextVar
from functools import wraps

from django.core.files.base import ContentFile
from django.db import transaction

_saved_files: ContextVar[list | None] = ContextVar("saved_files", default=None)


def remember_file(storage, name: str) -> None:
    """Delete this file again if the surrounding `atomic_write` call fails (no-op outside one)."""
    saved = _saved_files.get()
    if saved is not None:
        saved.append((storage, name))


def atomic_write(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        if _saved_files.get() is not None:  # nested inside another service: the outer call cleans up
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


def store_file(field_file, name: str, data: bytes) -> str:
    """Save `data` into a model's FileField (without saving the row) and remember it for clean-up: the one
    way services store an uploaded file. Returns the stored name."""
    field_file.save(name, ContentFile(data), save=False)
    remember_file(field_file.storage, field_file.name)
    return field_file.name
