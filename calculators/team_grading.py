"""年度考核等次与奖金 — 绩效考核实施细则 第十二条、第十四条、第十五条、第十八条.

For a whole list of people (pasted from a spreadsheet): each category's 优秀 quota
(不超过同类考核总人数的20%, rounded down), the grades by score under the rules of 第十二条
that bar a grade (低于60分, 未完成办案任务, 诫勉, 处分) or take a person out of the scoring
(病事假超过六个月, 借调超过六个月), the bonus tier of each grade (第十四条) and the cap on the
院领导's bonus. What the text leaves to the 绩效考核委员会 (a tie at the cut, 基本称职 or
不称职, 重大差错, 借调人员的等次) is reported, never decided silently. One row a person in
Result.table, for the CSV export and the print view of the 公示 (第十五条)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from . import rules
from .annual_assessment import CATEGORIES, CATEGORY_NAMES
from .engine import Calculator, Field, InputError, Line, Reading, Result, Table, fmt, q2, short
from .rules import formula_today, num, pct

REG = "performance-assessment"
PARAMS = rules.load(REG)
ART12 = rules.cite(REG, "第十二条")
ART12_CAP = PARAMS.cite("grading", "第一款")
ART12_BARS = PARAMS.cite("grading", "第二款、第三款")
ART12_OUT = PARAMS.cite("out_of_assessment")
ART14 = PARAMS.cite("bonus_tiers")
ART15 = rules.cite(REG, "第十五条")
ART16 = rules.cite(REG, "第十六条")
ART18 = rules.cite(REG, "第十八条")

# 第十二条 four grades, best first, and 第十四条 the tier of each (the shares of the
# standard bonus are parameters: bonus_tiers)
GRADE_NAMES = (("excellent", "优秀", "一档"), ("competent", "称职", "二档"),
               ("basic", "基本称职", "三档"), ("incompetent", "不称职", "四档"))
ORDER = [g[0] for g in GRADE_NAMES]

# 第十二条第四款: flags that take a person out of the scoring: (flag, status, grade shown,
# the parameter holding the words)
OUT_FLAGS = (("leave_over_six_months", "not_assessed", "不参加考核", "leave"),
             ("seconded_over_six_months", "committee", "由委员会确定", "seconded"))
FLAGS = (  # (key, label) of the bool columns
    ("leader", "院领导"),
    ("unfinished_cases", "未完成办案任务"),
    ("admonished", "受到诫勉"),
    ("disciplined", "受警告及以上处分或被追究刑事责任"),
    ("serious_error", "工作出现重大差错"),
    ("leave_over_six_months", "病事假累计超过六个月"),
    ("seconded_over_six_months", "借调超过六个月"),
)
JUDGE_ONLY_FLAGS = ("unfinished_cases",)  # 第十二条：“未完成办案任务的员额法官”


@dataclass(frozen=True)
class Year:
    """第十二条、第十四条 as in force for the assessment year."""

    excellent_share: Decimal
    pass_mark: Decimal
    low_score_words: str
    bars: tuple[tuple[str, str, str], ...]        # (flag, best grade allowed, words)
    serious_words: str
    out: tuple[tuple[str, str, str, str], ...]    # (flag, status, grade shown, words)
    grade: dict[str, tuple[str, str, str, Decimal]]  # key -> (key, grade, tier, share)
    no_grade_words: str                           # 第十八条


def year(on: date) -> Year:
    p = PARAMS.on(on)
    g, out_of = p["grading"], p["out_of_assessment"]
    shares = {t["grade"]: t["share"] for t in p["bonus_tiers"]["tiers"]}
    return Year(g["excellent_share"]["share"], g["pass_mark"]["score"], g["pass_mark"]["quote"],
                tuple((b["flag"], b["ceiling"], b["quote"]) for b in g["bars"]), g["serious"]["quote"],
                tuple((flag, status, shown, out_of[key]["quote"]) for flag, status, shown, key in OUT_FLAGS),
                {key: (key, name, tier, shares[key]) for key, name, tier in GRADE_NAMES},
                p["bonus_payment"]["no_grade"]["quote"])


GRADE = {key: name for key, name, _ in GRADE_NAMES}
TIER = {key: tier for key, _, tier in GRADE_NAMES}

# 第十二条“全院同类考核总人数”: the classes whose 优秀 quota is counted together, by the
# choice of `quota_pool` (READING_POOL). "together" follows 第一条 and 第三章: 审判辅助人员
# (法官助理、书记员) are one class; "separate" counts each category on its own.
POOLS = {
    "together": (("judge", "员额法官", ("judge",)),
                 ("auxiliary", "审判辅助人员（法官助理、书记员）", ("assistant", "clerk")),
                 ("admin", "司法行政人员", ("admin",))),
    "separate": tuple((c, name, (c,)) for c, name in CATEGORIES),
}
POOL_CHOICES = (("together", "法官助理、书记员合并计算（同为审判辅助人员，第一条、第三章）"),
                ("separate", "法官助理、书记员分别计算"))
DEFAULT_POOL = "together"

# 第十八条：调入人员按实际到院工作月份发放绩效考核奖金 (months of the year: 12)
MONTHS_IN_YEAR = 12
# Upper bound where the text gives none: the 同类人员奖金标准 per person (with margin)
MAX_STANDARD_BONUS = Decimal(1_000_000)

PENDING = "待定（优秀或称职）"
PENDING_TIER = "待定"

# ---------------------------------------------------------------- readings

READING_HEADCOUNT = Reading(
    "grading-headcount", ART12, "“全院同类考核总人数”包括哪些人",
    "第十二条规定优秀不超过全院同类考核总人数的20%。病、事假累计超过六个月的“不参加当年绩效考核”，"
    "计算器不计入人数；借调超过六个月的“不参加具体考核”，但由绩效考核委员会确定等次，计算器计入"
    "人数。20%不是整数人时向下取整（“不超过”），不足5人的类别没有优秀名额。",
)
READING_FILL = Reading(
    "grading-fill-quota", ART12, "按得分从高到低评定优秀",
    "第十二条只规定优秀的上限，没有规定评定方法。计算器把可以评为称职及以上的人员按综合考核得分从高"
    "到低排列，在名额内提出优秀人选，其余为称职；是否用满名额由绩效考核委员会决定。借调人员由委员会"
    "确定等次，不参加排列；委员会评其为优秀的，占用同一名额。",
)
READING_TIES = Reading(
    "grading-tie-at-cut", ART12, "名额边界上得分相同",
    "细则没有规定得分相同者争最后的优秀名额时怎样处理。计算器不替委员会决定：得分高于边界分数的评为"
    "优秀，边界分数上并列的人员都列为“待定（优秀或称职）”，并写明剩余名额，由绩效考核委员会确定；"
    "待定人员的奖金在确定等次后按相应档次发放。",
)
READING_DEFAULT_BASIC = Reading(
    "grading-default-basic", ART12, "“不得评为称职及以上等次”时默认基本称职",
    "第十二条规定得分低于60分（不含60分）、未完成办案任务的员额法官、受到诫勉的，不得评为称职及以上"
    "等次，没有说评为基本称职还是不称职。计算器默认评为基本称职，并提示绩效考核委员会可以评定为"
    "不称职。受警告及以上处分或被追究刑事责任的，条文明定为不称职。",
)
READING_SERIOUS = Reading(
    "grading-serious-error", ART12, "工作出现重大差错",
    "第十二条规定虽已完成办案任务但工作出现重大差错、造成不良社会影响的，“经绩效考核委员会确认，可以"
    "评定为不称职等次”。是否评为不称职由委员会确认，计算器仍按得分和其他规定评定等次（条文没有禁止"
    "其参加优秀评定），并标注提交委员会；委员会评为不称职的，所占优秀名额应重新评定。",
)
READING_LEADERS = Reading(
    "grading-leaders", ART12, "院领导的优秀比例从严控制",
    "第十二条规定“院领导的优秀比例从严控制”，没有规定具体比例。计算器不自设比例：院领导与同类人员一同"
    "按得分评定，凡院领导被提出为优秀或待定的，提示委员会从严把关。",
)
READING_TIERS = Reading(
    "grading-tiers", ART14, "等次与奖金档次的对应",
    "第十四条规定“根据绩效考核结果，将绩效考核奖金对应分为四个档次发放”，没有逐一写明哪一等次对应哪一"
    "档。计算器按顺序对应：优秀一档（105%）、称职二档（100%）、基本称职三档（60%）、不称职四档（不发）。"
    "奖金 = 同类人员奖金标准 × 比例，四舍五入保留两位小数。",
)
READING_LEADER_AVERAGE = Reading(
    "grading-leader-average", ART14, "院领导奖金不高于同类人员平均水平",
    "第十四条规定院领导的绩效考核奖金不高于该院同类人员平均水平，没有说平均水平怎样计算。计算器取同一"
    "类别中已确定等次的非院领导人员奖金的算术平均值（含不称职的0元，不含不参加考核、待定和待委员会"
    "确定的人员；调入人员按折算前的全年数额计入，见第十八条的解读）；院领导按档次计得的奖金高于此"
    "平均值的，按平均值发放并标注。该类别没有其他已确定等次的人员时无从比较，只作提示。",
)

READING_POOL = Reading(
    "grading-quota-pool", ART12, "法官助理、书记员是否为“同类”",
    "第十二条规定优秀不超过“全院同类考核总人数”的20%，没有列出哪些人员为同类。第一条把考核对象分为"
    "员额法官、审判辅助人员、司法行政人员三类，第三章把业务部门法官助理、书记员放在同一章考核；"
    "第六条又为两者分别设置分值。计算器默认把法官助理、书记员合并为审判辅助人员一类计算优秀名额、"
    "按得分一同排列，院领导奖金的“同类人员平均水平”也在这一类中计算；页面和命令行可以改为"
    "分别计算（quota_pool = separate）。",
)
READING_MONTHS = Reading(
    "grading-transfer-months", ART18, "调入人员按到院工作月数折算奖金",
    "第十八条规定“调入人员按实际到院工作月份发放绩效考核奖金”，没有写折算方法。计算器按档次计得的"
    "奖金 × 到院工作月数 ÷ 12，四舍五入保留两位小数；月数按使用者所填的整月数（到院当月是否计入由"
    "政治处认定），不填为12个月。调入人员照常计入同类考核人数、参加等次评定；院领导奖金与同类人员"
    "平均水平的比较按折算前的全年数额进行。",
)

READINGS = (READING_POOL, READING_MONTHS, READING_HEADCOUNT, READING_FILL, READING_TIES, READING_DEFAULT_BASIC, READING_SERIOUS,
            READING_LEADERS, READING_TIERS, READING_LEADER_AVERAGE)

# ---------------------------------------------------------------- inputs

PEOPLE = Field(
    "people", "人员名单", "table",
    help="每人一行：姓名、人员类别（judge/assistant/clerk/admin）、综合考核得分，以及适用的情形"
         "（是/否）；调入人员另填到院工作月数。可从电子表格粘贴，第一行为列名。",
    columns=(
        Field("name", "姓名", "text"),
        Field("category", "人员类别", "choice", choices=CATEGORIES),
        Field("score", "综合考核得分", "decimal", unit="分", min=Decimal(0), max=Decimal(100),
              required=False),
    ) + tuple(Field(key, label, "bool", default=False) for key, label in FLAGS) + (
        Field("months", "到院工作月数", "int", unit="月", min=Decimal(1), max=Decimal(MONTHS_IN_YEAR),
              default=MONTHS_IN_YEAR, help="调入人员本年度实际到院工作的月数（第十八条）；不填为12。"),
    ),
)
QUOTA_POOL = Field(
    "quota_pool", "优秀名额按何种人员计算", "choice", choices=POOL_CHOICES, default=DEFAULT_POOL,
    help="第十二条“全院同类考核总人数”：默认法官助理、书记员合并为审判辅助人员一类计算名额；"
         "也可分别计算。")
FIELDS = (
    Field("standard_bonus", "同类人员奖金标准", "decimal", unit="元", min=Decimal(0),
          max=MAX_STANDARD_BONUS,
          help="第十四条所说的同类人员奖金标准（每人）；各类人员标准不同的，请按类别分别计算。"),
    QUOTA_POOL,
    PEOPLE,
    rules.as_of_field(yearly=True),
)

TABLE_COLUMNS = [("name", "姓名"), ("category", "人员类别"), ("score", "综合考核得分"),
                 ("grade", "等次"), ("tier", "奖金档次"), ("bonus", "绩效考核奖金（元）"),
                 ("reasons", "说明")]

# ---------------------------------------------------------------- checks


def check(people: list[dict]) -> None:
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    where = "「人员名单」"
    for i, p in enumerate(people, 1):
        if p["name"] in seen:
            errors[f"people.{i}.name"] = (f"{where}第{i}行：姓名“{short(p['name'])}”与第{seen[p['name']]}行重复，"
                                          "请加以区分（如注明部门）")
        seen.setdefault(p["name"], i)
        out = any(p[flag] for flag, *_ in OUT_FLAGS)
        if p.get("score") is None and not out:
            errors[f"people.{i}.score"] = (f"{where}第{i}行「综合考核得分」必须填写"
                                           "（病事假超过六个月或借调超过六个月的除外）")
        for flag in JUDGE_ONLY_FLAGS:
            if p[flag] and p["category"] != "judge":
                label = dict(FLAGS)[flag]
                errors[f"people.{i}.{flag}"] = (f"{where}第{i}行「{label}」只适用于员额法官"
                                                f"（第十二条），此人为{CATEGORY_NAMES[p['category']]}")
    if errors:
        raise InputError(errors)


# ---------------------------------------------------------------- grading


class Person:
    def __init__(self, row: dict):
        self.row = row
        self.name: str = row["name"]
        self.category: str = row["category"]
        self.score: Decimal | None = row.get("score")
        self.status = "scored"          # scored | not_assessed | committee
        self.grade: str | None = None   # a key of GRADE, PENDING, or None
        self.shown = ""                 # the grade as shown when not a key of GRADE
        self.ceiling = "excellent"      # the best grade the bars allow
        self.reasons: list[str] = []
        self.committee = False          # the committee is asked to decide or confirm
        self.bonus: Decimal | None = None
        self.lines: list[Line] = []


def _bars(p: Person, y: Year) -> None:
    """第十二条: the status of one person and the best grade the text allows them."""
    for flag, status, shown, words in y.out:
        if p.row[flag]:
            p.status, p.shown = status, shown
            p.reasons.append(f"{words}（第十二条）")
            p.committee = p.committee or status == "committee"
            p.lines.append(Line(f"{p.name}：{words}", None, ART12_OUT))
            if status == "committee":
                _committee_bars(p, y)
            return
    bars = [("basic", f"得分{fmt(p.score)}分，{y.low_score_words}")] if p.score < y.pass_mark else []
    bars += [(ceiling, words) for flag, ceiling, words in y.bars if p.row[flag]]
    for ceiling, _ in bars:
        if ORDER.index(ceiling) > ORDER.index(p.ceiling):
            p.ceiling = ceiling
    choice = p.ceiling == "basic"  # only 不得评为称职及以上: 基本称职 or 不称职, the committee's choice
    for ceiling, words in bars:
        p.reasons.append(f"{words}（第十二条）")
        p.lines.append(Line(f"{p.name}：{words}", None, ART12_BARS,
                            READING_DEFAULT_BASIC if choice else None))
    if choice:
        p.committee = True
        p.reasons.append("默认评为基本称职，绩效考核委员会可以评定为不称职（第十二条）")
    if p.row["serious_error"]:
        p.committee = True
        p.reasons.append(f"{y.serious_words}：提交绩效考核委员会确认（第十二条）")
        p.lines.append(Line(f"{p.name}：{y.serious_words}，提交委员会确认", None, ART12_BARS,
                            READING_SERIOUS))


def _committee_bars(p: Person, y: Year) -> None:
    """第十二条's bars reach a person whose grade the committee sets (借调超过六个月) too:
    受处分 makes it 不称职 (“应当评定为不称职等次”: no choice left to the committee);
    受诫勉, or a judge's unfinished 办案任务, keeps it below 称职 (基本称职 or 不称职, the
    committee's choice). Their score does not count (不参加具体考核)."""
    for flag, ceiling, words in y.bars:
        if not p.row[flag]:
            continue
        p.reasons.append(f"{words}（第十二条）")
        p.lines.append(Line(f"{p.name}：{words}", None, ART12_BARS))
        if ceiling == "incompetent":
            p.grade = "incompetent"
        elif p.grade != "incompetent":
            p.reasons.append("委员会只能评定为基本称职或不称职（第十二条）")


