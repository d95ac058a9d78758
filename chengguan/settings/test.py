"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

import atexit
import os
import shutil
import tempfile

# Everything the suite writes (media, generated reports, models, static files) goes to a temporary folder of
# this test process, never to the checkout's var/. Set before base.py reads it; removed when the process ends.
if "CHENGGUAN_DATA_DIR" not in os.environ:
    os.environ["CHENGGUAN_DATA_DIR"] = tempfile.mkdtemp(prefix="chengguan-test-")
    atexit.register(shutil.rmtree, os.environ["CHENGGUAN_DATA_DIR"], ignore_errors=True)

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CHENGGUAN_DEMO_ALLOWED = True
CHENGGUAN_NOTIFY_BASE_URL = "http://testserver"
CHENGGUAN_CACHE_CHECK_SECONDS = 0.0
ALLOWED_HOSTS = ["*"]
# Tasks run in-process when enqueued (enqueue_on_commit: when the transaction commits); SMS go to a list.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CHENGGUAN_SMS_GATEWAY = "chengguan.core.notify.sms.LocmemSmsGateway"

# An in-memory database per test process, as Django's own SQLite backend gets without asking (pytest-django
# recognises that backend by name only, and would otherwise derive a file name from NAME for each worker).
if DATABASES["default"]["ENGINE"] == "chengguan.core.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405

# Parallel runs against one PostgreSQL server each need their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# Serve static files straight from the apps (no collectstatic needed to develop or test).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
