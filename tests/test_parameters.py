"""Rules as dated data: the parameter files (calculators/<slug>.toml) bound to the words of
their articles by the build (handbook/parameters.py), resolved by date in the calculators
(calculators/rules.py), and the stale-calculator rule, on fixtures with two versions of
聘用人员管理办法 (the second amends 第十三条's 80% to 70% from 2027-01-01)."""
from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

import calculators
from calculators import leave_pay, rules
from calculators.engine import InputError
from handbook import parameters, sources
from handbook.parameters import Version
from handbook.sources import BuildError

ROOT = Path(__file__).resolve().parent.parent
REGS = sources.load(ROOT / "regulations")
CALCS = calculators.available()
AMENDED_ON = date(2027, 1, 1)
OLD_WORDS = "未出勤期间基本工资按80%的水平计发"
NEW_WORDS = "未出勤期间基本工资按70%的水平计发"


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """The versions seam for a fixture: contract-staff as issued until 2026-12-31, and an
    amended copy (第十三条 80% → 70%) in force from 2027-01-01; the others unchanged."""
    text = (ROOT / "regulations" / "11-contract-staff.md").read_text(encoding="utf-8")
    assert text.count(OLD_WORDS) == 1
    return amended_from(tmp_path_factory.mktemp("amended"), text.replace(OLD_WORDS, NEW_WORDS))


def amended_from(folder: Path, text: str):
    """versions_of with contract-staff as issued until 2026-12-31 and `text` from AMENDED_ON."""
    path = folder / "11-contract-staff.md"
    path.write_text(text, encoding="utf-8")
    original = next(r for r in REGS if r.slug == "contract-staff")
    amended = sources.parse(path)

    def versions_of(regs, slug):
        if slug == "contract-staff":
            return [Version(None, date(2026, 12, 31), original), Version(AMENDED_ON, None, amended)]
        return parameters.all_versions(regs, slug)
    return versions_of


def param_file(tmp_path: Path, text: str) -> rules.ParamFile:
    path = tmp_path / "contract-staff.toml"
    path.write_text(text, encoding="utf-8")
    return rules.parse(text, path)


CURRENT = (ROOT / "calculators" / "contract-staff.toml").read_text(encoding="utf-8")
DATED_SICK = CURRENT.replace(
    '[dismissal]',
    '[[sick_leave.values]]\n'
    'effective = 2027-01-01\n'
    'tiers = [\n'
    '  { up_to = 3, share = 1, quote = "病假3天以内(含3天)，基本工资照发" },\n'
    '  { above = 3, up_to = 10, share = 0.7, quote = "病假在4天以上（含4天）10天以内(含10天)，'
    '未出勤期间基本工资按70%的水平计发" },\n'
    '  { above = 10, share = 0.5, quote = "病假10天以上不足一个月的，未出勤期间基本工资按照50%的水平计发" },\n'
    ']\n'
    'over_month = { share = 0.3, quote = "连续休病假一个月以上的，未出勤期间基本工资按照30%的水平计发" }\n'
    'other_leave = { quote = "请婚假、丧假、产假等其他假期的工资待遇按国家相关政策规定执行" }\n\n'
    '[dismissal]')


def sick_deduction(monkeypatch, pfile: rules.ParamFile, on: str) -> str:
    monkeypatch.setattr(leave_pay, "PARAMS", pfile)
    return leave_pay.CALCULATOR.run({"base_salary": "4350", "sick_leave_days": "5", "as_of": on}).values["deduction"]


# ---------------------------------------------------------------- the real files


def test_every_quote_of_the_real_files_is_in_its_article_and_none_is_stale():
    """Fails when an article a calculator applies is amended and its parameter not yet."""
    assert rules.files(), "no parameter files found"
    assert parameters.check(REGS, CALCS) == []


def test_every_value_carries_its_article_and_quotes():
    for pfile in rules.files():
        for param in pfile.params.values():
            for value in param.values:
                assert value.quotes(), (pfile.path.name, param.key)


def test_titles_are_declared_once_and_match_the_regulations():
    by_slug = {r.slug: r for r in REGS}
    for slug, title in rules.TITLES.items():
        assert by_slug[slug].title.startswith(title)


