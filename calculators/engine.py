"""The engine every calculator shares: inputs declared as data, validation with Chinese
messages, decimal arithmetic rounded half up, and a result whose every line cites its
article. Standard library only: the same code runs under CPython and Pyodide."""
from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

CENT = Decimal("0.01")

# ---------------------------------------------------------------- arithmetic


def q2(value: Decimal) -> Decimal:
    """四舍五入 to two places (ROUND_HALF_UP), as the regulations say; never round()."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A money or score figure as the outputs carry it: a decimal string, two places."""
    return str(q2(value))


def clamp(value: Decimal, low: Decimal | int, high: Decimal | int) -> Decimal:
    return max(Decimal(low), min(Decimal(high), value))


def dec(text: str | int | Decimal) -> Decimal:
    return text if isinstance(text, Decimal) else Decimal(str(text))


# ---------------------------------------------------------------- citations and readings


@dataclass(frozen=True)
class Cite:
    """A place in the handbook: the regulation's slug and a heading id on its page."""

    regulation: str
    anchor: str
    label: str

    def href(self) -> str:
        return f"../regulations/{self.regulation}.html#{self.anchor}"

    def to_json(self) -> dict:
        return {"regulation": self.regulation, "anchor": self.anchor,
                "label": self.label, "href": self.href()}


@dataclass(frozen=True)
class Reading:
    """How a calculator reads a rule that the text leaves open or gets wrong. Shown beside
    the result and, all of them together, on the editorial page (编校说明)."""

    id: str
    cite: Cite
    title: str
    text: str

    def href(self) -> str:
        return f"../editorial.html#reading-{self.id}"

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text,
                "href": self.href(), "article": self.cite.to_json()}


# ---------------------------------------------------------------- inputs


class InputError(Exception):
    """Bad input: messages in Chinese, keyed by the field's key ("" for the whole form).
    str() is one summary shorter than MESSAGE_LIMIT: the first messages and how many more."""

    def __init__(self, errors: dict[str, str]):
        # each message shorter than MESSAGE_LIMIT, whatever a calculator composed
        errors = {k: m if len(m) < MESSAGE_LIMIT else m[:MESSAGE_LIMIT - 2] + "…"
                  for k, m in errors.items()}
        # a message of two fields stands under both (事假 + 病假 > 应出勤): once in the summary
        super().__init__(summarize(list(dict.fromkeys(errors.values()))))
        self.errors = errors


def summarize(messages: list[str]) -> str:
    """Messages joined with "；", cut to fewer than MESSAGE_LIMIT characters."""
    shown: list[str] = []
    for i, message in enumerate(messages):
        rest = len(messages) - i
        tail = f"；等共{len(messages)}处错误" if rest > 1 else ""
        candidate = "；".join(shown + [message])
        if len(candidate) + len(tail) >= MESSAGE_LIMIT - 20:
            if not shown:
                shown.append(message[:MESSAGE_LIMIT - 40] + "…")
            return "；".join(shown) + f"；等共{len(messages)}处错误"
        shown.append(message)
    return "；".join(shown)


