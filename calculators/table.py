"""Whole tables: one person or case a row, in and out of Excel/WPS, for every calculator.

Two things live here, both standard library only (they run in Pyodide too):

- Reading a table as real sheets carry it: a byte-order mark, trailing tabs, blank lines,
  a 序号 column, columns in any order, headers by Chinese label, by code (the field's key)
  or by a documented alias (ALIASES), the header row found below a title row, a 合计 row
  at the bottom. Each cell is then parsed by the engine, like a form field.
- Table mode (TableCalculator): a per-person calculator run over rows, declared, not
  copied: the row's columns are the single calculator's own fields plus an identity
  column (姓名), and each row goes through the single calculator's own compute. A bad row
  is reported on its cells; the good rows are still computed (RowErrors.partial).

The batch functions (load, export_rows, template) serve the command line
(`python -m calculators NAME --csv FILE`) and the page (calculators.web) alike."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from .engine import (MAX_TABLE_ROWS, Calculator, Field, InputError, Line, Result, Table, _capped, choice_names,
                     clean_number_text, fmt, parse_fields, parse_number, plain, without_remark)
from .sheet_io import Column, Sheet, SheetError

# Headers that name no input: a row number column is skipped wherever it stands.
IGNORED_HEADERS = ("序号", "编号", "行号", "no", "no.", "#")
NUMBER_HEADER = IGNORED_HEADERS[0]   # the exports' first column
# A row whose first non-empty cell says this is a totals row (our own exports end with
# one): it is not a person.
TOTAL_MARKERS = ("合计", "总计", "小计")
# Rows that are not a person (or a case) either, whatever else they hold: a row that sums
# up or averages those above it (合计：, 本月合计, 平均值, 全省平均, Total …) and a signature
# line under the table (制表人：…　审核人：…). Matched on the row's label, the first filled
# cell that is not its 序号, folded (norm: full-width colon and brackets become ":" "()"),
# the summary without a trailing colon or unit in brackets. Read the same way on the page
# (grid.js isSkippedRow, given these patterns).
SUMMARY_ROW = (r"(?:本月|本年|本季度?|全年|全院|全省|全市|全县|全区|全庭|各庭)?"
               r"(?:合计|总计|小计|累计|平均|平均值|平均分|均值|人均)|total|subtotal|sum|average|avg|mean")
SIGNATURE_ROW = r"(?:制表|填表|审核|复核|审批|负责人|经办|签字|签名|盖章|日期)[^:]{0,6}:"
HEADER_SEARCH_ROWS = 10        # the header row is looked for among the first rows
# A header's unit in brackets (申报债权额（万元）) must be the column's own: a figure in 万元
# or hours read as 元 or days would be a wrong number. Other bracketed words (（含利息）)
# are remarks. Units that say the same: 日 and 工作日 are 天, 百分比 is %, the counting words.
UNITS = ("元", "万元", "千元", "百元", "亿元", "天", "日", "工作日", "小时", "周", "月", "年", "件", "个", "篇",
         "人", "名", "次", "分", "项", "份", "%", "‰", "百分比")
SAME_UNIT = {"日": "天", "工作日": "天", "百分比": "%",
             # counts: a header's 件, 次, 篇, 个, 项 or 份 is no other quantity than a count's
             "次": "件", "篇": "件", "个": "件", "项": "件", "份": "件"}

# Documented aliases: other names real sheets (and the previous step's export) give a
# column. calculator name -> column key -> names. Shown on each calculator's page.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "leave-pay-month": {"base_salary": ("基本工资", "月工资"), "personal_leave_days": ("事假",),
                        "sick_leave_days": ("病假",), "month_work_days": ("应出勤天数", "应出勤")},
    # trial-quality-team's export: 合计 is the 分解办法 total, 名次 the rank
    "annual-assessment-team": {"quality_total": ("合计", "审判质效合计"),
                               "quality_rank": ("名次", "排名"),
                               "category": ("类别", "岗位类别")},
    "team-grading": {"score": ("考核得分", "总分", "得分"), "category": ("类别",),
                     # 第十八条's own words (实际到院工作月份) and the shorter forms sheets use
                     "months": ("到院月数", "到院工作月份", "实际到院工作月份", "工作月数")},
    # the headings of the 分解办法 where they are shorter than the column's label
    "trial-quality-team": {"diversion_rate": ("诉前分流率",), "resolution_rate": ("诉前化解率",),
                           "judgment_disclosure_rate": ("裁判文书公开率",),
                           "on_time_rate": ("审限内结案率", "法定审限内结案率"),
                           "livestream_rate": ("庭审直播率", "庭审公开直播率")},
    "bankruptcy-year": {"label": ("案号", "案件名称", "案件")},
}


# Each per-person calculator's table: the page links it, the command line points to it.
TABLE_MODES = {"leave-pay": "leave-pay-month", "annual-assessment": "annual-assessment-team",
               "trial-quality": "trial-quality-team", "bankruptcy-workload": "bankruptcy-year"}


class RowErrors(InputError):
    """Some rows are bad: errors keyed "table.row.column" like the engine's; `partial` is
    the result of the good rows (None when there are none); `rows` the bad rows' numbers."""

    def __init__(self, errors: dict[str, str], partial: Result | None, rows: list[int],
                 plain: dict[str, str] | None = None):
        super().__init__(errors)
        self.plain = plain or {}        # the same messages without the row prefix
        self.partial = partial
        self.rows = rows


