"""Evidence photos: each re-encoded from its pixels by `core.images.clean_image` before anything is written
(`check_photos`: metadata such as GPS and camera stripped, bounded in pixels, a polyglot reduced to a
clean image, anything else refused), stored after (`store_photos`) and deleted from disk again when the
service's transaction rolls back (`core.files.atomic_write`)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.files import store_file
from chengguan.core.images import clean_image

from ..models import EvidencePhoto

__all__ = ["check_photos", "store_photos"]


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    extension: str
    sha256: str
    original_name: str


def max_photo_bytes() -> int:
    return int(getattr(settings, "CHENGGUAN_MAX_PHOTO_BYTES", 10 * 1024 * 1024))


def max_photos() -> int:
    return int(getattr(settings, "CHENGGUAN_MAX_PHOTOS", 6))


def check_photos(uploads, *, field: str = "photos") -> list[CleanPhoto]:
    """Every upload cleaned; a ValidationError on `field` naming each one that is refused."""
    uploads = list(uploads or [])
    if len(uploads) > max_photos():
        raise ValidationError({field: [_("At most %(n)s photos may be attached.") % {"n": max_photos()}]})
    cleaned, errors = [], []
    limit = max_photo_bytes()
    for upload in uploads:
        name = getattr(upload, "name", "") or ""
        data = upload.read(limit + 1)
        if len(data) > limit:
            errors.append(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
            continue
        try:
            clean = clean_image(data, name=name)
        except ValidationError as refused:
            errors.extend(refused.messages)
            continue
        cleaned.append(CleanPhoto(clean.data, clean.content_type, clean.extension, clean.sha256, name[:200]))
    if errors:
        raise ValidationError({field: errors})
    return cleaned


def store_photos(photos, **owner) -> list[EvidencePhoto]:
    """Save cleaned photos for an inspection or a veto (inside an `atomic_write` service)."""
    now = timezone.now()
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
        store_file(row.file, f"evidence.{photo.extension}", photo.data)
        row.save()
        stored.append(row)
    return stored
