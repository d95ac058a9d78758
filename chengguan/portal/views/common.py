from functools import wraps

from django.shortcuts import render

from .. import ratelimit


def public_page(view):
    """Citizen pages: never cached by proxies, private links kept out of other sites' logs and of search
    engines."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "no-store")
        response["Referrer-Policy"] = "same-origin"
        if request.resolver_match and request.resolver_match.url_name in {"track_private", "rate", "done"}:
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def with_device_cookie(request, response):
    """The device id's cookie fallback (the page prefers its localStorage copy)."""
    if not request.COOKIES.get(ratelimit.DEVICE_COOKIE):
        response.set_cookie(
            ratelimit.DEVICE_COOKIE,
            ratelimit.new_device_id(),
            max_age=365 * 86400,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def message_page(request, *, title, text, status=200, back_url=""):
    context = {"title": title, "text": text, "back_url": back_url}
    return render(request, "portal/message.html", context, status=status)
