"""The law and its code declared once (handbook/law_and_code.py): calculators of a
regulation derived from the calculators' citations, each reading once per page and under
its article, the side-by-side section of every calculator page; and the rule library's
shapes (calculators/rules.py) computing, explaining themselves and naming the next step."""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import calculators
from calculators import leave_pay, rules
from handbook import law_and_code, sources
from handbook.sources import BuildError

ROOT = Path(__file__).resolve().parent.parent
REGS = sources.load(ROOT / "regulations")
CALCS = calculators.available()


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def duplicate_ids(page: BeautifulSoup) -> list[str]:
    return [i for i, n in Counter(t["id"] for t in page.find_all(id=True)).items() if n > 1]


# ---------------------------------------------------------------- declared once


def test_calculators_of_a_regulation_come_from_the_citations(site):
    expected = {"contract-staff": {"leave-pay"},
                "trial-quality-breakdown": {"trial-quality", "trial-quality-team", "annual-assessment"},
                "bankruptcy-assessment": {"bankruptcy-workload", "bankruptcy-year"},
                "performance-assessment": {"annual-assessment", "team-grading", "trial-quality-team"}}
    for slug, names in expected.items():
        meta = soup(site, f"regulations/{slug}.html").select_one("dl.reg-meta")
        linked = {a["href"].split("/")[-1].removesuffix(".html") for a in meta.select('a[href*="calculators/"]')}
        assert names <= linked, slug


