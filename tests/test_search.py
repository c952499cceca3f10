"""Chinese search, measured the way a reader uses it: each natural query of
tests/search_queries.yml is typed into the real search box of the built site (headless
Chromium), and the results are read in the order the page shows them.

Two rates, each asserted ≥ 0.90 (printed with `pytest -s`; also written, with every
miss, to build/search-report.txt):
- regulation: the expected regulation is among the first 3 result pages;
- article: a link to the expected article (href fragment = anchor, URL-decoded; "" is
  the page itself) is among the first 5 result links (page and section links alike).
Plus: the same search works from disk (file://), and a hit opens the page at the article
with the query terms highlighted (search.highlight)."""
from __future__ import annotations

import gzip
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from handbook import sources

ROOT = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
REGS = {r.slug: r for r in sources.load(ROOT / "regulations")}
REPORT = ROOT / "build" / "search-report.txt"
THRESHOLD = 0.90
TOP_PAGES, TOP_LINKS = 3, 5
FILE_QUERIES = ["事假扣多少", "结案率", "U盘"]   # also typed over file://
INPUT = ".md-search__input"
ITEM = ".md-search-result__item"
META = ".md-search-result__meta"
LINK = "a.md-search-result__link"


def anchors(q: dict) -> list[str]:
    a = q["anchor"]
    return [str(x) for x in a] if isinstance(a, list) else [str(a)]


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; the result links (href) in DOM order."""
    page.click(INPUT)                         # a real click: under file:// it starts search
    page.fill(INPUT, "")
    page.keyboard.press("End")
    page.wait_for_function(f"() => !document.querySelector('{ITEM}')", timeout=10_000)
    idle = page.text_content(META)            # "type to start searching"
    page.fill(INPUT, query)
    page.keyboard.press("End")                # Chinese is inserted without a key release
    page.wait_for_function(             # results, or the meta line saying there are none
        "([item, meta, idle]) => document.querySelector(item)"
        " || document.querySelector(meta).textContent !== idle",
        arg=[ITEM, META, idle], timeout=15_000)
    # the results arrive in one message from the worker; make sure the list has settled
    last, stable = None, 0
    deadline = time.monotonic() + 5
    while stable < 2 and time.monotonic() < deadline:
        hrefs = page.eval_on_selector_all(LINK, "els => els.map(e => e.href)")
        stable = stable + 1 if hrefs == last else 0
        last = hrefs
        page.wait_for_timeout(40)
    return last


def parse(href: str, base: str) -> tuple[str, str]:
    """(page path relative to the site, decoded fragment) of a result link."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    root = unquote(urlsplit(base).path)
    if path.startswith(root):
        path = path[len(root):]
    return path, unquote(parts.fragment)


def judge(q: dict, hrefs: list[str], base: str) -> dict:
    links = [parse(h, base) for h in hrefs]
    pages: list[str] = []
    for path, _ in links:
        if path not in pages:
            pages.append(path)
    want = f"regulations/{q['slug']}.html"
    page_rank = pages.index(want) + 1 if want in pages else None
    link_rank = next((i + 1 for i, (path, frag) in enumerate(links)
                      if path == want and frag in anchors(q)), None)
    return {"query": q["query"], "slug": q["slug"], "anchor": anchors(q),
            "page_rank": page_rank, "link_rank": link_rank,
            "page_hit": page_rank is not None and page_rank <= TOP_PAGES,
            "link_hit": link_rank is not None and link_rank <= TOP_LINKS,
            "top": [f"{p}#{f}" if f else p for p, f in links[:TOP_LINKS]]}


def run(browser, base: str, queries: list[dict]) -> list[dict]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "index.html", wait_until="load")
    try:
        return [judge(q, search(page, q["query"]), base) for q in queries]
    finally:
        context.close()


@pytest.fixture(scope="module")
def http_results(site, http_root, browser):
    start = time.perf_counter()
    results = run(browser, http_root, QUERIES)
    return results, time.perf_counter() - start


