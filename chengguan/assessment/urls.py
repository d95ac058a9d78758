"""Pages of the assessment app (namespace "assessment", mounted at /assessment/)."""

from django.urls import path

from .views import dashboard, drill, measures, rankings, reports

app_name = "assessment"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("heat/", dashboard.heat, name="heat"),
    path("rankings/", rankings.rankings, name="rankings"),
    path("rankings/compute/", rankings.compute, name="compute"),
    path("rankings/<int:pk>/recompute/", rankings.recompute, name="recompute"),
    path("drill/<int:row_id>/<slug:count>/", drill.drill, name="drill"),
    path("drill/", drill.drill_live, name="drill_live"),
    path("measures/<slug:count>/", measures.measure_drill, name="measure"),
    path("reports/", reports.archive, name="reports"),
    path("reports/generate/", reports.generate, name="generate"),
    path("reports/<int:pk>/<str:fmt>/", reports.download, name="download"),
]