def test_the_front_matter_no_longer_lists_calculators(tmp_path):
    source = (ROOT / "regulations" / "11-contract-staff.md").read_text(encoding="utf-8")
    assert "\ncalculators:" not in source
    path = tmp_path / "11-contract-staff.md"
    path.write_text(source.replace("source_lines:", "calculators: [leave-pay]\nsource_lines:", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="unknown front-matter key 'calculators'"):
        sources.parse(path)


def test_editorial_page_shows_each_reading_once(site):
    page = soup(site, "editorial.html")
    ids = {r.id for c in CALCS for r in c.readings}
    blocks = page.select("div.reading")
    assert len(blocks) == len(ids)
    assert sorted(b["id"] for b in blocks) == sorted(f"reading-{i}" for i in ids)
    assert duplicate_ids(page) == []


def test_no_page_repeats_an_id(site):
    for rel in ["editorial.html", *[f"calculators/{c.name}.html" for c in CALCS],
                *[f"regulations/{r.slug}.html" for r in REGS]]:
        assert duplicate_ids(soup(site, rel)) == [], rel


def test_a_reading_id_used_twice_fails_the_build():
    calc = calculators.get("leave-pay")
    other = calc.readings[0].__class__(calc.readings[0].id, calc.readings[0].cite, "另一个", "另一种理解")
    fake = calc.__class__(**{**calc.__dict__, "name": "fake", "readings": (other,)})
    with pytest.raises(BuildError, match="already used"):
        law_and_code.readings(REGS, [calc, fake])


def _article_span(page: BeautifulSoup, anchor: str):
    """The elements of an article on a regulation page: its heading to the next heading
    of the same or a higher level."""
    heading = page.find(id=anchor)
    level = int(heading.name[1])
    for el in heading.find_next_siblings():
        if el.name in ("h1", "h2", "h3", "h4") and int(el.name[1]) <= level:
            return
        yield el


def test_each_reading_stands_under_its_article(site):
    pages: dict[str, BeautifulSoup] = {}
    for registered in law_and_code.readings(REGS, CALCS):
        r = registered.reading
        rel = f"regulations/{r.cite.regulation}.html"
        page = pages.setdefault(rel, soup(site, rel))
        notes = [el for el in _article_span(page, r.cite.anchor)
                 if el.name == "details" and "article-reading" in el.get("class", [])]
        links = [a["href"] for el in notes for a in el.select("a")]
        assert f"../editorial.html#reading-{r.id}" in links, (r.id, r.cite.anchor)


def test_readings_and_side_by_side_stay_out_of_search(site):
    """The law's words are found on the regulation's page, not again on a calculator's."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [(d["location"], d["text"].replace("\u200b", "")) for d in index["docs"]]
    assert not any("计算器的理解" in text for loc, text in docs if loc.startswith("regulations/"))
    assert not any("基本工资照发" in text for loc, text in docs if loc.startswith("calculators/"))


# ---------------------------------------------------------------- side by side


def test_every_calculator_page_has_the_law_beside_its_parameters(site):
    for calc in CALCS:
        page = soup(site, f"calculators/{calc.name}.html")
        box = page.select_one("section.side-by-side")
        assert box is not None and box.has_attr("data-search-exclude"), calc.name
        sections = box.select("div.sbs-article")
        assert sections, calc.name
        # the calculator's own regulation first, its articles in the article's order
        own = [s for s in sections if f"regulations/{calc.regulation}.html#" in s.select_one(".sbs-title a")["href"]]
        assert sections[:len(own)] == own, calc.name
        reg = next(r for r in REGS if r.slug == calc.regulation)
        ids = list(reg.ids())
        anchors = [s.select_one(".sbs-title a")["href"].split("#")[1] for s in own]
        assert anchors == sorted(anchors, key=ids.index), calc.name
        for a in box.select(".sbs-reading a"):
            assert page.find(id=a["href"][1:]) is not None, (calc.name, a["href"])


def test_leave_pay_side_by_side_shows_each_value_with_its_words(site):
    box = soup(site, "calculators/leave-pay.html").select_one("section.side-by-side")
    text = box.get_text()
    for key in ("personal_leave", "sick_leave", "dismissal"):
        assert f"contract-staff.toml [{key}]" in text
        for value in rules.load("contract-staff")[key].values:
            for quote in value.quotes():
                assert f"“{quote}”" in text
    assert "share = 0.8" in text
    # the 绩效考核实施细则 is for staff of 公务员身份 (its 第一条), not 聘用人员: none of it here
    assert "[out_of_assessment]" not in text and "[grading]" not in text


def test_the_book_appendix_has_the_side_by_side_and_each_reading_once():
    import yaml

    from handbook import book, validate

    chapters = yaml.safe_load((ROOT / "regulations" / "chapters.yml").read_text(encoding="utf-8"))
    notes = validate.load_notes(ROOT / "regulations" / "notes", REGS)
    page = BeautifulSoup(book.html(REGS, chapters, {"findings": [], "notes": notes}, "0.0.0", 0),
                         "html.parser")
    appendix = page.select_one("#appendix")
    assert "五、条文与计算器对照" in appendix.get_text()
    titles = [t.get_text() for t in appendix.select(".reading-title")]
    assert len(titles) == len({r.id for c in CALCS for r in c.readings})
    text = appendix.get_text()
    assert "参数文件：contract-staff.toml" in text


def book_appendix() -> BeautifulSoup:
    import yaml

    from handbook import book, validate

    chapters = yaml.safe_load((ROOT / "regulations" / "chapters.yml").read_text(encoding="utf-8"))
    notes = validate.load_notes(ROOT / "regulations" / "notes", REGS)
    by_slug = {r.slug: r for r in REGS}
    findings = [{"regulation": by_slug[f.slug], **f.__dict__} for r in REGS for f in validate.findings_of(r)]
    page = BeautifulSoup(book.html(REGS, chapters, {"findings": findings, "notes": notes}, "0.0.0", 0),
                         "html.parser")
    return page.select_one("#appendix")


def test_the_book_side_by_side_is_for_a_reader():
    """Blind book QA 6: no file names and keys per parameter (the files named once per
    calculator), no quote repeated as a figure; every article's words, every parameter's
    name, date, quoted words and value kept."""
    appendix = book_appendix()
    sides = appendix.select("section.sbs-calc")
    assert sides
    text = "".join(s.get_text() for s in sides)
    assert ".toml [" not in text and "quote =" not in text and "calculators/" not in text
    assert "参数文件：contract-staff.toml" in text
    for calc in CALCS:
        for a in law_and_code.side_by_side(REGS, calc):
            for words in a.words:
                assert words in text, (calc.name, words)
            for p in a.params:
                assert p.name in text, (calc.name, p.name)
                for when, quoted in p.values:
                    assert f"自{when}起" in text
                    for q in quoted:
                        for quote in q.quotes:
                            assert f"“{quote}" in text or quote in text, (p.name, quote)
                        for k, v in q.figures:
                            assert f"{k} = {v}" in text, (p.name, k, v)


def test_the_book_appendix_marks_supplied_titles():
    """Blind book QA 5: a citation of a title the editor supplied carries （编者拟题）, a
    regulation named over its notes or readings the 编者拟 mark of the body; the only
    《title》 left unmarked is the court's own name for the 分解办法 in a reading of
    绩效考核实施细则第六条 (依据《……审判质效指标任务分解办法》考核)."""
    import re

    appendix = book_appendix()
    text = appendix.get_text()
    for reg in REGS:
        if not reg.meta["title_supplied"]:
            continue
        bare = [m.start() for m in re.finditer(re.escape(f"《{reg.title}》") + "(?!（编者拟题）)", text)]
        for at in bare:
            assert text[at - 2:at] == "依据" and reg.slug == "trial-quality-breakdown", (reg.title, text[at - 40:at + 30])
    heads = {h.get_text() for h in appendix.select("h4")}
    for reg in REGS:
        if reg.title in heads or reg.title + "编者拟" in heads:
            assert (reg.title + "编者拟" in heads) == reg.meta["title_supplied"], reg.title
    assert "《聘用人员管理办法》（编者拟题）" in [p.get_text() for p in appendix.select(".sbs-reg")]


def test_every_page_reference_of_the_appendix_keeps_words_beside_it():
    """Blind book QA 9: a （第N页） alone at the start of a line was taken for missing."""
    appendix = book_appendix()
    refs = appendix.select("a.page-ref")
    assert len(refs) > 150
    for ref in refs:
        box = ref.parent
        assert box.name == "span" and "nobr" in box["class"] and box.get_text().strip(), box


# ---------------------------------------------------------------- the rule library


def test_a_scale_takes_the_highest_bracket_that_holds():
    base = rules.load("bankruptcy-assessment")["base"]
    creditors = rules.Scale.from_data(base.at(date.today())["creditors"], base)
    assert creditors.value(D(500)) == 150 and len(creditors.holding(D(500))) == 2
    assert creditors.value(D(50)) == 30 and creditors.value(D(51)) == 60
    assert creditors.find(D(500)).cite.label.endswith("第三条（五）")


def test_a_scale_says_what_the_next_bracket_takes():
    closure = rules.load("trial-quality-breakdown")["closure_rate"]
    scale = rules.scored(closure.at(date.today()), closure)
    figures = rules.Figures(("结案率",), (True,))
    text = scale.next_step("结案率", [D("93.5")], figures)
    assert "须高于94%才得2分" in text and "高于95%得满分3分" in text


def test_the_formula_is_generated_from_the_parameters(tmp_path, monkeypatch):
    text = (ROOT / "calculators" / "contract-staff.toml").read_text(encoding="utf-8")
    changed = text.replace("share = 0.5, quote = \"事假在3天", "share = 0.6, quote = \"事假在3天")
    path = tmp_path / "contract-staff.toml"
    path.write_text(changed, encoding="utf-8")
    monkeypatch.setattr(leave_pay, "PARAMS", rules.parse(changed, path))
    assert "10天以下60%" in leave_pay.formula(date.today())
    assert "10天以下50%" in leave_pay.CALCULATOR.formula


def test_rank_bonus_explains_itself_and_adds_both_ends_in_a_small_group():
    rule = rules.RankBonus.from_data(rules.load("performance-assessment")["ranking_judges"].at(date.today()))
    assert rule.explain().startswith("第1名加3分、第2名加2分、第3名加1分；最后一名减3分")
    assert [rule.bonus(i, 4)[0] for i in (1, 2, 3, 4)] == [3, 1, -1, -3]


def test_milestones_are_cumulative_and_name_the_next_one():
    progress = rules.load("bankruptcy-assessment")["progress"]
    lst = rules.Milestones.from_data(progress.at(date.today())["liquidation"], progress)
    assert lst.share("宣告破产") == D("0.6")
    assert lst.next_up("宣告破产") == ("完成债务人主要破产财产处置", D(70))
    assert lst.next_up(None)[0] == "完成管理人指定"
