"""Step 3b: a page per calculator (docs tree: calculators/<name>.md), its form generated
from the calculator's declared fields at build time.

The page carries everything a reader needs without Python: the summary, the rule in
words (calc.formula), the articles it implements and every reading it may apply, each
linked, and the command line. The form is plain HTML with the field's label, unit, help,
range, step, default and choices; docs/assets/calc/calc.js brings it to life (Pyodide in a
Web Worker) on these pages only."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from calculators.describe import _text, command_line, example_input, load_examples, range_text

from . import COURT, law_and_code
from .render import escape


TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
_env.filters["md"] = lambda text: Markup(escape(text))  # Markdown-escaped, not HTML-escaped


def write(docs: Path, calculators: list, regs: list | None = None) -> None:
    out = docs / "calculators"
    out.mkdir(parents=True, exist_ok=True)
    template = _env.get_template("calculator.md.j2")
    for calc in calculators:
        examples = load_examples(calc.name)
        articles = law_and_code.side_by_side(regs, calc) if regs else []
        page = template.render(calc=calc, court=COURT, table_mode=table_mode(calc, calculators),
                               search_boost=search_boost(calc), articles=articles,
                               fields=[field_view(f, examples, calc) for f in calc.fields],
                               shown=shown_at_first(calc.fields),
                               versions=json.dumps(cited_versions(calc, regs or []), ensure_ascii=False),
                               cli=command_line(calc, examples),
                               example_json=json.dumps(example_input(calc, examples), ensure_ascii=False, indent=1))
        # whitespace-only lines left by the template's tags would cut an HTML block
        lines = [ln for ln in page.splitlines() if ln.strip() or not ln]
        (out / f"{calc.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cited_versions(calc, regs: list) -> dict[str, list]:
    """The earlier versions of the regulations a calculator cites (slug -> [[施行日期 or
    None, page]], oldest first, the current one last): calc.js links a result's articles
    to the version in force on its 计算基准日 / 考核年度, not always to today's text."""
    from .version_pages import href, page_path

    slugs = {c.regulation for c in list(calc.cites) + [r.cite for r in calc.readings]}
    out = {}
    for reg in regs:
        if reg.slug in slugs and len(reg.versions) > 1:
            out[reg.slug] = [[v.effective.isoformat() if v.effective else None, href(page_path(v), "")]
                             for v in reg.versions]
    return out


def shown_at_first(fields) -> set[str]:
    """The fields the form shows before anything is chosen: calc.js's updateVisibility with
    every control at its default (a condition on a hidden field reads "None"). The others
    are written hidden, so that the page is not laid out with all of them and then again
    without (annual-assessment: 39 fields, 36 of them for one 人员类别 only; that second
    layout was a task of 50–100 ms while Python loads)."""
    def start(f) -> str:
        if f.kind == "bool":
            return "True" if f.default is True else "False"
        return "" if f.default is None else _text(f.default)

    value = {f.key: start(f) for f in fields}
    visible = {f.key: True for f in fields}
    for _ in range(10):
        changed = False
        for f in fields:
            if f.show_if:
                ok = all((value.get(k, "") if visible.get(k) else "None") in vals for k, vals in f.show_if.items())
                changed = changed or visible[f.key] != ok
                visible[f.key] = ok
        if not changed:
            break
    return {k for k, v in visible.items() if v}


def search_boost(calc) -> float:
    """Calculator pages rank below the regulations; a table mode, which repeats its
    per-person calculator's words (and is linked from it), below that calculator."""
    from calculators.table import TableCalculator

    return 0.25 if isinstance(calc, TableCalculator) else 0.5


def table_mode(calc, calculators: list):
    """The calculator that computes a whole table of what `calc` computes for one."""
    from calculators.table import TABLE_MODES

    return next((c for c in calculators if c.name == TABLE_MODES.get(calc.name)), None)


def _choice_label(f, value: str) -> str:
    return next((label for key, label in f.choices if key == value), value)


def field_view(f, examples: list[dict], calc=None) -> dict:
    """What the template needs of one field."""
    view = {
        "key": f.key, "id": "calc-f-" + f.key.replace(".", "-"), "label": f.label,
        "kind": f.kind, "unit": f.unit, "help": f.help, "required": f.required,
        "default": None if f.default is None else _text(f.default),
        "range": range_text(f) if f.kind in ("decimal", "int") else "",
        "choices": [{"value": k, "label": v,
                     "with": " ".join(f.choices_with[1].get(k, ())) if f.choices_with else None}
                    for k, v in f.choices],
        "choices_with": f.choices_with[0] if f.choices_with else "",
        "show_if": json.dumps({k: list(v) for k, v in f.show_if.items()}, ensure_ascii=False)
        if f.show_if else "",
        "optional": not f.required and f.default is None,
    }
    if f.kind == "table":
        name = calc.name if calc is not None else ""
        view["columns"] = [column_view(c, name, calc) for c in f.columns]
        view["header"] = "\t".join(c.label for c in f.columns)
        # Markdown turns a tab into spaces, even inside an HTML attribute: write it as &#9;
        view["example"] = Markup(str(markupsafe_escape(table_example(f, examples))).replace("\t", "&#9;"))
        view["example_form"] = table_example_form(f, examples, calc)
        view["grid"] = grid_spec(f, calc)
    return view


