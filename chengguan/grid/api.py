"""/api/v1/grid/: locate (which grid cell, community, street and district a position is in), places (gazetteer
search) and describe (reverse lookup: the place line under a pin)."""

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from chengguan.core import geo
from chengguan.core.api import AnonThrottle, UserThrottle, error

from . import locator
from .gazetteer import describe_point, search_places
from .rules import is_staff_member
from .selectors import cell_details

OUTSIDE_GRID = gettext_noop(
    "This point is not inside any grid cell: it is outside the area the bureau manages, or its cell is not "
    "in use."
)


class LocateQuerySerializer(serializers.Serializer):
    lng = serializers.FloatField(min_value=-180, max_value=180, help_text=_("Longitude in degrees."))
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text=_("Latitude in degrees."))
    crs = serializers.ChoiceField(
        choices=geo.CRS_CHOICES,
        default=geo.WGS84,
        help_text=_(
            "Coordinate system of lng/lat: wgs84 (GPS, CGCS2000, Tianditu), gcj02 (AMap, Tencent, WeChat) or "
            "bd09 (Baidu)."
        ),
    )


class AreaRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField(help_text=_("Masked, e.g. 138****1234."))


class ResponsibilitySerializer(PersonSerializer):
    tier = serializers.CharField()
    tier_label = serializers.CharField()


class LocateResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text=_("15-digit cell code."))
    community = AreaRefSerializer()
    street = AreaRefSerializer(allow_null=True)
    district = AreaRefSerializer(allow_null=True)
    inspector = PersonSerializer(
        required=False, allow_null=True, help_text=_("Only for signed-in staff members.")
    )
    responsibilities = ResponsibilitySerializer(
        many=True, required=False, help_text=_("Only for signed-in staff members.")
    )


_ERROR = inline_serializer(
    "GridError",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.DictField(required=False),
    },
)


class LocateView(APIView):
    """Locate a point in the grid. Anyone may ask (anonymous callers are rate-limited); signed-in
    staff members also get the cell's inspector and responsible people."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]

    @extend_schema(
        operation_id="grid_locate",
        summary=_("Find the grid cell at a point"),
        parameters=[LocateQuerySerializer],
        responses={
            200: LocateResultSerializer,
            400: OpenApiResponse(
                _ERROR, description=_("Missing, non-numeric or out-of-range lng/lat, or an unknown crs.")
            ),
            404: OpenApiResponse(
                _ERROR, description=_("The point is outside every grid cell (code outside_grid).")
            ),
            429: OpenApiResponse(_ERROR, description=_("Too many requests.")),
        },
        examples=[
            OpenApiExample(
                "outside",
                response_only=True,
                status_codes=["404"],
                value={"code": "outside_grid", "message": OUTSIDE_GRID},
            )
        ],
        tags=["grid"],
    )
    def get(self, request):
        query = LocateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        lng, lat, crs = query.validated_data["lng"], query.validated_data["lat"], query.validated_data["crs"]
        hit = locator.locate(lng, lat, crs)
        details = hit and cell_details(hit.cell_id, include_people=is_staff_member(request.user))
        if not details:
            return error("outside_grid", gettext(OUTSIDE_GRID), status.HTTP_404_NOT_FOUND)
        return Response(details)  # LocateResultSerializer describes this shape for the schema


class PlaceSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=60, help_text=_("Name, alias (simplified or traditional) or pinyin initials.")
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class PlaceSearchView(APIView):
    """Search the gazetteer: the report form, the hotline intake and the desk move the map to a result."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]

    @extend_schema(
        operation_id="grid_places_search",
        summary=_("Search places by name, alias or pinyin initials"),
        parameters=[PlaceSearchQuerySerializer],
        responses={
            200: OpenApiResponse(
                description=_("{results: [{id, name, kind, lng, lat, community, street, line}]}")
            )
        },
        tags=["grid"],
    )
    def get(self, request):
        query = PlaceSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        results = search_places(query.validated_data["q"], limit=query.validated_data["limit"])
        return Response({"results": results})


class DescribeView(APIView):
    """Reverse lookup: the community, street and nearest landmark or road at a point, and one line naming
    them, for the pin before a report is sent."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]

    @extend_schema(
        operation_id="grid_describe",
        summary=_("Name the place at a point"),
        parameters=[LocateQuerySerializer],
        responses={200: OpenApiResponse(description=_("{cell, community, street, nearest, line}"))},
        tags=["grid"],
    )
    def get(self, request):
        query = LocateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(describe_point(data["lng"], data["lat"], data["crs"]))