def grade_category(category: str, people: list[Person], y: Year, name: str | None = None
                   ) -> tuple[int, list[Line]]:
    """第十二条 for one class (a category, or 审判辅助人员 as a whole; READING_POOL): the
    quota, the 优秀 by score, ties at the cut reported."""
    name = name or CATEGORY_NAMES[category]
    counted = [p for p in people if p.status != "not_assessed"]
    cap = int((len(counted) * y.excellent_share).to_integral_value(rounding=ROUND_FLOOR))
    share = pct(y.excellent_share)
    lines = [Line(f"{name}：参加考核{len(counted)}人，优秀不超过{share}：{len(counted)} × {share} = "
                  f"{len(counted) * y.excellent_share:f}，向下取整为{cap}人", str(cap), ART12_CAP,
                  READING_HEADCOUNT)]
    if len({p.category for p in people}) > 1:
        lines.append(Line(f"{name}合并计算优秀名额，按得分一同排列", None, ART12_CAP, READING_POOL))
    scored = [p for p in people if p.status == "scored"]
    for p in scored:
        p.grade = p.ceiling if p.ceiling != "excellent" else "competent"
    candidates = sorted((p for p in scored if p.ceiling == "excellent"), key=lambda p: -p.score)
    if cap and candidates:
        cut = candidates[min(cap, len(candidates)) - 1].score
        above = [p for p in candidates if p.score > cut]
        at = [p for p in candidates if p.score == cut]
        if len(above) + len(at) <= cap:
            chosen, tied = above + at, []
        else:
            chosen, tied = above, at
        for p in chosen:
            p.grade = "excellent"
            p.reasons.append(f"得分在本类别前{cap}名优秀名额之内（第十二条）")
        lines.append(Line(f"{name}：按得分从高到低，评为优秀{len(chosen)}人"
                          + (f"（{'、'.join(p.name for p in chosen)}）" if chosen else ""),
                          str(len(chosen)), ART12_CAP, READING_FILL))
        if tied:
            left = cap - len(above)
            for p in tied:
                p.grade = PENDING
                p.committee = True
                p.reasons.append(f"得分{fmt(cut)}分与{len(tied) - 1}人并列，{len(tied)}人争剩余{left}个优秀"
                                 "名额，由绩效考核委员会确定（第十二条）")
            lines.append(Line(f"{name}：{'、'.join(p.name for p in tied)}得分同为{fmt(cut)}分，"
                              f"{len(tied)}人并列争剩余{left}个优秀名额，提交绩效考核委员会确定",
                              str(left), ART12_CAP, READING_TIES))
    elif candidates:
        lines.append(Line(f"{name}：参加考核人数不足5人，没有优秀名额", "0", ART12_CAP, READING_HEADCOUNT))
    elif cap:
        lines.append(Line(f"{name}：没有可以评为称职及以上等次的已考核人员，不评优秀", "0", ART12_CAP))
    for p in scored:
        if p.grade != "excellent" and p.grade != PENDING and p.ceiling == "excellent":
            p.reasons.append("称职：得分不低于60分，不在优秀名额之内（第十二条）")
        if p.row["leader"] and p.grade in ("excellent", PENDING):
            p.committee = True
            p.reasons.append("院领导的优秀比例从严控制，请绩效考核委员会把关（第十二条）")
            lines.append(Line(f"{p.name}（院领导）：院领导的优秀比例从严控制", None, ART12,
                              READING_LEADERS))
    return cap, lines


