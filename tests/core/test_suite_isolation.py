"""The suite leaves no trace in the checkout: everything it writes goes under a temporary folder."""

from pathlib import Path

from django.conf import settings


def test_the_suite_writes_outside_the_checkout():
    checkout = Path(settings.BASE_DIR).resolve()
    for folder in (settings.DATA_DIR, settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert checkout not in Path(folder).resolve().parents, folder
