"""The whole flow of a change on a small regulations folder, as the 政治处's editor works:
amend (the real command), edit the new file, repeal another regulation, import a Word
document as a new one, build the site on a fixed day, and read the pages as a reader
gets them: the new text current at the old URL, the old text at its own URL marked as
not current, the 新旧对照, 时效性 everywhere, a cite control on every article, the
法条联想, the search ranking metadata, and links that resolve."""
from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import docx
import pytest
from bs4 import BeautifulSoup

from handbook import articles, sources
from handbook.sources import BuildError

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"
TODAY = datetime.date(2027, 7, 1)


def run_build(*args: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def flow(tmp_path_factory) -> dict:
    import build
    import calculators

    tmp = tmp_path_factory.mktemp("living")
    regs = tmp / "regs"
    shutil.copytree(GOOD, regs)
    run_build("amend", "contract-staff", "--effective", "2027-03-01", "--regulations", str(regs))
    new = regs / "01-contract-staff.2027-03-01.md"
    text = new.read_text(encoding="utf-8")
    text = text.replace("病假期间工资待遇。", "病假期间工资待遇按本条执行。")
    text = text.replace("### 第一条\n\n为规范我院聘用人员工作。\n\n", "")
    text += "\n### 第十七条\n\n本办法由院党组负责解释。\n"
    new.write_text(text, encoding="utf-8")
    (regs / "notes").mkdir()
    (regs / "notes" / "ch2.yml").write_text(
        "- at: contract-staff#第一条\n  kind: other\n  text: 第一条只有一句。\n"
        "- at: contract-staff#第十三条\n  kind: other\n  text: 第十三条未说病假工资按何标准。\n"
        "- at: contract-staff#第十二条\n  kind: other\n  text: 第十二条另有所指。\n", encoding="utf-8")
    run_build("repeal", "performance-assessment", "--effective", "2027-06-01", "--regulations", str(regs))
    document = docx.Document()
    for line in ["车辆使用管理办法", "第一条 公务车辆由办公室统一管理。", "第二条 本办法自2027年9月1日起施行。"]:
        document.add_paragraph(line)
    document.save(str(tmp / "车辆.docx"))
    run_build("import", str(tmp / "车辆.docx"), "--slug", "vehicle-use", "--regulations", str(regs))
    site = tmp / "site"
    build.build(zip_and_book=False, site_dir=site, regulations=regs, docs_out=tmp / "docs",
                today=TODAY, calcs=[calculators.get("leave-pay")])
    return {"site": site, "regs": sources.load(regs, TODAY), "regs_dir": regs}


def page(flow, rel: str) -> BeautifulSoup:
    return BeautifulSoup((flow["site"] / rel).read_text(encoding="utf-8"), "html.parser")


def article(flow, rel: str):
    return page(flow, rel).select_one("article")


def section(art, anchor: str) -> str:
    """The words of a heading's part of the page (up to the next heading)."""
    heading = art.find(id=anchor)
    words = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2", "h3", "h4"):
            break
        if "art-links" in (sibling.get("class") or []) or "cite-bar" in (sibling.get("class") or []):
            continue
        words.append(sibling.get_text())
    return "".join(words)


def meta(art) -> dict[str, str]:
    dl = art.select_one("dl.reg-meta")
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in dl.find_all("dt")}


def test_the_amended_text_is_current_at_the_old_url(flow):
    art = article(flow, "regulations/contract-staff.html")
    assert section(art, "第十三条") == "病假期间工资待遇按本条执行。"
    assert art.find(id="第一条") is None and art.find(id="第十七条") is not None
    assert meta(art)["时效性"] == "现行有效" and meta(art)["施行日期"] == "2027年3月1日"
    assert art.select_one(".version-notice") is None
    history = [li.get_text(" ", strip=True) for li in art.select(".reg-history li")]
    assert history[0].startswith("初始文本（施行日期未载明） （制定） 已修改")
    assert history[1] == "2027年3月1日施行（修改） 现行有效 现行文本 本页 · 新旧对照"
    assert art.select_one(".reg-history a[href='contract-staff/original.html']") is not None


