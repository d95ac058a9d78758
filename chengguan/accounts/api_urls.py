from django.urls import path

from . import api

urlpatterns = [path("token/", api.ObtainToken.as_view(), name="api-token")]
