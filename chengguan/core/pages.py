"""The one page every console answers a user whose roles do not open what they asked for (HTTP 403)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext


def forbidden(request, message: str = "") -> HttpResponse:
    """403 with why: the console's own sentence, else a general one."""
    context = {"message": message or gettext("Your roles do not open this page.")}
    return render(request, "core/forbidden.html", context, status=403)
