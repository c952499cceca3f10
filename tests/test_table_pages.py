"""The table grid in headless Chromium, over http and from disk (file://): a block pasted
as from Excel's clipboard (title row, BOM, 序号, any column order, trailing tabs, blank
line, 合计 row, one bad row), errors on their cells with the other rows still computed,
.xlsx written by openpyxl imported, exports downloaded and read back by openpyxl, a
table surviving a reload, 清空 and 撤销, a bad file refused with the table kept, the
计算单 printed to PDF by Chromium and read with pdftotext; and the chain
trial-quality-team → annual-assessment-team → team-grading through exported files.
(Every table calculator's examples also run through the grid in test_calc_pages.py.)"""
from __future__ import annotations

import io
import json
import re
import subprocess
from datetime import date
from urllib.parse import quote
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import calculators
from test_calc_pages import TRANSPORTS, Watch, base_url, open_calc, paste_into_grid
from test_tables import workbook_with_cover, xlsx_bytes

ROOT = Path(__file__).resolve().parent.parent
SETTLED = "handbookCalc.rendered === handbookCalc.requested && handbookCalc.requested > {n}"


def settle(page, before: int) -> dict:
    page.wait_for_function(SETTLED.format(n=before), timeout=30_000)
    return page.evaluate("handbookCalc.lastResponse")


def grid_column(page, key: str, col: str) -> list[str]:
    return page.eval_on_selector_all(
        f'.calc-grid[data-grid-for="{key}"] tbody [data-col="{col}"]:not(td)',
        "els => els.map(e => e.type === 'checkbox' ? (e.checked ? '是' : '') : e.value)")


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def pdf_text(page, tmp_path: Path) -> str:
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.click("#calc-result .calc-print")
    assert page.evaluate("window.__printed") == 1
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(text.split())          # the layout's spacing is not the point


