"""GeoReport v2 items built from categories and cases. What a case shows comes from `cases.public`;
on top of that every free text is scrubbed of the reporter's name and phone, of phone numbers in
general and of the names of staff who acted on the case."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import public
from chengguan.cases.models import Case
from chengguan.core.phones import find_phones
from chengguan.core.privacy import mask_name, mask_phone
from chengguan.taxonomy.models import Category, TimeUnit
from chengguan.taxonomy.selectors import time_limit, time_limits

from .models import ServiceAttribute


def iso(moment) -> str | None:
    """ISO 8601 with the time zone's offset, e.g. 2026-03-02T10:30:00+08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def service_item(category: Category, has_questions: bool) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": has_questions,
        "type": "realtime",
        "keywords": ",".join(category.keywords.split()),
        "group": category.parent.name if category.parent_id else "",
    }


def definition(category: Category, attributes: list[ServiceAttribute]) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description,
                "order": a.order,
                "description": a.description,
                "values": [{"key": v["key"], "name": v["name"]} for v in a.values or []] if a.is_list else [],
            }
            for a in attributes
        ],
    }


def service_notice(category: Category | None, limit=None) -> str:
    if limit is None and category is not None:
        limit = time_limit(category)
    if limit is None:
        return ""
    amount = f"{limit.amount.normalize():f}"
    if limit.unit == TimeUnit.HOURS:
        return _("To be handled within %(n)s working hours of dispatch.") % {"n": amount}
    return _("To be handled within %(n)s working days of dispatch.") % {"n": amount}


def service_notices(categories) -> dict[int, str]:
    """The service notice of each category, by id, from one query."""
    categories = {c.pk: c for c in categories if c is not None}
    limits = time_limits(categories.values())
    return {
        pk: service_notice(category, limits.get(pk)) if limits.get(pk) else ""
        for pk, category in categories.items()
    }


def scrub(text: str, case: Case, names: set[str] = frozenset()) -> str:
    if not text:
        return text
    for start, end in reversed(find_phones(text)):
        text = text[:start] + mask_phone(text[start:end]) + text[end:]
    if len(case.reporter_phone) >= 4:
        text = text.replace(case.reporter_phone, mask_phone(case.reporter_phone))
    for name in sorted({n for n in {case.reporter_name, *names} if len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def request_item(
    case: Case, *, photo_url: Callable[[int], str] | None, notices: dict, staff: set[str] = frozenset()
) -> dict:
    """One `<request>`. `photo_url` turns an attachment id into an absolute URL (None: no photo pages);
    `notices` caches service notices per category."""
    category = case.category
    if category is not None and category.pk not in notices:
        notices[category.pk] = service_notice(category)
    photos = getattr(case, "open311_photos", None)
    if photos is None:
        photos = list(public.public_photos(case)[:1])
    return {
        "service_request_id": case.number,
        "status": "open" if public.is_open(case) else "closed",
        "status_notes": scrub(public.status_notes(case), case, staff),
        "service_name": category.name if category else "",
        "service_code": category.code if category else "",
        "description": scrub(case.description, case, staff),
        "agency_responsible": case.department.name if case.department_id else "",
        "service_notice": notices.get(category.pk, "") if category else "",
        "requested_datetime": iso(case.reported_at),
        "updated_datetime": iso(case.updated_at),
        "expected_datetime": iso(public.expected_completion(case)),
        "address": scrub(case.address, case, staff),
        "lat": case.lat,
        "long": case.lng,
        "media_url": photo_url(photos[0].pk) if photo_url and photos else None,
    }
