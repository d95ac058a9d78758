"""The per-key rate limit: each API key has its own budget (its own rate, else the site's default);
requests without a key share a budget per client address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .rates import parse_rate


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "open311"
    cache_format = "open311-throttle:%(ident)s"

    def get_rate(self):
        return settings.CHENGGUAN_OPEN311_RATE

    def parse_rate(self, rate):
        return parse_rate(rate) if rate else (None, None)

    def allow_request(self, request, view):
        key = getattr(request, "open311_key", None)
        if key is not None and key.rate:
            self.num_requests, self.duration = parse_rate(key.rate)
        else:
            self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        key = getattr(request, "open311_key", None)
        ident = f"key-{key.pk}" if key is not None else f"ip-{self.get_ident(request)}"
        return self.cache_format % {"ident": ident}
