"""The application's URLs plus the floor endpoints (only ever mounted by bench.settings)."""

from django.urls import path

from chengguan.urls import urlpatterns as application

from . import floors

urlpatterns = [
    path("bench/floor/insert/", floors.bare_insert),
    path("bench/floor/sql/<str:name>/", floors.sql_floor),
    *application,
]