@dataclass(frozen=True)
class Field:
    """One input, declared once: the form, the validation and the command line use it.

    kind: "decimal" | "int" | "bool" | "choice" | "text" | "table".
    min/max: the range; every number field declares a max (what a real court could produce,
    with margin, where the text gives none); parse_number checks it.
    key may be a dotted path ("indicators.closure_rate") for nested JSON input.
    show_if: {other_key: [values]}: the field applies only then (else it must be absent).
    columns: for kind "table", the fields of one row.
    shown_with: for a table's column, {form_key: [values]}: the page's grid shows the
    column only while the form's field has one of these values (presentation only: the
    calculator checks its rows itself, e.g. trial_quality_team._check_rows).
    """

    key: str
    label: str
    kind: str = "decimal"
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    min_exclusive: bool = False
    step: Decimal | None = None
    default: Any = None
    required: bool = True
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    show_if: dict[str, tuple[str, ...]] | None = None
    columns: tuple["Field", ...] = ()
    places: int | None = None   # decimal places allowed (None: money 2, else any; see parse_number)
    shown_with: dict[str, tuple[str, ...]] | None = None
    # a percent whose real values are never this low (结收比, 全院年平均结案率): typed without
    # “%” below it, it is read as a ratio (1.05 for 105 %) and refused, not taken as 1.05 %
    ratio_below: Decimal | None = None
    # a choice whose options depend on another field's value: (other key, {option: values of
    # the other field it goes with}); the page offers only those (presentation only: the
    # calculator still checks the pair and says what is wrong)
    choices_with: tuple[str, dict[str, tuple[str, ...]]] | None = None
    # a text field's own check (rules.as_of_field: a date that is no date): raises ValueError
    # or InputError, so that its message comes with every other bad field's, at once
    check: Callable[[str], Any] | None = None

    def to_json(self) -> dict:
        out = {
            "key": self.key, "label": self.label, "kind": self.kind, "unit": self.unit,
            "min": None if self.min is None else str(self.min),
            "max": None if self.max is None else str(self.max),
            "min_exclusive": self.min_exclusive,
            "step": None if self.step is None else str(self.step),
            "default": _json_default(self.default), "required": self.required,
            "help": self.help, "choices": [list(c) for c in self.choices],
            "show_if": {k: list(v) for k, v in (self.show_if or {}).items()},
            "columns": [c.to_json() for c in self.columns],
            "places": number_places(self) if self.kind in ("decimal", "int") else None,
        }
        return out


def _json_default(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _name(f: Field) -> str:
    return f"「{f.label}」"


# ---------------------------------------------------------------- numbers: the one parser
#
# Every numeric input of every calculator (form fields, JSON values, table cells) goes
# through parse_number. What it accepts and refuses (calculators/README.md, "Numbers"):
# - accepted: surrounding spaces, full-width digits and punctuation (NFKC), a BOM or
#   zero-width characters around the value, "1,234.5" (commas every three digits),
#   "−5" (minus sign), the field's own unit after the number ("5天", "3000元", "¥3000"),
#   "93%" in a percent field;
# - refused: exponents ("1e30"), NaN/Infinity, text longer than MAX_NUMBER_CHARS or more
#   than MAX_DIGITS significant digits (checked before any conversion), commas that are
#   not thousands separators ("2,5"), a "%" outside percent fields, more decimal places
#   than the field allows (money: two);
# - ambiguous, refused with a hint: "d.ddd" / "dd.ddd" / "ddd.ddd" (no comma, exactly three
#   decimals) when reading the point as a thousands separator would also give a valid
#   value for the field ("3.000" 元: 3 or 3000?); when that value would be out of range
#   the point is a decimal point ("93.000" % is 93);
# - in a percent field, a value with a decimal point, no "%", and 0 < value ≤ 1 looks like
#   a fraction (0.93 for 93 %): refused, "请填写百分数，如 93 或 93%"; below 1 % is
#   written with the sign ("0.5%").

MAX_NUMBER_CHARS = 40        # a number's text, before any conversion
MAX_DIGITS = 18              # significant digits (integer and decimal part together)
ABSOLUTE_MAX = Decimal(10) ** 15   # safety net only: every numeric Field declares its max
MAX_TEXT_CHARS = 500         # a text field (a name, a note)
MAX_TABLE_ROWS = 1000        # rows of one table (a court has a few hundred people; a year some dozen bankruptcy cases)
MAX_INPUT_CHARS = 2_000_000  # the whole JSON input
MAX_REPORTED_ERRORS = 100    # error entries returned at once (each names its field)
MESSAGE_LIMIT = 300          # every message is shorter than this
QUOTE_CHARS = 30             # at most this much of a bad value is quoted back
MONEY_PLACES = 2             # 元 are written to the 分

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
_NUMBER = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.([0-9]*))?")
_FINITE_WORDS = ("nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity", "∞",
                 "-nan", "snan", "-snan")


class JsonNumber(str):
    """A number as written in the JSON input, kept as its text so that the one parser
    sees it (no float, no 5,000-digit int, no 1e999999999 reaches arithmetic)."""


def quote(value: Any) -> str:
    """At most QUOTE_CHARS of a bad value, as “…” in a message (control characters shown
    as �; the length said when cut)."""
    if not isinstance(value, str):
        return {list: "（列表）", dict: "（对象）", bool: "（真假值）"}.get(type(value), "")
    if len(value) > QUOTE_CHARS:
        return f"“{short(value)}”（共{len(value)}个字符）"
    return f"“{short(value)}”"


