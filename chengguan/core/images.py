"""Uploaded images made safe to store and serve: decoded and re-encoded from their pixels alone.

What is kept is a new file, never the upload: no EXIF, GPS, maker notes, XMP, ICC tricks or embedded
thumbnails survive, the camera's orientation is applied to the pixels, anything appended after the image
(an HTML or ZIP polyglot) is gone, and the long side is at most CHENGGUAN_PHOTO_MAX_SIDE pixels. Images whose
header claims more than CHENGGUAN_PHOTO_MAX_PIXELS are refused before they are decoded (decompression bombs).

Other evidence (recordings, documents) is accepted only when its container's signature says it is what its
name says: `check_container`."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# What each accepted format is stored as: photos as JPEG, images with transparency as PNG, WebP as WebP.
STORED_AS = {"JPEG": "JPEG", "HEIF": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
CONTENT_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    sha256: str
    width: int
    height: int


def max_side() -> int:
    return int(getattr(settings, "CHENGGUAN_PHOTO_MAX_SIDE", 4096))


def max_pixels() -> int:
    return int(getattr(settings, "CHENGGUAN_PHOTO_MAX_PIXELS", 50_000_000))


def _not_a_photo(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a photo: only JPEG, PNG, WebP and HEIC images are accepted.") % {"name": name}
    )


def clean_image(data: bytes, *, name: str = "") -> CleanImage:
    """The image re-encoded from its pixels, bounded and without metadata; ValidationError when the bytes are
    no accepted image or claim too many pixels."""
    try:
        with warnings.catch_warnings():  # the pixel count is checked below, with a message people read
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        source_format = image.format
        if source_format not in STORED_AS:
            raise ValidationError(
                _("%(name)s is a %(format)s image: only JPEG, PNG, WebP and HEIC are accepted.")
                % {"name": name, "format": source_format}
            )
        width, height = image.size
        if width * height > max_pixels():
            raise ValidationError(
                _("%(name)s has %(mp)s million pixels; at most %(limit)s million are accepted.")
                % {"name": name, "mp": round(width * height / 1e6), "limit": max_pixels() // 1_000_000}
            )
        if source_format == "JPEG":
            image.draft("RGB", (max_side(), max_side()))  # decode big JPEGs at a reduced scale: faster
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side(), max_side()), Image.Resampling.LANCZOS)
        stored_format = STORED_AS[source_format]
        image = _pixels_for(image, stored_format)
        out = io.BytesIO()
        image.save(out, format=stored_format, **_encoder_options(stored_format))
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _not_a_photo(name) from None
    clean = out.getvalue()
    content_type, extension = CONTENT_TYPES[stored_format]
    return CleanImage(clean, content_type, extension, hashlib.sha256(clean).hexdigest(), *image.size)


def _pixels_for(image: Image.Image, stored_format: str) -> Image.Image:
    """A fresh image holding only pixels (no info dict carried over), in a mode the format stores."""
    if stored_format == "JPEG":
        mode = "RGB"
    elif image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        mode = "RGBA"
    else:
        mode = "RGB"
    converted = image.convert(mode)
    fresh = Image.new(mode, converted.size)
    fresh.paste(converted)
    return fresh


def _encoder_options(stored_format: str) -> dict:
    if stored_format == "JPEG":
        return {"quality": 85, "optimize": True}
    if stored_format == "WEBP":
        return {"quality": 85}
    return {"optimize": True}


# --- other evidence --------------------------------------------------------------------------------------

SIGNATURES = {
    "mp4": lambda head: head[4:8] == b"ftyp",
    "mov": lambda head: head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free"),
    "m4a": lambda head: head[4:8] == b"ftyp",
    "3gp": lambda head: head[4:8] == b"ftyp",
    "mp3": lambda head: head[:3] == b"ID3" or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
    "wav": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE",
    "amr": lambda head: head[:6] == b"#!AMR\n",
    "pdf": lambda head: head[:5] == b"%PDF-",
    "jpg": lambda head: head[:3] == b"\xff\xd8\xff",
    "jpeg": lambda head: head[:3] == b"\xff\xd8\xff",
    "png": lambda head: head[:8] == b"\x89PNG\r\n\x1a\n",
}


def check_container(head: bytes, *, extension: str, name: str = "") -> None:
    """ValidationError unless the file's first bytes are the signature of the container its extension names
    (an `.mp4` of random bytes, or a script renamed `.mp4`, is refused)."""
    extension = extension.lower().lstrip(".")
    check = SIGNATURES.get(extension)
    if check is None:
        raise ValidationError(
            _("%(name)s: files of type .%(ext)s are not accepted.") % {"name": name, "ext": extension}
        )
    if len(head) < 12 or not check(head):
        raise ValidationError(
            _("%(name)s is not a real .%(ext)s file: its content does not match its type.")
            % {"name": name, "ext": extension}
        )
