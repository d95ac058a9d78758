"""API conventions shared by every app: errors are JSON with a machine code and a human message;
serializers that do not rebuild their fields for every request, and choice labels looked up directly."""

import copy
import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from . import limits
from .net import client_ip
from .refusals import Refused


def exception_handler(exc, context):
    if isinstance(exc, Refused):
        headers = {"Retry-After": str(exc.retry_after)} if getattr(exc, "retry_after", None) else {}
        return Response({"code": exc.code, "message": exc.message}, status=exc.http_status, headers=headers)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": first_message(detail), "errors": detail}
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(getattr(exc, "detail", None), exceptions.ErrorDetail):
            code = exc.detail.code or code
        body = {"code": code, "message": first_message(detail)}
    return Response(body, status=response.status_code, headers=_headers(response))


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any path under /api/ that names no endpoint: the API's JSON error, never an HTML page, and no
    redirect to an added slash (which would turn a POST into a server error)."""
    return JsonResponse({"code": "not_found", "message": gettext("No such API endpoint.")}, status=404)


def error(code: str, message: str, http_status: int = status.HTTP_400_BAD_REQUEST, **extra) -> Response:
    return Response({"code": code, "message": message, **extra}, status=http_status)


def first_message(detail) -> str:
    if isinstance(detail, dict):
        if "detail" in detail:
            return str(detail["detail"])
        for field, value in detail.items():
            return f"{field}: {first_message(value)}"
        return ""
    if isinstance(detail, list):
        return first_message(detail[0]) if detail else ""
    return str(detail)


def _headers(response) -> dict:
    return {k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")}


class FastSerializer(serializers.Serializer):
    """A serializer for the hot paths. DRF deep-copies every declared field for each serializer instance,
    which re-runs each field's constructor and, for one detailed object, costs more than the rest of the
    request. Here the deep copy is made once per class, and each instance takes shallow copies of those
    fields (enough: binding and validation set only the copy's own attributes) and deep copies of fields
    that hold other fields (nested serializers, lists, dicts: their children are bound to their parent, and
    read this instance's context through it)."""

    _prototypes: dict[type, dict] = {}

    def get_fields(self):
        prototypes = FastSerializer._prototypes.get(type(self))
        if prototypes is None:
            prototypes = FastSerializer._prototypes[type(self)] = copy.deepcopy(self._declared_fields)
        return {name: _copy_field(field) for name, field in prototypes.items()}


def _copy_field(field):
    if isinstance(field, serializers.BaseSerializer) or hasattr(field, "child"):
        return copy.deepcopy(field)
    return copy.copy(field)


@extend_schema_field(OpenApiTypes.STR)
class LabelField(serializers.ReadOnlyField):
    """A choice's display label from its value. Django's get_FOO_display() translates and hashes every label
    of the field's choices on each call; this looks the one label up."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def to_representation(self, value):
        label = self.labels.get(value, value)
        return None if label is None else str(label)


class StrictFloatField(serializers.FloatField):
    """A number given as a number (or numeric text from a form): `true` is not 1.0, and NaN or infinity is
    no coordinate."""

    default_error_messages = {"invalid": gettext_lazy("A real number is required.")}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class AtomicRateThrottle(BaseThrottle):
    """DRF throttling counted atomically before the work (`core.limits`: one counter per caller and
    window in the shared cache), so concurrent requests cannot slip past the limit as they can past DRF's
    own read-then-write history. The rate comes from DEFAULT_THROTTLE_RATES[scope]; the caller is the
    user, or for anonymous requests the client address as `client_ip` sees it through the proxies."""

    scope = ""
    wait_seconds = 0

    def allow_request(self, request, view):
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        identity = self.identity(request)
        if not rate or identity is None:
            return True
        count, period = self._parse(rate)
        if limits.hit(f"throttle:{self.scope}", identity, limit=count, window=period):
            return True
        self.wait_seconds = period
        return False

    def identity(self, request) -> str | None:
        raise NotImplementedError

    def wait(self):
        return self.wait_seconds

    @staticmethod
    def _parse(rate: str) -> tuple[int, int]:
        count, _, period = rate.partition("/")
        return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class AnonThrottle(AtomicRateThrottle):
    scope = "anon"

    def identity(self, request):
        return None if request.user and request.user.is_authenticated else client_ip(request)


class UserThrottle(AtomicRateThrottle):
    scope = "user"

    def identity(self, request):
        return f"user:{request.user.pk}" if request.user and request.user.is_authenticated else None