PASTED = ("\ufeff2024年3月聘用人员工资表\t\t\t\t\t\n"
          "序号\t病假天数\t姓名\t月基本工资（元）\t事假\t\n"
          "1\t\t张三\t3000\t5\t\n"
          "2\t5\t李四\t4350\t\t\n"
          "\n"
          "3\t\t王五\t三千\t\t\n"
          "4\t\t赵六\t3200\t0\t\n"
          "合计\t5\t\t13550\t5\t\n")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_payroll_grid_paste_files_saving_and_print(site, http_root, page, transport, tmp_path):
    base = base_url(transport, site, http_root)
    watch = Watch(page)
    open_calc(page, base + "calculators/leave-pay-month.html")
    page.click("#calc-reset")

    # a block from Excel: the header is found under the title, 序号 and 合计 skipped
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", PASTED, row=1, col=2)
    response = settle(page, before)
    assert grid_column(page, "people", "name") == ["张三", "李四", "王五", "赵六"]
    assert grid_column(page, "people", "sick_leave_days") == ["", "5", "", ""]
    assert "已粘贴 4 行" in page.text_content(".calc-grid-notice")
    # the bad row is marked on its cell; the others are computed
    assert response["ok"] is False and list(response["errors"]) == ["people.3.base_salary"]
    bad = page.locator('.calc-grid tbody tr:nth-child(3) td[data-col="base_salary"].calc-cell-bad')
    assert "「月基本工资」应为数字" in bad.text_content()
    assert page.get_attribute("#calc-result", "data-state") == "partial"
    assert response["partial"]["totals"] == {"base_salary": "10550.00", "deduction": "544.83", "pay": "10005.17"}

    # another row edited, the same error again: its cell and the field's error line are left
    # as they are (no element touched), the others' numbers change
    page.evaluate("""() => {
      window.__touched = 0;
      const mo = new MutationObserver(l => { window.__touched += l.length; });
      for (const el of [document.querySelector('.calc-grid tbody tr:nth-child(3) td[data-col="base_salary"]'),
                        document.querySelector('.calc-error[data-error-for="people"]')])
        mo.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
    }""")
    cell = page.locator('.calc-grid tbody tr:nth-child(1) input[data-col="personal_leave_days"]')
    was = cell.input_value()
    before = page.evaluate("handbookCalc.requested")
    cell.fill("1" if was != "1" else "2")
    response = settle(page, before)
    assert list(response["errors"]) == ["people.3.base_salary"]
    assert response["partial"]["totals"]["deduction"] != "544.83"
    assert page.evaluate("window.__touched") == 0
    assert "「月基本工资」应为数字" in bad.text_content()
    before = page.evaluate("handbookCalc.requested")
    cell.fill(was)
    assert settle(page, before)["partial"]["totals"]["deduction"] == "544.83"

    # corrected on the grid, the whole table computes
    before = page.evaluate("handbookCalc.requested")
    page.locator('.calc-grid tbody tr:nth-child(3) input[data-col="base_salary"]').fill("3000")
    response = settle(page, before)
    assert response["ok"], response
    assert response["result"]["totals"]["pay"] == "13005.17"
    assert page.locator(".calc-cell-bad").count() == 0

    # export .xlsx and read it back
    ws = openpyxl.load_workbook(io.BytesIO(download(page, ".calc-grid-export-xlsx"))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["序号", "姓名", "月基本工资", "事假天数", "病假天数", "扣发基本工资", "应发基本工资"]
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4, "合计"]
    assert [r[1] for r in rows[1:5]] == ["张三", "李四", "王五", "赵六"]
    assert rows[-1][6] == pytest.approx(13005.17) and ws["G2"].number_format == "0.00"
    csv_data = download(page, ".calc-grid-export-csv")
    assert csv_data.startswith(b"\xef\xbb\xbf")
    assert [ln.split(",")[:2] for ln in csv_data.decode("utf-8-sig").split("\r\n") if ln] == [
        ["序号", "姓名"], ["1", "张三"], ["2", "李四"], ["3", "王五"], ["4", "赵六"], ["合计", ""]]   # the totals, as in the .xlsx

    # the print sheet: A4, court, inputs as a list with totals, articles, signatures
    text = pdf_text(page, tmp_path)
    for words in ("廊坊经济技术开发区人民法院", "聘用人员月度事假、病假工资表 计算单", "经办人", "审核人", "日期",
                  "赵六", "合计", "13005.17", "聘用人员管理办法（编者拟题） 第十二条", "日工资的折算天数"):
        assert "".join(words.split()) in text, words

    # a reload keeps the table (saved in the browser)
    page.wait_for_function("document.querySelector('.calc-grid').hasAttribute('data-saved')")
    page.wait_for_timeout(400)
    open_calc(page, base + "calculators/leave-pay-month.html")
    assert grid_column(page, "people", "name") == ["张三", "李四", "王五", "赵六"]
    notice = page.text_content(".calc-grid-notice")   # when it was saved, in Chinese
    assert re.search(r"已恢复上次在本浏览器中填写的表格（\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d）", notice), notice
    page.wait_for_function("window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok")

    # a file that is not a workbook is refused; the table stays
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "工资.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04not a zip"}])
    page.wait_for_selector(".calc-grid-notice-bad")
    assert "未导入“工资.xlsx”" in page.text_content(".calc-grid-notice")
    assert "表格保持不变" in page.text_content(".calc-grid-notice")
    assert grid_column(page, "people", "name") == ["张三", "李四", "王五", "赵六"]

    # a workbook written by openpyxl (title row, 序号, a 合计 row) replaces it, undoably
    book = xlsx_bytes([["序号", "姓名", "月基本工资", "病假天数"], [1, "钱七", 4000, 5],
                       [2, "孙八", 3600.5, None], ["合计", None, 7600.5, None]], title="四月")
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "四月.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": book}])
    page.wait_for_function("document.querySelector('.calc-grid-notice').textContent.indexOf('已导入') >= 0")
    page.wait_for_function("window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok"
                           " && handbookCalc.lastResponse.result.count === 2"
                           " && handbookCalc.rendered === handbookCalc.requested", timeout=30_000)
    response = page.evaluate("handbookCalc.lastResponse")
    assert grid_column(page, "people", "name") == ["钱七", "孙八"]
    assert response["ok"] and response["result"]["totals"]["base_salary"] == "7600.50"

    # 清空 and 撤销
    page.click(".calc-grid-clear")
    assert grid_column(page, "people", "name") == ["", "", ""]
    page.click(".calc-grid-undo")
    assert grid_column(page, "people", "name") == ["钱七", "孙八"]

    assert not page.requests.foreign(base), page.requests.foreign(base)[:5]
    assert not watch.errors, watch.errors


