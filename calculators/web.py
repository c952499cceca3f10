"""The one entry point the page's Web Worker calls: JSON text in, JSON text out. It never
raises: bad input is an error object with a Chinese message (engine.run_json).

A table mode's bad rows come back with the result of the good rows ("partial"). Three
table operations ride on the same call so the worker needs no change (name
"table:<op>", payload {"name", …}): import (a file's bytes in base64 -> rows of
key -> text), export (an input -> .xlsx or .csv bytes in base64) and template (a blank
.xlsx with headers and drop-downs)."""
from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

from . import get
from .engine import InputError, _set, load_json, run_json

INTERNAL = "计算器内部出错，结果未算出；请把输入（页面上的命令行）发给维护人员"


def handle(name: str, payload: str) -> str:
    if isinstance(name, str) and name.startswith("table:"):
        return table_op(name[len("table:"):], payload)
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _dump({"ok": False, "error": f"没有名为“{str(name)[:40]}”的计算器", "errors": {}})
    try:
        result = run_json(calculator, payload)
    except InputError as err:
        out = {"ok": False, "error": str(err), "errors": err.errors}
        partial = getattr(err, "partial", None)
        if partial is not None:
            out["partial"] = partial.to_json()
            out["bad_rows"] = err.rows
        return _dump(out)
    except Exception as err:  # a defect, not the user's: say so, never a traceback
        return _dump({"ok": False, "error": INTERNAL, "errors": {}, "internal": type(err).__name__})
    return _dump({"ok": True, "result": result})


def examples(name: str) -> str:
    """The inputs of a calculator's examples (calculators/examples/<name>.json), as a JSON
    list of payloads for handle written as the page's form sends them (calc.js inputJSON:
    a table as its text, a checkbox as true/false, dotted keys nested). "[]" for a name
    without examples."""
    found = _example_values(name)
    if found is None:
        return "[]"
    calculator, cases = found
    return json.dumps([_payload(calculator, values) for values in cases], ensure_ascii=False)


# the page's worker warms with at most this many inputs (2-20 ms each, one per 30 ms)
WARM_MAX = 30


def warm_payloads(name: str) -> str:
    """What the page's worker runs once each after its first answer (worker.js warmSoon),
    so that the reader's first edits do not pay for V8's first compilation of their paths:
    the examples' payloads (examples), then each example with every other value of a
    choice that shapes the form (a key some field's show_if or some column's shown_with
    names: trial-quality-team's 岗位 with a table of another 岗位's people, the way a
    reader switches it), the fields that no longer apply left out as the form leaves them
    out. At most WARM_MAX; "[]" for a name without examples."""
    found = _example_values(name)
    if found is None:
        return "[]"
    calculator, cases = found
    out = [_payload(calculator, values) for values in cases]
    by_key = {f.key: f for f in calculator.fields}
    for key in _shaping_keys(calculator):
        field = by_key[key]
        options = [c[0] for c in field.choices] if field.kind == "choice" else ["true", "false"]
        for values in cases:
            if not _applies(field, values, by_key):
                continue        # the form hides this choice for this example
            for option in options:
                if values.get(key) != option:
                    out.append(_payload(calculator, _as_form_sends(dict(values, **{key: option}), by_key)))
    unique = list(dict.fromkeys(out))
    return json.dumps(unique[:WARM_MAX], ensure_ascii=False)


def _example_values(name: str):
    """(calculator, [the form's values of each example]) or None."""
    path = Path(__file__).with_name("examples") / f"{name}.json"
    try:
        calculator = get(name)
        cases = json.loads(path.read_text(encoding="utf-8"))
    except (KeyError, ModuleNotFoundError, OSError, ValueError):
        return None
    return calculator, [calculator.form_values(case["input"]) for case in cases
                        if isinstance(case, dict) and isinstance(case.get("input"), dict)]


def _payload(calculator, values: dict) -> str:
    """The form's values as the page sends them (calc.js inputJSON)."""
    bools = {f.key for f in calculator.fields if f.kind == "bool"}
    sent: dict = {}
    for key, text in values.items():
        _set(sent, key, text == "true" if key in bools else text)
    return json.dumps(sent, ensure_ascii=False)


