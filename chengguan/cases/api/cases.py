"""GET and POST /api/v1/cases/ (list, intake), GET /api/v1/cases/{number}/ (detail) and
POST /api/v1/cases/{number}/reveal/ (the reporter's name and phone, audited)."""

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from chengguan.core.planner import joins_as_written

from .. import selectors, services
from ..filters import filter_for
from ..serializers import (
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseSerializer,
    IntakeSerializer,
    RevealSerializer,
)
from ..workflow import IntakeKeyReused
from .base import CasesAPIView, errors

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy(
        "A key the client makes up for each report (e.g. a UUID), at most 100 characters. Posting again "
        "with the same key returns the case made the first time (200, Idempotent-Replayed: true)."
    ),
)

PREFER = OpenApiParameter(
    "Prefer",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy(
        "return=minimal (RFC 7240): answer a new report with its number and address only, not the whole "
        "case (for gateways that forward many reports and keep only the number)."
    ),
)


def wants_minimal(request) -> bool:
    prefer = request.headers.get("Prefer", "")
    return any(part.strip().lower() == "return=minimal" for part in prefer.replace(";", ",").split(","))


def filtered_cases(request):
    """The user's cases filtered by the query string through `filters.CaseFilter` (CaseFilterSerializer
    documents the same parameters in the schema): a bad date, state or sort is a 400 with field errors."""
    found = filter_for(request.user, request.query_params)
    errors = dict(found.errors)
    sort = request.query_params.get("sort") or None
    if sort is not None and sort not in selectors.SORTS:
        errors["sort"] = [_("Choose one of: %(sorts)s.") % {"sorts": ", ".join(selectors.SORTS)}]
    if errors:
        raise exceptions.ValidationError(errors)
    params = found.params() | ({"sort": sort} if sort else {})
    return selectors.sort_cases(found.qs, sort), params


class CaseCollectionView(CasesAPIView):
    @extend_schema(
        operation_id="cases_list",
        summary=gettext_lazy("List the cases the user may see"),
        parameters=[CaseFilterSerializer],
        responses={200: CaseSerializer(many=True), **errors(400, 403, 429)},
        tags=["cases"],
    )
    def get(self, request):
        cases, _params = filtered_cases(request)
        with joins_as_written():
            page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="cases_report",
        summary=gettext_lazy("Report a problem (intake)"),
        description=gettext_lazy(
            "JSON, or multipart/form-data with photos. Give a place: lng and lat, or an address. Reporter "
            "name and phone are stored but only ever shown masked."
        ),
        request=IntakeSerializer,
        parameters=[IDEMPOTENCY_KEY, PREFER],
        responses={
            201: CaseDetailSerializer,
            200: OpenApiResponse(
                CaseDetailSerializer,
                description=gettext_lazy("The key was used before: the case made then (Idempotent-Replayed)"),
            ),
            **errors(400, 403, 409, 429),
        },
        tags=["cases"],
    )
    def post(self, request):
        form = IntakeSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        result = services.report_case(
            **form.validated_data, intake_key=request.headers.get("Idempotency-Key"), actor=request.user
        )
        if result.created:  # made by this user, so theirs to see
            case = result.case
            location = request.build_absolute_uri(reverse("cases-api-detail", args=[case.number]))
            headers = {"Location": location}
            if wants_minimal(request):
                headers["Preference-Applied"] = "return=minimal"
                body = {"number": case.number, "state": case.state, "url": location}
                return Response(body, status=status.HTTP_201_CREATED, headers=headers)
            return self.detail_response(
                case, http_status=status.HTTP_201_CREATED, headers=headers, made=result
            )
        case = selectors.case_for(request.user, result.case.number)
        if case is None:  # someone else's key: say so without showing their case
            raise IntakeKeyReused(
                _("This Idempotency-Key was already used for another report: use a new key for each report.")
            )
        return self.detail_response(case, headers={"Idempotent-Replayed": "true"})


class CaseDetailView(CasesAPIView):
    @extend_schema(
        operation_id="cases_detail",
        summary=gettext_lazy("A case with its timeline and the actions the user may take"),
        responses={200: CaseDetailSerializer, **errors(403, 404, 429)},
        tags=["cases"],
    )
    def get(self, request, number: str):
        return self.detail_response(self.get_case(number))


class RevealView(CasesAPIView):
    @extend_schema(
        operation_id="cases_reveal_reporter",
        summary=gettext_lazy("The reporter's real name and phone (audited)"),
        description=gettext_lazy("For intake operators and dispatchers only; every call is audited."),
        request=None,
        responses={200: RevealSerializer, **errors(403, 404, 429)},
        tags=["cases"],
    )
    def post(self, request, number: str):
        case = self.get_case(number)
        revealed = services.reveal_reporter(case_id=case.pk, actor=request.user, request=request)
        return Response(RevealSerializer(revealed).data, headers={"Cache-Control": "no-store"})


class PhotoView(CasesAPIView):
    """A case's photo for an API client (token or session), behind the same check as the pages' photos:
    only for those who may see the case. The file is the clean copy kept at upload (no metadata)."""

    def perform_content_negotiation(self, request, force=False):
        # The answer is the image itself; errors are JSON whatever the client accepts.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="cases_photo",
        summary=gettext_lazy("A photo of a case (the URL each attachment gives)"),
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("The image.")),
            **errors(403, 404, 429),
        },
        tags=["cases"],
    )
    def get(self, request, pk: int):
        attachment = selectors.attachment_for(request.user, pk)
        if attachment is None or not attachment.file:
            raise exceptions.NotFound(_("No such photo."))
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