# ---------------------------------------------------------------- headers


def norm(text: str) -> str:
    """A header as compared: full-width forms folded (NFKC), spaces and BOM dropped,
    Latin letters lower-cased."""
    s = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return "".join(s.split()).lower()


def lookup(names: dict[str, str], cell: str) -> str | None:
    """The column a header names: as written, else without a trailing unit in brackets
    ("月基本工资（元）" -> 月基本工资)."""
    s = norm(cell)
    if s in names:
        return names[s]
    if s.endswith(")") and s.rfind("(") > 0:
        return names.get(s[:s.rindex("(")])
    return None


def unit_clash(cell: str, column: Field) -> str | None:
    """Why a header's unit in brackets is not its column's, or None."""
    s = norm(cell)
    if not (s.endswith(")") and s.rfind("(") > 0) or not column.unit:
        return None
    unit = s[s.rindex("(") + 1:-1].removeprefix("单位:").removeprefix("单位")
    if unit not in UNITS or SAME_UNIT.get(unit, unit) == SAME_UNIT.get(column.unit, column.unit):
        return None
    return (f"列名“{cell.strip()}”的单位是{unit}，本表的「{column.label}」以{column.unit}为单位："
            f"请换算成{column.unit}后再导入，或改正列名")


def _in_order(short: str, long: str) -> bool:
    """Whether every character of short is in long, in the same order."""
    it = iter(long)
    return all(ch in it for ch in short)


NEAR_SHARE = 0.6   # a header with this share of a column's name, in its order, reads as it


def near_miss(calc_name: str, cell: str, missing: Iterable[Field]) -> Field | None:
    """The column not in the header that a header no column has reads like (到院月数 for
    到院工作月数: one name's characters all in the other's, in order, and the shorter at
    least NEAR_SHARE of the longer), or None. Such a column is refused, not ignored: ignored,
    its figures would be silently left out (each row taking the column's default); taken
    as that column, it would be a guess."""
    s = without_remark(norm(cell))
    if len(s) < 2:
        return None
    for column in missing:
        for name in header_names(calc_name, column):
            n = without_remark(norm(name))
            short, long = sorted((s, n), key=len)
            if len(short) >= 2 and len(short) >= NEAR_SHARE * len(long) and _in_order(short, long):
                return column
    return None


def near_miss_message(cell: str, column: Field) -> str:
    return (f"列名“{cell.strip()}”不是本表的列名，像是「{column.label}」：是的话，请把列名改为"
            f"“{column.label}”后再导入；不是的话，请删去该列或改用别的列名")


_SUMMARY = re.compile(SUMMARY_ROW)
_SIGNATURE = re.compile(SIGNATURE_ROW)


def skipped_row(row: list[str]) -> str | None:
    """The label of a row that is not a person (a 合计 or 平均值 row, a signature line), or
    None. The label: the first filled cell that is not a whole number (a 序号)."""
    label = next((c.strip() for c in row if c.strip() and not c.strip().isdigit()), "")
    folded = norm(label)
    summary = without_remark(folded.rstrip(":")).rstrip(":")
    if label and (_SUMMARY.fullmatch(summary) or _SIGNATURE.match(folded)):
        return label
    return None


def _ruled_out(column: Field, row: dict[str, str], by_key: dict[str, Field]) -> str | None:
    """The choice of the row (as written: a code or its label) that the column does not
    apply to (its show_if), as “label”, or None (it applies, or the row does not say)."""
    for k, allowed in (column.show_if or {}).items():
        g = by_key.get(k)
        if g is None or g.kind != "choice" or k not in row:
            continue
        code = choice_names(g.choices).get(clean_number_text(row[k]))   # as the engine reads it
        if code is not None and code not in allowed:
            return dict(g.choices)[code]
    return None


def header_names(calc_name: str, column: Field) -> list[str]:
    return [column.label, column.key] + list(ALIASES.get(calc_name, {}).get(column.key, ()))