def test_a_title_the_editor_supplied_is_cited_with_its_mark():
    # seed README: a supplied title is never shown as if the court had named the rules so
    by_slug = {r.slug: r for r in REGS}
    supplied = {slug for slug in rules.TITLES if by_slug[slug].meta.get("title_supplied")}
    assert supplied == {"contract-staff", "trial-quality-breakdown"}
    assert rules.cite("contract-staff", "第十二条").label == "聘用人员管理办法（编者拟题） 第十二条"
    assert rules.cite("performance-assessment", "第十二条").label == "绩效考核实施细则 第十二条"
    assert rules.where(rules.cite("contract-staff", "第十三条", "（二）")) == "第十三条（二）"
    import json
    example = json.loads((ROOT / "calculators" / "examples" / "trial-quality.json").read_text(encoding="utf-8"))[0]
    result = calculators.get("trial-quality").run(example["input"])
    labels = {line.cite.label for line in result.lines if line.cite}
    assert labels and all(label.startswith("审判质效指标任务分解办法（编者拟题） ") for label in labels)


def test_a_supplied_title_the_citations_do_not_mark_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "SUPPLIED_TITLES", {"trial-quality-breakdown"})
    with pytest.raises(BuildError) as err:
        parameters.check(REGS, CALCS, files=[param_file(tmp_path, CURRENT)])
    assert err.value.path == "calculators/contract-staff.toml" and err.value.line > 1
    assert "title_supplied" in err.value.message


# ---------------------------------------------------------------- binding fails with file:line


def test_a_quote_that_no_longer_matches_fails_the_build_with_file_and_line(tmp_path):
    bad = CURRENT.replace("按80%的水平计发", "按85%的水平计发")
    pfile = param_file(tmp_path, bad)
    with pytest.raises(BuildError) as err:
        parameters.check(REGS, CALCS, files=[pfile])
    line = next(n for n, text in enumerate(bad.split("\n"), 1) if "按85%" in text)
    assert err.value.path == "calculators/contract-staff.toml" and err.value.line == line
    assert "第十三条" in err.value.message and "按85%的水平计发" in err.value.message


def test_an_article_that_does_not_exist_fails_the_build(tmp_path):
    pfile = param_file(tmp_path, CURRENT.replace('article = "第十五条"', 'article = "第九十九条"'))
    with pytest.raises(BuildError) as err:
        parameters.check(REGS, CALCS, files=[pfile])
    assert "第九十九条" in err.value.message and err.value.line > 1


def test_whitespace_aside_the_words_must_be_the_articles():
    text = parameters.article_text(next(r for r in REGS if r.slug == "contract-staff"), "第十二条")
    assert parameters.squeeze("事假在3天(含3天)以上10天(含10天)以下的") in parameters.squeeze(text)
    # the source writes “3天 (含3天)” with spaces: the quote may leave them out, not change a word
    assert "事假在3天(含3天)以上10天(含10天)以下的" not in text


def test_a_value_dated_after_an_amendment_is_bound_to_the_amended_text(tmp_path, two_versions):
    # the 2027 value quotes the old 80% words: not in the version in force on 2027-01-01
    wrong = DATED_SICK.replace("按70%的水平计发", "按80%的水平计发", 1).replace("share = 0.7", "share = 0.8")
    with pytest.raises(BuildError) as err:
        parameters.check(REGS, CALCS, versions_of=two_versions, files=[param_file(tmp_path, wrong)])
    assert "2027-01-01" in err.value.message


# ---------------------------------------------------------------- dates


def test_parameters_resolve_by_date(tmp_path, two_versions, monkeypatch):
    """A rate changes by one dated value; a past date still computes under the old value."""
    pfile = param_file(tmp_path, DATED_SICK)
    assert parameters.check(REGS, CALCS, versions_of=two_versions, files=[pfile]) == []
    sick = pfile["sick_leave"]
    assert sick.at(date(2026, 12, 31))["tiers"][1]["share"] == D("0.8")
    assert sick.at(AMENDED_ON)["tiers"][1]["share"] == D("0.7")
    # 4350 / 21.75 = 200 a day; 5 days: 20% unpaid before, 30% unpaid after
    assert sick_deduction(monkeypatch, pfile, "2026-12-31") == "200.00"
    assert sick_deduction(monkeypatch, pfile, "2027-01-01") == "300.00"


