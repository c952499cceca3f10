"""The engine every calculator shares: inputs declared as data, validation with Chinese
messages, decimal arithmetic rounded half up, and a result whose every line cites its
article. Standard library only: the same code runs under CPython and Pyodide."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable, Iterable

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
    """Bad input: messages in Chinese, keyed by the field's key ("" for the whole form)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Field:
    """One input, declared once: the form, the validation and the command line use it.

    kind: "decimal" | "int" | "bool" | "choice" | "text" | "table".
    key may be a dotted path ("indicators.closure_rate") for nested JSON input.
    show_if: {other_key: [values]}: the field applies only then (else it must be absent).
    columns: for kind "table", the fields of one row.
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
        }
        return out


def _json_default(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _name(f: Field) -> str:
    return f"「{f.label}」"


def _parse_scalar(f: Field, raw: Any, where: str = "") -> Any:
    """One value by its declaration; raises ValueError with the Chinese message."""
    name = where + _name(f)
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "1", "是", "on", "yes"):
            return True
        if isinstance(raw, str) and raw.strip().lower() in ("false", "0", "否", "off", "no", ""):
            return False
        raise ValueError(f"{name}应为“是”或“否”")
    if f.kind == "choice":
        values = [c[0] for c in f.choices]
        text = str(raw).strip()
        by_label = {label: value for value, label in f.choices}
        text = by_label.get(text, text)   # a pasted sheet may say 员额法官 for judge
        if text not in values:
            labels = "、".join(c[1] for c in f.choices)
            raise ValueError(f"{name}不是可选的值（可选：{labels}）")
        return text
    if f.kind == "text":
        if not isinstance(raw, str):
            raise ValueError(f"{name}应为文字")
        return raw.strip()
    # numbers
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal, float)):
        raise ValueError(f"{name}应为数字")
    text = str(raw).strip().replace("，", "").replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name}应为数字，收到“{raw}”") from None
    if not number.is_finite():
        raise ValueError(f"{name}应为有限的数字")
    if f.kind == "int" and number != number.to_integral_value():
        raise ValueError(f"{name}应为整数")
    if f.min is not None and (number < f.min or (f.min_exclusive and number == f.min)):
        rel = "大于" if f.min_exclusive else "不小于"
        raise ValueError(f"{name}应{rel}{f.min}{f.unit}")
    if f.max is not None and number > f.max:
        raise ValueError(f"{name}不能超过{f.max}{f.unit}")
    if f.step is not None and (number % f.step) != 0:
        raise ValueError(f"{name}应以{f.step}{f.unit}为单位")
    return int(number) if f.kind == "int" else number


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _is_default(f: Field, raw: Any) -> bool:
    if f.default is None:
        return False
    try:
        return _parse_scalar(f, raw) == f.default
    except ValueError:
        return False


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
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _leaf_keys(value, path + ".")
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
    rows, errors = [], {}
    known = {c.key for c in f.columns}
    for i, row in enumerate(raw, 1):
        where = f"第{i}行"
        for key in row:
            if key not in known:
                errors[f"{f.key}.{i}.{key}"] = f"{_name(f)}{where}：未知的列“{key}”"
        try:
            rows.append(parse_fields(f.columns, row, where=f"{_name(f)}{where}"))
        except InputError as err:
            errors.update({f"{f.key}.{i}.{k}": m for k, m in err.errors.items()})
    if errors:
        raise InputError(errors)
    if not rows and f.required:
        raise InputError({f.key: f"{_name(f)}至少需要一行"})
    return rows


def tsv_rows(f: Field, text: str) -> list[dict]:
    """Tab-separated text as pasted from a spreadsheet; the tolerance for what real sheets
    carry (BOM, 序号 column, title row, trailing tabs) lives in calculators/table.py."""
    from .table import text_rows
    return text_rows("", f, text)


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
                errors[f.key] = f"{where}{_name(f)}不适用于当前选择"
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
            errors[key] = f"{where}未知的输入项“{key}”"
    if errors:
        raise InputError(errors)
    return values


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

    def run(self, raw: dict) -> Result:
        return self.compute(parse_fields(self.fields, raw))

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
