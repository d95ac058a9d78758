"""Every page of the demo a role reaches from the menu (and the public pages) is in simplified Chinese:
no text on it changes when converted traditional → simplified, but what a user typed in traditional
characters, named here."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from chengguan.core.text import to_simplified
from chengguan.demo.accounts import demo_usernames
from chengguan.demo.builder import build_demo_city
from chengguan.demo.campaigns import UNIT_LOGIN

pytestmark = pytest.mark.django_db
SMALL = {"cells": 120, "streets": 2, "cases": 30}
# Typed by users in traditional characters and kept as typed (the building site's manager's monthly
# report in the 五进 campaign, chengguan/demo/campaigns.py).
USER_TYPED = ["工地圍擋已美化，出入口硬化並設洗車槽，砂石料全部覆蓋。"]
PUBLIC_PAGES = ["/", "/evaluation/", "/notices/", "/campaigns/public/", "/conduct/stars/"]
SKIPPED = {"admin:index"}
LINKS_FOLLOWED = 4  # Django's own admin pages: Django's translations, not ours


class _Text(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, and the titles, labels,
    placeholders and alternative texts of elements."""

    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if (
                name in self.ATTRIBUTES
                and value
                and not (tag == "input" and name == "value" and _hidden(attrs))
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def _hidden(attrs) -> bool:
    return ("type", "hidden") in attrs


def traditional_only(html: str) -> list[str]:
    return _read(html)[0]


def _read(html: str) -> tuple[list[str], list[str]]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for typed in USER_TYPED:
            part = part.replace(typed, "")
        if to_simplified(part) != part:
            found.append(part)
    return found, parser.links


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo city for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_demo_city(seed=2026, **SMALL)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def pages_of(response) -> list[str]:
    return [item["url"] for item in response.context["nav"] if item["url_name"] not in SKIPPED]


def check(client, urls, *, deeper: int = LINKS_FOLLOWED) -> dict[str, list[str]]:
    """The traditional-only texts of each page, and of the first `deeper` pages each links to beneath its
    own address (a campaign's page from the campaign list, a case from a list of cases)."""
    problems, seen = {}, set()
    queue = [(url, True) for url in urls]
    while queue:
        url, follow_links = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if not follow_links and response.status_code == 403:
            continue  # a link the page shows to a page this role may not open (not a question of script)
        assert response.status_code == 200, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        found, links = _read(response.content.decode())
        if found:
            problems[url] = found
        if follow_links and url != "/":
            below = [link for link in dict.fromkeys(links) if link.startswith(url) and link != url]
            queue.extend((link.split("#")[0], False) for link in below[:deeper])
    return problems


@pytest.mark.parametrize("username", [*demo_usernames(), UNIT_LOGIN])
def test_every_page_a_demo_role_opens_is_in_simplified_chinese(demo, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    urls = ["/", *(pages_of(home) if home.context and "nav" in home.context else [])]
    assert check(client, urls) == {}


def test_the_public_pages_are_in_simplified_chinese(demo, client):
    assert check(client, PUBLIC_PAGES) == {}


def test_the_check_sees_traditional_text_and_lets_the_named_typed_text_pass():
    assert traditional_only("<p>城市管理“五進”活動</p>") == ["城市管理“五進”活動"]
    assert traditional_only(f"<p>{USER_TYPED[0]}</p><script>var x = '進';</script>") == []
    assert traditional_only('<input placeholder="搜尋">') == ["搜尋"]
