"""The field app (城管通): its one page (the app shell), the web-app manifest and service worker, and the
JSON the app reads and sends. The page works offline once loaded: static/field/app.js keeps the tasks and
the results made offline on the device and sends them when the connection returns."""

import functools
import hashlib
import json
import math

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from chengguan.cases import selectors as cases_selectors
from chengguan.cases.classify import suggest
from chengguan.core.geo import check_lng_lat
from chengguan.core.refusals import Refused
from chengguan.org.selectors import staff_for

from . import selectors, services
from .rules import ENFORCING, FIELD_ROLES

MAX_PHOTOS = 6
SHELL_ASSETS = (
    "field/app.css",
    "field/app.js",
    "field/outbox.js",
    "field/icon-192.png",
    "field/icon-512.png",
    "web/console.js",
    "web/crs.js",
    "web/map.js",
    "web/map_layers.js",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "web/site.css",
)


def app_messages() -> dict:
    """The words the app's script shows, translated here (the script has no catalogue of its own)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: results are kept on this phone"),
        "waiting": _("Waiting to send"),
        "sending": _("Sending…"),
        "sent": _("Arrived"),
        "refused": _("Refused"),
        "signin": _("Sign in again to send: your results stay on this phone."),
        "saved": _("Saved on this phone. It is sent when there is a connection."),
        "no_tasks": _("Nothing here now."),
        "pass": _("Passed"),
        "fail": _("Not passed"),
        "start": _("Start handling"),
        "handled": _("Report handled"),
        "send_back": _("Send back"),
        "note": _("Note"),
        "reason": _("Reason"),
        "photos": _("Photos"),
        "save": _("Save"),
        "case": _("Case"),
        "deadline": _("Deadline"),
        "patrol": _("Patrol report"),
        "verify": _("Verification"),
        "confirm_signout": _("%(n)s results have not been sent yet and will be lost. Sign out anyway?"),
        "accuracy": _("Position from this phone, accurate to about {m} m"),
        "no_position": _("No position yet: use the map or the location button."),
        "need_text": _("Describe the problem."),
        "need_note": _("Write what was done."),
        "need_reason": _("Give the reason."),
        "suggested": _("Suggested"),
        "queued_at": _("made at"),
    }


@functools.cache
def shell_version() -> str:
    """Changes whenever a shell asset changes, so the service worker replaces its cache."""
    digest = hashlib.sha256()
    for path in SHELL_ASSETS:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def _field_staff(user) -> bool:
    staff = staff_for(user)
    return staff is not None and staff.has_role(*FIELD_ROLES)


def _json_error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"status": "error", "message": message, **extra}, status=status)


def api(view):
    """Signed-in field staff only, answered in JSON (the app shows the message; 401 asks to sign in)."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _json_error(401, _("Sign in again to send and receive."))
        if not _field_staff(request.user):
            return _json_error(403, _("The field app is for field staff."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@never_cache
@login_required
def app(request):
    if not _field_staff(request.user):
        return render(request, "field/forbidden.html", status=403)
    staff = staff_for(request.user)
    context = {
        "may_enforce": staff.has_role(*ENFORCING),
        "staff": staff,
        "user_id": request.user.pk,
        "messages_json": app_messages(),
        "center": cases_selectors.map_center(),
    }
    return render(request, "field/app.html", context)


@require_GET
def manifest(request):
    data = {
        "name": _("chengguan field app"),
        "short_name": _("城管通"),
        "description": _("Patrol reports, verification and handling in the street, online or not."),
        "lang": "zh-CN",
        "start_url": "/field/",
        "scope": "/field/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": [
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request):
    """Served from /field/ so that it may control the app's pages; never cached by the browser itself."""
    shell = ["/field/", "/field/manifest.webmanifest", *(static(path) for path in SHELL_ASSETS)]
    response = render(
        request,
        "field/sw.js",
        {"shell": json.dumps(shell), "version": shell_version()},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/field/"
    return response


@require_GET
@api
def tasks(request):
    near = None
    if request.GET.get("lng") or request.GET.get("lat"):
        try:
            near = float(request.GET["lng"]), float(request.GET["lat"])
            check_lng_lat(*near)
        except (KeyError, ValueError):
            return _json_error(400, _("Give both longitude and latitude, in degrees, of a place on Earth."))
    data = selectors.tasks_for(request.user, near=near)
    data["categories"] = selectors.categories()
    data["csrf"] = get_token(request)  # the cookie is HttpOnly; the app sends this back with each result
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
@api
def suggest_category(request):
    text = request.GET.get("text", "")[:2000]
    if "\x00" in text:
        return _json_error(400, _("The text contains characters that cannot be stored."))
    found = suggest(text, limit=3) if text.strip() else []
    return JsonResponse(
        {"suggestions": [{"code": s.category_code, "name": s.name, "percent": s.percent} for s in found]},
        json_dumps_params={"ensure_ascii": False},
    )


@require_POST
@api
def submit(request):
    """One result from the device's queue (multipart): key, kind, case, fields (JSON), made_at,
    photo_places (JSON, one per photo) and the photos. 200 with the outcome, done or refused with the
    reason; 400 when the submission itself is malformed (the app shows it as refused too)."""
    try:
        fields = _json_field(request.POST, "fields", dict)
        places = _json_field(request.POST, "photo_places", list)
        photos = request.FILES.getlist("photos")
        if len(photos) > MAX_PHOTOS:
            raise ValidationError({"photos": [_("At most %(n)s photos.") % {"n": MAX_PHOTOS}]})
        made_at = _made_at(request.POST.get("made_at", ""))
        receipt = services.submit_result(
            actor=request.user,
            key=request.POST.get("key", ""),
            kind=request.POST.get("kind", ""),
            case_number=request.POST.get("case", ""),
            fields=fields,
            photos=photos,
            photo_places=_places(places),
            made_at=made_at,
        )
    except ValidationError as exc:
        return _json_error(400, " ".join(exc.messages), errors=getattr(exc, "message_dict", {}))
    except Refused as exc:
        return _json_error(exc.http_status, exc.message, code=exc.code)
    except PermissionDenied as exc:
        return _json_error(403, str(exc) or _("The field app is for field staff."))
    return JsonResponse(
        {
            "status": receipt.outcome,
            "case": receipt.case_number,
            "message": receipt.message,
            "code": receipt.code,
            "replayed": receipt.replayed,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _json_field(data, name: str, kind: type):
    text = data.get(name) or ("{}" if kind is dict else "[]")
    if len(text) > 20_000 or "\x00" in text:
        raise ValidationError(
            {name: [_("This field is too long or holds characters that cannot be stored.")]}
        )
    try:
        value = json.loads(text)
    except ValueError:
        raise ValidationError({name: [_("This field must be JSON.")]}) from None
    if not isinstance(value, kind):
        raise ValidationError({name: [_("This field has the wrong shape.")]})
    if kind is dict:
        for key, item in value.items():
            if (
                not isinstance(item, str | int | float | bool)
                or isinstance(item, float)
                and not math.isfinite(item)
            ):
                raise ValidationError({name: [_("%(key)s must be a plain value.") % {"key": key[:40]}]})
            if isinstance(item, str) and "\x00" in item:
                raise ValidationError({name: [_("The text contains characters that cannot be stored.")]})
    return value


def _made_at(text: str):
    if not text:
        return None
    try:
        moment = parse_datetime(text[:40])
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 2000 <= moment.year <= 2100:
        raise ValidationError({"made_at": [_("The time the result was made is not a valid time.")]})
    return moment


def _places(places: list) -> list[dict]:
    """What the device recorded for each photo, checked: a time, and a position with its accuracy."""
    kept = []
    for place in places[:MAX_PHOTOS]:
        if not isinstance(place, dict):
            raise ValidationError({"photo_places": [_("Each photo's place must be an object.")]})
        entry = {}
        if taken := place.get("taken_at"):
            entry["taken_at"] = _made_at(str(taken)).isoformat()
        for name, limit in (("lng", 180), ("lat", 90), ("accuracy", 100_000)):
            value = place.get(name)
            if value is None:
                continue
            if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > limit:
                raise ValidationError({"photo_places": [_("A photo's position is not a valid position.")]})
            entry[name] = round(float(value), 7)
        kept.append(entry)
    return kept
