"""Pages of the conduct app (namespace "conduct", mounted at /conduct/)."""

app_name = "conduct"

urlpatterns = []
