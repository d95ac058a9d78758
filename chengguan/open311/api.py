"""GeoReport v2 endpoints. The format is chosen by the suffix (.xml or .json); every failure is the
specification's error list. Reading needs no key; posting a request does. Every client is rate-limited:
per key, or per address without one."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from chengguan.core.dates import validate_sane_date

from . import output, selectors, services
from .errors import Open311Error
from .renderers import Open311JSONRenderer, Open311XMLRenderer
from .throttling import ApiKeyThrottle


class SuffixNegotiation(DefaultContentNegotiation):
    """The suffix alone decides the format (the Accept header is ignored); XML without one."""

    def select_renderer(self, request, renderers, format_suffix=None):
        for renderer in renderers:
            if renderer.format == format_suffix:
                return renderer, renderer.media_type
        return renderers[0], renderers[0].media_type


RANGE = timedelta(days=90)
SERVICES, REQUESTS, ERRORS = ("services", "service"), ("service_requests", "request"), ("errors", "error")


def errors(status_code: int, *descriptions: str) -> Response:
    response = Response([{"code": status_code, "description": d} for d in descriptions], status=status_code)
    response.xml_root = ERRORS
    return response


def exception_handler(exc, context):
    if isinstance(exc, Open311Error):
        return errors(exc.status, *exc.descriptions)
    if isinstance(exc, Http404):
        return errors(404, str(exc) or _("Not found."))
    if isinstance(exc, ValidationError):
        return errors(400, *exc.messages)
    if isinstance(exc, exceptions.Throttled):
        response = errors(429, _("Too many requests: try again in %(s)s seconds.") % {"s": exc.wait or 1})
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response
    if isinstance(exc, exceptions.APIException):
        return errors(exc.status_code, str(exc.detail))
    return None


class Open311View(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ApiKeyThrottle]
    renderer_classes = [Open311XMLRenderer, Open311JSONRenderer]
    parser_classes = [FormParser, MultiPartParser]
    content_negotiation_class = SuffixNegotiation
    key_required = False

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        # Choose the format first, so that a refused key is answered in the format asked for.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        raw = request.POST.get("api_key") or request.query_params.get("api_key") or ""
        request.open311_key = selectors.active_key(raw)
        if request.open311_key is None and (raw or self.key_required):
            raise Open311Error(403, _("api_key: a valid, active API key is required."))
        super().initial(request, *args, **kwargs)
        if request.open311_key is not None:
            key = request.open311_key
            now = timezone.now()
            if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
                type(key).objects.filter(pk=key.pk).update(last_used_at=now)

    def respond(self, data, root) -> Response:
        response = Response(data)
        response.xml_root = root
        return response

    def request_items(self, cases) -> list[dict]:
        staff = selectors.staff_names(cases)
        notices = output.service_notices({case.category for case in cases if case.category_id})
        photo_url = self._photo_url()
        return [
            output.request_item(case, photo_url=photo_url, notices=notices, staff=staff.get(case.pk, set()))
            for case in cases
        ]

    def _photo_url(self):
        try:
            reverse("portal:photo", args=[1])
        except NoReverseMatch:
            return None  # no citizen portal to show photos: requests carry no media_url
        return lambda pk: self.request.build_absolute_uri(reverse("portal:photo", args=[pk]))


class ServiceList(Open311View):
    def get(self, request, format=None):
        return self.respond([output.service_item(c, q) for c, q in selectors.services()], SERVICES)


class ServiceDefinition(Open311View):
    def get(self, request, service_code, format=None):
        category = selectors.service(service_code)
        if category is None:
            raise Open311Error(404, _("service_code: %(code)s was not found.") % {"code": service_code})
        return self.respond(
            output.definition(category, selectors.attributes(category)), ("service_definition", "")
        )


class RequestList(Open311View):
    def get(self, request, format=None):
        params = request.query_params
        numbers = _split(params.get("service_request_id"))
        if numbers:
            return self.respond(self.request_items(selectors.find_requests(numbers=numbers)), REQUESTS)
        statuses = set(_split(params.get("status")))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status: use open, closed or both (comma separated)."))
        start, end = _range(params.get("start_date"), params.get("end_date"))
        cases = selectors.find_requests(
            codes=_split(params.get("service_code")), start=start, end=end, statuses=statuses or None
        )
        return self.respond(self.request_items(cases), REQUESTS)

    def post(self, request, format=None):
        return self.create(request)

    def initial(self, request, *args, **kwargs):
        self.key_required = request.method == "POST"
        super().initial(request, *args, **kwargs)

    def create(self, request):
        data = request.data
        fields = services.ServiceRequest(
            **{
                name: str(data.get(name, ""))
                for name in services.ServiceRequest.__dataclass_fields__
                if name != "attributes"
            },
            attributes=_attributes(data),
        )
        case, submission = services.submit_request(
            actor=request.user, api_key=request.open311_key, data=fields
        )
        item = {
            "service_request_id": case.number,
            "token": submission.token,
            "service_notice": output.service_notice(case.category),
            "account_id": submission.account_id or None,
        }
        response = self.respond([item], REQUESTS)
        response.status_code = status.HTTP_201_CREATED
        return response


class RequestDetail(Open311View):
    def get(self, request, service_request_id, format=None):
        case = selectors.find_request(service_request_id)
        if case is None:
            raise Open311Error(
                404, _("service_request_id: %(id)s was not found.") % {"id": service_request_id}
            )
        return self.respond(self.request_items([case]), REQUESTS)


class TokenDetail(Open311View):
    def get(self, request, token, format=None):
        case = selectors.request_for_token(token)
        if case is None:
            raise Open311Error(404, _("token: %(token)s was not found.") % {"token": token})
        return self.respond([{"service_request_id": case.number, "token": token}], REQUESTS)


def _split(value) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _attributes(data) -> dict[str, list[str]]:
    """attribute[CODE]=value, and attribute[CODE][]=value for several values of a list."""
    answers: dict[str, list[str]] = {}
    for name in data:
        if name.startswith("attribute[") and "]" in name:
            code = name[len("attribute[") : name.index("]")]
            answers.setdefault(code, []).extend(str(v) for v in data.getlist(name))
    return answers


def _moment(value: str, name: str):
    value = value.strip()
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400, _("%(name)s: use the w3 format, e.g. 2026-03-02T10:30:00+08:00.") % {"name": name}
        )
    try:
        validate_sane_date(moment)
    except ValidationError as exc:
        raise Open311Error(400, *(f"{name}: {m}" for m in exc.messages)) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _range(start_value, end_value):
    """The reporting-time window: at most 90 days; the most recent 90 days when neither end is given."""
    start = _moment(start_value, "start_date") if start_value else None
    end = _moment(end_value, "end_date") if end_value else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - RANGE
    if end is None:
        end = start + RANGE
    if end < start:
        raise Open311Error(400, _("end_date: must not be before start_date."))
    if end - start > RANGE:
        raise Open311Error(400, _("start_date, end_date: the range may not span more than 90 days."))
    return start, end
