"""The field app (namespace "field", mounted at /field/)."""

from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("", views.app, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("api/tasks/", views.tasks, name="tasks"),
    path("api/suggest/", views.suggest_category, name="suggest"),
    path("api/submit/", views.submit, name="submit"),
]
