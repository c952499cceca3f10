"""Shared fixtures: the built site (built once if missing), a local http server for it,
and a headless Debian Chromium driven by Playwright that records every request."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site. `python build.py test` builds it before pytest runs; a bare
    `pytest` builds the site (without zip and book) when it is missing."""
    path = ROOT / "site"
    if not (path / "index.html").exists():
        import build

        build.build(zip_and_book=False)
    return path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def http_root(site):
    """Base URL of the site served over http on a free loopback port."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: python3 build.py test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class RequestLog:
    """Every URL a page asked for; `foreign(base)` lists those not on the site's own host."""

    def __init__(self):
        self.urls: list[str] = []

    def foreign(self, base: str) -> list[str]:
        own = ("file://", "data:", "blob:", "about:") if base.startswith("file:") else (base, "data:", "blob:", "about:")
        return [u for u in self.urls if not u.startswith(own)]


@pytest.fixture
def page(browser):
    """A fresh page; `page.requests` records every request it (and its workers) made."""
    context = browser.new_context()
    log = RequestLog()
    context.on("request", lambda r: log.urls.append(r.url))
    pg = context.new_page()
    pg.requests = log
    yield pg
    context.close()
