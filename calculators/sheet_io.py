"""Spreadsheet files in and out, standard library only (zipfile + xml.etree), so the same
code runs on the command line and in the page (Pyodide): read the sheets of a .xlsx (in
the workbook's order, hidden ones last; each only when asked for) or a .csv into rows of
text cells; write .xlsx (header, widths, money as numbers with two
decimals, drop-down validations) and .csv (UTF-8 with a byte-order mark, which Excel and
WPS need to read Chinese).

A file that cannot be read raises SheetError with the reason in Chinese. Files are
untrusted: sizes are capped before anything is unpacked and XML with a DOCTYPE (entity
tricks) is refused."""
from __future__ import annotations

import csv
# codecs looked up by name at run time, imported here so that the page's trimmed stdlib
# (handbook/pyodide_fast.py keeps what the sources import) has them: zipfile reads member
# names as cp437; Excel and WPS on Chinese Windows save CSV in GB18030
import encodings.cp437  # noqa: F401
import encodings.gb18030  # noqa: F401
import encodings.utf_8_sig  # noqa: F401
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

MAX_FILE_BYTES = 20 * 1024 * 1024        # the file as uploaded
MAX_PART_BYTES = 60 * 1024 * 1024        # one unpacked part of a .xlsx
MAX_ROWS = 20000
EXCEL_DIGITS = 15                         # Excel keeps 15 significant digits

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
M = "{%s}" % NS["m"]


class SheetError(Exception):
    """A file that cannot be read as a table; the message says why, in Chinese."""