def short(text: str) -> str:
    """At most QUOTE_CHARS of a user's text (a name, a label) for a message, "…" when cut."""
    shown = "".join(ch if ch.isprintable() else "�" for ch in text[:QUOTE_CHARS])
    return shown + ("…" if len(text) > QUOTE_CHARS else "")


def plain(value: Decimal | int) -> str:
    """A number as the messages write it: no exponent, no trailing zeros."""
    return f"{Decimal(value).normalize():f}"


def number_places(f: Field) -> int | None:
    """The decimal places a field allows: declared, or two for money, none for int."""
    if f.places is not None:
        return f.places
    if f.kind == "int":
        return None      # "5.0" is 5; "5.5" is refused as not whole
    return MONEY_PLACES if f.unit == "元" else None


def without_remark(text: str) -> str:
    """A folded name (NFKC: brackets are "()") without a remark in brackets at its end:
    员额法官(刑事、民商事、行政审判团队) -> 员额法官, 合计(元) -> 合计."""
    return re.sub(r"\([^()]*\)$", "", text)


def choice_names(choices) -> Mapping[str, str]:
    """What a choice may be typed as (cleaned: clean_number_text) -> its value: the value,
    its label, and the label without a remark in brackets where that short name is one
    choice's only (员额法官 for 员额法官（刑事、民商事、行政审判团队）). grid.js choiceOf is the
    page's reading of the same. Worked out once per list of choices (a table of 300 rows
    reads each row's choices: bankruptcy-year's warm recompute spent 60 % of its time here)."""
    return _choice_names(tuple((value, label) for value, label in choices))


