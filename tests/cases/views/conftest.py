"""The console pages through the Django test client, in the world of tests/cases/conftest.py."""

import html
import re

import pytest
from django.core.cache import cache

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The follow-up page counts requests per address in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def as_user(client):
    """`as_user(user)` logs the test client in as that user and returns the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def desk_hints(client, desk_html: str):
    """The desk page's hints (likely duplicates, doubtful categories), fetched as the page's htmx loader
    does from the URL it names."""
    found = re.search(r'data-desk-hints hx-get="([^"]+)"', desk_html)
    assert found, "the desk page names no hints loader"
    return client.get(html.unescape(found.group(1)), **HTMX)