def header_map(calc_name: str, columns: tuple[Field, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in columns:
        for name in header_names(calc_name, c):
            out.setdefault(norm(name), c.key)
    return out


@dataclass
class Loaded:
    """A table read from a file or pasted text: rows of key -> text, each row's line in
    the file, the header's line, and the headers that were not used."""

    rows: list[dict[str, str]]
    lines: list[int]
    header_line: int
    ignored: list[str] = field(default_factory=list)
    sheet: str = ""                                     # the worksheet read ("" for text)
    passed: list[str] = field(default_factory=list)     # worksheets before it, without the table
    also: list[str] = field(default_factory=list)       # worksheets after it that have the table too
    skipped: list[str] = field(default_factory=list)    # rows not read as people: 第N行（合计）
    unused: list[str] = field(default_factory=list)     # an alias column left out of rows it does not fit
    hidden: list[int] = field(default_factory=list)     # lines of rows read that the workbook hides
    spread: list[str] = field(default_factory=list)     # merged cells whose value went into each row

    def where(self) -> str:
        """Which worksheet was read, when it was not the only one that could be: a notice."""
        out = []
        if self.passed:
            out.append(f"读取的是工作表“{self.sheet}”（{'、'.join('“' + n + '”' for n in self.passed)}"
                       "中没有本表的列名和数据）")
        if self.also:
            out.append(f"{'只' if self.passed else ''}读取了工作表“{self.sheet}”；工作表"
                       f"{'、'.join('“' + n + '”' for n in self.also)}也有本表的列名和数据，"
                       "要计算它，请把它移到最前面或另存为单独的文件")
        return "；".join(out)

    def skipped_note(self) -> str:
        """For the user: the rows left out as not people, the rows the workbook hides, the
        merged cells counted for each row, an alias column left out of rows it does not fit."""
        out = [f"{'、'.join(self.skipped)}是合计、平均值或签名行，没有作为人员计算"] if self.skipped else []
        if self.hidden:   # rows a filter hides are still rows of the table: said, not dropped
            shown = "、".join(str(n) for n in self.hidden[:10]) + ("等" if len(self.hidden) > 10 else "")
            out.append(f"第{shown}行（共{len(self.hidden)}行）在工作表中是隐藏的（如被筛选掉），"
                       "也已计算；不需要的请在表格中删去")
        return "；".join(out + self.spread + self.unused)


def header_cells(names: dict[str, str], top: list[str], below: list[str]) -> tuple[list[str], int]:
    """The header's cells and how many rows it takes (1 or 2). A header written on two
    rows (a group title such as 请假天数 merged across its sub-columns 事假 | 病假, the
    other titles merged down, so empty below) reads as one: when the row under the header
    names at least one column, and is empty under every column the header row itself
    names, each column takes the lower row's name where it has one."""
    named_below = False
    for j, lower in enumerate(below):
        if not lower.strip():
            continue
        if j < len(top) and lookup(names, top[j]) is not None:   # a value under a named column: data
            return top, 1
        named_below = named_below or lookup(names, lower) is not None
    if not named_below:
        return top, 1
    width = max(len(top), len(below))
    top = top + [""] * (width - len(top))
    below = below + [""] * (width - len(below))
    return [lower if lower.strip() else upper for upper, lower in zip(top, below)], 2


def locate(calc_name: str, columns: tuple[Field, ...], sheet: Sheet, strict: bool = False) -> Loaded:
    """Find the header row (the first of the first rows naming at least two columns, else
    the first naming one; a header on two rows is read as one, see header_cells) and read
    the rows under it."""
    names = header_map(calc_name, columns)
    wanted = min(2, len(columns))
    at = None
    for n, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in row if lookup(names, cell)) >= wanted:
            at = n
            break
    if at is None:       # a table filled in one column only, or with columns misspelt
        at = next((n for n, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS])
                   if any(lookup(names, c) for c in row)), None)
    if at is None:
        shown = "、".join(c.label for c in columns[:6]) + ("等" if len(columns) > 6 else "")
        raise SheetError(f"没有找到列名行：前{HEADER_SEARCH_ROWS}行中没有一行写着本表的列名（如{shown}）")
    # the lower row of a two-row header may be the first to name two columns
    if at > 0 and any(lookup(names, c) for c in sheet.rows[at - 1]) \
            and header_cells(names, sheet.rows[at - 1], sheet.rows[at])[1] == 2:
        at -= 1
    heading, height = header_cells(names, sheet.rows[at], sheet.rows[at + 1] if at + 1 < len(sheet.rows) else [])
    keys: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    by_key = {c.key: c for c in columns}
    for cell in heading:
        key = lookup(names, cell)
        if key is None:
            if cell.strip() and norm(cell) not in IGNORED_HEADERS:
                ignored.append(cell.strip())
            keys.append(None)
            continue
        if key in seen:
            raise HeaderError(f"列名“{cell}”与“{seen[key]}”指的是同一列，请删去其中一列")
        clash = unit_clash(cell, by_key[key])
        if clash:
            raise HeaderError(clash)
        seen[key] = cell
        keys.append(key)
    if strict and ignored:
        raise SheetError(f"不认识的列名：{'、'.join(ignored)}")
    for cell in ignored:
        column = near_miss(calc_name, cell, [c for c in columns if c.key not in seen])
        if column is not None:
            raise HeaderError(near_miss_message(cell, column))
    # a 序号 column: a template numbered 1…N down the page with only some rows filled in
    numbering = {j for j, cell in enumerate(heading) if keys[j] is None and norm(cell) in IGNORED_HEADERS}
    # a column found by an alias (trial-quality-team's 合计 as 分解办法得分) means that input
    # only in the rows it applies to: a judge's 合计 is not his 分解办法得分 (only assistants'
    # and clerks' are), so it is left out of those rows, and said, not refused row by row
    by_alias = {j: k for j, k in enumerate(keys) if k is not None and by_key[k].show_if
                and {norm(heading[j]), without_remark(norm(heading[j]))}
                & {norm(a) for a in ALIASES.get(calc_name, {}).get(k, ())}}
    left_out: dict[int, list[str]] = {}
    rows, lines, skipped, hidden = [], [], [], []
    start = at + height
    merged = _merged_ranges(sheet, keys, start)
    spread: dict[int, dict[int, str]] = {}     # line -> {column: the merged cell's value} below its first
    for j, a, b, text in merged:
        for line in range(a + 1, b + 1):
            spread.setdefault(line, {})[j] = text
    for n, (row, line) in enumerate(zip(sheet.rows[start:], sheet.lines[start:]), start):
        unread = {j: why for (i, j), why in sheet.problems.items()
                  if i == n and j < len(keys) and keys[j] is not None}
        if not unread and not any(c.strip() for j, c in enumerate(row) if j not in numbering):
            continue                 # blank, or only its 序号
        for j, text in spread.get(line, {}).items():   # a merged cell shows its value here too
            row = row + [""] * (j + 1 - len(row)) if len(row) <= j else list(row)
            if not row[j].strip():
                row[j] = text
        label = skipped_row(row)
        if label is not None:        # not a person: said, unless it is our own export's 合计
            if norm(label) not in TOTAL_MARKERS:
                skipped.append(f"第{line}行（{' '.join(label.split())[:20]}）")
            continue
        if len(row) > len(keys) and any(c.strip() for c in row[len(keys):]):
            raise SheetError(f"第{line}行的数据多于列名（第{len(keys) + 1}列以后没有列名）")
        if unread:
            j, why = min(unread.items())
            raise UnreadCell(f"第{line}行「{column_label(columns, keys[j])}」列：{why}")
        values = {k: c.strip() for k, c in zip(keys, row) if k is not None and c.strip() != ""}
        for j, k in by_alias.items():
            choice = _ruled_out(by_key[k], values, by_key) if k in values else None
            if choice is not None:
                del values[k]
                left_out.setdefault(j, []).append(choice)
        rows.append(values)
        lines.append(line)
        if n in sheet.hidden:
            hidden.append(line)
    unused = [f"“{heading[j].strip()}”列在{len(chosen)}行（{'、'.join(dict.fromkeys(chosen))}）中不是"
              f"「{by_key[by_alias[j]].label}」，这些行没有使用它" for j, chosen in left_out.items()]
    said = [f"第{a}至{b}行的「{column_label(columns, keys[j])}」是合并单元格，已按其值“{text}”计入这些行"
            for (j, a, b, text) in merged]
    return Loaded(rows, lines, sheet.lines[at], ignored, skipped=skipped, unused=unused, hidden=hidden,
                  spread=said)


