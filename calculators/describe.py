"""A calculator described in words, for the command line (python -m calculators NAME
--help) and for its page (handbook/calculator_pages.py): the limits of a number field as
the engine checks them, the example the command line shows. Standard library only: it
ships with the calculators in the offline copy."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent / "examples"


def load_examples(name: str) -> list[dict]:
    path = EXAMPLES / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def example_input(calc, examples: list[dict]) -> dict:
    """The input the command line shows: the first example that is not an error case, else
    the defaults."""
    for case in examples:
        if "error_keys" not in case.get("expect", {}):
            return case["input"]
    out: dict = {}
    for f in calc.fields:
        if f.default is not None and not f.show_if and f.kind != "table":
            out[f.key] = _text(f.default)
    return out


def command_line(calc, examples: list[dict]) -> str:
    data = json.dumps(example_input(calc, examples), ensure_ascii=False)
    return f"python -m calculators {calc.name} '{data}'"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else str(value)
    return str(value)


def _num(value: Decimal | None) -> str:
    return "" if value is None else _text(value)


def _bound(value: Decimal | None) -> str:
    """A range limit as the page writes it: thousands separated from 10,000 on (the engine
    reads "1,000,000" as typed)."""
    if value is not None and value == value.to_integral_value() and abs(value) >= 10000:
        return f"{int(value):,}"
    return _num(value)


def range_text(f) -> str:
    """The limits of a number field in words, as the engine checks them."""
    unit = f.unit
    parts = []
    low = None if f.min is None else f"{'大于' if f.min_exclusive else '不小于'}{_bound(f.min)}{unit}"
    high = None if f.max is None else f"不超过{_bound(f.max)}{unit}"
    if f.min is not None and f.max is not None and not f.min_exclusive:
        parts.append(f"{_bound(f.min)}～{_bound(f.max)}{unit}")
    else:
        parts += [p for p in (low, high) if p]
    if f.kind == "int":
        parts.append("整数")
    if f.step is not None:
        parts.append(f"以{_num(f.step)}{unit}为单位")
    return "，".join(parts)


def describe(calculator) -> str:
    """What a calculator takes, in Chinese: its inputs (key, label, range or unit, default,
    choices, when a field applies) and its example as a command line."""
    from . import table

    def field_line(f, indent: str) -> str:
        need = ("必填" if f.required else "可不填") if f.default is None else f"可不填，默认{_shown(f.default)}"
        limits = "是/否" if f.kind == "bool" else range_text(f) if f.kind in ("decimal", "int") else ""
        bits = [limits or f.unit, need]
        if f.choices:
            bits.append("填代码：" + "、".join(f"{code}={label}" for code, label in f.choices))
        if f.show_if:
            bits.append("仅当 " + "、".join(f"{k}={'/'.join(v)}" for k, v in f.show_if.items()) + " 时填写")
        return f"{indent}{f.key}：{f.label}（{'；'.join(b for b in bits if b)}）"

    lines = [f"{calculator.title}（{calculator.name}）", "输入（JSON 对象的键）："]
    for f in calculator.fields:
        lines.append(field_line(f, "  "))
        lines += [field_line(c, "      ") for c in f.columns]
    lines.append("示例：" + command_line(calculator, load_examples(calculator.name)))
    whole = calculator.name if table.main_table(calculator) is not None else table.TABLE_MODES.get(calculator.name)
    if whole:
        lines.append(f"整表：python -m calculators {whole} --csv 文件.csv 或 --xlsx 文件.xlsx")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    return ("是" if value else "否") if isinstance(value, bool) else _text(value)