def pay_category(category: str, people: list[Person], standard: Decimal, y: Year,
                 name: str | None = None) -> list[Line]:
    """第十四条、第十八条 for one class: each tier's bonus, the 院领导 cap."""
    name = name or CATEGORY_NAMES[category]
    lines: list[Line] = []
    for p in people:
        if p.grade in y.grade:
            _, grade, tier, share = y.grade[p.grade]
            p.bonus = q2(standard * share)
            p.lines.append(Line(f"{p.name}：{grade}，{tier}，{fmt(standard)} × {share * 100:.0f}%",
                                fmt(p.bonus), ART14, READING_TIERS))
        elif p.status == "not_assessed":
            p.bonus = Decimal(0)
            p.reasons.append(f"{y.no_grade_words}（第十八条）")
            p.lines.append(Line(f"{p.name}：{y.no_grade_words}", fmt(p.bonus), ART18))
        elif p.status == "committee":
            p.reasons.append("奖金按委员会确定的等次对应档次发放（第十四条）")
        else:  # tied at the cut
            excellent, competent = (q2(standard * y.grade[k][3]) for k in ("excellent", "competent"))
            p.reasons.append(f"评为优秀则奖金{fmt(excellent)}元，称职则{fmt(competent)}元（第十四条）")
    others = [p.bonus for p in people if not p.row["leader"] and p.grade in ORDER]
    leaders = [p for p in people if p.row["leader"] and p.bonus is not None and p.grade in ORDER]
    if not leaders:
        return lines
    if not others:
        for p in leaders:
            p.reasons.append("本类别没有其他已确定等次的人员，无从比较同类人员平均水平（第十四条）")
        return lines
    average = q2(sum(others, Decimal(0)) / len(others))
    # (before 第十八条's months: the bonuses by grade for a whole year, READING_MONTHS)
    lines.append(Line(f"{name}：非院领导人员{len(others)}人按等次的全年奖金平均数（调入人员按折算前的"
                      f"全年数额；院领导奖金不高于此数）",
                      fmt(average), ART14, READING_LEADER_AVERAGE))
    for p in leaders:
        if p.bonus > average:
            p.reasons.append(f"院领导的绩效考核奖金不高于同类人员平均水平{fmt(average)}元，"
                             f"由{fmt(p.bonus)}元减为{fmt(average)}元（第十四条）")
            p.lines.append(Line(f"{p.name}（院领导）：按档次{fmt(p.bonus)}元，高于同类人员平均水平，"
                                f"按{fmt(average)}元发放", fmt(average), ART14, READING_LEADER_AVERAGE))
            p.bonus = average
            p.committee = True
    return lines


