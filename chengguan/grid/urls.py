from django.urls import path

from .api import DescribeView, LocateView, PlaceSearchView
from .views import layer_view

urlpatterns = [
    path("locate", LocateView.as_view(), name="grid-locate"),
    path("places", PlaceSearchView.as_view(), name="grid-places"),
    path("describe", DescribeView.as_view(), name="grid-describe"),
    path("layers/<slug:layer>", layer_view, name="grid-layer"),
]