def test_the_old_text_has_its_own_page_marked_not_current(flow):
    art = article(flow, "regulations/contract-staff/original.html")
    assert section(art, "第十三条") == "病假期间工资待遇。" and art.find(id="第一条") is not None
    assert "（初始文本）" in art.select_one("h1").get_text()
    notice = art.select_one(".version-notice").get_text()
    assert "已修改" in notice and "不是现行文本" in notice
    assert art.select_one(".version-notice a")["href"] == "../contract-staff.html"
    # the text is replaced by the amended one, not void: said so (living-handbook QA L4)
    assert meta(art)["时效性"] == "已修改" and meta(art)["修改后的文本施行日期"] == "2027年3月1日"
    # a citation from an earlier version names that version
    button = art.find(id="第十三条").find_next("button", class_="cite")
    assert button["data-cite"] == "《聘用人员管理办法》（编者拟题，初始文本）第十三条"
    assert button["data-cite-text"] == "病假期间工资待遇。"


def test_the_compare_page_marks_changes_article_by_article(flow):
    art = article(flow, "regulations/contract-staff/compare-original-2027-03-01.html")
    rows = {tr.get("data-id"): tr for tr in art.select("table.compare tbody tr[data-id]")}
    assert rows["第十三条"]["class"] == ["compare-changed"]
    assert [i.get_text() for i in rows["第十三条"].select("ins")] == ["按本条执行"]
    assert rows["第十三条"].select("del") == []
    assert rows["第一条"]["class"] == ["compare-removed"] and "为规范我院聘用人员工作" in rows["第一条"].get_text()
    assert rows["第十七条"]["class"] == ["compare-added"] and "本办法由院党组负责解释" in rows["第十七条"].get_text()
    folded = [u["data-id"] for u in art.select("tr.compare-same details .compare-unit")]
    assert "第十二条" in folded and "第十三条" not in folded
    assert "修改 1 处，新增 1 处，删除 1 处" in art.get_text()
    hist = article(flow, "regulations/contract-staff.html").select_one(".reg-history a.compare-link")
    assert hist["href"] == "contract-staff/compare-original-2027-03-01.html"


def test_status_of_a_repealed_and_a_not_yet_effective_regulation(flow):
    art = article(flow, "regulations/performance-assessment.html")
    assert meta(art)["时效性"] == "已废止" and meta(art)["废止日期"] == "2027年6月1日"
    # marked in its heading (the search results' title) and where another regulation cites
    # it (living-handbook QA L5: cited and found with no mark)
    assert art.select_one("h1 .reg-repealed").get_text() == "已废止"
    cited = article(flow, "regulations/contract-staff.html").select_one(".art-links a[href*='performance-assessment']")
    mark = cited.find_next_sibling("span")
    assert mark is not None and "reg-status" in mark["class"] and mark.get_text() == "已废止"
    assert mark["data-repealed"] == "2027-06-01"      # followed on the reader's day (handbook.js)
    assert meta(art)["施行日期"] == "未载明"
    art = article(flow, "regulations/vehicle-use.html")
    assert meta(art)["时效性"] == "尚未生效" and meta(art)["施行日期"] == "2027年9月1日"
    home = article(flow, "index.html")
    rows = {a.get_text(): a.parent.get_text(" ", strip=True) for a in home.select("a[href^='regulations/']")}
    assert "已废止" in rows["绩效考核实施细则"] and "现行有效" in rows["聘用人员管理办法"]
    assert "尚未生效" in rows["车辆使用管理办法"] and "施行日期：2027年9月1日" in rows["车辆使用管理办法"]
    assert "施行日期：2027年3月1日" in rows["聘用人员管理办法"]
    # the home page lists every amendment and repeal, newest first, a 修改 with its 新旧对照
    # (living-handbook QA L4: a reader learnt of a change only by opening the regulation)
    log = home.find(id="changes").find_next("ul")
    assert [li.get_text(" ", strip=True) for li in log.find_all("li")] == [
        "2027年6月1日 绩效考核实施细则 废止", "2027年3月1日 聘用人员管理办法 修改（ 新旧对照 ）"]
    assert log.select_one("a[href='regulations/contract-staff/compare-original-2027-03-01.html']") is not None
    # the imported document is in the navigation like the others, with no code or test changed
    nav = page(flow, "index.html").select_one("nav.md-nav--primary").get_text()
    assert "车辆使用管理办法" in nav