def compute(v: dict) -> Result:
    """v: standard_bonus, quota_pool, people (rows)."""
    on = rules.as_of(v, yearly=True)
    y = year(on)
    rows: list[dict] = v["people"]
    check(rows)
    standard: Decimal = v["standard_bonus"]
    people = [Person(r) for r in rows]
    for p in people:
        _bars(p, y)
    lines: list[Line] = []
    counts: dict[str, dict[str, int]] = {}
    caps: dict[str, int] = {}
    pools = POOLS[v.get("quota_pool") or DEFAULT_POOL]
    for pool, pool_name, members in pools:
        group = [p for p in people if p.category in members]
        if not group:
            continue
        caps[pool], grading = grade_category(pool, group, y, pool_name)
        lines += grading
        for p in group:
            lines += p.lines
            p.lines = []
        lines += pay_category(pool, group, standard, y, pool_name)
        for p in group:
            prorate(p)
            lines += p.lines
        counts[pool] = _counts(group)
    # each row names its input row ("row"): what an export joins on (table.export_rows)
    table = Table(TABLE_COLUMNS, [_row(p) | {"row": n} for n, p in enumerate(people, 1)])
    total = sum((p.bonus for p in people if p.bonus is not None), Decimal(0))
    pending = [p.name for p in people if p.grade == PENDING]
    committee = [p.name for p in people if p.committee]
    values = {
        "excellent_cap": caps,
        "counts": counts,
        "grades": {p.name: _grade(p) for p in people},
        "tiers": {p.name: _tier(p) for p in people},
        "bonuses": {p.name: "" if p.bonus is None else fmt(p.bonus) for p in people},
        "total_bonus": fmt(total),
        "pending": pending,
        "committee": committee,
    }
    summary = [("人数", f"{len(people)} 人"), ("奖金合计（已确定部分）", f"{fmt(total)} 元")]
    names = {pool: name for pool, name, _ in pools}
    summary += [(f"{names[c]}优秀名额", f"{n} 人") for c, n in caps.items()]
    summary.append(rules.as_of_summary(on, yearly=True))
    if committee:
        summary.append(("需提交绩效考核委员会", "、".join(committee)))
    return Result(values=values, summary=summary, lines=lines, warnings=warnings(people, pending, on),
                  table=table)


