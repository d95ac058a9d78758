"""Nothing a page loads may come from another host: no CDN, no web fonts, no remote scripts."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REMOTE = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.parametrize("name", ["api-docs", "home", "login"])
def test_pages_load_only_local_assets(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert not REMOTE.findall(response.content.decode())
