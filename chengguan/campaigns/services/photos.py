"""Evidence photos: checked by content before anything is written (`check_photos`), stored after
(`store_photos`), and deleted from disk again when the service's transaction rolls back
(`core.files.atomic_write`)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from chengguan.cases.photos import check_photos
from chengguan.core.files import remember_file

from ..models import EvidencePhoto

__all__ = ["check_photos", "store_photos"]


def store_photos(photos, **owner) -> list[EvidencePhoto]:
    """Save checked photos for an inspection or a veto (inside an `atomic_write` service)."""
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
        row.file.save(f"evidence.{photo.extension}", ContentFile(photo.data), save=False)
        remember_file(row.file.storage, row.file.name)
        row.save()
        stored.append(row)
    return stored
