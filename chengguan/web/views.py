from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from . import selectors


def home(request):
    return render(request, "web/home.html", selectors.home_context(request.user))


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