@functools.lru_cache(maxsize=None)
def _choice_names(choices: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    known = {clean_number_text(label): value for value, label in choices}
    short: dict[str, list[str]] = {}
    for value, label in choices:
        bare = without_remark(clean_number_text(label)).strip()
        if bare and bare != clean_number_text(label):
            short.setdefault(bare, []).append(value)
    known.update({bare: values[0] for bare, values in short.items() if len(values) == 1 and bare not in known})
    known.update({clean_number_text(value): value for value, _ in choices})
    return MappingProxyType(known)


def clean_number_text(text: str) -> str:
    """What users paste, made plain: NFKC (full-width digits, ％, ，, ．), no BOM or
    zero-width characters, minus signs as "-", no surrounding spaces."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_MINUS).strip()


def _number_text(raw: Any, name: str) -> str:
    """The text of a number input, refusing what is no number before converting."""
    if isinstance(raw, bool) or raw is None or not isinstance(raw, (str, int, Decimal, float)):
        raise ValueError(f"{name}应为数字" + (f"，收到{quote(raw)}" if quote(raw) else ""))
    if isinstance(raw, int):
        if raw.bit_length() > 64:
            raise ValueError(f"{name}位数太多，不是有效的数字")
        return str(raw)
    if isinstance(raw, float):
        raw = Decimal(repr(raw)) if math.isfinite(raw) else Decimal("NaN")
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError(f"{name}应为有限的数字")
        if len(raw.as_tuple().digits) > MAX_DIGITS or abs(raw.adjusted()) > MAX_DIGITS:
            raise ValueError(f"{name}位数太多（最多{MAX_DIGITS}位有效数字）")
        return f"{raw:f}"
    if len(raw) > MAX_NUMBER_CHARS:
        raise ValueError(f"{name}太长，不是有效的数字：{quote(raw)}")
    # superscripts, circled and fraction digits (², ⑤, ½): NFKC would read them as digits
    odd = next((ch for ch in raw if unicodedata.category(ch) == "No"), None)
    if odd:
        raise ValueError(f"{name}含有“{odd}”，请用普通数字填写：{quote(raw)}")
    return raw


def _acceptable(f: Field, number: Decimal, places: int) -> bool:
    """Whether a reading of a number would pass the field's checks (for ambiguity)."""
    try:
        _check_range(f, number, places, f"「{f.label}」")
    except ValueError:
        return False
    return True


def _check_range(f: Field, number: Decimal, places: int, name: str) -> None:
    allowed = number_places(f)
    if allowed is not None and places > allowed:
        raise ValueError(f"{name}最多{'两' if allowed == 2 else allowed}位小数" +
                         ("（金额写到分）" if f.unit == "元" else ""))
    if f.kind == "int" and number != number.to_integral_value():
        raise ValueError(f"{name}应为整数")
    if f.min is not None and (number < f.min or (f.min_exclusive and number == f.min)):
        rel = "大于" if f.min_exclusive else "不小于"
        raise ValueError(f"{name}应{rel}{plain(f.min)}{f.unit}")
    high = f.max if f.max is not None else ABSOLUTE_MAX
    if number > high:
        raise ValueError(f"{name}不能超过{plain(high)}{f.unit}")
    if f.min is None and number < -ABSOLUTE_MAX:
        raise ValueError(f"{name}不能小于{plain(-ABSOLUTE_MAX)}{f.unit}")
    if f.step is not None and (number % f.step) != 0:
        raise ValueError(f"{name}应以{plain(f.step)}{f.unit}为单位")


def parse_number(text: Any, field: Field, where: str = "") -> Decimal | int:
    """One number for `field` (kind "decimal" or "int"): Decimal, or int for kind "int".
    `text` is what the user gave (str, a JSON number, int, Decimal); `where` prefixes the
    message (e.g. "「人员名单」第3行"). Raises ValueError with a Chinese message (< 300
    characters) that names the field and quotes at most a short prefix of the value.
    Usable per table cell: a BOM, full-width digits, "50%" in a percent column are fine."""
    f = field
    name = where + _name(f)
    raw = _number_text(text, name)
    s = clean_number_text(raw)
    if s == "":
        raise ValueError(f"{name}必须填写")
    if s.lower() in _FINITE_WORDS:
        raise ValueError(f"{name}应为有限的数字")
    percent_field = f.unit == "%"
    with_sign = False
    if s.endswith("%"):
        if not percent_field:
            raise ValueError(f"{name}不是百分数，请不要带“%”：{quote(raw)}")
        s, with_sign = s[:-1].rstrip(), True
    elif f.unit and f.unit != "%" and s.endswith(f.unit):
        s = s[:-len(f.unit)].rstrip()
    if f.unit == "元" and s[:1] in ("¥", "￥"):
        s = s[1:].lstrip()
    m = _NUMBER.fullmatch(s)
    if not m or not any(ch.isdigit() for ch in s):
        larger = re.fullmatch(_LARGER_UNIT + re.escape(f.unit) + "?", s) if f.unit and f.unit != "%" else None
        if larger:
            raise ValueError(f"{name}以{f.unit}为单位，收到{quote(raw)}：请换算成{f.unit}再填写"
                             f"（1{larger.group(1)}{f.unit} = {_LARGER[larger.group(1)]}{f.unit}），只写数字")
        raise ValueError(name + _why_not_a_number(s, raw))
    sign, whole, frac = m.group(1), m.group(2), m.group(3)
    if len(whole.replace(",", "").lstrip("0")) + len((frac or "").rstrip("0")) > MAX_DIGITS:
        raise ValueError(f"{name}位数太多（最多{MAX_DIGITS}位有效数字）")
    number = Decimal(f"{sign}{whole.replace(',', '') or '0'}" + (f".{frac}" if frac else ""))
    if number.is_zero():
        number = abs(number)          # "-0" is 0, never "-0.00" in a result
    places = len((frac or "").rstrip("0"))
    # "3.000": a decimal point, or a thousands separator? Refuse when both readings fit.
    if ("," not in whole and frac is not None and len(frac) == 3 and 1 <= len(whole) <= 3
            and not whole.startswith("0")):
        thousands = Decimal(f"{sign}{whole}{frac}")
        if _acceptable(f, thousands, 0):
            as_thousands = f"如表示{plain(thousands)}，请写{plain(thousands)}或{sign}{whole},{frac}"
            try:
                _check_range(f, number, places, name)
            except ValueError as err:   # only the thousands reading fits: still no guess
                raise ValueError(f"{err}；{as_thousands}") from None
            raise ValueError(f"{name}“{sign}{whole}.{frac}”有歧义：{as_thousands}；如表示"
                             f"{plain(number)}，请写{plain(number)}（小数点用“.”，千位不用分隔或用“,”）")
    if percent_field and not with_sign and frac is not None and 0 < number <= 1:
        raise ValueError(f"{name}请填写百分数，如 93 或 93%（“{sign}{whole}.{frac}”像是小数"
                         f"写法；确实不足1%的，请写成 {plain(number)}%）")
    if percent_field and not with_sign and f.ratio_below is not None and 0 < number < f.ratio_below:
        raise ValueError(f"{name}请填写百分数（“{plain(number)}”像是比值写法：比值{plain(number)}即"
                         f"{plain(number * 100)}%，请写 {plain(number * 100)}；确实是{plain(number)}%的，"
                         f"请写成 {plain(number)}%）")
    _check_range(f, number, places, name)
    return int(number) if f.kind == "int" else number


# a date as a sheet shows one (the reader writes a date cell as 2026-01-05): a number
# typed as “1-5” or “1/5” that Excel or WPS turned into a date
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?|(\d{4}年)?\d{1,2}月\d{1,2}日")


# a figure written in a larger unit than the field's (3万元 for a field in 元): said, with the
# factor, never converted (3万 typed into 元 might as well be a slip)
_LARGER = {"千": "1000", "万": "10000", "亿": "100000000"}
_LARGER_UNIT = r"[+-]?[\d,]*\.?\d+\s*([千万亿])\s*"   # then the field's unit, or none


def _why_not_a_number(s: str, raw: str) -> str:
    if _DATE.fullmatch(s):
        return (f"的内容{quote(raw)}是日期，不是数字：Excel/WPS 会把输入的“1-5”“1/5”之类自动改成日期。"
                "请把该单元格设为“常规”或“数值”格式后重新填写数字")
    low = s.lower()
    if "e" in low and any(ch.isdigit() for ch in low):
        return f"不接受科学计数法（如1e30），请直接写出数字：{quote(raw)}"
    if "," in s:
        return (f"中的逗号位置不对：{quote(raw)}。逗号只能作千位分隔符（每三位一个，如 1,234.5），"
                "小数点请用“.”")
    if s.count(".") > 1:
        return f"只能有一个小数点：{quote(raw)}"
    if "。" in s:
        return f"中的“。”不是小数点，请用“.”：{quote(raw)}"
    if any(ch.isspace() for ch in s):
        return f"中间不能有空格：{quote(raw)}"
    return f"应为数字，收到{quote(raw)}"


def _parse_scalar(f: Field, raw: Any, where: str = "") -> Any:
    """One value by its declaration; raises ValueError with the Chinese message."""
    name = where + _name(f)
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            word = clean_number_text(raw).lower()
            if word in ("true", "1", "是", "on", "yes", "√", "✓"):
                return True
            if word in ("false", "0", "否", "off", "no", ""):
                return False
        raise ValueError(f"{name}应为“是”或“否”" + (f"，收到{quote(raw)}" if quote(raw) else ""))
    if f.kind == "choice":
        text = clean_number_text(raw) if isinstance(raw, str) and len(raw) <= MAX_TEXT_CHARS else None
        # a value or its label (a pasted sheet may say 员额法官 for judge), compared after NFKC
        # on both sides (full-width brackets typed or pasted either way)
        known = choice_names(f.choices)
        if text in known:
            return known[text]
        labels = "、".join(c[1] for c in f.choices)
        message = f"{name}不是可选的值{quote(raw) if isinstance(raw, str) else ''}"
        if len(message) + len(labels) < MESSAGE_LIMIT - 10:
            message += f"（可选：{labels}）"
        raise ValueError(message)
    if f.kind == "text":
        if not isinstance(raw, str):
            raise ValueError(f"{name}应为文字")
        text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE).strip()
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError(f"{name}太长（{len(text)}个字符，最多{MAX_TEXT_CHARS}个）")
        if any(not ch.isprintable() for ch in text):
            raise ValueError(f"{name}含有不可见的控制字符：{quote(text)}")
        return text
    return parse_number(raw, f, where)


