"""The benchmark server's settings: the ordinary settings against the bench database (CHENGGUAN_DATA_DIR or
DATABASE_URL, set by the runner), the floor endpoints mounted beside the real ones, and the per-client limits
raised, since the whole load comes from one client address."""

import os

from chengguan.settings.base import *  # noqa: F403
from chengguan.settings.base import REST_FRAMEWORK

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
CHENGGUAN_DEMO_ALLOWED = True
CHENGGUAN_NOTIFY_BASE_URL = os.environ.get("CHENGGUAN_NOTIFY_BASE_URL") or "http://127.0.0.1:8000"
UNLIMITED = "100000000/min"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": UNLIMITED, "user": UNLIMITED}}
CHENGGUAN_PORTAL_RATE = {"device": (10**9, 60), "ip": (10**9, 60), "lookup": (10**9, 60)}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_USE_FINDERS = True  # serve the apps' assets without collectstatic
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