def test_keyboard_rows_and_choices(site, page):
    """Enter moves down (adding a row at the end), arrows move between cells; a row can
    be duplicated and deleted; a choice pasted by its Chinese label is selected."""
    open_calc(page, site.resolve().as_uri() + "/calculators/team-grading.html")
    page.click("#calc-reset")
    first = page.locator('.calc-grid tbody tr:nth-child(1) input[data-col="name"]')
    first.fill("甲")
    first.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "第2行 姓名"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.value") == "甲"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('data-col')") == "category"
    paste_into_grid(page, "people", "法官助理\t88\n书记员\t90", row=0, col=1)
    assert grid_column(page, "people", "category")[:2] == ["assistant", "clerk"]
    assert grid_column(page, "people", "score")[:2] == ["88", "90"]
    page.click(".calc-grid tbody tr:nth-child(1) button[data-act=dup]")
    assert grid_column(page, "people", "name")[:2] == ["甲", "甲"]
    page.click(".calc-grid tbody tr:nth-child(2) button[data-act=del]")
    assert grid_column(page, "people", "name")[:2] == ["甲", ""]
    page.click(".calc-grid-add")
    assert len(grid_column(page, "people", "name")) == 4
    # a CSV as Excel/WPS on Chinese Windows saves it (GB18030), read by Python in the page
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "名单.csv", "mimeType": "text/csv",
         "buffer": "序号,姓名,人员类别,综合考核得分\r\n1,张三,法官助理,90\r\n2,李四,书记员,85\r\n".encode("gb18030")}])
    page.wait_for_function("document.querySelector('.calc-grid-notice').textContent.indexOf('已导入') >= 0")
    assert grid_column(page, "people", "name") == ["张三", "李四"]
    assert grid_column(page, "people", "category") == ["assistant", "clerk"]
    # 填入示例: the example (tab-separated, Chinese headers) lands in the grid
    example = json.loads((ROOT / "calculators/examples/team-grading.json").read_text(encoding="utf-8"))
    page.click(".calc-example-button")
    assert grid_column(page, "people", "name") == [p["name"] for p in example[0]["input"]["people"]]


def test_a_workbook_with_a_cover_sheet_is_read_from_its_data_sheet(site, page):
    """From disk: a workbook whose first sheets are a chart and 填表说明 (and a hidden old
    month) is read from the sheet with the table, and the notice says which."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "十一月.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": workbook_with_cover()}])
    page.wait_for_function("document.querySelector('.calc-grid-notice').textContent.indexOf('已导入') >= 0")
    notice = page.text_content(".calc-grid-notice")
    assert "工作表“11月”" in notice and "“填表说明”中没有本表的列名和数据" in notice, notice
    assert grid_column(page, "people", "name") == ["张三", "李四"]


def test_a_block_with_a_two_row_header_is_pasted_as_one_header(site, page):
    """Copied from a sheet whose header is drawn on two rows (请假天数 over 事假 | 病假,
    the other titles merged down: Excel copies them as empty cells below)."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    block = ("2026年11月聘用人员工资表\t\t\t\t\t\n"
             "序号\t姓名\t月基本工资（元）\t请假天数\t\t备注\n"
             "\t\t\t事假\t病假\t\n"
             "1\t张三\t3000\t12\t\t婚假另计\n"
             "2\t李四\t4200\t\t8\t\n")
    paste_into_grid(page, "people", block)
    assert grid_column(page, "people", "name") == ["张三", "李四"]
    assert grid_column(page, "people", "personal_leave_days") == ["12", ""]
    assert grid_column(page, "people", "sick_leave_days") == ["", "8"]
    notice = page.text_content(".calc-grid-notice")
    assert "备注" in notice and "请假天数" not in notice, notice