def parse_value(raw: Any, field: Field, where: str = "") -> Any:
    """One value of any kind by its field (a table cell, say): numbers through
    parse_number, bool, choice (value or label) and text as parse_fields reads them.
    Raises ValueError with the Chinese message; a blank is the caller's to handle."""
    return _parse_scalar(field, raw, where)


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and clean_number_text(raw) == "")


def _is_default(f: Field, raw: Any) -> bool:
    if f.default is None:
        return False
    try:
        return _parse_scalar(f, raw) == f.default
    except ValueError:
        return False


def shown_inputs(fields: tuple[Field, ...], raw: dict) -> list[list[str]]:
    """The form's own inputs (tables aside) as the engine read them, for the page's 复制结果
    and 计算单: (label, value with its unit once): typed “4,350元” is 4350.00 元, “３天” 3 天,
    a choice its label. Inputs not given are left out."""
    out = []
    for f in fields:
        value = _get(raw, f.key)
        if f.kind == "table" or value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            value = _parse_scalar(f, value)
        except ValueError:
            continue
        if f.kind == "bool":
            text = "是" if value else "否"
        elif f.kind == "choice":
            text = dict(f.choices).get(value, str(value))
        elif f.kind in ("decimal", "int"):
            number = fmt(value) if f.unit == "元" else plain(value)
            text = number + ("%" if f.unit == "%" else f" {f.unit}" if f.unit else "")
        else:
            text = str(value)
        out.append([f.label, text])
    return out


