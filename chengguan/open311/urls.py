"""/open311/v2/…: every resource with a .xml or .json suffix."""

from django.urls import re_path

from . import api

app_name = "open311"

FMT = r"\.(?P<format>xml|json)$"

urlpatterns = [
    re_path(r"^services" + FMT, api.ServiceList.as_view(), name="services"),
    re_path(r"^services/(?P<service_code>[^/.]+)" + FMT, api.ServiceDefinition.as_view(), name="service"),
    re_path(r"^requests" + FMT, api.RequestList.as_view(), name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/.]+)" + FMT, api.RequestDetail.as_view(), name="request"),
    re_path(r"^tokens/(?P<token>[^/.]+)" + FMT, api.TokenDetail.as_view(), name="token"),
]