def test_the_team_grid_draws_the_chosen_roles_columns(http_root, page):
    """审判质效（团队）: the grid shows 姓名 and the chosen role's indicators only (a
    mediation team: 2 columns, not the 33 of every role). Values pasted for another role
    are kept, said, and not sent; choosing that role shows them and computes with them."""
    open_calc(page, http_root + "calculators/trial-quality-team.html")
    page.click("#calc-reset")
    page.select_option('#calc-form [name="role"]', "mediation")
    heads = lambda: page.eval_on_selector_all('.calc-grid thead th[data-col]', "ths => ths.map(t => t.dataset.col)")
    assert heads() == ["name", "diversion_rate", "resolution_rate"]
    paste_into_grid(page, "people", "姓名\t结案率\t结收比\t民商事案件诉前分流率\n张一\t90\t95\t50\n王二\t85\t90\t45")
    notice = page.text_content(".calc-grid-notice")
    assert "不属于所选的人员类别：诉前调解" in notice and "结案率" in notice and "结收比" in notice, notice
    assert grid_column(page, "people", "diversion_rate") == ["50", "45"]
    sent = page.eval_on_selector('#calc-form textarea[name="people"]', "t => t.value")
    assert sent.split("\n")[0].split("\t") == ["name", "diversion_rate"], sent
    # the judge's columns, with the values pasted before
    page.select_option('#calc-form [name="role"]', "judge")
    assert heads()[:3] == ["name", "closure_rate", "closure_filing_ratio"] and "diversion_rate" not in heads()
    assert grid_column(page, "people", "closure_rate") == ["90", "85"]
    sent = page.eval_on_selector('#calc-form textarea[name="people"]', "t => t.value")
    assert "closure_rate" in sent and "diversion_rate" not in sent, sent
    assert page.locator(".calc-grid tbody input").count() < 60
    # the blank template has the columns drawn: 姓名 and the judge's indicators
    book = openpyxl.load_workbook(io.BytesIO(download(page, ".calc-grid-template")))
    header = [c.value for c in next(book.active.iter_rows(max_row=1))]
    judge = [c.label for c in calculators.get("trial-quality-team").fields[2].columns
             if c.shown_with and "judge" in c.shown_with["role"]]
    assert header == ["姓名"] + judge, header


def test_the_year_grid_can_show_one_kind_of_row_s_columns(http_root, page):
    """全体人员 has 37 columns for four kinds of staff. 显示的列：适用于法官助理的 draws only
    the columns that apply to assistants; the values in the others (a judge's row) stay,
    are still sent and computed, and show again under 全部."""
    open_calc(page, http_root + "calculators/annual-assessment-team.html")
    page.click("#calc-reset")
    heads = lambda: page.eval_on_selector_all('.calc-grid thead th[data-col]', "ths => ths.map(t => t.dataset.col)")
    columns = calculators.get("annual-assessment-team").fields[0].columns
    assert len(heads()) == len(columns)
    # a judge (annual-assessment's example) and an assistant (this calculator's), by their keys
    examples = ROOT / "calculators" / "examples"
    one = json.loads((examples / "annual-assessment.json").read_text(encoding="utf-8"))
    judge_row = {"name": "法官甲", **next(e["input"] for e in one if e["title"].startswith("员额法官：基准200件"))}
    team = json.loads((examples / "annual-assessment-team.json").read_text(encoding="utf-8"))
    rows = [judge_row, team[0]["input"]["people"][0]]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    block = "\n".join(["\t".join(keys)] + ["\t".join(str(r.get(k, "")) for k in keys) for r in rows])
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", block)
    judge = settle(page, before)
    assert judge["ok"], judge
    page.select_option(".calc-grid-view select", "assistant")
    shown = heads()
    assert shown == [c.key for c in columns if not c.show_if or "assistant" in c.show_if["category"]], shown
    assert "baseline_cases" not in shown and "pretrial" in shown
    # an edit in the assistant's columns: the judge's hidden values are still sent and counted
    before = page.evaluate("handbookCalc.requested")
    page.locator('.calc-grid tbody tr:nth-child(2) input[data-col="pretrial"]').fill("19")
    after = settle(page, before)
    sent = page.eval_on_selector('#calc-form textarea[name="people"]', "t => t.value")
    assert "baseline_cases" in sent.split("\n")[0] and "\t200\t" in sent, sent
    assert after["ok"] and after["result"]["table"]["rows"][0] == judge["result"]["table"]["rows"][0]
    page.select_option(".calc-grid-view select", "")
    assert len(heads()) == len(columns)
    assert grid_column(page, "people", "baseline_cases") == ["200", ""]
    assert grid_column(page, "people", "pretrial") == ["", "19"]


