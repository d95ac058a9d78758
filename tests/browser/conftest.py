"""Playwright driving Debian's Chromium against pytest-django's live server.

Every page test lives under tests/browser/ and uses the `page` fixture (a fresh browser context per
test) with `live_server.url`. When Chromium is missing the tests skip with a loud message, unless
REQUIRE_BROWSER=1 (as in CI), where a missing browser fails the run."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHENGGUAN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        message = "Chromium not found: browser tests skipped (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message.replace("skipped", "cannot run") + " and REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip("!!! " + message + " !!!")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(20_000)  # generous: CI runs the suite on every core at once
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if any("Chromium not found" in str(getattr(report, "longrepr", "")) for report in skipped):
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED: Chromium is not installed", red=True)