def test_every_article_has_a_cite_control(flow):
    for reg in flow["regs"]:
        for version in reg.versions:
            rel = "regulations/" + (f"{reg.slug}.html" if version is reg else f"{reg.slug}/{version.key}.html")
            art = article(flow, rel)
            labels = articles.labels(version)
            assert labels, rel
            buttons = art.select("button.cite")
            assert len(buttons) == len(labels), rel
            for anchor, label in labels.items():
                button = art.find(id=anchor).find_next_sibling().select_one("button.cite")
                prefix = f"《{version.title}》" if version is reg else f"《{version.title}》（"
                assert button["data-cite"].startswith(prefix) and button["data-cite"].endswith(label), (rel, anchor)
    art = article(flow, "regulations/performance-assessment.html")
    assert art.find(id="一（一）1").find_next("button")["data-cite"] == "《绩效考核实施细则》一（一）1"


def test_articles_show_what_they_cite_what_cites_them_and_their_calculators(flow):
    art = article(flow, "regulations/performance-assessment.html")
    links = art.find(id="第十二条").find_next("div", class_="art-links")
    assert "引用本条" in links.get_text()
    assert links.select_one("a")["href"] == "contract-staff.html#第十六条"
    assert links.select_one("a").get_text() == "《聘用人员管理办法》第十六条"
    art = article(flow, "regulations/contract-staff.html")
    links = art.find(id="第十六条").find_next("div", class_="art-links")
    assert "本条引用" in links.get_text()
    assert links.select_one("a")["href"] == "performance-assessment.html#第十二条"
    links = art.find(id="第十三条").find_next("div", class_="art-links")
    calc = links.select_one("a.calc-link")
    assert calc["href"] == "../calculators/leave-pay.html" and "适用本条的计算器" in links.get_text()
    assert (flow["site"] / "calculators" / "leave-pay.html").exists()


