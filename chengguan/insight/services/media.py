"""The public-opinion intake channel: an item staff found online (a post, a news story, a video) is recorded
with its source, link and the time it was seen, and becomes a case from the "media / public opinion"
channel, with the case referring back to the item."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.refusals import required

from .. import rules, selectors
from ..models import MediaItem
from .common import Code, InsightRefused, allowed, person

ORIGIN_TYPE = "insight.media_item"
CLOCK_SKEW = timedelta(minutes=5)
_url_ok = URLValidator(schemes=["http", "https"])


def _clean(*, source, url, title, summary, seen_at, address) -> dict:
    values = required(source=source, url=url, title=title, summary=summary, seen_at=seen_at)
    errors: dict[str, list[str]] = {}
    for name, limit in (("source", 60), ("url", 500), ("title", 200), ("summary", 2000)):
        if len(values[name]) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    try:
        _url_ok(values["url"])
    except ValidationError:
        errors["url"] = [_("Give the full web address, beginning with http:// or https://.")]
    if not isinstance(seen_at, datetime):
        errors["seen_at"] = [_("Give the date and time it was seen.")]
    elif seen_at > timezone.now() + CLOCK_SKEW:
        errors["seen_at"] = [_("The time it was seen cannot be in the future.")]
    address = (address or "").strip()
    if len(address) > 200:
        errors["address"] = [_("At most %(n)s characters.") % {"n": 200}]
    if errors:
        raise ValidationError(errors)
    return {**values, "address": address}


@transaction.atomic
def record_media_item(
    *,
    actor,
    source: str,
    url: str,
    title: str,
    summary: str,
    seen_at: datetime,
    address: str = "",
    lng=None,
    lat=None,
    crs: str = "wgs84",
    category=None,
) -> MediaItem:
    """Store the item and report its case (accepted and dispatched later on the dispatcher's desk, as every
    new report). The same link twice is refused, naming the case the first one became. Where the place is
    not known the case says so in its address, for the dispatcher to locate."""
    allowed(actor, rules.may_record_media)
    values = _clean(source=source, url=url, title=title, summary=summary, seen_at=seen_at, address=address)
    earlier = selectors.media_item_by_url(values["url"])
    if earlier is not None:
        raise InsightRefused(
            _("This link was recorded already (%(when)s), as case %(number)s.")
            % {
                "when": timezone.localtime(earlier.recorded_at).strftime("%Y-%m-%d %H:%M"),
                "number": earlier.case.number if earlier.case else "—",
            },
            code=Code.DUPLICATE_ITEM,
        )
    item = MediaItem.objects.create(
        source=values["source"],
        url=values["url"],
        title=values["title"],
        summary=values["summary"],
        seen_at=seen_at,
        address=values["address"],
        recorded_by=person(actor),
        recorded_at=timezone.now(),
    )
    description = _("[%(source)s] %(title)s\n%(summary)s\nLink: %(url)s (seen %(seen)s)") % {
        "source": item.source,
        "title": item.title,
        "summary": item.summary,
        "url": item.url,
        "seen": timezone.localtime(seen_at).strftime("%Y-%m-%d %H:%M"),
    }
    has_point = lng not in (None, "") or lat not in (None, "")
    place = item.address or ("" if has_point else _("Place not yet known (seen on %(source)s)") % values)
    try:
        result = cases.report_case(
            description=description[:4000],
            channel=Channel.MEDIA,
            lng=lng,
            lat=lat,
            crs=crs,
            address=place,
            category=category,
            actor=actor,
            origin_type=ORIGIN_TYPE,
            origin_id=str(item.pk),
            intake_key=f"{ORIGIN_TYPE}:{item.pk}",
        )
    except ValidationError as exc:
        renamed = {"description": "summary"}
        raise ValidationError(
            {renamed.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc
    case = result.case
    item.case, item.category, item.lng, item.lat = case, case.category, case.lng, case.lat
    item.save(update_fields=["case", "category", "lng", "lat"])
    return item
