"""Pages of the assessment app (namespace "assessment", mounted at /assessment/)."""

app_name = "assessment"

urlpatterns = []
