"""The court's network has no internet: every page, with search used, asks nothing of
any host but the site's own — over http and from disk (file://)."""
from __future__ import annotations

from pathlib import Path

import pytest

from handbook import sources

ROOT = Path(__file__).resolve().parent.parent


def pages(site: Path) -> list[str]:
    rels = ["index.html", "editorial.html"]
    rels += [f"regulations/{r.slug}.html" for r in sources.load(ROOT / "regulations")]
    rels += sorted(p.relative_to(site).as_posix() for p in (site / "calculators").glob("*.html"))
    return rels


def use_search(page, query: str = "结案率") -> None:
    page.click(".md-search__input", timeout=10_000)
    page.fill(".md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)


@pytest.mark.parametrize("transport", ["http", "file"])
def test_no_request_leaves_the_site(site, http_root, page, transport):
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    rels = pages(site)
    for rel in rels:
        page.goto(base + rel, wait_until="load")
    use_search(page)
    page.goto(base + "regulations/contract-staff.html", wait_until="load")
    use_search(page, "事假")
    foreign = page.requests.foreign(base)
    assert not foreign, foreign[:10]
    assert len(page.requests.urls) > len(rels)   # the log did record the pages


def test_the_log_catches_a_foreign_request(page, http_root):
    """The check above can fail: a page that asks another host is caught."""
    page.goto(http_root + "index.html")
    page.evaluate("() => { const i = new Image(); i.src = 'http://example.invalid/x.png'; }")
    page.wait_for_timeout(300)
    assert page.requests.foreign(http_root) == ["http://example.invalid/x.png"]