def _shaping_keys(calculator) -> list[str]:
    """The form's choices and checkboxes that decide which fields and columns apply."""
    named = []
    for f in calculator.fields:
        named += list(f.show_if or {})
        for c in f.columns:
            named += list(c.shown_with or {})
    kinds = {f.key: f.kind for f in calculator.fields}
    return [k for k in dict.fromkeys(named) if kinds.get(k) in ("choice", "bool")]


def _as_form_sends(values: dict, by_key: dict) -> dict:
    """values less the fields the form hides for them (calc.js updateVisibility, repeated
    until stable)."""
    shown = dict(values)
    for _ in range(10):
        kept = {k: v for k, v in shown.items() if k not in by_key or _applies(by_key[k], shown, by_key)}
        if kept == shown:
            break
        shown = kept
    return shown


def _applies(field, values: dict, by_key: dict) -> bool:
    """engine.applies on the form's text (calc.js conditionValue): a field left blank
    holds its default; a checkbox reads True/False; a field not on the form reads None."""
    def text(key: str) -> str:
        if key in values:
            value = values[key]
        elif key in by_key and by_key[key].default is not None:
            value = by_key[key].default
        else:
            return "None"
        return {"true": "True", "false": "False"}.get(str(value), str(value))
    return all(text(k) in allowed for k, allowed in (field.show_if or {}).items())


def table_op(op: str, payload: str) -> str:
    from . import sheet_io, table

    try:
        # an import carries a whole file (base64): plain json; the others go through the
        # engine's reading of input JSON (numbers kept as text)
        req = json.loads(payload) if op == "import" else load_json(payload)
        calc = get(req["name"])
    except (ValueError, KeyError, TypeError, InputError):
        return _dump({"ok": False, "error": "请求无效"})
    try:
        if op == "import":
            data = base64.b64decode(req["data"], validate=True)
            loaded = table.load(calc, data, str(req.get("filename", "")))
            return _dump({"ok": True, "rows": loaded.rows, "lines": loaded.lines,
                          "header_line": loaded.header_line, "ignored": loaded.ignored,
                          "sheet": loaded.sheet, "where": loaded.where(),
                          "skipped": loaded.skipped_note()})
        if op == "template":
            keys = req.get("columns")
            cols = table.template_columns(calc, [str(k) for k in keys] if isinstance(keys, list) and keys else None)
            data = sheet_io.write_xlsx(cols, [], sheet_name=calc.title, validate_rows=table.TEMPLATE_ROWS)
            return _dump({"ok": True, "data": base64.b64encode(data).decode("ascii"),
                          "filename": f"{calc.title}-空白模板.xlsx"})
        if op == "export":
            raw = req["input"]
            result = calc.run(raw)
            columns, rows, totals = table.export_rows(calc, raw, result)
            if req.get("format") == "csv":
                data = sheet_io.write_csv(columns, rows, totals)
                filename = f"{calc.title}-结果.csv"
            else:
                data = sheet_io.write_xlsx(columns, rows, sheet_name=calc.title, totals=totals)
                filename = f"{calc.title}-结果.xlsx"
            return _dump({"ok": True, "data": base64.b64encode(data).decode("ascii"),
                          "filename": filename})
    except sheet_io.SheetError as err:
        return _dump({"ok": False, "error": str(err)})
    except InputError as err:
        return _dump({"ok": False, "error": "表格中有错误，请先更正：" + str(err), "errors": err.errors})
    except (binascii.Error, ValueError, KeyError, TypeError) as err:
        return _dump({"ok": False, "error": f"文件无法读取（{type(err).__name__}）"})
    except Exception as err:  # a defect: say so, never a traceback
        return _dump({"ok": False, "error": INTERNAL, "internal": type(err).__name__})
    return _dump({"ok": False, "error": f"未知的操作“{op[:20]}”"})


def _dump(obj: dict) -> str:
    """JSON text; a lone surrogate from the input (a bad key) becomes "?"."""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
