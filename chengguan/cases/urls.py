"""Staff console and public follow-up pages (namespace "cases")."""

from django.urls import path  # noqa: F401

app_name = "cases"
urlpatterns: list = []