def test_search_finds_the_current_text_first(flow):
    docs = json.loads((flow["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    old = [d for d in docs if d["location"].startswith("regulations/contract-staff/original.html")]
    current = [d for d in docs if d["location"].startswith("regulations/contract-staff.html")]
    assert old and all(d.get("boost") == 0.1 for d in old)
    assert current and all("boost" not in d for d in current)
    assert not [d for d in docs if "compare-" in d["location"]]
    assert not [d for d in docs if "引用本条" in d["text"] or "时效性" in d["text"]]


def test_links_resolve_on_every_page(flow):
    site = flow["site"]
    pages = list((site / "regulations").rglob("*.html")) + [site / "index.html", site / "editorial.html"]
    assert len(pages) == 3 + 1 + 1 + 2
    for path in pages:
        art = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        for a in art.select("a[href]"):
            # the book is not made here (zip_and_book=False): the home page does not link it
            assert a["href"] != "downloads/court-handbook.pdf", path.name
            url = urlparse(a["href"])
            assert not url.scheme, f"{path.name}: {a['href']}"
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            assert target.exists(), f"{path.relative_to(site)}: {a['href']}"
            if url.fragment and target.suffix == ".html":
                found = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=unquote(url.fragment))
                assert found is not None, f"{path.relative_to(site)}: {a['href']}"


def test_the_book_prints_current_versions_with_status_and_history(flow):
    from handbook import book

    regs = flow["regs"]
    chapters = [{"number": 2, "title": "第二章 机关管理制度", "title_supplied": False},
                {"number": 4, "title": "第四章 营商环境建设制度", "title_supplied": False}]
    html = BeautifulSoup(book.html(regs, chapters, {"findings": [], "notes": []}, "1.0.0", 0, readings=[]),
                         "html.parser")
    heads = {a.select_one(".reg-title")["data-title"]: a for a in html.select("article.reg")}
    staff = heads["聘用人员管理办法（编者拟）"]
    rows = {tr.th.get_text(): tr.td.get_text() for tr in staff.select(".reg-meta tr")}
    assert rows["时 效 性"] == "现行有效" and rows["施行日期"] == "2027年3月1日"
    assert staff.select_one(".reg-history").get_text() == \
        "沿革：初始文本（施行日期未载明）（制定）；2027年3月1日施行（修改），本书所印。"
    assert "病假期间工资待遇按本条执行。" in staff.get_text() and "为规范我院聘用人员工作" not in staff.get_text()
    rules = heads["绩效考核实施细则"]
    rows = {tr.th.get_text(): tr.td.get_text() for tr in rules.select(".reg-meta tr")}
    assert rows["时 效 性"] == "已废止" and rows["施行日期"] == "未载明；止于2027年6月1日"
    assert rules.select_one(".reg-history").get_text() == "沿革：初始文本（施行日期未载明）（制定），本书所印；2027年6月1日废止。"
    assert heads["车辆使用管理办法"].select_one(".reg-history") is None      # one version: no 沿革 note


def test_a_note_on_an_article_the_new_version_dropped_points_at_the_old_text(flow):
    art = article(flow, "editorial.html")
    link = next(a for a in art.select("a") if "第一条只有一句" in a.parent.get_text())
    assert link["href"] == "regulations/contract-staff/original.html#第一条"


def test_a_note_on_words_an_amendment_changed_points_at_the_text_it_is_about(flow):
    """第十三条 is still there, in other words (病假期间工资待遇。 → …按本条执行。): the note on
    the original wording links the original version; one on an article the amendment left
    as it was links today's text (living-handbook QA L10)."""
    art = article(flow, "editorial.html")
    link = next(a for a in art.select("a") if "第十三条未说病假工资" in a.parent.get_text())
    assert link["href"] == "regulations/contract-staff/original.html#第十三条"
    link = next(a for a in art.select("a") if "第十二条另有所指" in a.parent.get_text())
    assert link["href"] == "regulations/contract-staff.html#第十二条"


def test_search_in_the_browser_lists_the_current_text_above_the_old(flow, page):
    """A phrase both versions carry: the current article comes before the old one."""
    page.goto((flow["site"] / "regulations" / "contract-staff" / "original.html").as_uri())
    page.click(".md-search__input")               # a real click: under file:// it starts search
    page.fill(".md-search__input", "病假期间工资待遇")
    page.keyboard.press("End")                    # Chinese is inserted without a key release
    page.wait_for_function("document.querySelectorAll('a.md-search-result__link').length > 1", timeout=15_000)
    page.wait_for_timeout(300)                    # the list arrives in one message: let it settle
    hrefs = [urlparse(h) for h in page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")]
    hrefs = [unquote(h.path) + "#" + unquote(h.fragment) for h in hrefs]      # without ?h= (highlight)
    current = [i for i, h in enumerate(hrefs) if h.endswith("regulations/contract-staff.html#第十三条")]
    old = [i for i, h in enumerate(hrefs) if h.endswith("regulations/contract-staff/original.html#第十三条")]
    assert current and old and current[0] < old[0], hrefs


# ---------------------------------------------------------------- 时效性 on the reader's day


def read_on(browser, url: str, day: str) -> dict:
    """A page opened with the browser's clock on `day`: its own status, every status in
    the 沿革 list, and the notice the page adds (or None)."""
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.clock.set_fixed_time(f"{day}T10:00:00")
        pg.goto(url)
        pg.wait_for_load_state("load")
        return pg.evaluate("""() => ({
          own: document.querySelector('.reg-meta .reg-status').textContent,
          history: [...document.querySelectorAll('.reg-history li .reg-status')].map(s => s.textContent),
          notice: (document.querySelector('.version-live') || {}).textContent || null,
          built: [...document.querySelectorAll('.version-notice:not(.version-live)')].filter(n => !n.hidden).length,
          link: (document.querySelector('.version-live a') || {}).href || null})""")
    finally:
        context.close()


def test_the_status_follows_the_readers_day(flow, browser):
    """Built on 2027-07-01: read later, the not-yet-effective regulation (from 2027-09-01)
    is in force; read earlier, the repealed one (2027-06-01) still was, and the amended
    text (2027-03-01) was not yet; read on the build day, nothing changes."""
    base = flow["site"].resolve().as_uri() + "/regulations/"
    later = read_on(browser, base + "vehicle-use.html", "2027-10-01")
    assert later["own"] == "现行有效"
    assert "按今天（2027年10月1日）的日期，本页文本自2027年9月1日起施行，现行有效" in later["notice"]
    assert "本站生成于2027年7月1日" in later["notice"]
    earlier = read_on(browser, base + "performance-assessment.html", "2027-05-01")
    assert earlier["own"] == "现行有效" and earlier["history"][0] == "现行有效"
    before = read_on(browser, base + "contract-staff.html", "2027-01-15")
    assert before["own"] == "尚未生效" and before["history"] == ["现行有效", "尚未生效"]
    assert "本页文本尚未施行（自2027年3月1日起施行）" in before["notice"]
    same = read_on(browser, base + "contract-staff.html", "2027-07-01")
    assert same["own"] == "现行有效" and same["notice"] is None and same["history"] == ["已修改", "现行有效"]
    # the first text read before the amendment: in force then; the build day's 不是现行文本
    # notice is hidden under the reader's-day one (living-handbook QA L13)
    first = read_on(browser, base + "contract-staff/original.html", "2027-01-15")
    assert first["own"] == "现行有效" and "现行有效" in first["notice"] and first["built"] == 0
    assert read_on(browser, base + "contract-staff/original.html", "2027-07-01")["built"] == 1


def test_a_page_built_before_an_amendment_points_to_the_new_text(flow, browser, tmp_path):
    """Built on 2027-02-01, the work's page shows the first text; read on 2027-04-01,
    after the amendment took effect, it says so and links to the text in force."""
    import build
    import calculators

    site = tmp_path / "site"
    build.build(zip_and_book=False, site_dir=site, regulations=flow["regs_dir"], docs_out=tmp_path / "docs",
                today=datetime.date(2027, 2, 1), calcs=[calculators.get("leave-pay")])
    got = read_on(browser, (site / "regulations" / "contract-staff.html").resolve().as_uri(), "2027-04-01")
    assert got["own"] == "已修改" and got["history"] == ["已修改", "现行有效"]
    assert "按今天（2027年4月1日）的日期，本页文本已被修改，不再是现行文本" in got["notice"]
    assert got["link"].endswith("/regulations/contract-staff/2027-03-01.html"), got["link"]
    assert (site / "regulations" / "contract-staff" / "2027-03-01.html").exists()


def test_a_calculation_for_an_earlier_day_links_the_text_then_in_force(flow, browser):
    """聘用人员管理办法 amended from 2027-03-01: a leave-pay result for 2027-01-15 cites
    第十三条 of the initial text (its own page), one for 2027-03-15 the current text."""
    base = flow["site"].resolve().as_uri() + "/calculators/leave-pay.html"
    context = browser.new_context()
    try:
        pg = context.new_page()

        def cited(day: str) -> list[str]:
            pg.goto(f"{base}#base_salary=3000&sick_leave_days=5&as_of={day}")
            pg.wait_for_function("day => window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok"
                                 " && handbookCalc.rendered === handbookCalc.requested"
                                 " && JSON.stringify(handbookCalc.lastResponse.result.summary).includes(day)",
                                 arg=day, timeout=60_000)
            hrefs = pg.eval_on_selector_all("#calc-result a.calc-article", "els => els.map(e => e.href)")
            return [unquote(urlparse(h).path).split("/regulations/")[1] + "#" + unquote(urlparse(h).fragment)
                    for h in hrefs if "contract-staff" in h]

        earlier = cited("2027-01-15")
        assert earlier and all(h.startswith("contract-staff/original.html#") for h in earlier), earlier
        assert "contract-staff/original.html#第十三条" in earlier
        later = cited("2027-03-15")
        assert later and all(h.startswith("contract-staff.html#") for h in later), later
    finally:
        context.close()


def test_the_build_warns_of_a_citation_of_a_repealed_regulation(flow, capsys):
    """The text stays as the court wrote it; the editor is told where a regulation in force
    cites a repealed one, with the file and line (living-handbook QA L5)."""
    from handbook import validate

    validate.check_links(flow["regs"])
    err = capsys.readouterr().err
    assert "01-contract-staff.2027-03-01.md" in err or "01-contract-staff" in err
    assert "引用的《绩效考核实施细则》已于2027-06-01废止" in err, err


def test_numbering_an_amendment_introduced_is_the_amendments_not_the_originals(flow, capsys):
    """The amendment deleted 第一条 without renumbering: the build warns with the file and
    line, and the 编校说明 says it of the amended text, not 原文如此 (living-handbook QA L7)."""
    from handbook import validate

    validate.check_amendments(flow["regs"])
    err = capsys.readouterr().err
    assert "01-contract-staff.2027-03-01.md:" in err and "修改后的文本编号缺少第一条" in err, err
    reg = next(r for r in flow["regs"] if r.slug == "contract-staff")
    texts = [f.text for f in validate.findings_of(reg)]
    assert texts and all("修改后的文本如此" in t for t in texts if "第一条" in t), texts
    assert not any("第一条（原文如此" in t for t in texts), texts


def test_a_link_to_an_article_a_coming_amendment_renumbers_is_warned(tmp_path, capsys):
    """A regulation links 《聘用人员管理办法》第十三条; an amendment from a later day inserts
    an article before it, so that from then on the link lands on another article: the build
    says so with the file and line (living-handbook QA L8)."""
    from handbook import validate

    regs = tmp_path / "regs"
    shutil.copytree(GOOD, regs)
    run_build("amend", "contract-staff", "--effective", "2027-03-01", "--regulations", str(regs))
    new = regs / "01-contract-staff.2027-03-01.md"
    text = new.read_text(encoding="utf-8")
    assert "### 第十三条" in text and "### 第十四条" not in text
    new.write_text(text.replace("### 第十三条", "### 第十三条\n\n聘用人员上岗前应签订承诺书。\n\n### 第十四条", 1),
                   encoding="utf-8")
    other = regs / "02-performance-assessment.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n参照[聘用人员管理办法第十三条](reg:contract-staff#第十三条)。\n",
                     encoding="utf-8")
    validate.check_links(sources.load(regs, datetime.date(2026, 12, 1)))
    err = capsys.readouterr().err
    assert "02-performance-assessment.md:" in err and "reg:contract-staff#第十三条 所指的条文自2027-03-01起改为第十四条" in err, err


def test_an_original_edited_in_place_fails_the_build_at_its_heading(tmp_path):
    """The first version is the text as issued: an edit of it (an editor who forgot amend)
    fails the build at the heading whose words changed, saying to amend instead; a
    correction registered with register-originals builds; import registers only the
    regulation it drafts (living-handbook QA L9: it built silently, the changed words
    shown as the original)."""
    from handbook import originals

    regs = tmp_path / "regs"
    shutil.copytree(ROOT / "regulations", regs)
    originals.check(regs)                                  # the handbook's as registered
    path = regs / "11-contract-staff.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("按照50%的水平计发", "按照60%的水平计发", 1), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        originals.check(regs)
    line = text[:text.index("### 第十二条")].count("\n") + 1
    assert str(err.value).startswith(f"regulations/11-contract-staff.md:{line}: 第十二条与登记的原文不一致")
    assert "python3 build.py amend contract-staff --effective" in str(err.value)
    run_build("register-originals", str(regs))             # a typing error corrected, registered
    originals.check(regs)
    path.write_text(text, encoding="utf-8")
    document = docx.Document()
    for line_text in ["车辆使用管理办法", "第一条 公务车辆由办公室统一管理。"]:
        document.add_paragraph(line_text)
    document.save(str(tmp_path / "车辆.docx"))
    run_build("import", str(tmp_path / "车辆.docx"), "--slug", "vehicle-use", "--regulations", str(regs))
    with pytest.raises(BuildError) as err:                 # the contract-staff edit is not blessed by it
        originals.check(regs)
    assert "11-contract-staff.md" in str(err.value)


def test_the_compare_marks_a_changed_figure_whole():
    """按照50%… → 按照60%…: the figure that changed is marked, not its first digit
    (living-handbook QA L11: 按照[5→6]0%)."""
    from handbook.diff import marked

    old, new = marked("基本工资按照50%的水平计发，事假2天", "基本工资按照60%的水平计发，事假3天")
    assert "<del>50%</del>" in old and "<ins>60%</ins>" in new and "<del>2</del>" in old