def test_the_queries_are_natural_and_cover_the_book():
    assert len(QUERIES) >= 30
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    for q in QUERIES:
        assert 2 <= len(q["query"]) <= 8, q["query"]
        assert q["slug"] in REGS, q
        ids = REGS[q["slug"]].ids()
        for a in anchors(q):
            assert a == "" or a in ids, f"{q['query']}: no heading #{a} in {q['slug']}"
        assert q.get("why"), q
    chapters = {REGS[q["slug"]].meta["chapter"] for q in QUERIES}
    assert chapters == {1, 2, 3, 4}
    assert len({q["slug"] for q in QUERIES}) >= 20


def rates(results: list[dict]) -> tuple[float, float]:
    n = len(results)
    return sum(r["page_hit"] for r in results) / n, sum(r["link_hit"] for r in results) / n


def index_size(site: Path) -> str:
    parts = []
    for name in ("search_index.json", "search_index.js"):
        path = site / "search" / name
        if path.exists():
            raw = path.read_bytes()
            parts.append(f"{name} {len(raw) / 1024:.0f} KB ({len(gzip.compress(raw, 9)) / 1024:.0f} KB gzipped)")
    return "index: " + ", ".join(parts)


def report(results: list[dict], seconds: float, site: Path) -> str:
    page_rate, link_rate = rates(results)
    lines = [f"search: {len(results)} queries in {seconds:.1f} s", index_size(site),
             f"regulation in the first {TOP_PAGES} result pages: {page_rate:.1%}",
             f"article in the first {TOP_LINKS} result links:   {link_rate:.1%}", ""]
    misses = [r for r in results if not (r["page_hit"] and r["link_hit"])]
    lines.append(f"misses ({len(misses)}):" if misses else "misses: none")
    for r in misses:
        what = []
        if not r["page_hit"]:
            what.append(f"regulation at page rank {r['page_rank']}")
        if not r["link_hit"]:
            what.append(f"article at link rank {r['link_rank']}")
        lines.append(f"  {r['query']}  → {r['slug']}#{'|'.join(r['anchor'])}: {', '.join(what)}")
        for t in r["top"]:
            lines.append(f"      {t}")
    lines += ["", "all queries (page rank, link rank):"]
    lines += [f"  {r['query']:<10} {r['page_rank']!s:>4} {r['link_rank']!s:>4}  {r['slug']}#{'|'.join(r['anchor'])}"
              for r in results]
    return "\n".join(lines) + "\n"


def test_hit_rates(site, http_results):
    results, seconds = http_results
    text = report(results, seconds, site)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print("\n" + text)
    page_rate, link_rate = rates(results)
    assert page_rate >= THRESHOLD, f"regulation hit rate {page_rate:.1%} (see {REPORT})"
    assert link_rate >= THRESHOLD, f"article hit rate {link_rate:.1%} (see {REPORT})"


def test_search_works_and_ranks_the_same_from_disk(site, browser, http_results):
    """Under file:// the search runs in the iframe-worker shim and starts on a real click."""
    by_query = {r["query"]: r for r in http_results[0]}
    base = site.resolve().as_uri() + "/"
    queries = [q for q in QUERIES if q["query"] in FILE_QUERIES]
    assert len(queries) == len(FILE_QUERIES)
    for r in run(browser, base, queries):
        assert r["top"], f"file://: no result for {r['query']}"
        assert r["top"] == by_query[r["query"]]["top"], r["query"]


def test_a_hit_opens_the_article_with_the_terms_highlighted(site, http_root, page):
    page.goto(http_root + "index.html", wait_until="load")
    hrefs = search(page, "病假工资")
    target = next(h for h in hrefs if parse(h, http_root) == ("regulations/contract-staff.html", "第十三条"))
    assert "?h=" in target
    link = f"{LINK}[href='{target}']"
    page.eval_on_selector(link, "e => { const more = e.closest('details'); if (more) more.open = true; }")
    page.click(link)
    page.wait_for_url("**/contract-staff.html?h=*#*")
    page.wait_for_selector("mark[data-md-highlight]")
    assert unquote(urlsplit(page.url).fragment) == "第十三条"
    marked = set(page.eval_on_selector_all("mark[data-md-highlight]", "els => els.map(e => e.textContent)"))
    assert {"病假", "工资"} <= marked, marked
    # the article itself is on screen, and its text carries the marks
    top = page.eval_on_selector("[id='第十三条']", "e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    article = page.eval_on_selector(
        "[id='第十三条'] + p", "e => [...e.querySelectorAll('mark')].map(m => m.textContent)")
    assert "病假" in article
