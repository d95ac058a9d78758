"""The citizen portal (namespace "portal"): report, track, browse. Mounted at the site root after web's
URLs, every page under its own prefix so the home page stays web's."""

from django.urls import path, re_path

from .views import browse, report, track

app_name = "portal"

NUMBER = r"(?P<number>\d{6,20})"
TOKEN = r"(?P<token>[0-9a-f]{32})"

urlpatterns = [
    path("report/", report.report, name="report"),
    path("report/nearby/", report.nearby, name="nearby"),
    path("report/categories/", report.categories, name="categories"),
    path("report/support/", report.support, name="support"),
    re_path(rf"^report/done/{NUMBER}/{TOKEN}/$", report.done, name="done"),
    path("track/", track.track, name="track"),
    re_path(rf"^track/{NUMBER}/{TOKEN}/$", track.track_private, name="track_private"),
    re_path(rf"^track/{NUMBER}/{TOKEN}/rate/$", track.rate, name="rate"),
    path("map/", browse.case_map, name="map"),
    path("map/cases.geojson", browse.markers, name="markers"),
    re_path(rf"^c/{NUMBER}/$", track.case_page, name="case"),
    path("p/photo/<int:pk>/", track.photo, name="photo"),
]
