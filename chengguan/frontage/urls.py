"""Pages of the 门前三包 register (namespace "frontage", mounted at /frontage/)."""

from django.urls import path

from .views import checks, lists, units

app_name = "frontage"

urlpatterns = [
    path("", units.unit_list, name="units"),
    path("map.geojson", units.unit_markers, name="markers"),
    path("new/", units.unit_create, name="unit_create"),
    path("import/", units.import_upload, name="import"),
    path("import/<int:pk>/", units.import_result, name="import_result"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/agreement/", units.agreement_create, name="agreement_create"),
    path("units/<int:pk>/contact/", units.reveal, name="reveal"),
    path("units/<int:pk>/check/", checks.check_create, name="check_create"),
    path("photos/<int:pk>/", checks.photo, name="photo"),
    path("lists/", lists.list_page, name="lists"),
    path("lists/publish/", lists.publish, name="publish"),
]
