"""The built site as a reader gets it: every line of the source is there, every article
has its id and permalink, the editorial page lists what it must, links resolve."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook import seed, sources

ROOT = Path(__file__).resolve().parent.parent
REGS = sources.load(ROOT / "regulations")


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def article_text(page: BeautifulSoup) -> str:
    art = page.select_one("article")
    for link in art.select(".headerlink"):
        link.decompose()
    return art.get_text("\n")


def test_every_document_in_book_order_in_the_chapters_of_chapters_yml():
    """Derived from the sources: a 29th document or a new chapter needs no change here."""
    import yaml

    files = {p.name.split(".")[0] for p in (ROOT / "regulations").glob("[0-9][0-9]-*.md")}
    assert len(REGS) == len(files)
    assert [r.meta["order"] for r in REGS] == list(range(1, len(REGS) + 1))
    chapters = yaml.safe_load((ROOT / "regulations" / "chapters.yml").read_text(encoding="utf-8"))
    assert sorted({r.meta["chapter"] for r in REGS}) == sorted(c["number"] for c in chapters)
    # the seed's documents are all there (its README lists them with their first lines)
    firsts = sorted(r.meta["source_lines"][0] for r in REGS if r.meta.get("source_lines"))
    listed = [int(m) for m in re.findall(r"^\| (\d+) \|", seed.SEED.with_name("README.md").read_text(encoding="utf-8"), re.M)]
    assert firsts == listed


def test_every_page_shows_its_status_and_dates_and_cites_every_article(site):
    from handbook import articles, versions

    home = soup(site, "index.html").select_one("article")
    for reg in REGS:
        art = soup(site, f"regulations/{reg.slug}.html").select_one("article")
        meta = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in art.select("dl.reg-meta dt")}
        assert meta["时效性"] == versions.status(reg), reg.slug
        assert meta["施行日期"] == versions.day(reg.effective), reg.slug
        labels = articles.labels(reg)
        buttons = art.select("button.cite")
        title = f"《{reg.title}》（编者拟题）" if reg.meta["title_supplied"] else f"《{reg.title}》"
        assert [b["data-cite"] for b in buttons] == [title + labels[a] for a in labels], reg.slug
        for b in buttons:
            anchor = b.find_parent("div").find_previous_sibling(["h2", "h3", "h4"])["id"]
            assert b["data-cite-text"] == articles.text_after_label(reg, anchor)
        if len(reg.versions) == 1:
            assert not (site / "regulations" / reg.slug).exists()
        row = home.find("a", href=f"regulations/{reg.slug}.html").parent
        assert row.select_one(".reg-status").get_text() == versions.status(reg)
        assert f"施行日期：{versions.day(reg.effective)}" in row.get_text()
    # the new marks stay out of the search index
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in docs if "时效性" in d["text"] or "适用本条的计算器" in d["text"]]


def test_articles_link_to_the_calculators_that_apply_them(site):
    art = soup(site, "regulations/contract-staff.html").select_one("article")
    links = art.find(id="第十三条").find_next("div", class_="art-links")
    assert links.select_one("a.calc-link")["href"] == "../calculators/leave-pay.html"
    art = soup(site, "regulations/trial-quality-breakdown.html").select_one("article")
    links = art.find(id="一（一）7").find_next("div", class_="art-links")
    assert "../calculators/trial-quality.html" in [a["href"] for a in links.select("a.calc-link")]


def test_nothing_of_the_source_is_lost(site):
    """Every line of the seed (bookmarks and whitespace aside) is in the built pages,
    except the 调查函's personal data (seed README)."""
    texts = [article_text(soup(site, f"regulations/{r.slug}.html")) for r in REGS]
    texts.append(article_text(soup(site, "index.html")))
    haystack = seed.normalize("\n".join(texts))
    missing = seed.missing_lines(haystack, seed.seed_lines())
    assert not missing, "\n".join(f"seed:{n}: {t[:50]}" for n, t in missing[:20])


def test_personal_data_is_not_published(site):
    raw = seed.SEED.read_text(encoding="utf-8")
    line = next(l for l in raw.splitlines() if seed.PERSONAL_DATA_MARK in l)
    secrets = [s for s in re.findall(r"[0-9A-Za-z_\-]{6,}", line)]
    assert secrets, "the seed's personal-data line should carry an id or number"
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for s in secrets:
            assert s not in text, f"{path} publishes {s}"


def test_every_heading_has_its_id_and_a_permalink(site):
    for reg in REGS:
        page = soup(site, f"regulations/{reg.slug}.html")
        for anchor in reg.ids():
            heading = page.find(id=anchor)
            assert heading is not None and heading.name in ("h2", "h3", "h4"), (reg.slug, anchor)
            link = heading.select_one("a.headerlink")
            assert link is not None and unquote(link["href"]) == f"#{anchor}"


def test_article_ids_read_as_themselves(site):
    page = soup(site, "regulations/contract-staff.html")
    assert page.find(id="第十二条").get_text().startswith("第十二条")
    page = soup(site, "regulations/it-network.html")
    assert page.find(id="第25条") is not None
    page = soup(site, "regulations/trial-quality-breakdown.html")
    assert "陪审员适用率" in page.find(id="一（一）7").get_text()


