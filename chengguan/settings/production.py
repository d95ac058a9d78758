"""Production: every secret from the environment, HTTPS assumed (behind the reverse proxy of
deploy/nginx), no demo data. `chengguan check --deploy` is silent with these settings."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CHENGGUAN_NUM_PROXIES, SECRET_KEY, env_bool, env_list

DEBUG = False
if env_bool("DJANGO_DEBUG"):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is set with the production settings: unset it (debug pages show settings and data)."
    )
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production: 50 or more random characters.")
if SECRET_KEY in {"dev-only-insecure-key-change-me", "test-only-key", "bench-only-key"}:
    raise ImproperlyConfigured("SECRET_KEY is a key published with the code: set a random one of your own.")

if not CHENGGUAN_NOTIFY_BASE_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "CHENGGUAN_NOTIFY_BASE_URL must be set in production (the site's address, for links in texts and "
        "e-mails), e.g. CHENGGUAN_NOTIFY_BASE_URL=https://cg.example.gov.cn"
    )

# HTTPS. SECURE_COOKIES=false only for a closed network served over plain HTTP (then no HSTS or redirect).
HTTPS = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Health, readiness and metrics are probed over plain HTTP on the host itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind the proxy (CHENGGUAN_NUM_PROXIES >= 1), it tells us whether the browser used HTTPS; nginx sets the
# header itself (proxy_set_header X-Forwarded-Proto $scheme), so a client cannot forge it.
if CHENGGUAN_NUM_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
# The origins a form may be posted from (https://cg.example.gov.cn), comma-separated.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CHENGGUAN_DEMO_ALLOWED = False
