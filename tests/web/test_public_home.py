"""The public home page leads citizens to every public part of the site, and the site has an icon."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_public_home_links_the_public_pages_and_each_opens(client):
    html = client.get(reverse("home")).content.decode()
    for url in ("/evaluation/", "/notices/", "/campaigns/public/", "/conduct/stars/"):
        assert f'href="{url}"' in html, url
        assert client.get(url).status_code == 200, url
    assert "data-public-links" in html


def test_every_page_names_the_icon_and_favicon_ico_leads_to_it(client):
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/web/favicon.ico"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/web/favicon.ico"
    icon = finders.find("web/favicon.ico")
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header
    with open(finders.find("web/favicon.svg"), encoding="utf-8") as file:
        assert file.read().startswith("<svg")
    assert client.post("/favicon.ico").status_code == 405
