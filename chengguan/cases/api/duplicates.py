"""GET /api/v1/cases/{number}/duplicates/: the open cases likely to be the same problem (并单 proposals),
best first, each with why. Merging is an action endpoint (POST …/merge/, …/unmerge/, api.actions)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from chengguan.org.rules import staff_of

from .. import selectors
from ..serializers import DuplicateSerializer
from .base import CasesAPIView, errors


class DuplicatesView(CasesAPIView):
    pagination_class = None  # at most five: one plain list

    @extend_schema(
        operation_id="cases_duplicates",
        summary=gettext_lazy("Likely duplicates of a case (并单 proposals)"),
        description=gettext_lazy(
            "Open cases of the same or a related category (same major class) within the category's radius "
            "and time window, scored with the similarity of their texts; at most five, best first. Staff "
            "only; merge one with POST /api/v1/cases/{number}/merge/."
        ),
        responses={200: DuplicateSerializer(many=True), **errors(403, 404, 429)},
        tags=["cases"],
    )
    def get(self, request, number: str):
        staff = staff_of(request.user)
        if staff is None or not staff.is_active:
            raise exceptions.PermissionDenied(_("Only staff see the proposed duplicates."))
        case = self.get_case(number)
        found = selectors.duplicate_proposals(request.user, case)
        return Response(DuplicateSerializer(found, many=True).data)
