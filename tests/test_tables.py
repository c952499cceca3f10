"""Whole tables under CPython: spreadsheets written by openpyxl read in; exports and
templates read back by openpyxl; the command line's batches (--csv / --xlsx) with good
and bad rows; what real sheets carry (BOM, title row, 序号, any column order, aliases, a
合计 row); files that are not spreadsheets refused with a reason; the chain
trial-quality-team → annual-assessment-team → team-grading through exported files."""
from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import calculators
from calculators import sheet_io, table, web
from calculators.engine import InputError

ROOT = Path(__file__).resolve().parent.parent
MONTH = calculators.get("leave-pay-month")


def xlsx_bytes(rows: list[list], title: str | None = None) -> bytes:
    """A workbook as an office would make it: optional title row, then the rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三月"
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    extra = wb.create_sheet("其他")          # a later sheet with the table too: the first is read
    extra.append(["姓名", "月基本工资"])
    extra.append(["不该读到", 1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT,
                          capture_output=True, timeout=60)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without a byte-order mark: Excel would read GBK"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


PAYROLL = [["序号", "病假天数", "姓名", "月基本工资", "事假天数", "备注"],
           [1, None, "张三", 3000, 5, "示例"],
           [2, 5, "李四", 4350.0, None, None],
           [None, None, None, None, None, None],
           [3, 0, "王五", 3200, 0, None],
           ["合计", None, None, 10550, None, None]]


# ---------------------------------------------------------------- reading


def test_openpyxl_workbook_with_title_row_is_read_by_header():
    loaded = table.load(MONTH, xlsx_bytes(PAYROLL, title="2024年3月聘用人员工资表"), "三月.xlsx")
    assert loaded.header_line == 2
    assert loaded.lines == [3, 4, 6]          # the blank row and the 合计 row are skipped
    assert loaded.ignored == ["备注"]
    assert loaded.rows == [
        {"name": "张三", "base_salary": "3000", "personal_leave_days": "5"},
        {"name": "李四", "base_salary": "4350", "sick_leave_days": "5"},
        {"name": "王五", "base_salary": "3200", "personal_leave_days": "0", "sick_leave_days": "0"},
    ]


def workbook_with_cover(with_data: bool = True) -> bytes:
    """As offices keep them: a chart sheet and a 填表说明 sheet before the data, an old
    month's table kept in a hidden sheet placed first."""
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "旧表"
    old.append(["姓名", "月基本工资", "事假天数"])
    old.append(["上月的人", 9999, 1])
    old.sheet_state = "hidden"
    chart = wb.create_chartsheet("图表")
    wb.move_sheet("图表", offset=-1)
    cover = wb.create_sheet("填表说明")
    cover.append(["本表每月5日前报政治处"])
    cover.append(["姓名写全名；月基本工资以元为单位"])
    if with_data:
        data = wb.create_sheet("11月")
        data.append(["2026年11月聘用人员事假、病假工资表"])
        data.append(["序号", "姓名", "月基本工资", "事假天数", "病假天数"])
        data.append([1, "张三", 3000, 2, None])
        data.append([2, "李四", 4200, None, 3])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_table_is_read_from_the_first_sheet_that_has_it():
    """A cover sheet (and a chart sheet) before the data is passed over and said; a
    hidden sheet is looked at only after the visible ones."""
    loaded = table.load(MONTH, workbook_with_cover(), "十一月.xlsx")
    assert [r["name"] for r in loaded.rows] == ["张三", "李四"]
    assert loaded.lines == [3, 4] and loaded.header_line == 2
    assert loaded.sheet == "11月" and loaded.passed == ["填表说明"]
    assert "读取的是工作表“11月”" in loaded.where() and "“填表说明”" in loaded.where()
    # the first sheet that has the table is read as before, without a notice
    plain = table.load(MONTH, xlsx_bytes(PAYROLL), "三月.xlsx")
    assert plain.sheet == "三月" and plain.passed == []
    # … and a later sheet that has the table too is named (last year's sheet first)
    assert plain.also == ["其他"] and "读取了工作表“三月”；工作表“其他”也有本表" in plain.where()
    # a hidden sheet is still read when no visible one has the table
    hidden = table.load(MONTH, workbook_with_cover(with_data=False), "x.xlsx")
    assert [r["name"] for r in hidden.rows] == ["上月的人"] and hidden.sheet == "旧表"


def test_a_workbook_without_the_table_names_every_sheet_it_looked_at():
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["2026年度"])
    other = wb.create_sheet("名单")
    other.append(["姓名", "部门"])          # one column of the table only, and no data
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(sheet_io.SheetError) as err:
        table.load(MONTH, buf.getvalue(), "x.xlsx")
    message = str(err.value)
    assert "已查看全部 2 个工作表：封面、名单" in message and "没有找到列名行" in message
    answer = json.loads(web.handle("table:import", json.dumps(
        {"name": "leave-pay-month", "filename": "x.xlsx", "data": base64.b64encode(buf.getvalue()).decode()})))
    assert answer["ok"] is False and "封面、名单" in answer["error"]


def test_cli_says_which_sheet_it_read(tmp_path):
    path = tmp_path / "十一月.xlsx"
    path.write_bytes(workbook_with_cover())
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 0, done.stderr.decode()
    assert "读取的是工作表“11月”" in done.stderr.decode("utf-8")
    rows = csv_rows(done.stdout)
    names = [row[rows[0].index("姓名")] for row in rows[1:]]
    assert names[:2] == ["张三", "李四"] and "上月的人" not in names