def test_single_calculator_prints_its_sheet(site, page, tmp_path):
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay.html#base_salary=3000&personal_leave_days=5")
    page.wait_for_function("window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok")
    text = pdf_text(page, tmp_path)
    for words in ("廊坊经济技术开发区人民法院", "聘用人员事假、病假工资计算 计算单", "计算日期", "月基本工资",
                  "3000 元", "344.83", "2655.17", "依据：聘用人员管理办法（编者拟题） 第十二条", "理解：比例适用于当月该类假期的全部天数",
                  "经办人", "审核人"):
        assert "".join(words.split()) in text, words
    today = date.today()
    assert f"计算日期：{today.year}年{today.month}月{today.day}日" in text
    assert "计算规则" not in text and "依据的条文" not in text     # the page itself is not printed


def _team_of_clerks() -> dict:
    example = json.loads((ROOT / "calculators/examples/trial-quality-team.json").read_text(encoding="utf-8"))
    return next(c["input"] for c in example if c["input"].get("role") == "clerk" and "error_keys" not in c["expect"])


def test_chain_without_retyping(http_root, page, tmp_path):
    """trial-quality-team's exported scores import into annual-assessment-team; its
    export imports into team-grading as it is."""
    watch = Watch(page)
    team = _team_of_clerks()
    tq = calculators.get("trial-quality-team")
    open_calc(page, http_root + "calculators/trial-quality-team.html")
    page.click("#calc-reset")
    page.select_option('#calc-form [name="role"]', "clerk")
    values = tq.form_values(team)
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", values["people"])
    assert settle(page, before)["ok"]
    first = download(page, ".calc-grid-export-xlsx")

    open_calc(page, http_root + "calculators/annual-assessment-team.html")
    page.click("#calc-reset")
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "质效.xlsx", "mimeType": "application/octet-stream", "buffer": first}])
    page.wait_for_function("document.querySelector('.calc-grid-notice').textContent.indexOf('已导入') >= 0")
    names = [p["name"] for p in team["people"]]
    assert grid_column(page, "people", "name") == names
    assert set(grid_column(page, "people", "category")) == {"clerk"}
    assert all(grid_column(page, "people", "quality_total"))
    assert grid_column(page, "people", "quality_group_size") == [str(len(names))] * len(names)
    # the parts that trial-quality does not compute are typed in
    for r in range(1, len(names) + 1):
        for col, v in (("pretrial", "9"), ("trial", "20"), ("posttrial", "20"), ("assigned_work", "4"),
                       ("unit_judge_rating", "5"), ("department_rating", "4.5"), ("leader_rating", "5")):
            page.locator(f'.calc-grid tbody tr:nth-child({r}) input[data-col="{col}"]').fill(v)
    before = page.evaluate("handbookCalc.requested")
    page.click("#calc-run")
    response = settle(page, before)
    assert response["ok"], response.get("errors")
    scores = {r["name"]: Decimal(r["total"]) for r in response["result"]["rows"]}
    second = download(page, ".calc-grid-export-xlsx")

    open_calc(page, http_root + "calculators/team-grading.html")
    page.click("#calc-reset")
    page.fill('#calc-form [name="standard_bonus"]', "10000")
    page.set_input_files(".calc-grid input[type=file]", files=[
        {"name": "年度.xlsx", "mimeType": "application/octet-stream", "buffer": second}])
    page.wait_for_function("document.querySelector('.calc-grid-notice').textContent.indexOf('已导入') >= 0")
    # the bonus typed above computed an empty table first: wait for the imported one
    page.wait_for_function("handbookCalc.rendered === handbookCalc.requested"
                           " && handbookCalc.lastResponse && handbookCalc.lastResponse.ok", timeout=30_000)
    response = page.evaluate("handbookCalc.lastResponse")
    graded = {r["name"]: Decimal(r["score"]) for r in response["result"]["table"]["rows"]}
    assert graded == scores
    assert not watch.errors, watch.errors


