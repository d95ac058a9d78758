"""The report form's category filter: words in traditional characters find their categories through the
server, which normalises them."""

import pytest
from django.urls import reverse

from chengguan.taxonomy.models import Category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("query", "code"), [("路燈", "B0113"), ("垃圾滿溢", "S0110"), ("攤販", "S0501")])
def test_traditional_words_find_their_categories(client, categories, query, code):
    response = client.get(reverse("portal:categories"), {"q": query})
    assert response.status_code == 200 and response.json()["codes"][0] == code


def test_only_reportable_categories_and_nothing_for_nonsense(client, categories):
    Category.objects.filter(code="B0113").update(is_public=False)
    from chengguan.core.versioning import bump
    from chengguan.taxonomy.signals import TAXONOMY_VERSION_KEY

    bump(TAXONOMY_VERSION_KEY)
    assert "B0113" not in client.get(reverse("portal:categories"), {"q": "路燈"}).json()["codes"]
    assert client.get(reverse("portal:categories"), {"q": "火星"}).json()["codes"] == []
    assert client.get(reverse("portal:categories")).json()["codes"] == []


def test_the_report_form_names_the_search_address(client, categories):
    page = client.get(reverse("portal:report")).content.decode()
    assert f'data-categories-url="{reverse("portal:categories")}"' in page


def test_the_search_is_rate_limited_like_the_other_lookups(client, categories, settings):
    from chengguan.portal import ratelimit

    limit, _window = ratelimit.config()["lookup"]
    for _ in range(int(limit)):
        assert client.get(reverse("portal:categories"), {"q": "垃圾"}).status_code == 200
    assert client.get(reverse("portal:categories"), {"q": "垃圾"}).status_code == 429