def test_a_header_on_two_rows_with_merged_cells_is_read_as_one():
    """As many offices draw a payroll: 请假天数 merged across 事假 | 病假, the other titles
    merged down over both header rows, a title row merged across the top."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年11月聘用人员工资表"])
    ws.append(["序号", "姓名", "月基本工资（元）", "请假天数", None, "备注"])
    ws.append([None, None, None, "事假", "病假", None])
    ws.append([1, "张三", 3000, 12, None, "婚假另计"])
    ws.append([2, "李四", 4200, None, 8, None])
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        ws.merge_cells(cells)
    buf = io.BytesIO()
    wb.save(buf)
    loaded = table.load(MONTH, buf.getvalue(), "十一月.xlsx")
    assert loaded.rows == [
        {"name": "张三", "base_salary": "3000", "personal_leave_days": "12"},
        {"name": "李四", "base_salary": "4200", "sick_leave_days": "8"}]
    assert loaded.lines == [4, 5] and loaded.header_line == 2 and loaded.ignored == ["备注"]
    totals = MONTH.run({"people": loaded.rows}).values["totals"]
    single = calculators.get("leave-pay")
    each = [single.run({k: v for k, v in row.items() if k != "name"}).values["deduction"] for row in loaded.rows]
    assert totals["base_salary"] == "7200.00"
    assert Decimal(totals["deduction"]) == sum(Decimal(str(d)) for d in each) > 0


@pytest.mark.parametrize("rows, expect", [
    # the lower row names two columns, the upper only one: still one header
    ([["序号", "姓名", "请假天数", "", "工资"], ["", "", "事假", "病假", "月基本工资"], ["1", "张三", "2", "1", "3000"]],
     [{"name": "张三", "personal_leave_days": "2", "sick_leave_days": "1", "base_salary": "3000"}]),
    # a first data row is never taken for a header: it has values under named columns
    ([["姓名", "月基本工资", "事假"], ["张三", "3000", "2"]],
     [{"name": "张三", "base_salary": "3000", "personal_leave_days": "2"}]),
])
def test_two_row_headers_and_first_rows_apart(rows, expect):
    f = table.main_table(MONTH)
    loaded = table.locate(MONTH.name, f.columns, sheet_io.Sheet(rows, list(range(1, len(rows) + 1))))
    assert loaded.rows == expect


def test_float_artefacts_of_excel_cells_are_read_as_shown():
    rows = [["姓名", "月基本工资"], ["甲", 0.1 + 0.2], ["乙", 4350.000000000001], ["丙", 1e-3], ["丁", True]]
    loaded = table.load(MONTH, xlsx_bytes(rows), "x.xlsx")
    assert [r["base_salary"] for r in loaded.rows] == ["0.3", "4350", "0.001", "是"]


def test_rows_that_sum_up_average_or_sign_the_table_are_not_people(tmp_path):
    """合计 however it is written (a colon, a unit, 本月…, after a 序号), 平均值 and 全省平均
    rows, a signature line under the table: none is a person; each is named in a notice,
    but for a plain 合计 (our own exports end with one). A person is still read."""
    rows = [["序号", "姓名", "月基本工资", "事假天数"],
            [1, "张三", 3000, 5], [2, "平安", 4000, None], [3, "李均", 3500, 1],
            [4, "合计", 10500, 6], ["", "合计：", 10500, None], ["合计（元）", "", 10500, None],
            [None, "本月合计", 10500, None], [None, "平均值", 3500, 2], [None, "全省平均", 3600, 2],
            [None, "Total", 10500, None], [None, "制表人：李四        审核人：王五", None, None]]
    loaded = table.load(MONTH, xlsx_bytes(rows), "三月.xlsx")
    assert [r["name"] for r in loaded.rows] == ["张三", "平安", "李均"]
    assert loaded.skipped == ["第6行（合计：）", "第7行（合计（元））", "第8行（本月合计）", "第9行（平均值）",
                              "第10行（全省平均）", "第11行（Total）", "第12行（制表人：李四 审核人：王五）"]
    assert "是合计、平均值或签名行，没有作为人员计算" in loaded.skipped_note()
    path = tmp_path / "三月.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 0, done.stderr.decode()
    assert "提示：第6行（合计：）、" in done.stderr.decode()
    assert [r[:2] for r in csv_rows(done.stdout)[1:]] == [["1", "张三"], ["2", "平安"], ["3", "李均"], ["合计", ""]]
    # the page's import says it too
    answer = json.loads(web.handle("table:import", json.dumps(
        {"name": "leave-pay-month", "filename": "x.xlsx", "data": base64.b64encode(xlsx_bytes(rows)).decode()})))
    assert answer["ok"] and len(answer["rows"]) == 3 and "第9行（平均值）" in answer["skipped"]


def test_an_average_row_is_not_ranked_with_the_judges():
    """trial-quality-team: a 平均值 row under the judges would take a rank (and the last
    three's 排名加减分) from a real judge."""
    team = calculators.get("trial-quality-team")
    text = ("姓名\t年终结案数\n" + "".join(f"法官{i}\t{100 + i}\n" for i in range(6)) + "平均值\t102.5\n全省平均\t90\n")
    loaded = table.load(team, ("\ufeff" + text).encode("utf-8"), "a.csv")
    assert [r["name"] for r in loaded.rows] == [f"法官{i}" for i in range(6)]


@pytest.mark.parametrize("header, refused", [
    ("申报债权额（万元）", "列名“申报债权额（万元）”的单位是万元，本表的「申报债权额」以元为单位：请换算成元后再导入，或改正列名"),
    ("申报债权额(单位：万元)", "的单位是万元"),
    ("申报债权额（元）", None), ("申报债权额（含利息）", None), ("申报债权额", None)])
def test_a_unit_in_brackets_must_be_the_columns_own(header, refused):
    year = calculators.get("bankruptcy-year")
    text = f"案号,案件类型,程序,已完成的最后一个节点（期末）,{header},债权人人数\r\n(2023)破1号,破,破产清算,完成第一次债权人会议,30000,5\r\n"
    if refused is None:
        assert table.load(year, text.encode("utf-8"), "a.csv").rows[0]["label"] == "(2023)破1号"
        return
    with pytest.raises(sheet_io.SheetError) as err:
        table.load(year, text.encode("utf-8"), "a.csv")
    assert refused in str(err.value)


@pytest.mark.parametrize("header, refused", [
    ("事假天数（日）", False), ("事假天数（工作日）", False), ("事假天数（天）", False), ("事假天数（小时）", True),
    ("月基本工资（千元）", True)])
def test_days_and_money_units(header, refused):
    text = f"姓名,月基本工资,{header}\n张三,3000,2\n" if "事假" in header else f"姓名,{header}\n张三,3\n"
    if refused:
        with pytest.raises(sheet_io.SheetError):
            table.load(MONTH, text.encode("utf-8"), "a.csv")
    else:
        assert table.load(MONTH, text.encode("utf-8"), "a.csv").rows[0]["personal_leave_days"] == "2"


def test_csv_with_semicolons_and_excels_unicode_text_read_alike():
    """Excel's CSV in a semicolon locale, and its “Unicode 文本” (UTF-16, tabs)."""
    text = "序号;姓名;月基本工资;事假天数\r\n1;张三;3000;5\r\n"
    unicode_text = "\ufeff" + text.replace(";", "\t")
    for data in (text.encode("utf-8"), unicode_text.encode("utf-16-le"), unicode_text.encode("utf-16-be")):
        loaded = table.load(MONTH, data, "a.txt")
        assert loaded.rows == [{"name": "张三", "base_salary": "3000", "personal_leave_days": "5"}]


def test_csv_in_gbk_and_utf8_with_bom_read_alike():
    text = "序号,姓名,月基本工资,事假天数\r\n1,张三,3000,5\r\n"
    for data in (text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        loaded = table.load(MONTH, data, "a.csv")
        assert loaded.rows == [{"name": "张三", "base_salary": "3000", "personal_leave_days": "5"}]


def test_pasted_text_tolerates_what_sheets_carry():
    text = ("\ufeff三月工资表\n\n序号\t事假\t姓名\t基本工资\t\t\n1\t5\t张三\t3000\t\t\n"
            "\n2\t\t李四\t4350\t\t\n合计\t5\t\t7350\n")
    result = MONTH.run({"people": text})
    assert result.values["totals"] == {"base_salary": "7350.00", "deduction": "344.83", "pay": "7005.17"}


@pytest.mark.parametrize("header, reason", [
    ("姓名\t月基本工资\t奖金", "不认识的列名：奖金"),
    ("姓名\t月基本工资\tbase_salary", "指的是同一列"),
])
def test_pasted_text_refuses_unknown_or_doubled_columns(header, reason):
    with pytest.raises(InputError) as err:
        MONTH.run({"people": header + "\n张三\t3000\t1\n"})
    assert reason in str(err.value)


@pytest.mark.parametrize("data, name, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "97-2003"),
    (b"PK\x03\x04garbage", "broken.xlsx", "不是有效的 .xlsx"),
    (b"not,a,table\n1,2,3\n", "x.csv", "没有找到列名行"),
    (b"", "empty.csv", "文件是空的"),
    ("姓名,月基本工资\n".encode(), "head.csv", "下面没有数据"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.xlsx", "不是 Excel 工作簿"),
])
def test_files_that_are_not_tables_are_refused_with_the_reason(data, name, reason):
    with pytest.raises(sheet_io.SheetError) as err:
        table.load(MONTH, data, name)
    assert reason in str(err.value)


def test_xml_with_doctype_is_refused():
    buf = io.BytesIO()
    good = xlsx_bytes([["姓名", "月基本工资"], ["甲", 1]])
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[-1]
            dst.writestr(item, data)
    with pytest.raises(sheet_io.SheetError, match="不允许的 XML"):
        table.load(MONTH, buf.getvalue(), "evil.xlsx")


# ---------------------------------------------------------------- writing


def export(name: str, raw: dict, fmt: str = "xlsx") -> bytes:
    answer = json.loads(web.handle("table:export", json.dumps({"name": name, "format": fmt, "input": raw},
                                                              ensure_ascii=False)))
    assert answer["ok"], answer
    return base64.b64decode(answer["data"])


MONTH_INPUT = {"people": [{"name": "张三", "base_salary": "3000", "personal_leave_days": "5"},
                          {"name": "李四", "base_salary": "4350", "sick_leave_days": "5"}]}


def test_xlsx_export_reads_back_with_formats_widths_and_totals():
    wb = openpyxl.load_workbook(io.BytesIO(export("leave-pay-month", MONTH_INPUT)))
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["序号", "姓名", "月基本工资", "事假天数", "病假天数", "扣发基本工资", "应发基本工资"]
    assert rows[1] == [1, "张三", 3000, 5, None, 344.83, 2655.17]   # 序号 a number, as in Excel
    assert rows[3][0] == "合计" and rows[3][5:] == [544.83, 6805.17]
    assert ws["F2"].number_format == "0.00" and ws["G3"].number_format == "0.00"
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[c].width >= 8 for c in "BCDEFG")


def test_csv_export_is_utf8_with_bom_and_the_cli_layout():
    rows = csv_rows(export("leave-pay-month", MONTH_INPUT, "csv"))
    assert rows == [["序号", "姓名", "月基本工资", "事假天数", "病假天数", "扣发基本工资", "应发基本工资"],
                    ["1", "张三", "3000.00", "5", "", "344.83", "2655.17"],   # money as the 合计 writes it
                    ["2", "李四", "4350.00", "", "5", "200.00", "4150.00"],
                    ["合计", "", "7350.00", "", "", "544.83", "6805.17"]]


@pytest.mark.parametrize("name", ["leave-pay-month", "team-grading", "annual-assessment-team",
                                  "trial-quality-team", "bankruptcy-year"])
def test_blank_template_has_headers_and_drop_downs(name):
    answer = json.loads(web.handle("table:template", json.dumps({"name": name})))
    ws = openpyxl.load_workbook(io.BytesIO(base64.b64decode(answer["data"]))).active
    f = table.main_table(calculators.get(name))
    assert [c.value for c in ws[1]] == [c.label for c in f.columns]
    lists = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in ws.data_validations.dataValidation
             if v.type == "list"}
    for i, c in enumerate(f.columns):
        letter = openpyxl.utils.get_column_letter(i + 1)
        if c.kind == "choice" and len("、".join(l for _, l in c.choices)) < 250:
            assert lists[letter] == '"' + ",".join(l for _, l in c.choices) + '"', (name, c.key)
        if c.kind == "bool":
            assert lists[letter] == '"是,否"', (name, c.key)
    # the template, filled in and read back, is a table of its calculator
    assert table.locate(name, f.columns, sheet_io.Sheet([[c.value for c in ws[1]]], [1])).header_line == 1