@dataclass
class Sheet:
    """Cells as text, one list per row, with each row's line number in the file (1-based:
    the sheet's row number, or the CSV record's first line)."""

    rows: list[list[str]]
    lines: list[int]
    # cells that could not be read, by (row index, column index) -> why (a formula without
    # its result): read as empty; the table reader refuses them only where they are used
    # (a formula in a 合计 row or an ignored column does not stop the file)
    problems: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)   # rows hidden in the workbook (a filter), by index
    # cells merged down one column (a value shared by the rows it spans, as the sheet shows
    # it): (column index, first line, last line); only the first line's cell holds the value
    merged_down: list[tuple[int, int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def read(data: bytes, filename: str = "") -> Sheet:
    """A .xlsx or .csv by its content (a .xlsx is a zip file), whatever its name says."""
    if len(data) > MAX_FILE_BYTES:
        raise SheetError(f"文件太大（{len(data) // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError("这是旧版 Excel 97-2003 工作簿（.xls）或加密的文件，无法读取；"
                         "请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise SheetError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿（可能已损坏）")
    return read_csv(data)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: Excel and WPS on Chinese Windows save
    “CSV” in the local code page; UTF-16 with its BOM: their “Unicode 文本” (.txt)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetError("文件的文字编码无法识别（UTF-16 文本已损坏）") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SheetError("文件的文字编码无法识别（应为 UTF-8 或 GBK）")


def read_csv(data: bytes) -> Sheet:
    text = decode_text(data)
    if "\x00" in text:
        raise SheetError("文件不是 CSV 文本文件，也不是 .xlsx 工作簿")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    # tabs (pasted text, “Unicode 文本”), commas, or semicolons (Excel in some locales)
    delimiter = max(("\t", ",", ";"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines = [], []
    try:
        for record in reader:
            lines.append(reader.line_num - (sum(c.count("\n") for c in record)))
            rows.append([c.strip() for c in record])
            if len(rows) > MAX_ROWS:
                raise SheetError(f"行数超过 {MAX_ROWS} 行")
    except csv.Error as err:
        raise SheetError(f"CSV 格式有误（第{reader.line_num}行：{err}）") from None
    return Sheet(rows, lines)


def _part(zf: zipfile.ZipFile, name: str, required: bool = True) -> ET.Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        if required:
            raise SheetError(f"工作簿缺少 {name}，可能已损坏") from None
        return None
    if info.file_size > MAX_PART_BYTES:
        raise SheetError("工作簿内容太大，无法读取")
    raw = zf.read(name)
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw[:4096].upper():
        raise SheetError("工作簿中含有不允许的 XML 声明")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as err:
        raise SheetError(f"工作簿中的 {name} 已损坏（{err}）") from None


def _sheet_paths(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of every worksheet, in the workbook's order with hidden ones last."""
    book = _part(zf, "xl/workbook.xml")
    sheets = book.findall("m:sheets/m:sheet", NS)
    if not sheets:
        raise SheetError("工作簿中没有工作表")
    targets = {}
    rels = _part(zf, "xl/_rels/workbook.xml.rels", required=False)
    if rels is not None:
        for rel in rels.findall("rel:Relationship", NS):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    out = []
    for n, sheet in enumerate(sheets, 1):
        path = targets.get(sheet.get("{%s}id" % NS["r"]), f"xl/worksheets/sheet{n}.xml")
        if "worksheets/" not in path:      # a chart sheet or a dialog sheet: no cells
            continue
        out.append((sheet.get("state", "visible") != "visible", sheet.get("name") or f"Sheet{n}", path))
    out.sort(key=lambda t: t[0])           # stable: the visible ones first, in order
    return [(name, path) for _, name, path in out]


def _text_of(node: ET.Element) -> str:
    """The text of a shared or inline string: plain <t>, or rich-text runs (<r><t>),
    without phonetic guides (<rPh>)."""
    t = node.find("m:t", NS)
    if t is not None:
        return t.text or ""
    return "".join(r.findtext("m:t", "", NS) for r in node.findall("m:r", NS))


def excel_number(text: str) -> str:
    """A number cell as a person saw it: at most 15 significant digits (what Excel keeps
    and shows), without exponent, trailing zeros dropped: "4350.0000000000009" -> "4350"."""
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise SheetError(f"数字单元格的内容“{text}”无法识别") from None
    if not d.is_finite():
        raise SheetError(f"数字单元格的内容“{text}”无法识别")
    if d == 0:
        return "0"
    digits = d.adjusted() + 1
    d = round(d, max(0, EXCEL_DIGITS - digits))       # Decimal's round: exact, half even
    out = f"{d.normalize():f}"
    return out


_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(data: bytes) -> Sheet:
    """The first worksheet."""
    return next(iter(xlsx_sheets(data)))[1]


def sheets(data: bytes, filename: str = "") -> Iterator[tuple[str, Sheet]]:
    """(sheet name, sheet) of a file: each worksheet of a .xlsx in turn (see xlsx_sheets),
    or the one table of a .csv (name "")."""
    if len(data) > MAX_FILE_BYTES or data[:4] != b"PK\x03\x04":
        yield "", read(data, filename)
        return
    yield from xlsx_sheets(data)


def xlsx_sheets(data: bytes) -> Iterator[tuple[str, Sheet]]:
    """Every worksheet of a .xlsx as (name, sheet), in the workbook's order, hidden ones
    last; each is read only when the caller asks for the next."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SheetError("文件不是有效的 .xlsx 工作簿（可能已损坏）") from None
    with zf:
        if sum(i.file_size for i in zf.infolist()) > 4 * MAX_PART_BYTES:
            raise SheetError("工作簿内容太大，无法读取")
        if "EncryptedPackage" in zf.namelist():
            raise SheetError("工作簿设有密码，无法读取；请取消密码后再导入")
        shared = []
        sst = _part(zf, "xl/sharedStrings.xml", required=False)
        if sst is not None:
            shared = [_text_of(si) for si in sst.findall("m:si", NS)]
        styles = _part(zf, "xl/styles.xml", required=False)
        percent = _percent_styles(styles)
        dates = _date_styles(styles)
        book = _part(zf, "xl/workbook.xml")
        pr = book.find("m:workbookPr", NS)
        epoch = EPOCH_1904 if pr is not None and pr.get("date1904") in ("1", "true") else EPOCH_1900
        paths = _sheet_paths(zf)
        if not paths:
            raise SheetError("工作簿中没有工作表（只有图表）")
        for name, path in paths:
            yield name, _cells(_part(zf, path), shared, percent, dates, epoch)


def _cells(sheet: ET.Element, shared: list[str], percent: set[str], dates: set[str] = frozenset(),
           epoch: date | None = None) -> Sheet:
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: dict[tuple[int, int], str] = {}
    hidden: set[int] = set()
    data_el = sheet.find("m:sheetData", NS)
    if data_el is None:
        return Sheet([], [])
    next_line = 1
    for row in data_el.findall("m:row", NS):
        line = int(row.get("r") or next_line)
        next_line = line + 1
        cells: list[str] = []
        for c in row.findall("m:c", NS):
            ref = c.get("r")
            col = _col_index(_REF.match(ref).group(1)) if ref and _REF.match(ref) else len(cells)
            if col > 16383:
                raise SheetError("工作表的列数超出范围")
            while len(cells) < col:
                cells.append("")
            where = ref or f"第{line}行第{col + 1}列"
            missing = _uncached_formula(c, where)
            if missing:
                problems[(len(rows), col)] = missing
                cells.append("")
                continue
            text = _cell_text(c, shared, where)
            if c.get("s") in percent and c.get("t", "n") == "n" and text:
                text = excel_number(str(Decimal(text) * 100)) + "%"   # shown as 93%, stored as 0.93
            elif c.get("s") in dates and c.get("t", "n") == "n" and text:
                text = _date_text(Decimal(text), epoch or EPOCH_1900)
            cells.append(text)
        if row.get("hidden") in ("1", "true"):
            hidden.add(len(rows))
        rows.append([x.strip() for x in cells])
        lines.append(line)
        if len(rows) > MAX_ROWS:
            raise SheetError(f"行数超过 {MAX_ROWS} 行")
    return Sheet(rows, lines, problems, hidden, _merged_down(sheet))


def _merged_down(sheet: ET.Element) -> list[tuple[int, int, int]]:
    """The worksheet's merged ranges that span rows of one column (A2:A301)."""
    out = []
    for m in sheet.findall("m:mergeCells/m:mergeCell", NS):
        parts = [_REF.fullmatch(x) for x in (m.get("ref") or "").split(":")]
        if len(parts) != 2 or not all(parts) or parts[0].group(1) != parts[1].group(1):
            continue
        first, last = int(parts[0].group(2)), int(parts[1].group(2))
        if last > first:
            out.append((_col_index(parts[0].group(1)), first, last))
    return out


def _uncached_formula(c: ET.Element, ref: str) -> str:
    """A formula whose result the file does not hold (written by a program, never opened
    in Excel/WPS): what to do, naming the cell; "" for any other cell. A formula whose
    result is the empty text is stored as t="str" with an empty value: that one is read."""
    formula = c.find("m:f", NS)
    if formula is None or c.get("t", "n") == "str" or (c.findtext("m:v", "", NS) or "").strip():
        return ""
    shown = (formula.text or "").strip()
    shown = f"（={shown[:30]}{'…' if len(shown) > 30 else ''}）" if shown else ""
    return (f"单元格 {ref} 是公式{shown}，文件中没有保存它的计算结果（由程序生成、未在 Excel/WPS 中"
            "打开保存过的表格常有此情形）：请在 Excel/WPS 中打开并保存后再导入，或把该单元格改为数值")


# Excel's date serial numbers: day 1 is 1900-01-01, counted as if 1900 were a leap year
# (serial 60 is the 29 February that never was), hence 1899-12-30 for serials from 61; a
# workbook in the 1904 system counts from 1904-01-01 = 0.
EPOCH_1900 = date(1899, 12, 30)
EPOCH_1904 = date(1904, 1, 1)
# built-in number formats that show a date (14-17, 22; in Chinese Excel/WPS 27-31, 36,
# 50-54, 57, 58: yyyy"年"m"月", m"月"d"日"…); 18-21, 32-35, 45-47, 55, 56 show times
DATE_FORMATS = {"14", "15", "16", "17", "22", "27", "28", "29", "30", "31", "36",
                "50", "51", "52", "53", "54", "57", "58"}


def _styles_showing(styles: ET.Element | None, builtin: set[str], shows) -> set[str]:
    """The cell style indexes (a cell's s attribute) whose number format is one of the
    `builtin` ids or has a format code for which shows(code) is true (the code without its
    quoted text and escapes)."""
    if styles is None:
        return set()
    codes = {f.get("numFmtId"): f.get("formatCode", "") for f in styles.findall("m:numFmts/m:numFmt", NS)}
    out = set()
    for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", NS)):
        fmt_id = xf.get("numFmtId", "0")
        if fmt_id in builtin or (fmt_id in codes and shows(re.sub(r'"[^"]*"|\\.', "", codes[fmt_id]))):
            out.add(str(i))
    return out


def _date_styles(styles: ET.Element | None) -> set[str]:
    """The cell style indexes whose number format shows a date: such a cell holds a serial
    number (46027 for 2026-01-05) and is read as the date a person sees, so that a number
    column refuses it as a date (Excel turns “1-5” typed in a 天数 column into 1月5日)."""
    return _styles_showing(styles, DATE_FORMATS,
                           lambda code: re.search(r"[yd]", re.sub(r"\[[^\]]*\]", "", code).lower()) is not None)


def _date_text(serial: Decimal, epoch: date) -> str:
    """A date cell's serial number as the date it shows (yyyy-mm-dd, with hh:mm when it
    has a time of day); a serial outside Excel's dates stays a number."""
    if serial < 0 or serial >= 2958466:
        return excel_number(str(serial))
    days = int(serial)
    if epoch == EPOCH_1900 and days < 61:
        day = date(1899, 12, 31) + timedelta(days=days)
        if days == 60:
            return "1900-02-29"
    else:
        day = epoch + timedelta(days=days)
    minutes = int(((serial - days) * 1440).to_integral_value())
    if minutes and minutes < 1440:
        return f"{day.isoformat()} {minutes // 60:02d}:{minutes % 60:02d}"
    return day.isoformat()


PERCENT_FORMATS = {"9", "10"}     # Excel's built-in 0% and 0.00%


def _percent_styles(styles: ET.Element | None) -> set[str]:
    """The cell style indexes (the s attribute) whose number format shows a percentage: a
    cell that shows 93% holds 0.93, and must be read as the 93% a person sees."""
    return _styles_showing(styles, PERCENT_FORMATS, lambda code: "%" in code)


def _cell_text(c: ET.Element, shared: list[str], ref: str) -> str:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        node = c.find("m:is", NS)
        return "" if node is None else _text_of(node)
    v = c.findtext("m:v", None, NS)
    if v is None:
        return ""
    if kind == "s":
        try:
            return shared[int(v)]
        except (ValueError, IndexError):
            raise SheetError(f"单元格 {ref} 引用的文字不存在，工作簿可能已损坏") from None
    if kind == "b":
        return "是" if v.strip() == "1" else "否"
    if kind == "e":
        raise SheetError(f"单元格 {ref} 是公式错误值 {v}，请先在 Excel 中更正")
    if kind in ("str", "d"):
        return v
    try:
        return excel_number(v)
    except SheetError:
        raise SheetError(f"单元格 {ref} 的数字“{v[:30]}”无法识别，工作簿可能已损坏；"
                         "请在 Excel/WPS 中打开并保存后再导入") from None


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class Column:
    """One column of a written sheet: header, kind ("text" | "number" | "money" | "int" |
    "choice" | "bool"), width in characters, and for choices the labels offered."""

    header: str
    kind: str = "text"
    width: float = 12
    choices: tuple[str, ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None


def write_csv(columns: list[Column], rows: list[list], totals: list | None = None) -> bytes:
    """The header, the rows and, when given, the 合计 row last (as in write_xlsx)."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([c.header for c in columns])
    for r in list(rows) + ([totals] if totals else []):
        w.writerow(["" if v is None else str(v) for v in r])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xml(text: str) -> str:
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", str(text))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _col_letters(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


# style ids of the stylesheet below: 0 plain, 1 header (bold, grey), 2 money (0.00),
# 3 number (general), 4 title (bold, larger), 5 total label (bold), 6 total money (bold 0.00)
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font><font><b/><sz val="14"/><name val="宋体"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

_BOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def _book(sheet_name: str) -> str:
    name = _xml(re.sub(r"[\[\]:*?/\\]", "", sheet_name)[:31] or "Sheet1")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def _cell(ref: str, value, column: Column, style: int | None = None) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="{0 if style is None else style}"/>'
    if column.kind in ("money", "number", "int") and not isinstance(value, bool):
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            d = None
        if d is not None and d.is_finite():
            s = style if style is not None else (2 if column.kind == "money" else 3)
            return f'<c r="{ref}" s="{s}"><v>{d:f}</v></c>'
    if isinstance(value, bool):
        value = "是" if value else "否"
    s = 0 if style is None else style
    return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'


def _validation(i: int, c: Column, first: int, last: int) -> str:
    sqref = f"{_col_letters(i)}{first}:{_col_letters(i)}{last}"
    if c.kind in ("choice", "bool"):
        labels = c.choices if c.kind == "choice" else ("是", "否")
        listed = ",".join(labels)
        if len(listed) > 255:     # Excel's limit for an inline list
            return ""
        return (f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f'errorTitle="{_xml(c.header)}" error="请从下拉列表中选择" sqref="{sqref}">'
                f'<formula1>"{_xml(listed)}"</formula1></dataValidation>')
    if c.kind in ("number", "money", "int") and (c.min is not None or c.max is not None):
        kind = "whole" if c.kind == "int" else "decimal"
        low = c.min if c.min is not None else Decimal("-1E+15")
        high = c.max if c.max is not None else Decimal("1E+15")
        return (f'<dataValidation type="{kind}" operator="between" allowBlank="1" showErrorMessage="1" '
                f'errorTitle="{_xml(c.header)}" error="应在 {low:f} 至 {high:f} 之间" sqref="{sqref}">'
                f'<formula1>{low:f}</formula1><formula2>{high:f}</formula2></dataValidation>')
    return ""


def write_xlsx(columns: list[Column], rows: list[list], *, sheet_name: str = "Sheet1",
               title: str = "", totals: list | None = None, validate_rows: int = 0) -> bytes:
    """One sheet: an optional title row, the header row (bold, frozen), the rows, an
    optional totals row (bold); money cells are numbers shown with two decimals.
    validate_rows > 0 adds drop-down / range validations to that many data rows."""
    out: list[str] = []
    r = 1
    if title:
        out.append(f'<row r="1"><c r="A1" s="4" t="inlineStr"><is><t>{_xml(title)}</t></is></c></row>')
        r = 2
    header_row = r
    out.append(f'<row r="{r}">' + "".join(
        _cell(f"{_col_letters(i)}{r}", c.header, Column(c.header), style=1)
        for i, c in enumerate(columns)) + "</row>")
    for values in rows:
        r += 1
        out.append(f'<row r="{r}">' + "".join(
            _cell(f"{_col_letters(i)}{r}", v, c) for i, (v, c) in enumerate(zip(values, columns)))
            + "</row>")
    if totals:
        r += 1
        out.append(f'<row r="{r}">' + "".join(
            _cell(f"{_col_letters(i)}{r}", v, c, style=6 if c.kind == "money" and v not in (None, "") else 5)
            for i, (v, c) in enumerate(zip(totals, columns))) + "</row>")
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
                   for i, c in enumerate(columns))
    validations = ""
    if validate_rows:
        items = [v for v in (_validation(i, c, header_row + 1, header_row + validate_rows)
                             for i, c in enumerate(columns)) if v]
        if items:
            validations = f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetViews><sheetView workbookViewId="0">'
             f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
             '</sheetView></sheetViews>'
             f'<cols>{cols}</cols><sheetData>{"".join(out)}</sheetData>{validations}</worksheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _book(sheet_name)),
                           ("xl/_rels/workbook.xml.rels", _BOOK_RELS),
                           ("xl/styles.xml", _STYLES), ("xl/worksheets/sheet1.xml", sheet)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