def test_supplied_titles_are_marked(site):
    """A title the editor supplied is marked wherever it stands (seed README: never as if
    the court wrote it): the heading, the browser tab, the sidebar, the 引用 citation;
    chapter 1's supplied name in the sidebar. Titles of the court's own are not marked."""
    chapters = yaml.safe_load((ROOT / "regulations" / "chapters.yml").read_text(encoding="utf-8"))
    for reg in REGS:
        page = soup(site, f"regulations/{reg.slug}.html")
        supplied = reg.meta["title_supplied"]
        assert ("编者拟" in page.select_one("article h1").get_text()) == supplied, reg.slug
        assert page.title.get_text().startswith(reg.title + ("（编者拟）" if supplied else " - ")), reg.slug
        [link] = page.select(f'.md-nav--primary a.md-nav__link[href="{reg.slug}.html"]')
        assert link.get_text(strip=True) == reg.title + ("（编者拟）" if supplied else ""), reg.slug
        for button in page.select("button.cite")[:1]:   # (a form has no articles to cite)
            cite = button["data-cite"]
            assert cite.startswith(f"《{reg.title}》（编者拟题）" if supplied else f"《{reg.title}》") and ("编者" in cite) == supplied, (reg.slug, cite)
    # the small headings the editor put over the pages of the two forms: marked 编者加
    for slug, ids in (("investigation-letter", ["存根", "调查函", "复函"]), ("seizure-notice", ["查封措施告知笔录"])):
        page = soup(site, f"regulations/{slug}.html")
        marked = [h["id"] for h in page.select("article h2") if "编者加" in h.get_text()]
        assert marked == ids, (slug, marked)
    assert not any("编者加" in soup(site, f"regulations/{r.slug}.html").select_one("article").get_text()
                   for r in REGS if r.slug not in ("investigation-letter", "seizure-notice"))
    sections = [s.get_text(" ", strip=True) for s in
                soup(site, "index.html").select(".md-nav--primary .md-nav__item--section > label")]
    for c in chapters:
        name = c["title"] + ("（编者拟）" if c.get("title_supplied") else "")
        assert any(s.endswith(name) for s in sections), (name, sections)


def test_cross_reference_links_and_cited_by(site):
    page = soup(site, "regulations/performance-assessment.html")
    links = [a for a in page.select("article a") if "trial-quality-breakdown.html" in a.get("href", "")]
    assert links, "绩效考核实施细则 should link 审判质效指标任务分解办法"
    target = soup(site, "regulations/trial-quality-breakdown.html")
    meta = target.select_one("dl.reg-meta").get_text()
    assert "被引用" in meta and "绩效考核实施细则" in meta


def test_internal_links_resolve(site):
    for path in list((site / "regulations").glob("*.html")) + [site / "index.html", site / "editorial.html"]:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in page.select("article a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:")):
                pytest.fail(f"{path.name}: external link {href}")
            url = urlparse(href)
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            assert target.exists(), f"{path.name}: {href}"
            if url.fragment and target.suffix == ".html":
                frag = unquote(url.fragment)
                assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=frag), f"{path.name}: {href}"


def test_home_lists_chapters_regulations_and_calculators(site):
    page = soup(site, "index.html")
    text = page.select_one("article").get_text()
    for title in ("党建工作制度", "机关管理制度", "诉讼及业务工作制度", "营商环境建设制度"):
        assert title in text
    hrefs = {a["href"] for a in page.select("article a[href]")}
    for reg in REGS:
        assert f"regulations/{reg.slug}.html" in hrefs
    assert "calculators/leave-pay.html" in hrefs


def test_editorial_page_lists_supplied_titles_gaps_notes_and_readings(site):
    import calculators

    page = soup(site, "editorial.html")
    text = page.select_one("article").get_text()
    for reg in REGS:
        if reg.meta["title_supplied"]:
            assert reg.title in text
    assert "编号缺少第四条" in text            # 意识形态工作责任制 has no 第四条 (seed README)
    assert "编号缺少第七条" in text            # 绩效考核实施细则 goes 第六条 → 第八条
    for calc in calculators.available():
        for reading in calc.readings:
            assert page.find(id=f"reading-{reading.id}") is not None, reading.id
    assert "陪审员" in text                     # the （6分）/得10分 contradiction is recorded


def test_editorial_page_marks_supplied_titles_where_it_names_them(site):
    """Blind book QA 5: the numbering list, the notes and the readings name regulations;
    a supplied title carries the 编者拟 mark there as on the home page."""
    page = soup(site, "editorial.html")
    supplied = {r.title: r.meta["title_supplied"] for r in REGS}
    named = 0
    for section in ("numbering", "notes"):
        heading = page.find(id=section)
        for li in heading.find_next("ul").select(":scope > li"):
            link = li.find("a")
            title = link.get_text().replace("编者拟", " ").split(" ")[0].strip()
            if title in supplied:
                named += 1
                assert (li.select_one(".supplied") is not None) == supplied[title], li.get_text()[:60]
    for h3 in page.select('h3[id^="readings-"]'):
        title = h3.get_text().replace("¶", "").replace("编者拟", "").strip()
        assert (h3.select_one(".supplied") is not None) == supplied[title], title
    assert named > 50


def test_every_page_asks_dual_engine_browsers_for_their_chromium_engine(site):
    """360安全浏览器 and QQ浏览器 open an intranet address in their Internet Explorer
    engine unless the page asks for webkit; the theme does not run in IE."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        assert head.find("meta", attrs={"name": "renderer", "content": "webkit"}), path
        assert head.find("meta", attrs={"http-equiv": "X-UA-Compatible", "content": "IE=edge"}), path
        assert head.find("meta", attrs={"charset": "utf-8"}), path
