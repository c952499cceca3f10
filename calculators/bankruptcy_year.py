"""一名破产审判法官一个考核期的工作量 — 破产、清算案件单独绩效考核办法(试行) 第二条至第五条.

Several cases, entered as rows or pasted from a spreadsheet: each row is one case (a label
and the keys of bankruptcy-workload), computed by bankruptcy-workload's own compute; the
total is the sum of the cases' workloads as shown, two places each (READING_ROUNDING)."""
from __future__ import annotations

from decimal import Decimal

from . import bankruptcy_workload as single
from . import rules
from .engine import Calculator, Field, InputError, Line, Result, Table, fmt, short, tsv_rows
from .table import norm

CASES_LABEL = "各案件"
LABEL = Field("label", "案号或案件名称", "text", help="用于区分各行，如“(2023)冀1091破1号”。")
CASES = Field("cases", CASES_LABEL, "table", columns=(LABEL,) + single.FIELDS,
              help="每行一件案件；可从电子表格复制粘贴（以制表符分隔，第一行为列名，列名可用中文标签"
                   "或英文键名）。跨考核期的案件填期初节点，只计本期进度增量；附加工作量只填本期的。")
FIELDS = (CASES, rules.as_of_field())

# (key in the single case's values or the row, Chinese column label)
COLUMNS = [
    ("label", "案件"), ("case_type", "类型"), ("procedure", "程序"),
    ("base", "基础工作量"), ("factor", "上浮系数"), ("progress_start", "期初进度"),
    ("progress", "期末进度"), ("progress_increment", "本期进度增量"),
    ("progress_workload", "进度工作量"), ("additional", "附加工作量"),
    ("workload", "折算工作量"),
]


def _row_name(i: int, label: str) -> str:
    return f"「{CASES_LABEL}」第{i}行（{short(label)}）"


def repeated(cases: list[dict]) -> dict[str, str]:
    """A case entered twice would be counted twice in the total: the reading of 第四条
    (READING_CONVERSION, 编校说明) says 同一案件只录入一次. Rows whose 案号 is one
    of an earlier row (compared as written, full-width forms and spaces aside) are refused,
    each naming the earlier row."""
    first: dict[str, int] = {}
    errors = {}
    for i, row in enumerate(cases, 1):
        key = norm(row["label"])
        if not key:
            continue             # (a row without its 案号 is told so by the engine)
        if key in first:
            errors[f"cases.{i}.label"] = (
                f"{_row_name(i, row['label'])}：与第{first[key]}行是同一案号。同一案件只录入一次"
                f"（{single.READING_CONVERSION.title}，编校说明），否则工作量会重复计入合计；"
                "请删去重复的一行，或更正案号")
        else:
            first[key] = i
    return errors


def repeated_raw(raw) -> dict[str, str]:
    """repeated() on the input as given, for when other cells are bad too (Calculator.check):
    a file's repeated case and its bad cells are said in one go."""
    cases = raw.get("cases") if isinstance(raw, dict) else None
    try:
        rows = tsv_rows(CASES, cases) if isinstance(cases, str) else cases
    except InputError:
        return {}
    if not isinstance(rows, list):
        return {}
    return repeated([{"label": str(r.get("label") or "")} if isinstance(r, dict) else {"label": ""} for r in rows])


def compute(v: dict) -> Result:
    on = rules.as_of(v)          # a bad date is one message, not one a row
    rows: list[dict] = []
    lines: list[Line] = []
    warnings: list[str] = []
    errors: dict[str, str] = repeated(v["cases"])
    total = Decimal(0)
    for i, row in enumerate(v["cases"], 1):
        if f"cases.{i}.label" in errors:
            continue
        case = {k: val for k, val in row.items() if k != "label"} | {"as_of": v.get("as_of")}
        try:
            result = single.compute(case)
        except InputError as err:
            errors.update({f"cases.{i}.{k}": f"{_row_name(i, row['label'])}：{m}"
                           for k, m in err.errors.items()})
            continue
        workload = Decimal(result.values["workload"])
        total += workload
        rows.append({"label": row["label"], "case_type": row["case_type"],
                     "procedure": row.get("procedure") or ""}
                    | {key: result.values.get(key, "") for key, _ in COLUMNS[3:]}
                    | {"row": i})          # its input row: what an export joins on
        lines.append(Line(f"【{row['label']}】“{row['case_type']}”字案件", None))
        lines.extend(Line(f"【{row['label']}】{line.label}", line.amount, line.cite, line.reading)
                     for line in result.lines)
        warnings.extend(w for w in result.warnings if w not in warnings)
    if errors:
        raise InputError(errors)
    lines.append(Line(f"本期合计：{len(rows)}件案件的折算工作量之和", fmt(total), single.ART_METHOD,
                      single.READING_ROUNDING))
    return Result(
        values={"total": fmt(total), "cases": rows},
        summary=[("本期折算工作量合计", fmt(total)), ("案件数", str(len(rows))),
                 rules.as_of_summary(on)],
        lines=lines,
        warnings=warnings,
        table=Table(COLUMNS, rows),
    )


CALCULATOR = Calculator(
    name="bankruptcy-year",
    title="破产审判法官考核期工作量合计",
    regulation=single.REG,
    summary="把一名破产审判法官在一个考核期内办理的各件强制清算与破产案件逐件折算为普通一审民商事"
            "案件数（与“破产、清算案件工作量折算”相同的规则），列表显示并合计，可导出CSV。",
    formula="合计 = 各案件折算工作量之和，各件四舍五入保留两位小数后相加。每件：" + single.CALCULATOR.formula,
    fields=FIELDS,
    compute=compute,
    check=repeated_raw,
    readings=single.READINGS,
    cites=single.CALCULATOR.cites,
)
