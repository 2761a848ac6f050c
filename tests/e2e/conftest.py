"""Browser tests: Debian's Chromium, headless, driven by Playwright against live_server."""

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent

# Playwright's sync API keeps an event loop in this thread; the Django calls made
# between browser steps are still ordinary synchronous ones.
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
]


# Held while the live server's application handles a request; a test that plays a worker
# takes it too, so that its work falls between requests (see `_one_request_at_a_time`).
APP_LOCK = threading.Lock()


@pytest.hookimpl(tryfirst=True)  # before `-m "not e2e"` deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, so the quick lane leaves it out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time() -> Iterator[None]:
    """live_server hands its one in-memory SQLite connection to every request thread; pages
    polling while others vote then share it at once and fail with "database table is
    locked". Requests still arrive in parallel, but the application handles one at a time."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(ThreadedWSGIServer):
        def set_app(self, application: Any) -> None:
            def serialised(environ: dict[str, Any], start_response: Any) -> Any:
                with APP_LOCK:
                    return application(environ, start_response)

            super().set_app(serialised)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", OneAtATime)
        yield


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watched(page: Any) -> Any:
    """A page with generous waits that collects its JavaScript errors in `page.js_errors`."""
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.js_errors = errors
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield watched(context.new_page())
    context.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens a page in a browser context of its own (its own cookies: another person)."""
    contexts: list[Any] = []

    def open_page(width: int = 1280, height: int = 900, *, beside: Any = None) -> Any:
        """`beside`: a page whose context (and sign-in) the new page shares, like a new tab."""
        if beside is not None:
            return watched(beside.context.new_page())
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return watched(context.new_page())

    yield open_page
    for context in contexts:
        context.close()