def test_three_hundred_rows_reach_python_and_scroll_into_view(site, page):
    """A 300-row paste: every row is sent and computed; only the rows in view are built,
    and a bad row far down is marked once it is scrolled to."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    lines = ["序号\t姓名\t月基本工资\t事假天数"] + [
        f"{i}\t人员{i}\t{'三千' if i == 280 else 3000 + i}\t{i % 12}" for i in range(1, 301)]
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "\n".join(lines) + "\n")
    response = settle(page, before)
    assert list(response["errors"]) == ["people.280.base_salary"]
    assert response["partial"]["count"] == 299
    assert len(page.locator('#calc-form [name="people"]').input_value().split("\n")) == 301
    assert page.locator(".calc-grid tbody tr[data-row]").count() < 100
    page.locator(".calc-grid-wrap").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    bad = page.locator('.calc-grid tr[data-row="279"] td[data-col="base_salary"].calc-cell-bad')
    bad.wait_for(timeout=10_000)
    assert "应为数字" in bad.text_content()
    last = page.locator('.calc-grid tr[data-row="299"] input[data-col="name"]')
    assert last.input_value() == "人员300"
    last.press("Enter")                     # Enter on the last row adds one
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "第301行 姓名"


def test_a_wide_long_table_builds_the_columns_in_view(http_root, page):
    """300 rows of annual-assessment-team (37 columns, all drawn under 全部): only the rows
    and the columns in view are built, with spacer cells keeping the width. Scrolled to
    the right, the last columns are built with their pasted values and an error on one
    of them is marked; the arrow keys walk into columns not built yet; every row and
    column is still sent."""
    open_calc(page, http_root + "calculators/annual-assessment-team.html")
    page.click("#calc-reset")
    columns = calculators.get("annual-assessment-team").fields[0].columns
    keys = [c.key for c in columns]
    assert len(keys) > 30
    last_key = keys[-1]
    kinds = {c.key: c for c in columns}

    def value(key, i):
        c = kinds[key]
        if key == "name":
            return f"人员{i}"
        if c.kind == "choice":
            return c.choices[0][1]
        if c.kind == "bool":
            return "否"
        return "x" if (key == last_key and i == 5) else "1"
    lines = ["\t".join(c.label for c in columns)] + [
        "\t".join(value(k, i) for k in keys) for i in range(1, 301)]
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "\n".join(lines) + "\n")
    response = settle(page, before)
    assert any(k.startswith("people.5.") for k in response["errors"]), response["errors"]
    sent = page.locator('#calc-form [name="people"]').input_value().split("\n")
    assert len(sent) == 301 and len(sent[0].split("\t")) >= 30
    row = page.locator('.calc-grid tbody tr[data-row="0"]')
    built = row.locator("[data-col]:not(td)").count()
    assert 3 <= built < len(keys) - 10, built
    assert row.locator("td.calc-grid-colspacer").count() == 1          # the columns to the right
    assert page.locator(f'.calc-grid tbody input[data-col="{last_key}"]').count() == 0
    # the header keeps every column, so the scroll width is the whole table's
    assert page.locator(".calc-grid thead th[data-col]").count() == len(keys)
    page.locator(".calc-grid-wrap").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    far = page.locator(f'.calc-grid tr[data-row="4"] td[data-col="{last_key}"].calc-cell-bad')
    far.wait_for(timeout=10_000)
    assert page.locator(f'.calc-grid tr[data-row="0"] [data-col="{last_key}"]:not(td)').count() == 1
    assert page.locator('.calc-grid tbody tr[data-row="0"] [data-col="name"]:not(td)').count() == 0
    # back to the left, then the arrow keys walk right past the columns built
    page.locator(".calc-grid-wrap").evaluate("el => { el.scrollLeft = 0; }")
    first = page.locator('.calc-grid tr[data-row="1"] input[data-col="name"]')
    first.wait_for(timeout=10_000)
    first.click()
    for _ in range(len(keys) - 1):
        page.keyboard.press("ArrowRight")
        if page.evaluate("document.activeElement.type === 'text'"):
            page.keyboard.press("End")   # the caret at the cell's end: the next arrow moves on
    focused = page.evaluate("document.activeElement.getAttribute('data-col')")
    assert focused == last_key, focused
    assert page.evaluate("document.activeElement.closest('tr').dataset.row") == "1"


def test_a_headerless_block_keeps_the_rows_it_writes_over(site, page):
    """Rows copied without their header: a 合计 row under them is not pasted as a person; a
    cell that merely starts with a quote (a 备注 “"优秀”, WPS does not quote it) does not
    swallow the rows after it; pasting over filled rows keeps the table before for 撤销."""
    watch = Watch(page)
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "张三\t3,000\t5\r\n李四\t４３５０\t\r\n合计\t7,350\t5\r\n\r\n")
    response = settle(page, before)
    assert grid_column(page, "people", "name") == ["张三", "李四", ""]
    assert "合计、平均值或签名行（1 行）不是人员，没有粘贴" in page.text_content(".calc-grid-notice")
    assert response["ok"] and response["result"]["totals"]["base_salary"] == "7350.00"
    paste_into_grid(page, "people", '"王五\t5000\n赵六\t6000\t"2\n')
    assert grid_column(page, "people", "name") == ['"王五', "赵六", ""]
    assert "撤销" in page.text_content(".calc-grid-notice")
    page.click(".calc-grid-undo")
    assert grid_column(page, "people", "name") == ["张三", "李四", ""]
    assert grid_column(page, "people", "base_salary") == ["3,000", "４３５０", ""]
    assert not watch.errors, watch.errors


def test_errors_name_the_rows_as_the_grid_numbers_them(site, page):
    """A blank row in the grid is not sent: the messages still say the grid's row (李四 on
    the grid's 3rd row is 第3行, not the 2nd row sent)."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    paste_into_grid(page, "people", "张三\t3000\n")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "李四\tabc\n王五\t3000\t40", row=2)     # the 2nd row stays blank
    response = settle(page, before)
    assert sorted(response["errors"]) == ["people.2.base_salary", "people.3.personal_leave_days"]
    line = page.text_content('.calc-error[data-error-for="people"]')
    assert "第3行（李四）" in line and "第4行（王五）" in line, line
    assert page.locator('.calc-grid tr[data-row="2"] td[data-col="base_salary"].calc-cell-bad').count() == 1


def test_undo_keeps_the_table_it_replaces(site, page):
    """清空, a new table pasted, then 撤销 (the button is still there): the old table
    comes back and the new one is not lost, a second click brings it back."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    paste_into_grid(page, "people", "姓名\t月基本工资\n张三\t3000\n李四\t3100\n")
    page.click(".calc-grid-clear")
    paste_into_grid(page, "people", "姓名\t月基本工资\n王五\t3200\n")
    page.click(".calc-grid-undo")
    assert grid_column(page, "people", "name") == ["张三", "李四"]
    assert "可再点“撤销”找回" in page.text_content(".calc-grid-notice")
    page.click(".calc-grid-undo")
    assert grid_column(page, "people", "name") == ["王五"]


def test_an_error_in_a_column_not_drawn_reads_clearly(http_root, page):
    """显示的列：书记员, a judge's row below: its judge-only errors sit on its 姓名 cell,
    each naming its column, without a dangling 「人员」：."""
    open_calc(page, http_root + "calculators/annual-assessment-team.html")
    page.click("#calc-reset")
    page.select_option(".calc-grid-view select", "clerk")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "甲\t书记员\t9\t20\n乙\t员额法官\t8\t19\n")
    settle(page, before)
    name = page.locator('.calc-grid tr[data-row="1"] td[data-col="name"] .calc-cell-error').text_content()
    assert "「本人年结案数」必须填写" in name and "「人员」" not in name, name
    pretrial = page.locator('.calc-grid tr[data-row="1"] td[data-col="pretrial"] .calc-cell-error').text_content()
    assert pretrial == "「庭前工作」不适用于「人员类别」“员额法官”（只适用于法官助理、书记员），请删去", pretrial


def test_a_block_pasted_below_a_filled_table_says_so(site, page):
    """A block with its header pasted into a filled table follows its rows: the notice says
    so (the same month pasted twice would otherwise be counted twice unnoticed)."""
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    block = "姓名\t月基本工资\n张三\t3000\n李四\t3100\n"
    paste_into_grid(page, "people", block)
    assert "接在" not in page.text_content(".calc-grid-notice")
    paste_into_grid(page, "people", block)
    assert grid_column(page, "people", "name") == ["张三", "李四", "张三", "李四"]
    assert "接在已有的 2 行之后" in page.text_content(".calc-grid-notice")


def test_a_colleagues_link_says_the_table_it_replaced_can_be_had_back(http_root, page):
    """A link holding another table (a colleague's 工资表) replaces the saved one: the notice
    says so, and 撤销 brings one's own back."""
    open_calc(page, http_root + "calculators/leave-pay-month.html")
    page.click("#calc-reset")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "姓名\t月基本工资\t事假天数\n张三\t3000\t5\n")
    settle(page, before)
    page.wait_for_timeout(500)                      # saved
    link = "people=" + quote("姓名\t月基本工资\t事假天数\n李四\t4350\t2")
    page.goto(http_root + "calculators/leave-pay-month.html#" + link)
    page.wait_for_function("handbookGrids.people && handbookGrids.people.rows[0].name === '李四'", timeout=20_000)
    assert "原来的表格已保留" in page.text_content(".calc-grid-notice")
    page.click(".calc-grid-undo")
    assert grid_column(page, "people", "name")[0] == "张三"


def test_a_paste_is_read_like_a_file(site, page):
    """What a file on the command line is refused for, a paste is refused for (two columns
    for one input: 基本工资 and 月工资 are both 月基本工资; a unit not the column's), the
    table staying as it was; 合计/平均值/全省平均 rows and a signature line are not people,
    and the notice says so."""
    watch = Watch(page)
    open_calc(page, site.resolve().as_uri() + "/calculators/leave-pay-month.html")
    page.click("#calc-reset")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", "序号\t姓名\t月基本工资\t事假天数\r\n1\t张三\t3000\t5\r\n2\t李四\t4350\t\r\n"
                                    "3\t合计：\t7350\t5\r\n\t平均值\t3675\t2.5\r\n\t全省平均\t3600\t2\r\n"
                                    "\t制表人：王五\t\t\r\n")
    response = settle(page, before)
    assert grid_column(page, "people", "name") == ["张三", "李四"]
    notice = page.text_content(".calc-grid-notice")
    assert "已粘贴 2 行" in notice and "合计、平均值或签名行（4 行）不是人员，没有粘贴" in notice, notice
    assert response["ok"] and response["result"]["totals"]["base_salary"] == "7350.00"
    for block, why in (("姓名\t基本工资\t月工资\t事假天数\r\n王五\t3000\t5200\t1\r\n",
                        "列名“月工资”与“基本工资”指的是同一列，请删去其中一列"),
                       ("姓名\t月基本工资（千元）\t事假天数\r\n王五\t3\t1\r\n",
                        "列名“月基本工资（千元）”的单位是千元，本表的「月基本工资」以元为单位"),
                       ("姓名\t月基本工资\t事假天数（小时）\r\n王五\t3000\t4\r\n", "的单位是小时"),
                       # a header that reads like a column not given: refused, not ignored
                       ("姓名\t月基本工资\t事假天\r\n王五\t3000\t1\r\n",
                        "列名“事假天”不是本表的列名，像是「事假天数」：是的话，请把列名改为“事假天数”")):
        paste_into_grid(page, "people", block)
        notice = page.text_content(".calc-grid-notice")
        assert why in notice and "表格保持不变" in notice, notice
        assert grid_column(page, "people", "name") == ["张三", "李四"]
    assert not watch.errors, watch.errors


def test_a_judges_export_pasted_into_the_annual_assessment(http_root, page):
    """trial-quality-team's export of a judge team pasted into annual-assessment-team: its 合计
    (an alias of 分解办法得分, which applies to 法官助理 and 书记员 only) is left out of the
    judges' rows and the notice says so; no judge is told to delete the column."""
    from test_tables import export, judges_team

    data = export("trial-quality-team", judges_team(), "csv").decode("utf-8-sig")
    tsv = "\r\n".join("\t".join(r) for r in __import__("csv").reader(io.StringIO(data)))
    open_calc(page, http_root + "calculators/annual-assessment-team.html")
    page.click("#calc-reset")
    before = page.evaluate("handbookCalc.requested")
    paste_into_grid(page, "people", tsv)
    response = settle(page, before)
    notice = page.text_content(".calc-grid-notice")
    assert "已粘贴 5 行" in notice and "“合计”列在5行（员额法官）中不是「审判质效指标任务分解办法得分」" in notice, notice
    assert grid_column(page, "people", "name") == [f"法官{i}" for i in range(5)]
    assert not any("分解办法得分" in m for m in response.get("errors", {}).values()), response["errors"]
