"""Writes for the Open311 API: making keys and turning a POSTed service request into a case through the
same intake service as every other channel."""

import math
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chengguan.cases.models import DESCRIPTION_MAX, Case
from chengguan.cases.services import report_case
from chengguan.cases.states import Channel
from chengguan.core import audit
from chengguan.core.refusals import require_actor
from chengguan.grid.bounds import check_in_area

from . import selectors
from .errors import Open311Error
from .models import ApiKey, Datatype, ServiceAttribute, Submission
from .rates import parse_rate

CJK_RE = re.compile(r"[\u3400-\u9fff]")
# Intake's field names → the Open311 parameter a client should fix.
PARAMS = {
    "lng": "long",
    "lat": "lat",
    "location": "lat/long or address_string",
    "address": "address_string",
    "category": "service_code",
    "reporter_name": "first_name/last_name",
    "reporter_phone": "phone",
}


@dataclass
class ServiceRequest:
    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)


def create_key(*, actor, name: str, rate: str = "") -> tuple[ApiKey, str]:
    """A new active key; returns it with the raw key, which is not stored and cannot be shown again."""
    require_actor(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the key a name.")]})
    if rate:
        try:
            parse_rate(rate)
        except ValueError:
            message = _("Write the rate as a number and a period, e.g. 100/min.")
            raise ValidationError({"rate": [message]}) from None
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name[:100], rate=rate, prefix=raw[:8], key_hash=selectors.hash_key(raw)
        )
        audit.record("open311.key_created", actor=actor, target=key, data={"name": key.name})
    return key, raw


def submit_request(*, actor, api_key: ApiKey, data: ServiceRequest) -> tuple[Case, Submission]:
    """POST requests: raises Open311Error (HTTP 400, one description per problem) and stores nothing when
    the request is incomplete or wrong. `actor`: the caller (an anonymous user: the key names the app)."""
    require_actor(actor)
    if not data.service_code.strip():
        raise Open311Error(400, _("service_code: this parameter is required."))
    category = selectors.service(data.service_code)
    if category is None:
        raise Open311Error(
            400,
            _("service_code: %(code)s is not a service of this jurisdiction.")
            % {"code": data.service_code.strip()},
        )
    problems = []
    answers = _answers(selectors.attributes(category), data.attributes, problems)
    email = data.email.strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            problems.append(_("email: enter a valid e-mail address."))
    media_url = data.media_url.strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems.append(_("media_url: enter a valid http or https URL."))
    lng, lat = _point(data.long, data.lat, problems)
    if problems:
        raise Open311Error(400, *problems)
    description = _description(data.description.strip() or category.name, answers, media_url)
    try:
        with transaction.atomic():
            case = report_case(
                description=description,
                channel=Channel.OPEN311,
                lng=lng,
                lat=lat,
                address=data.address_string,
                category=category,
                reporter_name=_name(data.first_name.strip(), data.last_name.strip()),
                reporter_phone=data.phone,
                actor=actor,
            ).case
            submission = Submission.objects.create(
                case=case,
                api_key=api_key,
                token=secrets.token_urlsafe(18),
                email=email[:254],
                device_id=data.device_id.strip()[:100],
                account_id=data.account_id.strip()[:100],
            )
    except ValidationError as exc:
        raise Open311Error(400, *_descriptions(exc)) from exc
    return case, submission


def _point(long_text: str, lat_text: str, problems: list) -> tuple[float | None, float | None]:
    """lat/long as real numbers inside the bureau's area; (None, None) when neither is given."""
    long_text, lat_text = long_text.strip(), lat_text.strip()
    if not long_text and not lat_text:
        return None, None
    lng, lat = _degrees(long_text), _degrees(lat_text)
    for name, value in (("long", lng), ("lat", lat)):
        if value is None:
            problems.append(_("%(name)s: enter a number of decimal degrees (WGS-84).") % {"name": name})
    if lng is None or lat is None:
        return None, None
    try:
        check_in_area(lng, lat, field="lat/long")
    except ValidationError as exc:
        problems.extend(f"lat/long: {m}" for m in exc.messages)
    return lng, lat


def _degrees(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _descriptions(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [f"{PARAMS.get(f, f)}: {m}" for f, messages in exc.message_dict.items() for m in messages]


def _name(first: str, last: str) -> str:
    if CJK_RE.search(first + last):
        return f"{last}{first}"  # 张 + 三 → 张三: the family name comes first
    return " ".join(part for part in (first, last) if part)


def _description(text: str, answers: list[tuple[str, str]], media_url: str) -> str:
    lines = [text]
    lines += [f"{question}: {answer}" for question, answer in answers]
    if media_url:
        lines.append(_("Photo: %(url)s") % {"url": media_url})
    return "\n".join(lines)[: DESCRIPTION_MAX + 1]  # intake refuses anything longer, with a clear message


def _answers(questions: list[ServiceAttribute], given: dict[str, list[str]], problems: list) -> list:
    answers = []
    for question in questions:
        if not question.variable:
            continue
        values = [v.strip() for v in given.get(question.code, []) if v.strip()]
        name = f"attribute[{question.code}]"
        if not values:
            if question.required:
                problems.append(_("%(name)s: this attribute is required.") % {"name": name})
            continue
        if question.datatype != Datatype.MULTI:
            values = values[:1]
        if question.is_list:
            labels = {str(v["key"]): v["name"] for v in question.values}
            if any(v not in labels for v in values):
                problems.append(_("%(name)s: choose one of the listed keys.") % {"name": name})
                continue
            values = [labels[v] for v in values]
        elif question.datatype == Datatype.NUMBER and not _is_number(values[0]):
            problems.append(_("%(name)s: enter a number.") % {"name": name})
            continue
        elif question.datatype == Datatype.DATETIME and not _is_datetime(values[0]):
            problems.append(
                _("%(name)s: enter a date and time such as 2026-03-02T10:30:00+08:00.") % {"name": name}
            )
            continue
        answers.append((question.description, ", ".join(values)))
    return answers


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    try:
        return parse_datetime(value) is not None
    except ValueError:
        return False
