"""Pages of the outdoor-advertising register (namespace "adverts", mounted at /adverts/)."""

from django.urls import path
from django.views.generic import RedirectView

from .views import checks, permits

app_name = "adverts"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="adverts:permits"), name="home"),
    path("permits/", permits.permit_list, name="permits"),
    path("permits/map/", permits.permit_map, name="map"),
    path("permits.geojson", permits.permits_geojson, name="permits_geojson"),
    path("permits/new/", permits.permit_create, name="permit_create"),
    path("permits/<int:pk>/", permits.permit_detail, name="permit"),
    path("permits/<int:pk>/amend/", permits.permit_amend, name="permit_amend"),
    path("permits/<int:pk>/decide/", permits.permit_decide, name="permit_decide"),
    path("permits/<int:pk>/revoke/", permits.permit_revoke, name="permit_revoke"),
    path("permits/<int:pk>/reveal/", permits.permit_reveal, name="permit_reveal"),
    path("permits/<int:pk>/image/", permits.permit_image, name="permit_image"),
    path("checks/", checks.check_list, name="checks"),
    path("checks/new/", checks.check_create, name="check_create"),
    path("checks/<int:pk>/", checks.check_detail, name="check"),
    path("checks/<int:pk>/photo/", checks.check_photo, name="check_photo"),
]
