"""Checking uploaded photos by their content, not their names (JPEG, PNG, WebP and HEIC only), and keeping
only a clean copy: re-encoded, metadata stripped, bounded (HEIC is stored as JPEG)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chengguan.core.images import clean_image


@dataclass(frozen=True)
class CheckedPhoto:
    data: bytes
    content_type: str
    extension: str
    sha256: str
    original_name: str


def max_photo_bytes() -> int:
    return int(getattr(settings, "CHENGGUAN_MAX_PHOTO_BYTES", 10 * 1024 * 1024))


def max_photos() -> int:
    return int(getattr(settings, "CHENGGUAN_MAX_PHOTOS", 6))


def check_photo(upload) -> CheckedPhoto:
    """The uploaded photo made safe to store (`core.images.clean_image`): re-encoded from its pixels, with
    no EXIF, GPS or camera data and nothing appended, its long side bounded. ValidationError when the file
    is too large or no image of an accepted format. `data` is the clean image, never the upload."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    limit = max_photo_bytes()
    if size is not None and size > limit:
        raise ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    clean = clean_image(data, name=name)
    return CheckedPhoto(clean.data, clean.content_type, clean.extension, clean.sha256, name[:200])


def check_photos(uploads, *, field: str = "photos") -> list[CheckedPhoto]:
    """Every upload checked; a ValidationError on `field` naming each one that is refused."""
    uploads = list(uploads or [])
    if len(uploads) > max_photos():
        raise ValidationError({field: [_("At most %(n)s photos may be attached.") % {"n": max_photos()}]})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_photo(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})
    return checked
