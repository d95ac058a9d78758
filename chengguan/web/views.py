from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from chengguan.campaigns.rules import unit_of

from . import selectors


def home(request):
    if not hasattr(request.user, "staff") and unit_of(request.user) is not None:
        return redirect("campaigns:unit_home")  # a participant unit's account has only its own pages
    return render(request, "web/home.html", selectors.home_context(request.user))


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