def _merged_ranges(sheet: Sheet, keys: list, start: int) -> list[tuple[int, int, int, str]]:
    """The cells merged down an input column below the header: (column, first line, last
    line, the value its first cell holds)."""
    first_data = sheet.lines[start] if start < len(sheet.lines) else None
    index = {line: n for n, line in enumerate(sheet.lines)}
    out = []
    for j, a, b in sheet.merged_down:
        if first_data is None or a < first_data or j >= len(keys) or keys[j] is None or a not in index:
            continue
        row = sheet.rows[index[a]]
        text = row[j].strip() if j < len(row) else ""
        if text:
            out.append((j, a, b, text))
    return out


class UnreadCell(SheetError):
    """A cell of the table that the file does not let us read (a formula without its
    result): the table is there, so no other worksheet is read instead."""


class HeaderError(SheetError):
    """The table's header row is there but wrong (two columns for one input, a unit not the
    column's, a header that reads like a column not given): said, and no other worksheet
    read instead (a later one, last month's, would be read without a word)."""


def column_label(columns: tuple[Field, ...], key: str) -> str:
    return next((c.label for c in columns if c.key == key), key)


def text_sheet(text: str) -> Sheet:
    """Tab-separated text as pasted from Excel/WPS: a BOM, CRLF, trailing tabs allowed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    rows, lines = [], []
    for n, line in enumerate(text.split("\n"), 1):
        cells = line.split("\t")
        while cells and not cells[-1].strip():
            cells.pop()
        rows.append([c.strip() for c in cells])
        lines.append(n)
    return Sheet(rows, lines)


def text_rows(calc_name: str, f: Field, text: str) -> list[dict]:
    """The engine's reading of a table typed or pasted as text (its tsv_rows): the same
    tolerance as files; an unknown column is refused (a typo would otherwise be dropped)."""
    sheet = text_sheet(text)
    if not any(any(c for c in r) for r in sheet.rows):
        return []
    try:
        return locate(calc_name, f.columns, sheet, strict=True).rows
    except SheetError as err:
        raise InputError({f.key: f"「{f.label}」{err}"}) from None


# ---------------------------------------------------------------- table mode


def _shown(f: Field, value: Any) -> str:
    """A typed value as a sheet shows it (and as the engine reads it back)."""
    if value is None:
        return ""
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "choice":
        return dict(f.choices).get(value, str(value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return str(value)


@dataclass(frozen=True)
class ResultColumn:
    key: str                  # a key of the single calculator's Result.values
    label: str
    kind: str = "money"       # money | score | text: money and score print with two decimals


@dataclass(frozen=True)
class TableCalculator(Calculator):
    """A per-person calculator over a table: `single` computes each row; the table's
    columns are `id_columns` + the single calculator's fields (tables excepted)."""

    single: Calculator | None = None
    table_key: str = "people"
    table_label: str = "人员"
    id_columns: tuple[Field, ...] = ()
    results: tuple[ResultColumn, ...] = ()
    totals: tuple[str, ...] = ()          # input or result keys summed under the table

    def row_fields(self) -> tuple[Field, ...]:
        return self.id_columns + _row_columns(self.single)

    def shared_fields(self) -> tuple[Field, ...]:
        """Inputs given once for the whole table (the calculation date), not per row."""
        return tuple(f for f in self.fields if f.key != self.table_key)

    def run(self, raw: dict) -> Result:
        if not isinstance(raw, dict):
            raise InputError({"": "输入应为一个 JSON 对象"})
        shared_keys = {f.key for f in self.shared_fields()}
        unknown = [k for k in raw if k != self.table_key and k not in shared_keys]
        if unknown:
            raise InputError({k: f"未知的输入项“{k}”" for k in unknown})
        # one calculation date for every row (rules.as_of_field); a bad one is said with the
        # rows' own errors (each row is still read), and no row is computed
        try:
            shared, shared_errors = parse_fields(self.shared_fields(), {k: v for k, v in raw.items() if k in shared_keys}), {}
        except InputError as err:
            shared, shared_errors = None, dict(err.errors)
        table = self.fields[0]
        rows = raw.get(self.table_key)
        if isinstance(rows, str):
            rows = text_rows(self.name, table, rows)
        if rows is None:
            rows = []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError({**shared_errors, self.table_key: f"「{self.table_label}」应为若干行数据"})
        if not rows:
            raise InputError({**shared_errors, self.table_key: f"「{self.table_label}」至少需要一行"})
        if len(rows) > MAX_TABLE_ROWS:
            raise InputError({**shared_errors, self.table_key: f"「{self.table_label}」有{len(rows)}行，一次最多"
                                                               f"{MAX_TABLE_ROWS}行，请分批计算"})
        known = {c.key for c in table.columns}
        good, errors, bad, plain = [], dict(shared_errors), [], {}
        for i, row in enumerate(rows, 1):
            name = str(row.get(self.id_columns[0].key) or "").strip() if self.id_columns else ""
            where = f"「{self.table_label}」第{i}行" + (f"（{name}）" if name else "") + "："
            row_errors = {f"{self.table_key}.{i}.{k}": f"{where}未知的列“{k}”" for k in row if k not in known}
            try:
                values = parse_fields(table.columns, {k: v for k, v in row.items() if k in known})
                ids = {c.key: values.pop(c.key, None) for c in self.id_columns}
                result = self.single.compute({**values, **shared}) if shared is not None else None
            except InputError as err:
                for k, m in err.errors.items():
                    if k in shared_keys:        # the whole table's date: said once, not per row
                        errors[k] = m
                        continue
                    key = f"{self.table_key}.{i}.{k or self.id_columns[0].key}"
                    row_errors[key] = where + m
                    plain[key] = m
            if row_errors or any(k in errors for k in shared_keys):
                errors.update(row_errors)
                bad.append(i)
                continue
            good.append((i, ids, values, result))
        given = {k for r in rows for k, v in r.items() if v is not None and str(v).strip() != ""}
        partial = self._result(good, len(rows), given) if good else None
        if errors:
            raise RowErrors(_capped(errors), partial, bad, plain)
        return partial

    def _result(self, good: list, total_rows: int, given: set[str]) -> Result:
        present = [f for f in self.row_fields() if f.key in given]
        columns = [(f.key, f.label) for f in present] + [(r.key, r.label) for r in self.results]
        rows, lines, warnings = [], [], []
        sums = {k: Decimal(0) for k in self.totals}
        for i, ids, values, result in good:
            row = {f.key: _shown(f, ids[f.key] if f.key in ids else values.get(f.key)) for f in present}
            row.update({r.key: result.values.get(r.key, "") for r in self.results})
            row["row"] = i
            rows.append(row)
            for k in self.totals:
                v = result.values.get(k) if k in result.values else values.get(k)
                sums[k] += Decimal(str(v or 0))
            who = next((str(v) for v in ids.values() if v), f"第{i}行")
            lines.extend(Line(f"【{who}】{ln.label}", ln.amount, ln.cite, ln.reading) for ln in result.lines)
            warnings.extend(w for w in result.warnings if w not in warnings)
        labels = {k: lbl for k, lbl in columns}
        totals = {k: fmt(v) for k, v in sums.items()}
        summary = [("人数" if self.table_key == "people" else "行数", f"{len(good)}")]
        summary += [(f"{labels.get(k, k)}合计", totals[k]) for k in self.totals]
        if len(good) < total_rows:
            summary.append(("未计算的行", f"{total_rows - len(good)}"))
        for k in self.totals:
            lines.append(Line(f"{labels.get(k, k)}合计（{len(good)}行之和）", totals[k]))
        return Result(values={"rows": rows, "totals": totals, "count": len(good)},
                      summary=summary, lines=lines, warnings=warnings,
                      table=Table(columns, rows))


