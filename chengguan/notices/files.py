"""Files on notices and objections, checked by content: images as for case photos (JPEG, PNG, WebP, HEIC)
and PDF documents. Files written by a service call are removed again if its transaction rolls back."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases.photos import CheckedPhoto, check_photo, max_photo_bytes, max_photos
from chengguan.core.files import remember_file

PDF_MAGIC = b"%PDF-"


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20})


def check_pdf(upload) -> CheckedPhoto:
    name = getattr(upload, "name", "") or ""
    limit = max_photo_bytes()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, limit)
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("%(name)s is not a complete PDF document.") % {"name": name})
    return CheckedPhoto(data, "application/pdf", "pdf", hashlib.sha256(data).hexdigest(), name[:200])


def check_file(upload) -> CheckedPhoto:
    """A photo or a PDF document, recognised by its content; ValidationError otherwise."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > max_photo_bytes():
        raise _too_large(name, max_photo_bytes())
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return check_pdf(upload)
    try:
        return check_photo(upload)
    except ValidationError:
        raise ValidationError(
            _("%(name)s is not accepted: only photos (JPEG, PNG, WebP, HEIC) and PDF documents are.")
            % {"name": name}
        ) from None


def check_files(uploads, *, field: str) -> list[CheckedPhoto]:
    uploads = list(uploads or [])
    if len(uploads) > max_photos():
        raise ValidationError({field: [_("At most %(n)s files may be attached.") % {"n": max_photos()}]})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_file(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})
    return checked


def store(model, checked: list[CheckedPhoto], **fields) -> list:
    """One row of `model` (a StoredFile) per checked file, with `fields` set on each."""
    rows, now = [], timezone.now()
    for item in checked:
        row = model(
            content_type=item.content_type,
            extension=item.extension,
            size=len(item.data),
            sha256=item.sha256,
            original_name=item.original_name,
            uploaded_at=now,
            **fields,
        )
        row.file.save(f"file.{item.extension}", ContentFile(item.data), save=False)
        remember_file(row.file.storage, row.file.name)
        row.save()
        rows.append(row)
    return rows