# ---------------------------------------------------------------- the command line


def test_cli_csv_prints_inputs_and_results(tmp_path):
    path = tmp_path / "三月.csv"
    path.write_bytes("\ufeff序号,姓名,月基本工资,事假天数,病假天数\n1,张三,3000,5,\n2,李四,4350,,5\n".encode())
    done = run_cli("leave-pay-month", "--csv", str(path))
    assert done.returncode == 0, done.stderr.decode()
    assert csv_rows(done.stdout) == [
        ["序号", "姓名", "月基本工资", "事假天数", "病假天数", "扣发基本工资", "应发基本工资"],
        ["1", "张三", "3000.00", "5", "", "344.83", "2655.17"],
        ["2", "李四", "4350.00", "", "5", "200.00", "4150.00"],
        ["合计", "", "7350.00", "", "", "544.83", "6805.17"]]


def test_cli_xlsx_reads_a_workbook_written_by_openpyxl(tmp_path):
    path = tmp_path / "三月.xlsx"
    path.write_bytes(xlsx_bytes(PAYROLL, title="2024年3月"))
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    assert rows[0] == ["序号", "姓名", "月基本工资", "事假天数", "病假天数", "扣发基本工资", "应发基本工资"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "合计"] and [r[1] for r in rows[1:4]] == ["张三", "李四", "王五"]
    assert "备注" in done.stderr.decode()          # the ignored column is named


