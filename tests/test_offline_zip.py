"""The offline zip: one file, reproducible, with its instructions, that works extracted
anywhere (spaces, Chinese characters, # and parentheses in the path) from file://."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import build
import calculators
from handbook import offline_zip

ROOT = Path(__file__).resolve().parent.parent
ODD_FOLDER = "制度 汇编 (副本) #1"


@pytest.fixture(scope="module")
def the_zip(site, tmp_path_factory) -> Path:
    """The zip `python build.py` wrote, or one made from the built site."""
    made = sorted((ROOT / "dist").glob("制度汇编-离线版-*.zip"))
    if made:
        return made[-1]
    return offline_zip.write(ROOT, site, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def extracted(the_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzip") / ODD_FOLDER
    with zipfile.ZipFile(the_zip) as zf:
        zf.extractall(folder)
    return folder


def test_name_carries_version_and_date(the_zip):
    ver = offline_zip.version(ROOT)
    date, _ = offline_zip.build_date(ROOT)
    assert the_zip.name == f"制度汇编-离线版-v{ver}-{date}.zip"


def test_instructions_at_the_root(the_zip):
    with zipfile.ZipFile(the_zip) as zf:
        names = zf.namelist()
        text = zf.read("使用说明.txt").decode("utf-8")
    assert "index.html" in names and "使用说明.txt" in names
    assert "先解压" in text and "index.html" in text and "浏览器" in text
    assert not any(n.startswith("sitemap") for n in names)


def test_no_page_needs_a_server_root(the_zip):
    """A page from disk cannot reach /assets/…: no page in the zip links root-absolute.
    404.html, written so for a server (and linked by nothing), stays out (blind book QA 11)."""
    import re

    with zipfile.ZipFile(the_zip) as zf:
        names = zf.namelist()
        assert "404.html" not in names
        for name in names:
            if name.endswith(".html"):
                html = zf.read(name).decode("utf-8")
                found = re.findall(r'(?:href|src)="(/(?!/)[^"]*)"', html)
                assert not found, (name, found[:3])


def test_size_within_12_mb(the_zip):
    assert the_zip.stat().st_size <= 12 * 1024 * 1024


def test_same_site_gives_identical_bytes(site, tmp_path):
    a = offline_zip.write(ROOT, site, tmp_path / "a")
    b = offline_zip.write(ROOT, site, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()


def test_two_builds_give_identical_zips(tmp_path):
    """Two builds of the same sources (site and zip, book aside) give the same bytes."""
    zips = []
    for name in ("one", "two"):
        site_dir = tmp_path / name / "site"
        build.build(zip_and_book=False, site_dir=site_dir)
        zips.append(offline_zip.write(ROOT, site_dir, tmp_path / name / "dist").read_bytes())
    assert zips[0] == zips[1]


def search(page, query: str) -> list[str]:
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => decodeURIComponent(e.href))")


@pytest.mark.parametrize("query, page_name, anchor", [
    ("事假", "contract-staff.html", "第十二条"),
    ("U盘", "it-network.html", "第32条"),
    ("陪审员适用率", "trial-quality-breakdown.html", "一（一）7"),
])
def test_search_from_disk_finds_the_article(extracted, page, query, page_name, anchor):
    page.goto((extracted / "index.html").as_uri())
    hrefs = search(page, query)
    assert any(h.endswith(f"{page_name}#{anchor}") or f"{page_name}?h=" in h and h.endswith(f"#{anchor}")
               for h in hrefs[:5]), hrefs[:5]
    assert not page.requests.foreign((extracted / "index.html").as_uri())


def test_navigation_from_disk(extracted, page):
    page.goto((extracted / "index.html").as_uri())
    page.click("article a[href='regulations/contract-staff.html']")
    page.wait_for_load_state("load")       # the click returns once the navigation commits
    assert page.url.endswith("regulations/contract-staff.html")
    assert page.locator("h3#第十二条").count() == 1
    assert page.locator("#open-warning").is_hidden()


@pytest.mark.parametrize("start", ["snapshot", "fallback"])
def test_every_calculator_from_disk(extracted, page, start):
    """Each calculator's first example case, through its form, in the extracted zip, on
    the fast start and on the ordinary one it falls back to."""
    from test_calc_pages import Watch, calc_names, cases, check, compute, fill, open_calc, use_start

    watch = Watch(page)
    use_start(page, start)
    base = extracted.as_uri() + "/"
    firsts = {}
    for name, _, case in cases():
        if name in calc_names() and "error_keys" not in case["expect"]:
            firsts.setdefault(name, case)
    assert set(firsts) == set(calc_names())
    for name, case in firsts.items():
        calc = calculators.get(name)
        open_calc(page, base + f"calculators/{name}.html", start)
        fill(page, calc, calc.form_values(case["input"]))
        check(case, compute(page))
    assert not page.requests.foreign(base)
    assert not watch.errors, watch.errors[:5]
