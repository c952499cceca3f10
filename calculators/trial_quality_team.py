"""审判质效指标得分（团队） — 审判质效指标任务分解办法; 绩效考核实施细则 第五条、第六条.

A whole team at once: one person a row (pasted from a spreadsheet as tab-separated values,
first line the column keys or their Chinese labels), each scored by trial_quality.score_role,
then ranked by total (ranking.rank: ties share the better place) and given the ranking bonus
of 第五条（员额法官）or 第六条（法官助理、书记员）(ranking.bonus_for_rank)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from . import ranking, rules
from . import trial_quality as tq
from .engine import Calculator, Field, InputError, Line, Result, Table, fmt
from .rules import formula_today, num

NAME_COLUMN = Field("name", "姓名", "text", help="被考核人的姓名。")
# the roles whose indicators use each input: the page shows a column with those roles only
# (a mediation team sees its 2 indicators, not the 33 of every role)
ROLES_OF = {key: tuple(role for role, _, _ in tq.ROLES if any(i.key == key for i in tq.INPUTS[role]))
            for key in {i.key for inputs in tq.INPUTS.values() for i in inputs}}
PEOPLE_FIELD = Field(
    "people", "人员", "table",
    columns=(NAME_COLUMN,) + tuple(
        replace(tq.input_field(role, inp, inp.key, None, required=False), shown_with={"role": ROLES_OF[inp.key]})
        for role, _, _ in tq.ROLES for inp in tq.INPUTS[role]),
    help="每人一行：姓名和所选人员类别的各项指标。可从电子表格复制粘贴（制表符分隔，"
         "第一行为列名，可用中文列名或英文键名）。")

# 第五条 ranks 员额法官; 第六条 ranks 法官助理 and 书记员
RANKING_ARTICLE = {"judge": ranking.ART_JUDGES, "mediation": ranking.ART_JUDGES,
                   "filing": ranking.ART_JUDGES, "assistant": ranking.ART_ASSISTANTS,
                   "clerk": ranking.ART_ASSISTANTS}

# 人员类别 of each role in the yearly assessment (annual-assessment's categories), which
# the export carries to annual-assessment-team: 分解办法 一、员额法官负责的工作内容 sets
# the indicators of （一）审判团队、（二）诉前调解、道交一体化审判团队 and （三）立案庭 alike,
# all 员额法官; 二、法官助理; 三、书记员.
CATEGORY_OF_ROLE = {"judge": "judge", "mediation": "judge", "filing": "judge",
                    "assistant": "assistant", "clerk": "clerk"}

FIELDS = (tq.ROLE_FIELD, tq.WITHDRAWAL_FIELD, PEOPLE_FIELD, rules.as_of_field())


def score_key(key: str) -> str:
    """The table's column of an indicator's score: its own key, apart from the input of
    the same name (结案率 the rate typed in, 结案率得分 the points), so that an export
    carrying both keeps both."""
    return f"{key}_score"


def table_columns(indicators) -> list[tuple[str, str]]:
    return ([("name", "姓名")] + [(score_key(i.key), f"{i.label}得分") for i in indicators]
            + [("total", "合计"), ("rank", "名次"), ("bonus", "排名加减分"), ("bonus_note", "说明")])


def _check_rows(role: str, rows: list[dict]) -> None:
    """Each row has a name and exactly the chosen role's indicators."""
    wanted = [i.key for i in tq.INPUTS[role]]
    labels = {c.key: c.label for c in PEOPLE_FIELD.columns}
    errors = {}
    for n, row in enumerate(rows, 1):
        where = f"「人员」第{n}行："
        if not row.get("name"):
            errors[f"people.{n}.name"] = f"{where}「姓名」必须填写"
        for key in wanted:
            if row.get(key) is None:
                errors[f"people.{n}.{key}"] = f"{where}「{labels[key]}」必须填写"
        for key, value in row.items():
            if key != "name" and key not in wanted and value is not None:
                errors[f"people.{n}.{key}"] = (f"{where}「{labels[key]}」不是"
                                               f"{tq.ROLE_NAMES[role]}的指标")
    if errors:
        raise InputError(errors)


