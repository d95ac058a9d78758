"""The private tracking link of a report: /track/<number>/<token>/. The token is an HMAC of the case
number with SECRET_KEY, so nothing new is stored, it cannot be guessed from the (sequential) number,
and it is checked in constant time."""

import hashlib
import hmac

from django.conf import settings

TOKEN_LENGTH = 32  # hex characters: 128 bits


def tracking_token(number: str) -> str:
    message = f"portal.track:{number}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def check_tracking_token(number: str, token: str) -> bool:
    return hmac.compare_digest(tracking_token(number), (token or "")[: TOKEN_LENGTH + 1])