SHARED_KEYS = ("as_of",)   # given once for the whole table, not in each row


def _row_columns(single: Calculator) -> tuple[Field, ...]:
    return tuple(f for f in single.fields if f.kind != "table" and f.key not in SHARED_KEYS)


def table_calculator(*, name: str, title: str, summary: str, single: Calculator,
                     id_columns: tuple[Field, ...], results: tuple[ResultColumn, ...],
                     totals: tuple[str, ...] = (), table_key: str = "people",
                     table_label: str = "人员", help: str = "") -> TableCalculator:
    columns = id_columns + _row_columns(single)
    # the row's fields are optional in the declaration as a whole; each row is checked
    # by the single calculator's own declarations
    table = Field(table_key, table_label, "table", columns=columns, help=help or
                  "每行一人。可直接在表格中填写，从 Excel/WPS 复制整块粘贴，或导入 .xlsx/.csv 文件。")
    return TableCalculator(
        name=name, title=title, regulation=single.regulation, summary=summary,
        formula="逐行按“" + single.title + "”计算：" + single.formula,
        fields=(table,) + tuple(f for f in single.fields if f.key in SHARED_KEYS), compute=lambda v: None, readings=single.readings, cites=single.cites,
        single=single, table_key=table_key, table_label=table_label, id_columns=id_columns,
        results=results, totals=totals)


