"""Production: every secret from the environment, HTTPS assumed, no demo data."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not CHENGGUAN_NOTIFY_BASE_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "CHENGGUAN_NOTIFY_BASE_URL must be set in production (the site's address, for links in texts and "
        "e-mails), e.g. CHENGGUAN_NOTIFY_BASE_URL=https://cg.example.gov.cn"
    )
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CHENGGUAN_DEMO_ALLOWED = False