def _get(data: dict, dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _set(data: dict, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _leaf_keys(data: dict, prefix: str = "") -> Iterable[str]:
    """Dotted paths of the leaves (iterative: a deeply nested input cannot overflow)."""
    stack = [(prefix, data)]
    while stack:
        base, node = stack.pop()
        for key, value in node.items():
            path = f"{base}{key}"
            if isinstance(value, dict):
                stack.append((path + ".", value))   # an empty object has no leaves
            else:
                yield path


def applies(f: Field, values: dict) -> bool:
    if not f.show_if:
        return True
    return all(str(_get(values, k)) in v for k, v in f.show_if.items())


def parse_table(f: Field, raw: Any) -> list[dict]:
    """A table input: a list of row objects (command line) or tab-separated text pasted
    from a spreadsheet (the page), its first line naming the columns by key or label."""
    if isinstance(raw, str):
        raw = tsv_rows(f, raw)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise InputError({f.key: f"{_name(f)}应为若干行数据"})
    if len(raw) > MAX_TABLE_ROWS:
        raise InputError({f.key: f"{_name(f)}有{len(raw)}行，一次最多{MAX_TABLE_ROWS}行，请分批计算"})
    rows, errors = [], {}
    known = {c.key for c in f.columns}
    for i, row in enumerate(raw, 1):
        where = f"第{i}行"
        for key in row:
            if key not in known:
                errors[f"{f.key}.{i}.{_key(key)}"] = f"{_name(f)}{where}：未知的列{quote(key)}"
        try:
            rows.append(parse_fields(f.columns, row, where=f"{_name(f)}{where}"))
        except InputError as err:
            errors.update({f"{f.key}.{i}.{k}": m for k, m in err.errors.items()})
    if errors:
        raise InputError(_capped(errors))
    if not rows and f.required:
        raise InputError({f.key: f"{_name(f)}至少需要一行"})
    return rows


def tsv_rows(f: Field, text: str) -> list[dict]:
    """Tab-separated text as pasted from a spreadsheet; the tolerance for what real sheets
    carry (BOM, 序号 column, title row, trailing tabs, aliases) lives in calculators/table.py."""
    from .table import text_rows
    rows = text_rows("", f, text.translate(_INVISIBLE))
    if len(rows) > MAX_TABLE_ROWS:
        raise InputError({f.key: f"{_name(f)}有{len(rows)}行，一次最多{MAX_TABLE_ROWS}行，请分批计算"})
    return rows


def rows_to_tsv(f: Field, rows: list[dict]) -> str:
    """The inverse of tsv_rows, for filling the page's form from an example case."""
    keys = [c.key for c in f.columns if any(c.key in r for r in rows)]
    out = ["\t".join(keys)]
    for r in rows:
        out.append("\t".join(_cell(r.get(k, "")) for k in keys))
    return "\n".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _not_applying(f: Field, fields: list[Field], values: dict) -> str:
    """Why a filled field does not apply, naming the choice that rules it out and the
    choices it applies to: 不适用于「人员类别」“员额法官”（只适用于：法官助理、书记员），请删去."""
    by_key = {g.key: g for g in fields}
    for k, allowed in (f.show_if or {}).items():
        value = str(_get(values, k))
        if value in allowed:
            continue
        g = by_key.get(k)
        labels = dict(g.choices or ()) if g is not None and g.kind == "choice" else {}
        if g is None or not labels:
            break
        chosen = f"“{labels[value]}”" if value in labels else "（未选择）"
        return f"不适用于{_name(g)}{chosen}（只适用于{'、'.join(labels.get(a, a) for a in allowed)}），请删去"

    return "不适用于当前选择"


def parse_fields(fields: Iterable[Field], raw: dict, where: str = "") -> dict:
    """Validate raw input against the declarations; return typed values (nested like the
    input). Every bad field is reported at once, each message naming its field."""
    if not isinstance(raw, dict):
        raise InputError({"": "输入应为一个 JSON 对象"})
    fields = list(fields)
    values: dict = {}
    errors: dict[str, str] = {}
    declared = {f.key for f in fields}
    # choices first: show_if conditions read them
    ordered = sorted(fields, key=lambda f: f.kind != "choice")
    for f in ordered:
        if not applies(f, values):
            # a field that does not apply may be absent or hold its default (a pasted
            # sheet often carries 0 or 否 in columns that do not apply to a row)
            given = _get(raw, f.key)
            if not _is_blank(given) and not _is_default(f, given):
                errors[f.key] = f"{where}{_name(f)}{_not_applying(f, fields, values)}"
            continue
        rawv = _get(raw, f.key)
        try:
            if f.kind == "table":
                value = parse_table(f, [] if _is_blank(rawv) else rawv)
            elif _is_blank(rawv):
                if f.default is not None:
                    value = f.default
                elif f.required:
                    raise ValueError(f"{where}{_name(f)}必须填写")
                else:
                    value = None
            else:
                value = _parse_scalar(f, rawv, where)
                if f.check is not None:
                    f.check(value)
        except ValueError as err:
            errors[f.key] = str(err)
            continue
        except InputError as err:
            errors.update(err.errors)
            continue
        _set(values, f.key, value)
    for key in _leaf_keys(raw):
        if key not in declared and not any(key.startswith(d + ".") for d in declared
                                           if _kind(fields, d) == "table"):
            errors[_key(key)] = f"{where}未知的输入项{quote(key)}"
    if errors:
        raise InputError(_capped(errors))
    return values


def _key(key: str) -> str:
    """An error's key as returned: a user's own key cut short."""
    return key if len(key) <= 60 else key[:60] + "…"


def _capped(errors: dict[str, str]) -> dict[str, str]:
    """At most MAX_REPORTED_ERRORS entries (the summary says how many there are)."""
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    kept = dict(list(errors.items())[:MAX_REPORTED_ERRORS])
    kept[""] = f"共{len(errors)}处错误，只列出前{MAX_REPORTED_ERRORS}处"
    return kept


# ---------------------------------------------------------------- JSON in, JSON out


def load_json(text: Any) -> Any:
    """The input JSON: numbers kept as their text (JsonNumber), size and depth bounded.
    Raises InputError with a Chinese message."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError({"": "输入不是有效的 UTF-8 文本"}) from None
    if not isinstance(text, str):
        raise InputError({"": "输入应为 JSON 文本"})
    if len(text) > MAX_INPUT_CHARS:
        raise InputError({"": f"输入太长（{len(text)}个字符，最多{MAX_INPUT_CHARS}个）"})
    try:
        return json.loads(text.lstrip("\ufeff"), parse_int=JsonNumber, parse_float=JsonNumber,
                          parse_constant=JsonNumber, object_pairs_hook=_no_repeated_keys)
    except _RepeatedKey as err:
        raise InputError({"": f"输入中的“{str(err)[:40]}”出现了不止一次，不知道该用哪一个值"}) from None
    except json.JSONDecodeError as err:
        raise InputError({"": f"输入不是有效的 JSON（第{err.lineno}行第{err.colno}列：{_JSON_WHY.get(err.msg, '格式有误')}）"}) from None
    except (ValueError, RecursionError):
        raise InputError({"": "输入不是有效的 JSON（嵌套过深或格式有误）"}) from None


class _RepeatedKey(ValueError):
    """A key given twice in one object of the input (which value is meant, no one can tell)."""


def _no_repeated_keys(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set = set()
        raise _RepeatedKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return out


_JSON_WHY = {"Expecting value": "缺少值", "Extra data": "多余的内容",
             "Unterminated string starting at": "字符串没有结束",
             "Expecting property name enclosed in double quotes": "键名应使用双引号",
             "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
             "Invalid control character at": "字符串中有控制字符",
             "Invalid \\escape": "转义字符有误"}


def run_json(calculator: "Calculator", text: Any) -> dict:
    """JSON text in, the result as a JSON-ready dict out; bad input raises InputError.
    The page's worker (web.handle) and the command line both come through here. The
    result carries the form's inputs as read ("inputs": shown_inputs), for the page's
    复制结果 and 计算单."""
    raw = load_json(text)
    out = calculator.run(raw).to_json()
    if isinstance(raw, dict):
        out["inputs"] = shown_inputs(calculator.fields, raw)
    return out


def _kind(fields: list[Field], key: str) -> str:
    return next(f.kind for f in fields if f.key == key)


# ---------------------------------------------------------------- results


@dataclass
class Line:
    """One step of a result: the rule in words, the amount, and where the rule stands."""

    label: str
    amount: str | None = None
    cite: Cite | None = None
    reading: Reading | None = None

    def to_json(self) -> dict:
        return {"label": self.label, "amount": self.amount,
                "article": self.cite.to_json() if self.cite else None,
                "reading": self.reading.id if self.reading else None}


@dataclass
class Table:
    """Rows of a result for a whole team (one person or case a row), exportable as CSV."""

    columns: list[tuple[str, str]]  # (key, Chinese label)
    rows: list[dict]

    def to_json(self) -> dict:
        return {"columns": [list(c) for c in self.columns], "rows": self.rows}


@dataclass
class Result:
    values: dict[str, Any]                       # the figures the command line prints
    summary: list[tuple[str, str]]               # headline (label, figure) pairs for the page
    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    table: Table | None = None

    def readings(self) -> list[Reading]:
        seen: dict[str, Reading] = {}
        for line in self.lines:
            if line.reading and line.reading.id not in seen:
                seen[line.reading.id] = line.reading
        return list(seen.values())

    def to_json(self) -> dict:
        out = dict(self.values)
        out["summary"] = [list(s) for s in self.summary]
        out["breakdown"] = [line.to_json() for line in self.lines]
        out["readings"] = [r.to_json() for r in self.readings()]
        out["warnings"] = list(self.warnings)
        if self.table is not None:
            out["table"] = self.table.to_json()
        return out


@dataclass(frozen=True)
class Calculator:
    """A calculator: its name (the page and the command line use it), the regulation it
    implements, its inputs declared as data, the readings it takes, and the rule."""

    name: str
    title: str
    regulation: str                       # slug of the regulation page
    summary: str                          # one paragraph: what it computes, for whom
    formula: str                          # the rule in words, shown when Python cannot run
    fields: tuple[Field, ...]
    compute: Callable[[dict], Result]     # typed values -> Result; may raise InputError
    readings: tuple[Reading, ...] = ()
    cites: tuple[Cite, ...] = ()          # the articles it implements
    # whole-input checks on the raw input ({key: message}), said together with the bad
    # fields when there are any (else compute says them): every problem at once
    check: Callable[[Any], dict[str, str]] | None = None

    def run(self, raw: dict) -> Result:
        try:
            values = parse_fields(self.fields, raw)
        except InputError as err:
            more = self.check(raw) if self.check is not None else {}
            if not more:
                raise
            raise InputError(_capped({**err.errors, **{k: m for k, m in more.items() if k not in err.errors}})) from None
        return self.compute(values)

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "regulation": self.regulation,
                "summary": self.summary, "formula": self.formula,
                "fields": [f.to_json() for f in self.fields],
                "readings": [r.to_json() for r in self.readings],
                "cites": [c.to_json() for c in self.cites]}

    def form_values(self, raw: dict) -> dict[str, str]:
        """An input as the page's form holds it (dotted key -> text): tests fill the form
        with it, and the page keeps it in its URL."""
        out = {}
        for f in self.fields:
            value = _get(raw, f.key)
            if value is None:
                continue
            if f.kind == "table":
                out[f.key] = value if isinstance(value, str) else rows_to_tsv(f, value)
            else:
                out[f.key] = _cell(value)
        return out