# ---------------------------------------------------------------- batches (CLI, page)


def main_table(calc: Calculator) -> Field | None:
    """The table a calculator's batch reads: its first required table field."""
    return next((f for f in calc.fields if f.kind == "table" and f.required), None)


def load(calc: Calculator, data: bytes, filename: str = "") -> Loaded:
    """The calculator's table from a file: in a workbook, the first worksheet (in the
    workbook's order, hidden ones last) that has the table's header row and rows under
    it: a cover or instructions sheet before the data is passed over, and said."""
    from . import sheet_io

    f = main_table(calc)
    if f is None:
        raise SheetError(f"“{calc.title}”没有表格输入")
    errors: list[tuple[str, SheetError]] = []
    names: list[str] = []
    book = sheet_io.sheets(data, filename)
    for name, sheet in book:
        names.append(name)
        if not any(any(c for c in r) for r in sheet.rows):
            continue
        try:
            loaded = locate(calc.name, f.columns, sheet)
            if not loaded.rows:
                raise SheetError(f"列名行（第{loaded.header_line}行）下面没有数据")
        except UnreadCell as err:
            raise UnreadCell(f"工作表“{name}”{err}" if name else str(err)) from None
        except HeaderError as err:
            raise HeaderError(f"工作表“{name}”：{err}" if name else str(err)) from None
        except SheetError as err:
            errors.append((name, err))
            continue
        loaded.sheet = name
        loaded.passed = names[:-1]
        loaded.also = _also(calc, f, book)
        return loaded
    if not errors:
        raise SheetError("文件是空的")
    if len(names) == 1:
        raise errors[0][1]
    name, err = errors[0]
    raise SheetError(f"工作表“{name}”：{err}（已查看全部 {len(names)} 个工作表：{'、'.join(names)}，"
                     "都没有本表的列名和数据）")


def _also(calc: Calculator, f: Field, book) -> list[str]:
    """The worksheets left in `book` that hold the table too (its header, rows under it):
    named, so that a workbook with last year's sheet first is not read unnoticed."""
    out = []
    try:
        for name, sheet in book:
            try:
                if locate(calc.name, f.columns, sheet).rows:
                    out.append(name)
            except SheetError:
                continue
    except SheetError:       # a later worksheet that cannot be read: the table is read already
        pass
    return out


def file_errors(calc: Calculator, err: InputError, loaded: Loaded) -> list[str]:
    """Messages naming each bad row by its line in the file and its column."""
    f = main_table(calc)
    labels = {c.key: c.label for c in f.columns}
    plain = getattr(err, "plain", {})
    by_row: dict[tuple, list[str]] = {}   # (row, message) -> columns: a message of several cells once
    out: list = []
    # a table mode's errors in full (the page's are capped at the engine's limit)
    for key, message in (plain or err.errors).items():
        parts = key.split(".")
        if len(parts) >= 3 and parts[0] == f.key and parts[1].isdigit():
            n = int(parts[1])
            message = _file_message(f, plain.get(key, message), loaded)
            if (n, message) not in by_row:
                by_row[(n, message)] = []
                out.append((n, message))
            by_row[(n, message)].append(labels.get(parts[2], parts[2]))
        else:
            out.append(message)
    return [item if isinstance(item, str) else _row_message(item, by_row[item], loaded) for item in out]