def test_the_stale_calculator_rule(tmp_path, two_versions, monkeypatch):
    """Amended 第十三条, no value dated for it: the build warns (publishes), names the
    calculator and the file; the calculator computes before the date and refuses after."""
    stale = parameters.check(REGS, CALCS, versions_of=two_versions)
    assert [(s.key, s.article, s.amended) for s in stale] == [("sick_leave", "第十三条", AMENDED_ON)]
    message = stale[0].message()
    assert "leave-pay" in message and "calculators/contract-staff.toml [sick_leave]" in message
    # the words changed (80% -> 70%): amended in place, not renumbered
    assert stale[0].moved is None and "条号变动" not in message and "所引原话已不在条文中" in message
    # what the build ships with the calculators, read back as the calculators read it
    (text,) = parameters.runtime_files(stale).values()
    (tmp_path / rules.AMENDMENTS_FILE).write_text(text, encoding="utf-8")
    monkeypatch.setattr(rules, "HERE", tmp_path)
    monkeypatch.setattr(rules, "AMENDED", rules._amended())
    assert rules.AMENDED == {("contract-staff", "第十三条"): AMENDED_ON}
    before = leave_pay.CALCULATOR.run({"base_salary": "4350", "sick_leave_days": "5", "as_of": "2026-12-31"})
    assert before.values["deduction"] == "200.00"
    with pytest.raises(InputError) as err:
        leave_pay.CALCULATOR.run({"base_salary": "4350", "sick_leave_days": "5", "as_of": "2027-01-01"})
    assert "第十三条已于2027-01-01修改，计算器尚未更新" in err.value.errors["as_of"]


def test_no_runtime_file_when_nothing_is_stale():
    assert parameters.runtime_files([]) == {}


@pytest.mark.parametrize("text", ["2025-13-01", "昨天", "2025/06/31"])
def test_a_bad_calculation_date_is_a_chinese_message(text):
    with pytest.raises(InputError) as err:
        leave_pay.CALCULATOR.run({"base_salary": "3000", "as_of": text})
    assert set(err.value.errors) == {"as_of"} and "计算基准日" in err.value.errors["as_of"]


def test_every_calculator_takes_an_optional_calculation_date():
    for calc in CALCS:
        field = next((f for f in calc.fields if f.key == "as_of"), None)
        assert field is not None and not field.required, calc.name


def test_the_stale_rule_through_the_handbooks_own_versions(tmp_path):
    """No fixture seam: `build.py amend` (handbook.amend) writes a dated version of
    聘用人员管理办法 into a copy of regulations/; 第十三条 is changed in it; the binding,
    reading the versions through handbook.versions, finds the stale parameter."""
    from handbook import amend

    regs_dir = tmp_path / "regulations"
    shutil.copytree(ROOT / "regulations", regs_dir)
    path = amend.amend(regs_dir, "contract-staff", AMENDED_ON)
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")
    regs = sources.load(regs_dir)
    stale = parameters.check(regs, CALCS)
    assert [(s.key, s.article, s.amended, s.calculators) for s in stale] == \
        [("sick_leave", "第十三条", AMENDED_ON, ("leave-pay", "leave-pay-month"))]
    # a value dated for the amendment, quoting the new words, makes it current again
    (tmp_path / "contract-staff.toml").write_text(DATED_SICK, encoding="utf-8")
    pfile = rules.parse(DATED_SICK, tmp_path / "contract-staff.toml")
    others = [f for f in rules.files() if f.regulation != "contract-staff"]
    assert parameters.check(regs, CALCS, files=[pfile, *others]) == []


def test_a_build_from_other_regulations_warns_instead(tmp_path, capsys):
    """Test fixtures and drafts (not the handbook's regulations/) do not hold the words:
    the binding is reported, not enforced, and nothing is stale."""
    regs = sources.load(ROOT / "tests" / "fixtures" / "good")
    with pytest.raises(BuildError):
        parameters.check(regs, CALCS)
    assert parameters.check(regs, CALCS, strict=False) == []
    assert "not the handbook's regulations" in capsys.readouterr().err


