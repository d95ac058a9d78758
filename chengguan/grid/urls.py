from django.urls import path

from .api import LocateView

urlpatterns = [
    path("locate", LocateView.as_view(), name="grid-locate"),
]
