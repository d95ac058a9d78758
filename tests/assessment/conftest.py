"""Fixtures for the assessment tests: a small demo city with cases (built through the real services, over
the last 60 days), staff with roles, and periods."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from chengguan.assessment.defaults import load_defaults
from chengguan.assessment.models import Indicator
from chengguan.demo.builder import build_demo_city

SMALL = {"cells": 200, "streets": 3, "cases": 80}


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small demo city for the whole module, rolled back at its end (its report files in a temporary
    directory)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_defaults(Indicator)  # a transactional test elsewhere may have emptied the table
            yield build_demo_city(seed=2026, **SMALL)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_user(demo_city):
    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get