def compute(v: dict) -> Result:
    on = rules.as_of(v)
    role = v["role"]
    reading = v.get("mediation_withdrawal_reading") or "per_point"
    rows = v["people"]
    _check_rows(role, rows)
    indicators = tq.indicators_for(role, reading, on)
    scored = [tq.score_role(role, row, reading, on) for row in rows]
    totals = [s.total for s in scored]
    places = ranking.rank(totals)
    n = len(rows)
    article = RANKING_ARTICLE[role]
    bonus_rule = ranking.bonus_rule(on, article)

    people = []
    for row, s, place in zip(rows, scored, places):
        bonus, note = bonus_rule.bonus(place, n)
        people.append({"name": row["name"], "scores": {k: fmt(x) for k, x in s.scores.items()},
                       "total": fmt(s.total), "rank": place, "bonus": fmt(bonus),
                       "bonus_note": note})
    order = sorted(range(n), key=lambda i: places[i])      # stable: ties keep input order
    # the table is in rank order: each row keeps its input row ("row", 1-based), which is
    # what an export joins on (names may repeat: a join by name or order is a wrong number)
    table = Table(table_columns(indicators),
                  [{"name": people[i]["name"], **{score_key(k): x for k, x in people[i]["scores"].items()},
                    "total": people[i]["total"], "rank": people[i]["rank"], "bonus": people[i]["bonus"],
                    "bonus_note": people[i]["bonus_note"], "row": i + 1} for i in order])
    people = [people[i] for i in order]

    tied = len(set(totals)) < n
    lines = tq.general_lines()
    if role == "assistant":
        lines.append(Line(f"调撤率读法：{dict(tq.WITHDRAWAL_CHOICES)[reading]}", None,
                          tq.art("二1", "二、1"), tq.READING_WITHDRAWAL))
    for ind in indicators:
        lines.append(Line(f"{ind.label}（{num(ind.weight)}分）：{tq.words(ind)}", None, ind.cite,
                          ind.reading))
    lines.append(Line("排名：按合计分从高到低，得分相同的并列，取较前的名次", None, article,
                      ranking.READING_TIES if tied else None))
    small = n < bonus_rule.overlap_below()
    for p in people:
        lines.append(Line(f"{p['name']}：合计{p['total']}分，{p['bonus_note']}", p["bonus"], article,
                          ranking.READING_SMALL_GROUP if small else None))

    warnings = ["排名只在本次输入的人员之间进行；第五条、第六条的排名范围应为实际参加考核排名的全部同类人员。",
                "排名加减分加在绩效考核的审判质效得分上（绩效考核实施细则第五条（一）2、第六条（一）1（4）、2（4））；"
                "本表的合计是分解办法各项得分之和，未折算为45分或15分。"]
    if small:
        warnings.append(f"只有{n}人，前三名与后三名有重叠：两项加减分相加（见编校说明）。")
    if tied:
        warnings.append("有得分相同的人员：并列同一名次，各得该名次的全部加减分（见编校说明）。")
    names = [r["name"] for r in rows]
    if len(set(names)) < n:
        warnings.append("有重名的行，请核对是否重复录入。")
    if role in tq.UNSCORED:
        warnings.append(tq.UNSCORED[role][1])

    leader = people[0]
    return Result(
        values={"role": role, "people": people},
        summary=[("人数", f"{n} 人"), ("第一名", f"{leader['name']}（{leader['total']} 分）"),
                 ("满分", f"{num(sum((i.weight for i in indicators), Decimal(0)))} 分"),
                 rules.as_of_summary(on)],
        lines=lines,
        warnings=warnings,
        table=table,
    )


def formula(on: date) -> str:
    rule = ranking.bonus_rule(on)
    return ("每人的各项得分按审判质效指标任务分解办法计算（同“审判质效指标得分”计算器），合计为各项之和。"
            f"按合计从高到低排名，得分相同的并列同一名次（取较前的名次）。{rule.explain()}；"
            f"不足{rule.overlap_below()}人时一个名次可能同时在前列和后列之中，两项相加。")


CALCULATOR = Calculator(
    name="trial-quality-team",
    title="审判质效指标得分（团队）",
    regulation=tq.REG,
    summary="一次计算一个团队（每人一行，可从电子表格粘贴）的审判质效指标得分与合计，按合计排名，"
            "并给出绩效考核实施细则第五条、第六条的排名加减分；结果可导出为CSV。",
    formula=formula_today(formula),
    fields=FIELDS,
    compute=compute,
    readings=tq.READINGS + ranking.READINGS,
    cites=tq.CALCULATOR.cites,
)
