"""GET /api/v1/cases/export.csv, /export.xlsx and /export/?format=csv|xlsx: the list's filters, as a file
(through cases.exports: reporter data masked, audited, `cases.export_cases` permission)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer

from .. import exports
from ..serializers import CaseFilterSerializer
from .base import CasesAPIView, errors
from .cases import filtered_cases

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(exports.FORMATS),
    default="csv",
    description=gettext_lazy("File type"),
)


FILE_DESCRIPTIONS = {
    "csv": gettext_lazy("A CSV file (UTF-8 with BOM)."),
    "xlsx": gettext_lazy("An Excel workbook."),
}


def _schema(operation_id: str, formats=exports.FORMATS, extra_parameters=()):
    files = {
        (200, exports.CONTENT_TYPES[fmt].split(";")[0]): OpenApiResponse(
            OpenApiTypes.BINARY, description=FILE_DESCRIPTIONS[fmt]
        )
        for fmt in formats
    }
    return extend_schema(
        operation_id=operation_id,
        summary=gettext_lazy("Export the listed cases (reporter data masked; audited)"),
        parameters=[CaseFilterSerializer, *extra_parameters],
        responses={**files, **errors(400, 403, 429)},
        tags=["cases"],
    )


class MayExport(BasePermission):
    message = gettext_lazy("You may not export cases.")

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("cases.export_cases")


class ExportView(CasesAPIView):
    permission_classes = [IsAuthenticated, MayExport]
    fmt: str | None = None  # None: from ?format=

    def perform_content_negotiation(self, request, force=False):
        # ?format= names the file type here, not a DRF renderer; errors are always JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @_schema("cases_export", extra_parameters=[FORMAT])
    def get(self, request):
        fmt = self.fmt or request.query_params.get("format", "csv")
        if fmt not in exports.FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose csv or xlsx.")]})
        cases, params = filtered_cases(request)
        content, content_type, filename = exports.export_cases(
            cases, fmt=fmt, actor=request.user, filters=params, request=request
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class CsvExportView(ExportView):
    fmt = "csv"

    @_schema("cases_export_csv", formats=["csv"])
    def get(self, request):
        return super().get(request)


class XlsxExportView(ExportView):
    fmt = "xlsx"

    @_schema("cases_export_xlsx", formats=["xlsx"])
    def get(self, request):
        return super().get(request)