def test_an_amendment_in_force_and_not_yet_dated_stops_no_calculator_from_loading(tmp_path):
    """Every article the parameters quote amended yesterday, none of its values dated for
    the amendment (the build writes calculators/amendments.toml so): the whole package
    still imports (the build's snapshot, the page and the command line import every
    calculator; one form's figures of today used to raise at import and stop them all),
    each calculation for today is refused with the amendment named, and the rule in words
    says so instead of quoting the old figures."""
    import json
    import subprocess
    import sys

    pkg = tmp_path / "calculators"
    shutil.copytree(Path(calculators.__file__).parent, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    yesterday = date.fromordinal(date.today().toordinal() - 1).isoformat()
    rows = sorted({(p.regulation, p.article) for f in rules.files() for p in f.params.values()})
    (pkg / rules.AMENDMENTS_FILE).write_text("".join(
        f'[[amended]]\nregulation = "{r}"\narticle = "{a}"\neffective = {yesterday}\n\n' for r, a in rows),
        encoding="utf-8")
    code = ("import json, calculators, calculators.web as w\n"
            "print(json.dumps({n: [calculators.get(n).formula, json.loads(w.handle(n, '{}'))]"
            " for n in sorted(calculators.MODULES)}, ensure_ascii=False))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert set(out) == set(calculators.MODULES)
    grading_formula = out["team-grading"][0]
    assert f"已于{yesterday}修改" in grading_formula, grading_formula
    leave = json.loads(subprocess.run(
        [sys.executable, "-c", "import calculators.web as w; print(w.handle('leave-pay', "
                               "'{\"base_salary\": \"3000\", \"sick_leave_days\": \"5\"}'))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120).stdout)
    assert leave["ok"] is False and f"已于{yesterday}修改" in leave["errors"]["as_of"], leave


def test_the_command_line_in_the_work_tree_refuses_an_amendment_not_yet_dated(tmp_path):
    """The work tree has no amendments.toml (only the shipped package does): the command
    line finds the amendment from regulations/ as the build does, computes a date before
    it and refuses one from it, naming it; never the old figures after the amendment."""
    import json
    import subprocess
    import sys

    from handbook import amend

    for part in ("calculators", "handbook", "regulations"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    path = amend.amend(tmp_path / "regulations", "contract-staff", AMENDED_ON)
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")

    def cli(as_of: str) -> tuple[int, dict]:
        payload = json.dumps({"base_salary": "4350", "sick_leave_days": "5", "as_of": as_of})
        run = subprocess.run([sys.executable, "-m", "calculators", "leave-pay", payload], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        return run.returncode, json.loads(run.stdout)

    code, before = cli("2026-12-31")
    assert code == 0 and before["deduction"] == "200.00", before
    code, after = cli(AMENDED_ON.isoformat())
    assert code == 2 and "第十三条已于2027-01-01修改，计算器尚未更新" in after["errors"]["as_of"], after


@pytest.mark.parametrize("text", ["2025-06-30", "2025-6-30", "2025/6/30", "2025.6.30", "2025年6月30日",
                                  "２０２５－０６－３０", "20250630", " 2025年6月30日 "])
def test_a_calculation_date_as_people_write_it(text):
    assert rules.as_of({"as_of": text}) == date(2025, 6, 30)


@pytest.mark.parametrize("text", ["2025", "2025年", "2025年度", "２０２５"])
def test_an_assessment_year_as_people_write_it(text):
    assert rules.as_of({"as_of": text}, yearly=True) == date(2025, 12, 31)


@pytest.mark.parametrize("text, yearly", [("2025-02-30", False), ("2025年6月", False), ("25", True), ("2025年6月", True)])
def test_a_date_that_is_not_one_is_still_refused(text, yearly):
    with pytest.raises(InputError):
        rules.as_of({"as_of": text}, yearly=yearly)


def test_an_edited_parameter_file_that_cannot_be_read_names_its_line(tmp_path):
    """The editor's mistakes in a parameter file: a date in quotes (as "发布之日" above it
    invites) is read as the date; a day that is no date, a missing quote, a missing
    effective are each said in Chinese with the file and line, by the build and by the
    command line, never a traceback (living-handbook QA L1)."""
    import subprocess
    import sys

    quoted = DATED_SICK.replace("effective = 2027-01-01", 'effective = "2027-01-01"')
    assert param_file(tmp_path, quoted)["sick_leave"].values[-1].effective == AMENDED_ON
    line = DATED_SICK[:DATED_SICK.index("effective = 2027-01-01")].count("\n") + 1
    for bad, said in ((DATED_SICK.replace("effective = 2027-01-01", 'effective = "2027-13-01"'),
                       f"calculators/contract-staff.toml 第{line}行：[sick_leave] 施行日期 effective 应写成日期"),
                      (DATED_SICK.replace("effective = 2027-01-01", 'effective = "2027-01-01'),
                       f"calculators/contract-staff.toml 第{line}行：不是有效的 TOML"),
                      (DATED_SICK.replace("effective = 2027-01-01\n", ""), "每组数值都要写施行日期 effective")):
        with pytest.raises(rules.ParamError) as err:
            param_file(tmp_path, bad)
        assert said in str(err.value), str(err.value)
    # the command line from a work tree whose parameter file the editor broke
    for part in ("calculators", "handbook", "regulations"):
        shutil.copytree(ROOT / part, tmp_path / "tree" / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "tree" / "calculators" / "contract-staff.toml").write_text(
        DATED_SICK.replace("effective = 2027-01-01", 'effective = "2027-13-01"'), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "calculators", "leave-pay", '{"base_salary": "3000"}'],
                         cwd=tmp_path / "tree", capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert f"calculators/contract-staff.toml 第{line}行" in run.stdout + run.stderr


@pytest.fixture(scope="module")
def renumbered(tmp_path_factory):
    """contract-staff amended from 2027-01-01 by a new 第十二条 inserted before the leave
    articles: the old 第十二条 (事假) becomes 第十三条, the old 第十三条 (病假) 第十四条, their
    words unchanged (the old 第十四条–第十七条 are one further on)."""
    import re as _re

    text = (ROOT / "regulations" / "11-contract-staff.md").read_text(encoding="utf-8")
    numerals = ["十二", "十三", "十四", "十五", "十六", "十七", "十八"]

    def shift(m):
        return f"### 第{numerals[numerals.index(m.group(1)) + 1]}条"
    body = _re.sub(r"### 第(十[二三四五六七])条", shift, text)
    body = body.replace("### 第十三条", "### 第十二条\n\n聘用人员上岗前应签订廉洁承诺书。\n\n### 第十三条", 1)
    return amended_from(tmp_path_factory.mktemp("renumbered"), body)


def test_an_article_renumbered_by_an_amendment_can_be_dated_under_its_new_number(tmp_path, renumbered, monkeypatch):
    """An amendment that renumbers the article a parameter quotes: the build says where its
    words now stand (原话现见于第十四条) and what to write; a value may then name its own
    article (article = "第十四条"), bound to it and computed from the amendment on. Before,
    the one article per parameter could not name both numbers: the calculators refused
    every date from the amendment on, for good (living-handbook QA L2)."""
    stale = parameters.check(REGS, CALCS, versions_of=renumbered)
    by_key = {s.key: s for s in stale}
    assert by_key["sick_leave"].moved == "第十四条" and by_key["personal_leave"].moved == "第十三条"
    assert "原话现见于第十四条（条号变动）" in by_key["sick_leave"].message()
    assert 'article = "第十四条"' in by_key["sick_leave"].message()
    # the editor's answer: the same words, dated, under their new number
    block = CURRENT[CURRENT.index("[[sick_leave.values]]"):CURRENT.index("[dismissal]")]
    moved = block.replace('effective = "发布之日"', 'effective = 2027-01-01\narticle = "第十四条"', 1)
    pfile = param_file(tmp_path, CURRENT.replace("[dismissal]", moved + "[dismissal]"))
    stale = parameters.check(REGS, CALCS, versions_of=renumbered, files=[pfile])
    assert "sick_leave" not in {s.key for s in stale}
    assert pfile["sick_leave"].values[-1].article == "第十四条"
    assert sick_deduction(monkeypatch, pfile, "2027-01-01") == "200.00"
    # a value whose article is wrong is refused with where its words stand
    wrong = CURRENT.replace("[dismissal]", block.replace('effective = "发布之日"', "effective = 2027-01-01", 1)
                            + "[dismissal]")
    with pytest.raises(BuildError) as err:
        parameters.check(REGS, CALCS, versions_of=renumbered, files=[param_file(tmp_path, wrong)])
    assert '原话现见于第十四条：请在这组数值里写 article = "第十四条"' in str(err.value)


def test_the_refusal_after_a_renumbering_gives_the_articles_new_number(tmp_path, renumbered, monkeypatch):
    """Until the editor dates a value for a renumbering amendment, the calculator refuses
    dates from it on; the refusal names the article by its old number and the number its
    words have now (the current 第十三条 is another article: living-handbook QA L12)."""
    stale = parameters.check(REGS, CALCS, versions_of=renumbered)
    (text,) = parameters.runtime_files(stale).values()
    (tmp_path / rules.AMENDMENTS_FILE).write_text(text, encoding="utf-8")
    monkeypatch.setattr(rules, "HERE", tmp_path)
    monkeypatch.setattr(rules, "AMENDED", rules._amended())
    monkeypatch.setattr(rules, "MOVED", rules._moved())
    with pytest.raises(InputError) as err:
        leave_pay.CALCULATOR.run({"base_salary": "4350", "sick_leave_days": "5", "as_of": "2027-01-01"})
    assert "第十三条（修改后为第十四条）已于2027-01-01修改，计算器尚未更新" in err.value.errors["as_of"]
    assert leave_pay.CALCULATOR.run({"base_salary": "4350", "sick_leave_days": "5",
                                     "as_of": "2026-12-31"}).values["deduction"] == "200.00"


def test_a_reading_that_quotes_words_an_amendment_removed_is_warned(tmp_path, capsys):
    """A calculator's reading quotes its article (条文说“未出勤期间基本工资按照50%的水平计发”);
    an amendment that changes those words leaves the reading explaining the old text: the
    build names it, so that the editor looks at it again (living-handbook QA L3)."""
    text = (ROOT / "regulations" / "11-contract-staff.md").read_text(encoding="utf-8")
    old = "未出勤期间基本工资按照50%的水平计发"
    assert old in text
    versions_of = amended_from(tmp_path, text.replace(old, "未出勤期间基本工资按照60%的水平计发"))
    warned = parameters.stale_readings(REGS, CALCS, versions_of)
    assert any("理解“比例适用于当月该类假期的全部天数”" in w and f"“{old}”自2027-01-01起已不在条文中" in w
               for w in warned), warned
    assert parameters.stale_readings(REGS, CALCS) == []     # the handbook as it is: none


# ---------------------------------------------------------------- the day an import stands for


def test_an_import_holds_until_a_value_or_an_amendment_takes_effect(tmp_path, monkeypatch):
    """The build's snapshot keeps an import of its own day (rules.IMPORTED_ON); the page
    checks rules.still_current() after a restore: true on any later day of the same rules
    in force, false from the day a dated value (or an amendment not yet dated) takes effect."""
    param_file(tmp_path, DATED_SICK)
    assert rules.changes(tmp_path) == [AMENDED_ON]
    assert rules.regime(date(2026, 12, 31), tmp_path) is None
    assert rules.regime(date(2027, 3, 1), tmp_path) == AMENDED_ON
    (tmp_path / rules.AMENDMENTS_FILE).write_text(
        '[[amended]]\nregulation = "contract-staff"\narticle = "第十四条"\neffective = 2027-06-01\n', encoding="utf-8")
    assert rules.changes(tmp_path) == [AMENDED_ON, date(2027, 6, 1)]
    monkeypatch.setattr(rules, "files", lambda: [rules.parse(DATED_SICK, tmp_path / "contract-staff.toml")])
    monkeypatch.setattr(rules, "AMENDED", {("contract-staff", "第十四条"): date(2027, 6, 1)})
    monkeypatch.setattr(rules, "IMPORTED_ON", date(2026, 11, 30))
    assert rules.still_current(date(2026, 12, 31))          # a month later, the same rules
    assert not rules.still_current(date(2027, 1, 1))        # the dated value in force
    monkeypatch.setattr(rules, "IMPORTED_ON", date(2027, 2, 1))
    assert rules.still_current(date(2027, 5, 31))
    assert not rules.still_current(date(2027, 6, 1))        # the amendment in force


def test_the_snapshot_is_made_again_once_a_change_is_in_force(tmp_path):
    """The cache key of the build's snapshot follows the rules in force on the build's day,
    not the day itself: the same on two days of one regime, new from a change's day."""
    from handbook import pyodide_fast
    runtime = ROOT / "node_modules" / "pyodide"
    pkg = tmp_path / "calculators"
    pkg.mkdir()
    (pkg / "contract-staff.toml").write_text(DATED_SICK, encoding="utf-8")
    key = lambda day: pyodide_fast.input_hash(runtime, pkg, day)   # noqa: E731
    assert key(date(2026, 11, 30)) == key(date(2026, 12, 31))
    assert key(date(2026, 12, 31)) != key(AMENDED_ON) == key(date(2027, 5, 1))