def test_cli_bad_rows_exit_2_naming_each_line_and_column_without_figures(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([["姓名", "月基本工资", "事假天数"],
                                 ["张三", 3000, 5],
                                 ["李四", "四千x", 1],
                                 ["王五", 3000, 40],
                                 ["赵六", 3000, 2.3]]))
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 2
    assert done.stdout == b""
    err = done.stderr.decode()
    assert "第3行（李四）" in err and "「月基本工资」" in err
    assert "第4行（王五）" in err and "「事假天数」" in err
    assert "第5行（赵六）" in err
    assert "第2行" not in err and "344.83" not in err


def test_cli_whole_table_calculator_takes_its_other_inputs_as_json(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("姓名,人员类别,综合考核得分\n甲,书记员,90\n乙,书记员,80\n", encoding="utf-8")
    done = run_cli("team-grading", "--csv", str(path), '{"standard_bonus": "10000"}')
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    assert rows[0][:4] == ["序号", "姓名", "人员类别", "综合考核得分"] and "等次" in rows[0]
    missing = run_cli("team-grading", "--csv", str(path))
    assert missing.returncode == 2 and "同类人员奖金标准" in missing.stderr.decode()


def test_cli_refuses_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04broken")
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 2 and done.stdout == b"" and "无法读取" in done.stderr.decode()
    assert run_cli("leave-pay", "--csv", str(path)).returncode == 2


# ---------------------------------------------------------------- the chain


def _trial_quality_people() -> dict:
    """A team of 法官助理 or 书记员 from trial-quality-team's examples (第六条 ranks them)."""
    example = json.loads((ROOT / "calculators/examples/trial-quality-team.json").read_text(encoding="utf-8"))
    return next(c["input"] for c in example
                if c["input"].get("role") in ("assistant", "clerk") and "error_keys" not in c["expect"])


def test_chain_trial_quality_to_annual_assessment_to_team_grading():
    tq_input = _trial_quality_people()
    names = [p["name"] for p in tq_input["people"]]
    tq_file = export("trial-quality-team", tq_input)
    annual = calculators.get("annual-assessment-team")
    loaded = table.load(annual, tq_file, "质效.xlsx")
    assert [r["name"] for r in loaded.rows] == names
    for row in loaded.rows:
        assert row["category"] == {"assistant": "法官助理", "clerk": "书记员"}[tq_input["role"]]
        assert row["quality_total"] and row["quality_rank"] and row["quality_group_size"] == str(len(names))
        row.update({"pretrial": "9", "trial": "20", "posttrial": "20", "assigned_work": "5",
                    "unit_judge_rating": "5", "department_rating": "4", "leader_rating": "5"})
    result = annual.run({"people": loaded.rows})
    scores = {r["name"]: r["total"] for r in result.values["rows"]}
    annual_file = export("annual-assessment-team", {"people": loaded.rows})
    grading = calculators.get("team-grading")
    g_loaded = table.load(grading, annual_file, "年度.xlsx")
    assert {r["name"]: Decimal(r["score"]) for r in g_loaded.rows} == {n: Decimal(s) for n, s in scores.items()}
    graded = grading.run({"standard_bonus": "10000", "people": g_loaded.rows})
    assert {r["name"] for r in graded.table.rows} == set(names)


JUDGES_HEADER = ("姓名,结案率,结收比,法定（正常）审限内结案率,年终结案数,全省基层法院法官人均结案数,一审简易程序适用率,"
                 "一审服判息诉率,一审陪审员适用率,被二审发回重审率,被二审改判率,三年以上五年以下长期未结案件数,"
                 "五年以上长期未结案件数,违规庭审数,中国庭审公开网直播率")


def judges_team(n: int = 5) -> dict:
    """A team of 员额法官 for trial-quality-team (第五条 ranks them), as a sheet would give it."""
    rows = [f"法官{i},{90 + i}%,{100 + i}%,98%,{200 + 10 * i},245.5,75%,93.5%,50%,0%,1.5%,0,0,0,30%" for i in range(n)]
    loaded = table.load(calculators.get("trial-quality-team"), "\n".join([JUDGES_HEADER] + rows).encode("utf-8"), "a.csv")
    return {"role": "judge", "people": loaded.rows}


def test_a_judges_export_goes_into_the_annual_assessment_without_its_total(tmp_path):
    """trial-quality-team's 合计 is read as 分解办法得分 (an alias) only where that applies
    (法官助理, 书记员): a judge team's export used to be refused with a message per judge
    to delete the 合计 column; the column is left out of the judges' rows, and said."""
    team = judges_team()
    annual = calculators.get("annual-assessment-team")
    loaded = table.load(annual, export("trial-quality-team", team), "质效.xlsx")
    assert [r["name"] for r in loaded.rows] == [f"法官{i}" for i in range(5)]
    assert all("quality_total" not in r and r["quality_rank"] and r["category"] == "员额法官" for r in loaded.rows)
    assert loaded.unused == ["“合计”列在5行（员额法官）中不是「审判质效指标任务分解办法得分」，这些行没有使用它"]
    assert "这些行没有使用它" in loaded.skipped_note()
    # the column's own name is still refused where it does not apply (a typed figure)
    text = "姓名,人员类别,审判质效指标任务分解办法得分\n张三,员额法官,80\n"
    rows = table.load(annual, text.encode("utf-8"), "b.csv").rows
    assert rows == [{"name": "张三", "category": "员额法官", "quality_total": "80"}]
    with pytest.raises(InputError) as err:
        annual.run({"people": rows})
    assert any("不适用于「人员类别」“员额法官”" in m for m in err.value.errors.values())


def test_a_table_filled_in_one_column_only_is_read():
    """The grid leaves empty columns out of its text: a header of one column is a header."""
    annual = calculators.get("annual-assessment")
    raw = {"category": "admin", "uncompleted_items": 2, "self_building_score": "18", "leader_rating": "9"}
    assert annual.run({**raw, "segments": "得分\n86.5\n"}).values["total"] == "90.75"
    with pytest.raises(InputError, match="没有找到列名行"):
        annual.run({**raw, "segments": "86.5\n"})


def test_pages_link_the_table_mode_and_list_aliases(site):
    from bs4 import BeautifulSoup

    for single, whole in table.TABLE_MODES.items():
        soup = BeautifulSoup((site / "calculators" / f"{single}.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one(f'article a[href="{whole}.html"]') is not None, single
    soup = BeautifulSoup((site / "calculators" / "annual-assessment-team.html").read_text(encoding="utf-8"),
                         "html.parser")
    spec = json.loads(soup.select_one("script.calc-grid-spec").string)
    names = {c["key"]: c["names"] for c in spec["columns"]}
    assert names["quality_total"][:2] == ["审判质效指标任务分解办法得分", "quality_total"]
    assert "合计" in names["quality_total"]
    assert "列名也可写作：合计" in soup.select_one(".calc-columns").get_text()


def test_cli_points_a_single_calculator_to_its_table(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("姓名,月基本工资\n甲,3000\n", encoding="utf-8")
    done = run_cli("leave-pay", "--csv", str(path))
    assert done.returncode == 2 and "leave-pay-month" in done.stderr.decode()


def test_a_cell_formatted_as_percent_is_read_as_shown():
    """Excel stores 93% as 0.93: reading 0.93 into a field in % would be a wrong number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "人员类别", "全院年平均结案率"])
    ws.append(["甲", "员额法官", 0.93])
    ws["C2"].number_format = "0%"
    ws.append(["乙", "员额法官", 0.935])
    ws["C3"].number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    loaded = table.load(calculators.get("annual-assessment-team"), buf.getvalue(), "a.xlsx")
    assert [r["court_closure_rate"] for r in loaded.rows] == ["93%", "93.5%"]


def test_cli_names_every_bad_row_of_a_long_file(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("姓名,月基本工资\n" + "".join(f"人员{i},x{i}\n" for i in range(1, 151)), encoding="utf-8")
    done = run_cli("leave-pay-month", "--csv", str(path))
    assert done.returncode == 2 and done.stdout == b""
    err = done.stderr.decode()
    assert "有150处错误" in err
    assert all(f"第{i + 1}行（人员{i}）" in err for i in range(1, 151))


def test_full_width_digits_and_units_in_cells_go_through_the_engine():
    result = MONTH.run({"people": "姓名\t月基本工资\t事假天数\n甲\t３０００\t5天\n"})
    assert result.values["totals"]["deduction"] == "344.83"


# ---------------------------------------------------------------- QA report (qa_calc.md) D1-D9


def workbook(rows: list[list], setup=None) -> bytes:
    """One sheet written by openpyxl, `setup(ws)` to format cells before saving."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if setup:
        setup(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_rows(data: bytes) -> list[list]:
    return [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()]


# 一、（二）1、2: 诉前分流率、化解率 each 10 points at 50%, 0.2 less a point below: by hand
#   张三 10/10: 2 + 2 = 4, 3rd; 李四 50/50: 20, 1st; 张三 30/30: 6 + 6 = 12, 2nd.
# 第五条 with 3 people (reading ranking-small-group): 1st +3 −1 = +2, 2nd +2 −2 = 0, 3rd +1 −3 = −2.
TWO_NAMED_ALIKE = [["姓名", "民商事案件诉前分流率", "民商事案件诉前化解率"],
                   ["张三", 10, 10], ["李四", 50, 50], ["张三", 30, 30]]
BY_HAND = [["张三", "2.00", "2.00", "4.00", "3", "-2.00"],
           ["李四", "10.00", "10.00", "20.00", "1", "2.00"],
           ["张三", "6.00", "6.00", "12.00", "2", "0.00"]]


def _tq_columns(header: list, rows: list[list]) -> list[list[str]]:
    want = ["姓名", "诉前分流率得分", "诉前化解率得分", "合计", "名次", "排名加减分"]
    at = [header.index(h) for h in want]
    return [["" if r[j] is None else (f"{r[j]:.2f}" if isinstance(r[j], float) else str(r[j])) for j in at]
            for r in rows]


def test_export_joins_each_result_to_its_own_row_when_names_repeat(tmp_path):
    """D1: the ranked table joined to the input rows by its row, not by name or order;
    D2: each indicator's score has its own column beside the rate typed in."""
    path = tmp_path / "调解.xlsx"
    path.write_bytes(workbook(TWO_NAMED_ALIKE))
    done = run_cli("trial-quality-team", "--xlsx", str(path), '{"role": "mediation"}')
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    assert rows[0][:4] == ["序号", "姓名", "民商事案件诉前分流率", "民商事案件诉前化解率"]
    assert [r[2:4] for r in rows[1:]] == [["10", "10"], ["50", "50"], ["30", "30"]]
    assert _tq_columns(rows[0], rows[1:]) == BY_HAND
    raw = {"role": "mediation", "people": [{"name": n, "diversion_rate": str(a), "resolution_rate": str(b)}
                                           for n, a, b in TWO_NAMED_ALIKE[1:]]}
    page_csv = csv_rows(export("trial-quality-team", raw, "csv"))
    assert _tq_columns(page_csv[0], page_csv[1:]) == BY_HAND
    page_xlsx = sheet_rows(export("trial-quality-team", raw))
    assert _tq_columns(page_xlsx[0], page_xlsx[1:]) == BY_HAND


def test_export_keeps_every_indicator_score_of_a_judge():
    """D2: a judge's 12 indicator scores are all in the export, apart from the 14 inputs."""
    tq_team = calculators.get("trial-quality-team")
    judge = {"closure_rate": "96", "closure_filing_ratio": "100", "on_time_rate": "99",
             "cases_closed": "400", "provincial_avg_cases": "200", "summary_procedure_rate": "80",
             "acceptance_rate": "90", "assessor_rate": "95", "remand_rate": "1", "reversal_rate": "2",
             "pending_3_5_years": "0", "pending_over_5_years": "0", "hearing_violations": "0",
             "livestream_rate": "25"}
    raw = {"role": "judge", "people": [{"name": "甲", **judge}, {"name": "乙", **judge, "closure_rate": "90"}]}
    result = tq_team.run(raw)
    header = sheet_rows(export("trial-quality-team", raw))[0]
    scores = [lbl for k, lbl in result.table.columns if k.endswith("_score")]
    assert len(scores) == 12 and all(s.endswith("得分") for s in scores)
    assert all(s in header for s in scores), set(scores) - set(header)
    assert "结案率" in header and "结案率得分" in header
    assert len(header) == len(set(header))


def test_export_totals_row_of_bankruptcy_year_and_team_grading(tmp_path):
    """D4: the CLI's CSV and the page's CSV and .xlsx end with the calculator's total."""
    path = tmp_path / "案件.xlsx"
    # 第三条（三）120人 → 90, 第四条（一）完成第一次债权人会议 50% → 45, 第五条 + 2 + 1 = 48; 破申 1
    path.write_bytes(workbook([["案号", "案件类型", "程序", "申报债权额", "债权人人数", "已完成的最后一个节点（期末）",
                                "专题汇报材料", "案外协调会或解困策划"],
                               ["(2026)破1号", "破", "破产清算", 300000000, 120, "完成第一次债权人会议", 2, 1],
                               ["(2026)破申3号", "破申", None, None, None, None, None, None]]))
    done = run_cli("bankruptcy-year", "--xlsx", str(path))
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    at = rows[0].index("折算工作量")
    assert [r[at] for r in rows[1:]] == ["48.00", "1.00", "49.00"] and rows[-1][0] == "合计"
    loaded = table.load(calculators.get("bankruptcy-year"), path.read_bytes(), "案件.xlsx")
    raw = {"cases": loaded.rows}
    page = sheet_rows(export("bankruptcy-year", raw))
    assert page[-1][0] == "合计" and page[-1][page[0].index("折算工作量")] == 49
    assert csv_rows(export("bankruptcy-year", raw, "csv"))[-1][at] == "49.00"
    # team-grading: 第十四条 一档 105%, 二档 100% of 10000
    grading = run_cli("team-grading", "--csv", str(_write(tmp_path / "g.csv", "姓名,人员类别,综合考核得分\n"
                                                          "甲,书记员,90\n乙,书记员,80\n丙,书记员,70\n")),
                      '{"standard_bonus": "10000"}')
    assert grading.returncode == 0, grading.stderr.decode()
    g = csv_rows(grading.stdout)
    bonus = g[0].index("绩效考核奖金（元）")
    assert g[-1][0] == "合计" and g[-1][bonus] == str(sum(Decimal(r[bonus]) for r in g[1:-1]))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_formula_without_its_result_names_the_cell_and_what_to_do(tmp_path):
    """D5: openpyxl writes formulas without their results. One in a data cell: refused,
    naming the cell; one in the 合计 row or in a column that is not an input: read."""
    def nothing(ws):
        pass
    payroll = [["姓名", "月基本工资", "事假天数", "备注"],
               ["张三", 3000, 5, "=B2*2"],
               ["李四", "=1500*2", 3, None],
               ["合计", "=SUM(B2:B3)", None, None]]
    path = tmp_path / "公式.xlsx"
    path.write_bytes(workbook(payroll, nothing))
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 2 and done.stdout == b""
    err = done.stderr.decode()
    assert "第3行「月基本工资」列" in err and "B3" in err and "=1500*2" in err
    assert "请在 Excel/WPS 中打开并保存后再导入" in err and "Traceback" not in err
    assert "B4" not in err and "D2" not in err
    payroll[2][1] = 3000
    path.write_bytes(workbook(payroll))
    loaded = table.load(MONTH, path.read_bytes(), "公式.xlsx")
    assert [r["name"] for r in loaded.rows] == ["张三", "李四"]
    # the data sheet's formula is not passed over for a later sheet that also has the table
    payroll[2][1] = "=1500*2"
    with pytest.raises(sheet_io.SheetError, match="B3"):
        table.load(MONTH, xlsx_bytes(payroll), "x.xlsx")


def test_rows_with_only_their_number_are_blank(tmp_path):
    """D6: a template numbered 1…N with two rows filled in."""
    path = _write(tmp_path / "序号.csv", "序号,姓名,月基本工资,事假天数,病假天数\n1,张三,3000,5,\n2,李四,3000,,4\n"
                                           "3,,,,\n4,,,,\n5,,,,\n")
    done = run_cli("leave-pay-month", "--csv", str(path))
    assert done.returncode == 0, done.stderr.decode()
    # 3000/21.75×5×50% = 344.83; 3000/21.75×4×20% = 110.34
    assert [r[0] or r[1] for r in csv_rows(done.stdout)[1:]] == ["1", "2", "合计"]
    assert [r[1] for r in csv_rows(done.stdout)[1:3]] == ["张三", "李四"]
    loaded = table.load(MONTH, workbook([["序号", "姓名", "月基本工资"], [1, "张三", 3000], [2, None, None],
                                         [3, None, None]]), "t.xlsx")
    assert loaded.lines == [2]
    # a row with its number and something else is a row: refused, not dropped
    path = _write(tmp_path / "半.csv", "序号,姓名,月基本工资,事假天数\n1,张三,3000,5\n2,,,3\n")
    half = run_cli("leave-pay-month", "--csv", str(path))
    assert half.returncode == 2 and "第3行" in half.stderr.decode()


def test_a_date_in_a_number_column_is_quoted_and_called_a_date(tmp_path):
    """D9a: Excel turns “1-5” typed in 事假天数 into 2026-01-05 (a serial number)."""
    import datetime

    def as_date(ws):
        ws["C2"].number_format = "m月d日"
        ws["C3"].number_format = "yyyy-mm-dd"
    path = tmp_path / "日期.xlsx"
    path.write_bytes(workbook([["姓名", "月基本工资", "事假天数"], ["张三", 3000, datetime.datetime(2026, 1, 5)],
                               ["李四", 3000, datetime.date(2026, 3, 2)]], as_date))
    done = run_cli("leave-pay-month", "--xlsx", str(path))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "第2行（张三）" in err and "“2026-01-05”是日期" in err and "常规" in err
    assert "第3行（李四）" in err and "“2026-03-02”是日期" in err
    assert "不能超过" not in err


def test_header_ying_chu_qin_tian_shu_is_the_month_s_working_days(tmp_path):
    """D9b: 应出勤天数 for 本月应出勤天数 (病假11天 of 22: 50%, 3000/21.75×11×50% = 758.62)."""
    path = _write(tmp_path / "a.csv", "姓名,基本工资,病假（天）,应出勤天数\n张三,3000,11,22\n")
    done = run_cli("leave-pay-month", "--csv", str(path))
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    assert "本月应出勤天数" in rows[0] and rows[1][rows[0].index("扣发基本工资")] == "758.62"
    assert "已忽略" not in done.stderr.decode()


def test_help_into_a_closed_pipe_is_quiet():
    """D9c: `--help | head`: the reader goes away before the help is written."""
    proc = subprocess.Popen([sys.executable, "-m", "calculators", "annual-assessment-team", "--help"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_trial_quality_export_category_and_rank_as_number():
    """D9d: 诉前调解 and 立案庭 teams are 员额法官 (分解办法 一、员额法官负责的工作内容);
    名次 is a number in the .xlsx."""
    raw = {"role": "filing", "people": [
        {"name": "甲", "online_filing_rate": "90", "provincial_online_filing_rate": "85",
         "online_payment_rate": "90", "provincial_online_payment_rate": "85"},
        {"name": "乙", "online_filing_rate": "80", "provincial_online_filing_rate": "85",
         "online_payment_rate": "80", "provincial_online_payment_rate": "85"}]}
    rows = sheet_rows(export("trial-quality-team", raw))
    assert [r[rows[0].index("人员类别")] for r in rows[1:]] == ["员额法官", "员额法官"]
    assert [r[rows[0].index("名次")] for r in rows[1:]] == [1, 2]
    mediation = {"role": "mediation", "people": [{"name": "甲", "diversion_rate": "50", "resolution_rate": "50"}]}
    rows = sheet_rows(export("trial-quality-team", mediation))
    assert rows[1][rows[0].index("人员类别")] == "员额法官"


def test_a_column_of_another_kind_of_row_says_which_kind_it_is_for():
    """A judge's row with 庭前工作 filled (an assistant's column): the message names the
    row's 人员类别 and the kinds the column is for, not “不适用于当前选择”."""
    out = json.loads(web.handle("annual-assessment-team", json.dumps(
        {"people": [{"name": "乙", "category": "judge", "pretrial": "8"}]}, ensure_ascii=False)))
    message = out["errors"]["people.1.pretrial"]
    assert message.endswith("「庭前工作」不适用于「人员类别」“员额法官”（只适用于法官助理、书记员），请删去"), message
    assert len(out["error"]) < 300


def test_a_rows_message_about_several_cells_is_said_once(tmp_path):
    src = tmp_path / "leave.csv"
    src.write_text("姓名,月基本工资,事假天数,病假天数,本月应出勤天数\n张三,3000,20,5,21\n李四,3000,1,1,21\n",
                   encoding="utf-8")
    run = run_cli("leave-pay-month", "--csv", str(src))
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and "有1处错误" in err, err
    assert "第2行（张三），「事假天数」「病假天数」「本月应出勤天数」列：事假与病假合计25天" in err, err


def test_the_breakdown_s_own_headings_name_their_columns():
    """分解办法's headings (诉前化解率, 裁判文书公开率 …) are read as the columns they head
    (calculators QA: 诉前化解率 was ignored, then every row told 「民商事案件诉前化解率」必须填写)."""
    team = calculators.get("trial-quality-team")
    text = "姓名,诉前分流率,诉前化解率\n张三,30%,20%\n"
    loaded = table.load(team, text.encode("utf-8"), "a.csv")
    assert loaded.rows == [{"name": "张三", "diversion_rate": "30%", "resolution_rate": "20%"}] and not loaded.ignored


def test_a_repeated_case_and_a_bad_cell_are_said_in_one_go(tmp_path):
    """bankruptcy-year: a case number entered twice used to be said only once the other
    cells were good (a second run); every bad row is named at once (calculators QA D5)."""
    path = tmp_path / "cases.csv"
    path.write_text("案号,案件类型,程序,已完成的最后一个节点（期末）,申报债权额,债权人人数\n"
                    "(2023)破1号,破,破产清算,完成第一次债权人会议,30000,5\n"
                    "(2023)破1号,破,破产清算,完成第一次债权人会议,30000,5\n"
                    "(2023)破3号,破,破产清算,完成第一次债权人会议,1e9,5\n", encoding="utf-8")
    done = run_cli("bankruptcy-year", "--csv", str(path))
    err = done.stderr.decode()
    assert done.returncode == 2 and "第4行（(2023)破3号）：「申报债权额」不接受科学计数法" in err, err
    assert "第3行（(2023)破1号），「案号或案件名称」列：与第2行是同一案号" in err, err
    # the page's input (the grid's text) alike
    text = "label\tcase_type\tprocedure\tmilestone\tclaims_amount\tcreditors\n" + "".join(
        f"{label}\t破\t破产清算\t完成第一次债权人会议\t{claims}\t5\n"
        for label, claims in (("甲", "30000"), ("甲", "30000"), ("乙", "1e9")))
    answer = json.loads(web.handle("bankruptcy-year", json.dumps({"cases": text}, ensure_ascii=False)))
    assert set(answer["errors"]) >= {"cases.2.label", "cases.3.claims_amount"}, answer["errors"]


def test_an_export_writes_the_numbers_as_read():
    """An export's input columns carry each number as the calculator read it (４０ -> 40,
    1,234 -> 1234, ９５．５ -> 95.5), not as typed: full-width text in a number column is
    not a number in Excel (calculators QA D6); a percent keeps its sign only where the
    number alone would read back otherwise (0.5%)."""
    team = judges_team(3)
    team["people"][0].update({"cases_closed": "２４０", "closure_rate": "９５．５"})
    team["people"][1].update({"cases_closed": "1,234"})
    team["people"][2].update({"remand_rate": "0.5%"})
    rows = csv_rows(export("trial-quality-team", team, "csv"))
    head = rows[0]
    assert [r[head.index("年终结案数")] for r in rows[1:4]] == ["240", "1234", "220"]
    assert rows[1][head.index("结案率")] == "95.5" and rows[1][head.index("被二审改判率")] == "1.5"
    assert rows[3][head.index("被二审发回重审率")] == "0.5%"


def test_rows_a_filter_hides_are_read_and_said():
    """Rows hidden in the workbook (a filter) are rows of the table: computed, and the
    notice names them, so that a clerk who filtered out another department knows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["姓名", "月基本工资"], ["张三", 3000], ["李四", 4000], ["王五", 5000]):
        ws.append(r)
    ws.row_dimensions[3].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    loaded = table.load(MONTH, buf.getvalue(), "a.xlsx")
    assert [r["name"] for r in loaded.rows] == ["张三", "李四", "王五"] and loaded.hidden == [3]
    assert "第3行（共1行）在工作表中是隐藏的（如被筛选掉），也已计算" in loaded.skipped_note()


def test_a_value_merged_down_a_column_counts_for_each_row():
    """A value shared by the rows (全省基层法院法官人均结案数 merged down the column, as a
    sheet shows it) is each row's, and the notice says so; a header merged down (a
    two-row header) is still a header. The QA's sheet got one 必须填写 per row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "结案率", "年终结案数", "全省基层法院法官人均结案数"])
    for i in range(4):
        ws.append([f"法官{i}", "95%", 200 + i, 245.5 if i == 0 else None])
    ws.merge_cells("D2:D5")
    buf = io.BytesIO()
    wb.save(buf)
    team = calculators.get("trial-quality-team")
    loaded = table.load(team, buf.getvalue(), "a.xlsx")
    assert [r["provincial_avg_cases"] for r in loaded.rows] == ["245.5"] * 4
    assert "第2至5行的「全省基层法院法官人均结案数」是合并单元格，已按其值“245.5”计入这些行" in loaded.skipped_note()


def test_a_header_that_reads_like_a_column_not_given_is_refused_not_ignored(tmp_path):
    """The calculators QA of 2026-12-01: team-grading's 到院工作月数 written 到院月数 was
    ignored (a note on stderr only), and 法官乙's 6 months paid as 12: 20000.00 instead of
    20000 × 6 ÷ 12 = 10000.00 (第十八条). 到院月数 is now a name of the column; a header that
    reads like a column not in the header, and is none of its names, is refused with the
    column it looks like (table.near_miss), in a file as in a paste (grid.js)."""
    people = [["姓名", "人员类别", "综合考核得分", "{months}"], ["法官甲", "员额法官", 96, None],
              ["法官乙", "员额法官", 94.5, 6], ["法官丙", "员额法官", 93, None]]
    def run(header):
        rows = [[c.format(months=header) if isinstance(c, str) else c for c in r] for r in people]
        path = tmp_path / f"{header}.xlsx"
        path.write_bytes(xlsx_bytes(rows))
        return run_cli("team-grading", "--xlsx", str(path), '{"standard_bonus": "20000"}')
    done = run("到院月数")
    assert done.returncode == 0, done.stderr.decode()
    rows = csv_rows(done.stdout)
    assert rows[2][1] == "法官乙" and rows[2][rows[0].index("绩效考核奖金（元）")] == "10000.00"
    assert "已忽略" not in done.stderr.decode()
    done = run("到院工作月")
    assert done.returncode == 2 and not done.stdout
    assert "列名“到院工作月”不是本表的列名，像是「到院工作月数」：是的话，请把列名改为“到院工作月数”" in done.stderr.decode()
    # an extra column that reads like no column is still only ignored, and said
    assert table.near_miss("team-grading", "备注", calculators.get("team-grading").fields[0].columns) is None