def _row_message(item: tuple[int, str], columns: list[str], loaded: Loaded) -> str:
    n, message = item
    line = loaded.lines[n - 1] if 0 < n <= len(loaded.lines) else n
    row = loaded.rows[n - 1] if 0 < n <= len(loaded.rows) else {}
    who = row.get("name") or row.get("label") or ""
    where = f"第{line}行" + (f"（{who}）" if who else "")
    named = [c for c in columns if f"「{c}」" not in message]
    if len(named) == len(columns):
        where += "，" + "".join(f"「{c}」" for c in columns) + "列"
    return f"{where}：{message}"


def _file_message(f: Field, message: str, loaded: Loaded) -> str:
    """A calculator's message about a row, said of a file: its own row prefix
    (「各案件」第5行（…）：) dropped, as the file's line stands before it, and the rows it
    names (与第1行重复) named by their lines in the file; quoted text is left as written."""
    message = re.sub(rf"^「{re.escape(f.label)}」第\d+行(（[^）]*）)?：?", "", message)

    def line_of(m: re.Match) -> str:
        n = int(m.group(1))
        return f"第{loaded.lines[n - 1]}行" if 0 < n <= len(loaded.lines) else m.group(0)

    parts = re.split(r"(“[^”]*”)", message)
    return "".join(p if p.startswith("“") else re.sub(r"第(\d+)行", line_of, p) for p in parts)


def _kind_of(f: Field | None, values: list[str]) -> str:
    """A column's kind in a written sheet: an input's by its field; a result's by its
    values: all with two decimals money (0.00), all whole numbers (名次) int, else text."""
    if f is not None:
        return {"decimal": "number", "int": "int", "choice": "choice", "bool": "bool"}.get(f.kind, "text")
    filled = [v for v in values if v not in ("", None)]
    if filled and all(isinstance(v, str) and _is_2dp(v) for v in filled):
        return "money"
    if filled and all(isinstance(v, str) and _is_count(v) for v in filled):
        return "int"
    return "text"


def _is_count(s: str) -> bool:
    return s.isascii() and s.isdigit() and (s == "0" or not s.startswith("0")) and len(s) <= 15


def _is_2dp(s: str) -> bool:
    body = s[1:] if s.startswith("-") else s
    whole, _, frac = body.partition(".")
    return whole.isdigit() and len(frac) == 2 and frac.isdigit()


def _width(header: str, values: list[str]) -> float:
    def w(s: str) -> int:
        return sum(2 if ord(ch) > 0x2e7f else 1 for ch in str(s))
    return min(40, max([8, w(header) + 2] + [w(v) + 2 for v in values[:500]]) + 0.5)


# Extra columns a whole-table calculator's export carries so the next step can read it:
# calculator -> (column label, function of (result values, input rows) -> a value per row, kind).
def _tq_group_size(values: dict, rows: list[dict]) -> list[str]:
    return [str(len(rows))] * len(rows)


def _tq_category(values: dict, rows: list[dict]) -> list[str]:
    from .annual_assessment import CATEGORY_NAMES
    from .trial_quality_team import CATEGORY_OF_ROLE
    return [CATEGORY_NAMES[CATEGORY_OF_ROLE[values["role"]]]] * len(rows)


EXPORT_EXTRA = {
    "trial-quality-team": (("人员类别", _tq_category, "text"), ("参加排名的人数", _tq_group_size, "int")),
}


@dataclass(frozen=True)
class ExportTotal:
    """A whole-table calculator's total written in its export's 合计 row: the figure
    `value` of Result.values, under the result table's column `column`; `note`, when
    given, a function of the values giving (column, words) to say what the sum leaves out."""

    column: str
    value: str
    note: Any = None


def _pending_note(values: dict) -> tuple[str, str] | None:
    pending = values.get("pending") or []
    if not pending:
        return None
    return ("reasons", f"已确定部分之和，未含等次待定的{'、'.join(pending)}")


# The totals of calculators that are not table modes (a TableCalculator declares its own):
# bankruptcy-year's 工作量合计 (第二条), team-grading's 奖金合计.
EXPORT_TOTALS: dict[str, tuple[ExportTotal, ...]] = {
    "bankruptcy-year": (ExportTotal("workload", "total"),),
    "team-grading": (ExportTotal("bonus", "total_bonus", _pending_note),),
}
TOTAL_LABEL = TOTAL_MARKERS[0]      # the first cell of the 合计 row (read back as a totals row)


