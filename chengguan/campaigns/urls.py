"""Pages of the campaigns app (namespace "campaigns", mounted at /campaigns/)."""

app_name = "campaigns"

urlpatterns = []
