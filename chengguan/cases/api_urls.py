"""REST API routes under /api/v1/cases/."""

from django.urls import path

from .api.actions import VIEWS
from .api.cases import CaseCollectionView, CaseDetailView, PhotoView, RevealView
from .api.duplicates import DuplicatesView
from .api.export_views import CsvExportView, ExportView, XlsxExportView

urlpatterns = [
    path("", CaseCollectionView.as_view(), name="cases-api-list"),
    path("export.csv", CsvExportView.as_view(), name="cases-api-export-csv"),
    path("export.xlsx", XlsxExportView.as_view(), name="cases-api-export-xlsx"),
    path("export/", ExportView.as_view(), name="cases-api-export"),
    path("photos/<int:pk>/", PhotoView.as_view(), name="cases-api-photo"),
    path("<str:number>/", CaseDetailView.as_view(), name="cases-api-detail"),
    path("<str:number>/reveal/", RevealView.as_view(), name="cases-api-reveal"),
    path("<str:number>/duplicates/", DuplicatesView.as_view(), name="cases-api-duplicates"),
    *(
        path(f"<str:number>/{name}/", view.as_view(), name=f"cases-api-{name}")
        for name, view in VIEWS.items()
    ),
]
