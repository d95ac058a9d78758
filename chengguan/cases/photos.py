"""Checking uploaded photos by their content, not their names: JPEG, PNG, WebP and HEIC only."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "HEIF": ("image/heic", "heic"),
}


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
    """The uploaded file if it really is an image of an accepted format; ValidationError otherwise."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    limit = max_photo_bytes()
    if size is not None and size > limit:
        raise ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("%(name)s is not a photo: only JPEG, PNG, WebP and HEIC images are accepted.") % {"name": name}
        ) from None
    if image_format not in FORMATS:
        raise ValidationError(
            _("%(name)s is a %(format)s image: only JPEG, PNG, WebP and HEIC are accepted.")
            % {"name": name, "format": image_format}
        )
    content_type, extension = FORMATS[image_format]
    return CheckedPhoto(data, content_type, extension, hashlib.sha256(data).hexdigest(), name[:200])


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
