"""Bad input refused in one place, before any view or query sees it.

`RefuseControlCharactersMiddleware` answers 400 when the path, a query parameter or a form field holds a NUL
byte or another control character (tab, line feed and carriage return are text). PostgreSQL cannot store NUL
at all (the driver raises), SQLite would store it silently; neither is ever what a person meant.
`GuardedJSONParser` does the same for JSON bodies, and bounds their nesting."""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_JSON_DEPTH = 32


def has_control_characters(value: str) -> bool:
    return CONTROL.search(value) is not None


def _refusal(where: str) -> JsonResponse:
    message = _("The request contains a control character (such as a NUL byte) in %(where)s.") % {
        "where": where
    }
    return JsonResponse({"code": "control_character", "message": message}, status=400)


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = self._problem(request)
        except MultiPartParserError as exc:  # Django would answer with its HTML page, not the API's JSON
            message = _("The request body is not a readable form: %(error)s") % {"error": exc}
            return JsonResponse({"code": "unreadable_body", "message": message}, status=400)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return JsonResponse({"code": "body_too_large", "message": str(exc)}, status=400)
        if problem:
            return _refusal(problem)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str:
        if has_control_characters(request.path):
            return _("the address")
        for key, values in request.GET.lists():
            if has_control_characters(key) or any(has_control_characters(v) for v in values):
                return _("the parameter %(name)s") % {"name": CONTROL.sub("?", key)[:40]}
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if has_control_characters(key) or any(has_control_characters(v) for v in values):
                    return _("the field %(name)s") % {"name": CONTROL.sub("?", key)[:40]}
        return ""


class GuardedJSONParser(JSONParser):
    """JSON bodies: no control characters inside strings, at most MAX_JSON_DEPTH levels of nesting."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) if stream is not None else b""
        if len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise ParseError(_("The request body is too large."))
        try:
            data = json.loads(raw.decode((parser_context or {}).get("encoding") or "utf-8"))
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(_("The JSON body is not valid JSON: %(error)s") % {"error": exc}) from None
        _check(data)
        return data


def _check(data) -> None:
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        if isinstance(value, str):
            if has_control_characters(value):
                raise ParseError(_("The JSON body contains a control character (such as a NUL byte)."))
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_control_characters(key):
                    raise ParseError(_("The JSON body contains a control character (such as a NUL byte)."))
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
