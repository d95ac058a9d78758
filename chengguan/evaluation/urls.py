"""Pages of the evaluation app (namespace "evaluation", mounted at /evaluation/)."""

app_name = "evaluation"

urlpatterns = []