def export_rows(calc: Calculator, raw: dict, result: Result) -> tuple[list[Column], list[list], list | None]:
    """What an export carries: the input columns (Chinese headers, choices as labels) and
    the results, one line per input row in input order; a 合计 row where the calculator
    has totals (None where it has none). A whole-table calculator's own table is joined
    to its input rows by the input row each of its rows names ("row"), whatever order it
    is in (ranking sorts it). Every column of the result table is exported: only a column
    with the key of an input column (the input repeated: 姓名, 案号) is not written twice."""
    f = main_table(calc)
    in_rows = raw.get(f.key) if isinstance(raw.get(f.key), list) else text_rows(calc.name, f, raw.get(f.key) or "")
    used = [c for c in f.columns if any(c.key in r and str(r[c.key]).strip() != "" for r in in_rows)]
    in_labels = {c.label for c in used}
    if isinstance(calc, TableCalculator):
        out_cols = [(r.key, r.label) for r in calc.results]
        res_rows = _join(in_rows, result.values["rows"])
    else:
        table = result.table
        in_keys = {c.key for c in used}
        out_cols = [(k, lbl if lbl not in in_labels else f"{lbl}（结果）")
                    for k, lbl in table.columns if k not in in_keys]
        res_rows = _join(in_rows, table.rows)
    extra = EXPORT_EXTRA.get(calc.name, ())
    # 序号 first, as the court's own tables and the print sheet have it: the rows can be
    # put back in their order after a sort in Excel, two people of one name told apart
    # (a 序号 column is passed over when the file is read back)
    header = [NUMBER_HEADER] + [c.label for c in used] + [lbl for _, lbl in out_cols] + [lbl for lbl, _, _ in extra]
    body = []
    extra_values = [fn(result.values, in_rows) for _, fn, _ in extra]
    for n, (r, res) in enumerate(zip(in_rows, res_rows)):
        cells = [str(n + 1)] + [_text_cell(c, r.get(c.key)) for c in used]
        cells += [_plain(res.get(k)) for k, _ in out_cols]
        cells += [vals[n] for vals in extra_values]
        body.append(cells)
    kinds = (["int"] + [_kind_of(c, []) for c in used]
             + [_kind_of(None, [row[1 + len(used) + j] for row in body]) for j in range(len(out_cols))]
             + [kind for _, _, kind in extra])
    columns = [Column(h, k, _width(h, [row[j] for row in body])) for j, (h, k) in enumerate(zip(header, kinds))]
    keys = [NUMBER_HEADER] + [c.key for c in used] + [k for k, _ in out_cols]
    if isinstance(calc, TableCalculator):
        sums = [ExportTotal(k, k) for k in calc.totals]
        figures = result.values["totals"]
    else:
        sums = list(EXPORT_TOTALS.get(calc.name, ()))
        figures = result.values
    sums = [t for t in sums if t.column in keys]
    if not sums:
        return columns, body, None
    totals = [""] * len(header)
    totals[0] = TOTAL_LABEL
    for t in sums:
        j = keys.index(t.column)
        totals[j] = figures[t.value]
        if columns[j].kind in ("number", "text"):
            columns[j] = Column(columns[j].header, "money", columns[j].width)
        said = t.note(figures) if t.note else None
        if said and said[0] in keys:
            totals[keys.index(said[0])] = said[1]
    return columns, body, totals


def _join(in_rows: list[dict], out_rows: list[dict]) -> list[dict]:
    """The result row of each input row, by the input row it names ("row", 1-based): a
    result table in another order (ranked) or with repeated names is joined right. A
    result table whose rows do not name their input rows cannot be joined safely: an
    error (an internal one: every whole-table calculator numbers its rows), never a guess."""
    by_row = {r.get("row"): r for r in out_rows}
    if sorted(k for k in by_row if isinstance(k, int)) != list(range(1, len(in_rows) + 1)) \
            or len(out_rows) != len(in_rows):
        raise RuntimeError("the result rows do not name each input row once")
    return [by_row[i] for i in range(1, len(in_rows) + 1)]


def _text_cell(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if f.kind == "bool":
        if isinstance(value, bool):
            return "是" if value else "否"
        return {"true": "是", "false": "否", "1": "是", "0": "否"}.get(str(value).strip().lower(), str(value))
    if f.kind == "choice":
        return dict(f.choices).get(str(value).strip(), str(value))
    if f.kind in ("decimal", "int"):   # a number as read (４０, 1,234, 5天 -> 40, 1234, 5)
        try:
            number = parse_number(value, f)
        except ValueError:
            return str(value).strip()
        if f.unit == "元":            # money as the results and the 合计 row write it
            return fmt(number)
        # a percent without its sign where that reads back the same (a number in Excel),
        # with it where it would not (0.5%, a 结收比 of 5%)
        try:
            return plain(number) if parse_number(plain(number), f) == number else plain(number) + "%"
        except ValueError:
            return plain(number) + "%"
    return str(value).strip()


def _plain(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (list, tuple)):
        return "；".join(_plain(x) for x in v)
    return str(v)


def template_columns(calc: Calculator, keys: list[str] | None = None) -> list[Column]:
    """The blank template's columns: all of the main table's, or those of `keys` (the
    page's grid: the columns it draws, e.g. one role's indicators)."""
    f = main_table(calc)
    out = []
    for c in f.columns:
        if keys is not None and c.key not in keys:
            continue
        kind = {"decimal": "number", "int": "int", "choice": "choice", "bool": "bool"}.get(c.kind, "text")
        out.append(Column(c.label, kind, _width(c.label, [c.unit * 4]),
                          tuple(label for _, label in c.choices), c.min, c.max))
    return out


TEMPLATE_ROWS = 300
