"""Local development and the demo (`make demo`)."""

from .base import *  # noqa: F403
from .base import env_bool

# Debug pages and a published key, for a developer's machine: `chengguan runserver` refuses to listen on
# anything but the loopback address with them (chengguan.core.safety).
DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
# The demo runs on plain HTTP at 127.0.0.1: cookies without Secure, no HSTS.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CHENGGUAN_DEMO_ALLOWED = True
# Links in texts and e-mails point at the development server unless told otherwise (`make demo` sets it).
CHENGGUAN_NOTIFY_BASE_URL = CHENGGUAN_NOTIFY_BASE_URL or "http://127.0.0.1:8000"  # noqa: F405

# Serve static files straight from the apps (no collectstatic needed to develop or test).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