def grid_spec(f, calc) -> dict:
    """What docs/assets/calc/grid.js builds the grid from: the same declarations as the
    form, and the header names the Python side accepts (calculators/table.py), so a block
    pasted on the page is read like a file on the command line."""
    from calculators import table

    name = calc.name if calc is not None else ""
    main = calc is not None and table.main_table(calc) is f
    return {
        "key": f.key, "label": f.label, "main": main,
        "header_search": table.HEADER_SEARCH_ROWS,
        "ignored_headers": [table.norm(h) for h in table.IGNORED_HEADERS],
        "summary_row": table.SUMMARY_ROW, "signature_row": table.SIGNATURE_ROW,
        "units": list(table.UNITS), "same_unit": table.SAME_UNIT,
        "columns": [{
            "key": c.key, "label": c.label, "kind": c.kind, "unit": c.unit,
            "choices": [list(ch) for ch in c.choices],
            "default": None if c.default is None else _cell(c, c.default),
            "show_if": {k: list(v) for k, v in c.show_if.items()} if c.show_if else None,
            "shown_with": {k: list(v) for k, v in c.shown_with.items()} if c.shown_with else None,
            "hint": column_view(c, name, calc)["hint"],
            "names": table.header_names(name, c),
        } for c in f.columns],
    }


def column_view(c, calc_name: str = "", calc=None) -> dict:
    from calculators.table import ALIASES

    hints = []
    if c.shown_with and calc is not None:
        # a column of some choices only (trial-quality-team: one role's indicator)
        fields = {f.key: f for f in calc.fields}
        for key, values in c.shown_with.items():
            labels = dict(fields[key].choices) if key in fields else {}
            hints.append(f"{fields[key].label if key in fields else key}为"
                         + "、".join(f"“{labels.get(v, v)}”" for v in values) + "时填写（表格中只显示所选类别的列）")
    if c.unit:
        hints.append(c.unit)
    if c.kind in ("decimal", "int"):
        r = range_text(c)
        if r:
            hints.append(r)
    if c.kind == "bool":
        hints.append("是/否" + ("，不填为否" if c.default is False else ""))
    if c.kind == "choice":
        hints.append("填代码：" + "、".join(f"{k}={v}" for k, v in c.choices))
    if not c.required and c.default is None and not c.shown_with:
        hints.append("可不填")
    aliases = ALIASES.get(calc_name, {}).get(c.key, ())
    if aliases:
        hints.append("列名也可写作：" + "、".join(aliases))
    return {"key": c.key, "label": c.label, "hint": "；".join(hints)}


def table_example_form(f, examples: list[dict], calc) -> dict[str, str]:
    """The other inputs of the example table_example takes its rows from (人员类别, 奖金标准),
    for the page's own table only (a one-person form's sub-table keeps the person's inputs):
    the page fills those the form leaves empty, so that the example answers."""
    from calculators import table

    if calc is None or table.main_table(calc) is not f:
        return {}
    for case in examples:
        rows = case["input"].get(f.key) if isinstance(case["input"], dict) else None
        if "error_keys" not in case.get("expect", {}) and isinstance(rows, list) and rows:
            return {k: _text(v) for k, v in case["input"].items()
                    if k != f.key and not isinstance(v, (list, dict, bool))}
    return {}


def table_example(f, examples: list[dict]) -> str:
    """Tab-separated rows as pasted from Excel, the header line naming columns by their
    Chinese labels (the engine takes labels or keys), from the first example with rows."""
    for case in examples:
        if "error_keys" in case.get("expect", {}):
            continue
        rows = case["input"].get(f.key) if isinstance(case["input"], dict) else None
        if isinstance(rows, list) and rows:
            cols = [c for c in f.columns if any(c.key in r for r in rows)]
            out = ["\t".join(c.label for c in cols)]
            for r in rows:
                out.append("\t".join(_cell(c, r.get(c.key, "")) for c in cols))
            return "\n".join(out)
    return "\t".join(c.label for c in f.columns if c.required)


def _cell(column, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return _text(value)
