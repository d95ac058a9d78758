"""What every cases API view shares: authentication and throttling, the case lookup that never tells an
invisible case from a missing one, refusals as HTTP 409, and the detail body."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from chengguan.core.api import AnonThrottle, UserThrottle
from chengguan.org.rules import staff_of

from .. import selectors
from ..models import Case
from ..serializers import CaseDetailSerializer, ErrorSerializer
from ..services import IntakeResult
from .allowed import allowed_endpoints


class CasesMetadata(SimpleMetadata):
    """OPTIONS: the endpoint's name, description and media types. The fields each action takes are in the
    OpenAPI schema (/api/v1/schema/); DRF's form introspection needs a serializer per view, which these
    views do not declare (each action names its own)."""

    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }


class CasePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CasesAPIView(GenericAPIView):
    """Signed-in users only (session or `Authorization: Token …`); rate-limited."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AnonThrottle, UserThrottle]
    queryset = Case.objects.none()  # for the schema's path parameters only; reads go through selectors
    pagination_class = CasePagination
    metadata_class = CasesMetadata

    def get_case(self, number: str) -> Case:
        case = selectors.case_for(self.request.user, number)
        if case is None:  # the same answer whether it does not exist or the user may not see it
            raise exceptions.NotFound(_("There is no case %(number)s that you may see.") % {"number": number})
        return case

    def detail_response(
        self,
        case: Case,
        *,
        http_status: int = status.HTTP_200_OK,
        headers=None,
        made: IntakeResult | None = None,
    ) -> Response:
        """The case with its timeline, pending request, follow-ups and the actions the user may take.
        `made`: the intake result of a case this request has just made; its one event and photos are in
        hand and it has no request or follow-up yet, so nothing is read back."""
        user = self.request.user
        staff = staff_of(user)
        public = staff is None or not staff.is_active  # an API client, not a staff member: the public view
        if made is not None:
            made.event.attachment_list = list(made.photos)
            case.timeline_events, case.pending, case.follow_up_list = [made.event], None, []
        else:
            case.timeline_events = list(selectors.timeline(case, public_only=public))
            for event in case.timeline_events:
                event.attachment_list = list(event.attachments.all())  # prefetched
            case.pending = None if public else selectors.pending_request(case)
            case.follow_up_list = list(case.follow_ups.all())
        case.actions = [
            {"action": name, "label": label} for name, label in allowed_endpoints(case, user, case.pending)
        ]
        links = (None, []) if made is not None else selectors.merge_links(case)  # a new report has none
        case.merged_into_number, case.merged_duplicate_numbers = links
        body = CaseDetailSerializer(case, context={"request": self.request, "public": public}).data
        return Response(body, status=http_status, headers=headers)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ERRORS = {
    400: error_response(gettext_lazy("Invalid input: `errors` holds the messages by field (code invalid).")),
    403: error_response(
        gettext_lazy("Not signed in (not_authenticated) or not allowed (permission_denied).")
    ),
    404: error_response(gettext_lazy("No such case, or one the user may not see (not_found).")),
    409: error_response(
        gettext_lazy(
            "The action is refused: invalid_state (not possible in the case's state), forbidden_role "
            "(the user's roles do not allow it), forbidden_department (the case is another department's), "
            "request_pending, no_pending_request, idempotency_key_reused, or for 并单 merge_self, "
            "merge_target_finished, merge_chain and unmerge_target_finished."
        )
    ),
    429: error_response(gettext_lazy("Too many requests (throttled).")),
}


def errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in codes}