def prorate(p: Person) -> None:
    """第十八条：调入人员按实际到院工作月份发放 (READING_MONTHS): bonus × months ÷ 12."""
    months = p.row.get("months", MONTHS_IN_YEAR)
    if months >= MONTHS_IN_YEAR:
        return
    if p.bonus is None:
        p.reasons.append(f"到院工作{months}个月，奖金确定后按{months}/12发放（第十八条）")
        return
    full = p.bonus
    p.bonus = q2(full * months / MONTHS_IN_YEAR)
    p.reasons.append(f"调入人员到院工作{months}个月，奖金{fmt(full)} × {months}/12 = {fmt(p.bonus)}元（第十八条）")
    p.lines.append(Line(f"{p.name}：调入人员按实际到院工作月份发放，{fmt(full)} × {months} ÷ 12",
                        fmt(p.bonus), ART18, READING_MONTHS))


def _grade(p: Person) -> str:
    return GRADE[p.grade] if p.grade in GRADE else (p.grade or p.shown)


def _tier(p: Person) -> str:
    if p.grade in TIER:
        return TIER[p.grade]
    return PENDING_TIER if p.grade == PENDING or p.status == "committee" else "不发放"


def _counts(group: list[Person]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in group:
        out[_grade(p)] = out.get(_grade(p), 0) + 1
    return out


def _row(p: Person) -> dict:
    return {"name": p.name, "category": CATEGORY_NAMES[p.category],
            "score": "" if p.score is None else fmt(p.score), "grade": _grade(p), "tier": _tier(p),
            "bonus": "" if p.bonus is None else fmt(p.bonus), "reasons": "；".join(p.reasons)}


def warnings(people: list[Person], pending: list[str], on: date) -> list[str]:
    p = PARAMS.on(on)
    out = [f"{p['objection']['quote']}（第十五条）；{p['publication']['quote']}（第十六条）。",
           f"{p['bonus_payment']['transferred']['quote']}（第十八条）：名单中填了「到院工作月数」的，"
           f"奖金按月数÷{MONTHS_IN_YEAR}折算；未填的按全年计算。",
           f"{p['bonus_tiers']['approval']['quote']}（第十四条）。"]
    if len({p.category for p in people}) > 1:
        out.append("名单中有多类人员，计算器对各类适用同一奖金标准；各类人员奖金标准不同的，请按类别分别计算。")
    if pending:
        out.append(f"{'、'.join(pending)}在优秀名额边界上得分并列，等次待绩效考核委员会确定，奖金合计未含其奖金。")
    if any(p.status == "committee" for p in people):
        out.append("借调超过六个月的人员，等次由绩效考核委员会根据借调单位鉴定情况另行确定，奖金合计未含其奖金；"
                   "委员会评为优秀的，占用同类优秀名额。")
    return out


def formula(on: date) -> str:
    """The rule in words, generated from 第十二条、第十四条 as in force on `on`."""
    y = year(on)
    shares = "、".join(f"{pct(share)}（{grade}）" for _, grade, _, share in y.grade.values())
    return ("每类人员（法官助理、书记员默认合并为审判辅助人员一类，可选分别计算）："
            f"优秀名额 = 参加考核人数 × {pct(y.excellent_share)}，向下取整；可评称职及以上的人员"
            "按得分从高到低评为优秀，边界上得分并列的交委员会确定；其余为称职。"
            f"低于{num(y.pass_mark)}分、未完成办案任务、受诫勉的默认基本称职；受警告及以上处分或被追究刑事"
            "责任的为不称职；病事假超过六个月的不参加考核；借调超过六个月的由委员会确定。"
            f"奖金 = 同类人员奖金标准 × {shares}；院领导不高于同类人员平均水平；"
            f"调入人员 × 到院工作月数 ÷ {MONTHS_IN_YEAR}。")


CALCULATOR = Calculator(
    name="team-grading",
    title="年度考核等次与奖金",
    regulation=REG,
    summary="按绩效考核实施细则第十二条、第十四条，对一类或几类人员的综合考核得分评定优秀、称职、"
            "基本称职、不称职等次（优秀不超过同类人数的20%），列出不得评为称职、不参加考核等情形，"
            "并按档次计算绩效考核奖金；结果可导出为CSV，或打印用于公示。",
    formula=formula_today(formula),
    fields=FIELDS,
    compute=compute,
    readings=READINGS,
    cites=(ART12, ART14, ART15, ART16, ART18),
)
