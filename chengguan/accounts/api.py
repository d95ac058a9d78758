"""`POST /api/v1/auth/token/`: a new API token for a username, password and (for an account with a second
factor) the current code. Covered by the log-in lockout: failures count per account and per address, and a
locked account or address gets 429 whatever it sends."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, trim_whitespace=False)
    otp = serializers.CharField(max_length=40, required=False, allow_blank=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ObtainToken(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequest,
        responses={
            201: inline_serializer(
                "IssuedToken", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            )
        },
    )
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request  # axes reads and marks the HttpRequest
        user = authenticate(
            django_request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        refused = Response(
            {"code": "invalid_credentials", "message": _("The username, password or code is wrong.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
        if user is None or not user.is_active:
            return refused
        needs_code = selectors.has_second_factor(user) or selectors.second_factor_required(user)
        code = data.validated_data.get("otp", "")
        if needs_code and not services.check_second_factor(actor=user, code=code):
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=django_request
            )
            return refused
        token, key = services.issue_token(
            actor=user, user=user, name=data.validated_data.get("name") or _("API client")
        )
        return Response({"token": key, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED)
