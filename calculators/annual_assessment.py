"""年度绩效考核得分 — 绩效考核实施细则 第五条、第六条、第八条、第十七条.

One person's score out of 100, part by part, for the four categories of the 细则:
员额法官 (第五条: 结案数量 40 + 审判质效 45 + 自身建设 10 + 主管领导评价 5), 法官助理 and
书记员 (第六条: 业绩 80 + 自身建设 5 + 单元法官评价 5 + 部门负责人评价 5 + 主管领导评价 5) and
司法行政人员 (第八条: 业绩 70 + 自身建设 20 + 主管领导评价 10). Every weight, threshold and
addition is a table below with its article beside it; compute walks the tables. Each part
is kept within its weight and rounded half up to two places; the total is the sum of the
parts as shown. When the post changed during the year (第十七条), the totals of the other
segments are entered as rows of `segments` and the result is the plain average."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import ranking, rules
from . import trial_quality as tq
from .engine import Calculator, Cite, Field, InputError, Line, Reading, Result, clamp, fmt, q2
from .rules import Linear, Points, Scale, formula_today, num, signed

REG = "performance-assessment"
PARAMS = rules.load(REG)
TODAY = PARAMS.shown(date.today())      # the limits of the form: the rules in force today
_art = PARAMS.cite                    # (key, part) -> the cite of a parameter's article

ART5 = rules.cite(REG, "第五条")
ART5_CASES = _art("closure")
ART5_QUALITY = _art("judge_quality")
ART5_WORK = rules.cite(REG, "第五条", "（一）")
ART5_SELF = _art("judge_self")
ART5_LEADER = _art("judge_leader")
ART6 = rules.cite(REG, "第六条")
ART6_WORK = _art("role_work")
ART6_QUALITY = _art("role_quality")
ART6_SELF = _art("role_self")
ART8 = rules.cite(REG, "第八条")
ART8_WORK = _art("admin", "（一）")
ART8_SELF = _art("admin", "（二）")
ART8_LEADER = _art("admin", "（三）")
ART12_GRADING = PARAMS["grading"].cite
ART17 = rules.cite(REG, "第十七条")
# the 分解办法's parts for 法官助理 and 书记员 (their heading ids are 二, 三; the label is the
# heading's own words, which begin with the number: tq.art, not rules.cite, which would
# put the id before them again, 二二、)
BREAKDOWN = {"assistant": tq.art("二", "二、法官助理负责的工作内容"),
             "clerk": tq.art("三", "三、书记员负责的工作内容")}

CATEGORIES = (("judge", "员额法官"), ("assistant", "法官助理"), ("clerk", "书记员"),
              ("admin", "司法行政人员"))
CATEGORY_NAMES = dict(CATEGORIES)
ROLES = ("assistant", "clerk")                  # 第六条: 业务部门法官助理、书记员
WITH_SELF_ITEMS = ("judge", "assistant", "clerk")  # 第五条（二）, and 第六条（二） by reference

# The numbers (weights, points, thresholds) are parameters in performance-assessment.toml,
# each with its article and words; the functions below read them for the assessment year.


def role_quality_raw_max(role: str, on: date) -> Decimal:
    """审判质效指标任务分解办法 二、三: the points of the role's scored items added up
    (法官助理 8, 书记员 9): READING_ROLE_QUALITY."""
    return tq.max_total(role, on)


HUNDRED = Decimal(100)

# Upper bounds where the text gives none (what a court could produce in a year, with margin)
MAX_CASES = Decimal(100000)      # 办案数量基准、年结案数 (a judge closes hundreds a year)
MAX_EVENTS = Decimal(1000)       # 次数、件数、篇数、项数 counted per person and year
MAX_GROUP = Decimal(10000)       # 参加排名的人数

# ---------------------------------------------------------------- readings

READING_CLOSURE = Reading(
    "assessment-closure-target", ART5_CASES, "年结案数量不是整数时",
    "第五条（一）1规定年结案数量 = 年初确定的办案数量基准 × 全院年平均结案率，完成的记30分，每多结"
    "1件加0.1分，每少结1件减0.1分。乘积常常不是整数（如150件×93% = 139.5件），条文没有说是否取整。"
    "计算器不取整，按实际结案数与年结案数量之差计分：30 + 0.1 ×（实结件数 − 年结案数量），"
    "如实结140件得30.05分；结果保持在本项分值0至40分之内。",
)
READING_WITHIN_WEIGHT = Reading(
    "assessment-part-within-weight", ART5, "各部分得分不超出其分值",
    "细则为每一部分规定了分值（考核总分为100分），但结案数量的加分、审判质效的排名加分、自身建设的"
    "加分可能使某部分超过其分值，减分也可能使其低于0分。计算器把每一部分的得分保持在0分至该部分"
    "分值之间（结案数量0–40分，员额法官审判质效0–45分，法官助理、书记员审判质效0–15分，自身建设"
    "0–10分或0–5分，司法行政人员业绩0–70分），因此总分不超过100分；超出的部分在明细中列明。",
)
READING_JUDGE_QUALITY = Reading(
    "assessment-judge-quality-entered", ART5_QUALITY, "员额法官审判质效得分由人工录入",
    "第五条（一）2规定依据《河北省高级人民法院全省审判质效评价办法》对员额法官的审判质效进行考核，"
    "该办法不在本汇编之中。计算器不计算这一得分，由使用者录入（0–45分），再按条文加上排名加减分。",
)
READING_ABSENCES = Reading(
    "assessment-absences-both", ART5_SELF, "无故缺席的减分与超过30%的减分同时适用",
    "第五条（二）1先规定无故不参加集体活动的每次减0.1分，又规定全年超过30%活动不能参加的减1分。"
    "条文没有说两者是否择一。计算器两项都适用：每次无故缺席减0.1分，缺席比例超过30%（不含30%）的"
    "另减1分。",
)
READING_ACCOUNTABLE = Reading(
    "assessment-held-accountable", ART5_SELF, "“被追究责任的，此项不得分”中的“此项”",
    "第五条（二）2规定“违纪被通报批评的，每次减1分；被追究责任的，此项不得分”。第2目本身只有减分，"
    "没有可以“不得分”的分值，计算器因此把“此项”理解为自身建设这一项：被追究责任的，自身建设得0分，"
    "其他加减分不再计算。",
)
READING_ADOPTIONS = Reading(
    "assessment-adoptions-per-level", ART5_SELF, "信息、调研文章被多级法院采用",
    "第五条（二）3规定撰写信息、调研文章或案例被本院、中院、省院、最高院采用的，分别加0.1分、0.2分、"
    "0.5分、1分，没有说同一篇被几级法院采用时怎样计分。计算器按每一次采用计分：使用者在各级法院栏"
    "内填写被该级法院采用的件数，各级分别计分后相加。",
)
READING_UNFINISHED = Reading(
    "assessment-unfinished-cases", ART12_GRADING, "“未完成办案任务”即未完成年结案数量",
    "第十二条规定“未完成办案任务的员额法官，不得评定为称职及以上等次”，没有说办案任务指什么。第五条（一）1"
    "以“年结案数量”（年初确定的办案数量基准×全院年平均结案率）计结案数量得分，计算器把本人年结案数少于"
    "年结案数量读作未完成办案任务：结果中注明；“年度绩效考核得分（全体人员）”导出的表格在“未完成办案任务”"
    "一栏填“是”，导入“年度考核等次与奖金”后，该员额法官不得评为称职及以上等次。",
)
READING_JUDGE_LEADER = Reading(
    "assessment-judge-leader-tasks", ART5_LEADER, "员额法官的主管领导评价：录入综合评价，或按交办事项计分",
    "第五条（三）规定主管领导“结合工作实际和交办工作完成情况”对被考核人“给予综合评价”，条文中唯一的"
    "计分规则是“完成领导交办的其他工作事项每次加1分；最高加5分”。主管领导已给出综合评价分的，计算器按"
    "录入的分数计（0至5分，已含交办工作完成情况，不再另加交办事项分）；没有录入的，按完成的交办事项计分，"
    "每次1分，最高5分。",
)
READING_ROLE_QUALITY = Reading(
    "assessment-role-quality-scale", ART6_QUALITY, "法官助理、书记员审判质效：8分或9分与15分",
    "第六条规定法官助理、书记员的审判质效分值为15分，依据《审判质效指标任务分解办法》考核；而该办法"
    "中列有分值的指标合计，法官助理为8分（调撤率3分、流程信息公开率1分、裁判文书公开率3分、电子法院"
    "应用1分），书记员为9分（庭审录像率3分、电子卷宗归档率3分、流程信息公开率1分、电子法院应用"
    "2分）。计算器默认按比例折算为15分制（分解办法得分 ÷ 8或9 × 15），也可以选择直接采用分解办法的"
    "原始得分，或直接录入15分制得分；然后加上排名加减分，结果保持在0至15分之内。",
)
READING_ROLE_SELF_BASE = Reading(
    "assessment-role-self-base", ART6_SELF, "法官助理、书记员自身建设的基础分",
    "第六条（二）规定法官助理、书记员自身建设分值为5分，“加减分项参照本办法中员额法官相关考核标准执行”，"
    "没有规定基础分。员额法官是10分中以5分为基础分，即分值的一半。计算器同样取分值的一半，以2.5分为"
    "基础分，加减分项及每项分数与员额法官相同，结果保持在0至5分之内。",
)
READING_ADMIN_SELF = Reading(
    "assessment-admin-self-entered", ART8_SELF, "司法行政人员的自身建设、主管领导评价由人工录入",
    "第八条（二）（三）只规定自身建设（20分）、主管领导评价（10分）由政治处、主管领导考核评价，没有"
    "加减分的具体标准，也没有参照员额法官标准的规定。计算器不套用第五条的加减分，由使用者录入这两项"
    "得分。",
)
READING_SEGMENTS = Reading(
    "assessment-segments-mean", ART17, "分段考核的平均值",
    "第十七条规定考核期内工作岗位发生变化的，分段进行考核，以平均值作为考核结果，没有说按各段时间"
    "长短加权。计算器取各段得分的算术平均值（不加权）。本表单计算一段的得分，其他各段先用本计算器"
    "分别计算，把得分填入“分段考核”表，计算器把本段与各段得分相加后除以段数。",
)
READING_ROUNDING = Reading(
    "assessment-rounding", ART5, "保留两位小数",
    "细则没有规定计算精度。计算器把每一部分的得分四舍五入保留两位小数，总分是各部分（已保留两位小数）"
    "之和，与明细中显示的数字一致；分段考核的平均值同样四舍五入保留两位小数。",
)

READINGS = (READING_CLOSURE, READING_UNFINISHED, READING_WITHIN_WEIGHT, READING_JUDGE_QUALITY, READING_ABSENCES,
            READING_ACCOUNTABLE, READING_ADOPTIONS, READING_JUDGE_LEADER, READING_ROLE_QUALITY,
            READING_ROLE_SELF_BASE, READING_ADMIN_SELF, READING_SEGMENTS, READING_ROUNDING,
            ranking.READING_SMALL_GROUP)

# ---------------------------------------------------------------- inputs

ZERO = Decimal(0)
JUDGE = {"category": ("judge",)}
ROLE = {"category": ROLES}
SCORED = {"category": ("judge", "assistant", "clerk")}
ADMIN_ONLY = {"category": ("admin",)}
QUALITY_MODES = (("scaled", "分解办法得分折算为15分制"), ("raw", "直接采用分解办法得分"),
                 ("entered", "直接录入15分制得分"))


# the limits and help texts of the form, from the rules in force today
_WORK = {role: {i["key"]: i for i in TODAY["role_work"][role]} for role in ROLES}
_RATING = {r["key"]: r for r in TODAY["role_ratings"]["items"]}
_THRESHOLD = {key: rows[0] for key, rows in TODAY["self_thresholds"].items()}
_PETITION = TODAY["self_other"]["petition"]
_LEADER = TODAY["judge_leader"]


def _role_work(key: str) -> tuple[Decimal, str]:
    """The largest weight of a work part across the roles, and the weights in words."""
    weights = [(CATEGORY_NAMES[role], _WORK[role][key]["weight"]) for role in ROLES]
    words = "，".join(f"{name}分值{num(w)}分" for name, w in weights)
    return max(w for _, w in weights), f"{words}（{rules.where(ART6_WORK)}）。"


def _count(key: str, label: str, help: str = "", show_if: dict = SCORED) -> Field:
    # a count in its label's word: times (…次数, 第五条（二） “每次”) in 次, articles in 篇, else 件
    unit = "次" if label.endswith("次数") else "篇" if label.endswith("篇数") else "件"
    return Field(key, label, "int", unit=unit, min=ZERO, max=MAX_EVENTS, default=0, help=help,
                 show_if=show_if)


FIELDS = (
    Field("category", "人员类别", "choice", choices=CATEGORIES,
          help="员额法官（第五条）、法官助理或书记员（第六条）、司法行政人员（第八条）。"),
    # 员额法官 第五条（一）
    Field("baseline_cases", "年初确定的办案数量基准", "int", unit="件", min=Decimal(1), max=MAX_CASES,
          show_if=JUDGE,
          help="年初确定的每名入额法官办案数量基准（第五条（一）1）。"),
    # below 10 % no court's yearly average: 1 without “%” is the ratio (100 %), not 1 %
    Field("court_closure_rate", "全院年平均结案率", "decimal", unit="%", min=ZERO, min_exclusive=True, max=HUNDRED,
          ratio_below=Decimal(10),
          show_if=JUDGE, help="百分数，如93表示93%（第五条（一）1）。"),
    Field("cases_closed", "本人年结案数", "int", unit="件", min=ZERO, max=MAX_CASES, show_if=JUDGE),
    Field("quality_score", "审判质效得分", "decimal", unit="分", min=ZERO, max=TODAY["judge_quality"]["weight"],
          show_if=JUDGE, help="依据《河北省高级人民法院全省审判质效评价办法》评定的得分"
                              f"（0–{num(TODAY['judge_quality']['weight'])}分），不含排名加减分。"),
    # 法官助理、书记员 第六条（一）
    *(Field(key, label, "decimal", unit="分", min=ZERO, max=_role_work(key)[0], show_if=ROLE,
            help=_role_work(key)[1])
      for key, label in (("pretrial", "庭前工作"), ("trial", "庭审工作"), ("posttrial", "庭后工作"))),
    Field("quality_mode", "审判质效的计分方式", "choice", choices=QUALITY_MODES, default="scaled",
          show_if=ROLE, help="分解办法中" + "、".join(f"{CATEGORY_NAMES[r]}的指标合计{num(tq.max_total(r))}分"
                                                   for r in ROLES)
          + f"，第六条的分值为{num(TODAY['role_quality']['weight'])}分：默认按比例折算。"),
    Field("quality_total", "审判质效指标任务分解办法得分", "decimal", unit="分", min=ZERO,
          max=max(tq.max_total(r) for r in ROLES), show_if={"category": ROLES, "quality_mode": ("scaled", "raw")},
          help="审判质效计算器（trial-quality）对本岗位算出的总分："
               + "，".join(f"{CATEGORY_NAMES[r]}满分{num(tq.max_total(r))}分" for r in ROLES) + "。"),
    Field("quality_points", "审判质效得分（15分制）", "decimal", unit="分", min=ZERO,
          max=TODAY["role_quality"]["weight"], show_if={"category": ROLES, "quality_mode": ("entered",)},
          help="直接录入的15分制审判质效得分，不含排名加减分。"),
    Field("quality_rank", "审判质效得分排名", "int", unit="名", min=Decimal(1), max=MAX_GROUP, required=False,
          show_if=SCORED, help="在同类人员中的名次（第1名为最高）；不填则不计排名加减分。"),
    Field("quality_group_size", "参加排名的人数", "int", unit="人", min=Decimal(1), max=MAX_GROUP,
          required=False,
          show_if=SCORED),
    Field("assigned_work", "完成法官交办的其他工作", "decimal", unit="分", min=ZERO,
          max=_role_work("assigned_work")[0], show_if=ROLE, help=_role_work("assigned_work")[1]),
    # 自身建设 第五条（二）（第六条（二）参照）
    _count("absences", "无故不参加集体活动次数", "集体政治学习、会议等集体行动无故不参加的次数。"),
    Field("absence_ratio", "全年不能参加活动的比例", "decimal", unit="%", min=ZERO, max=HUNDRED,
          required=False, show_if=SCORED, help=f"全年不能参加的集体活动占全部活动的百分比；{_THRESHOLD['absence_ratio']['quote']}。"),
    _count("criticisms", "违纪被通报批评次数"),
    Field("held_accountable", "违纪被追究责任", "bool", default=False, show_if=SCORED,
          help="被追究责任的，自身建设此项不得分（第五条（二）2）。"),
    _count("clues", "提供信息线索被本院采用件数"),
    _count("info_court", "撰写信息被本院采用件数"),
    _count("info_intermediate", "撰写信息被中院采用件数"),
    _count("info_provincial", "撰写信息被省院采用件数"),
    _count("info_supreme", "撰写信息被最高院采用件数"),
    _count("research_court", "调研文章、案例被本院采用篇数"),
    _count("research_intermediate", "调研文章、案例被中院采用篇数"),
    _count("research_provincial", "调研文章、案例被省院采用篇数"),
    _count("research_supreme", "调研文章、案例被最高院采用篇数"),
    _count("petition_cases", "因工作不当出现越级上访的案件数",
           f"承办案件因工作不当出现当事人越级上访的件数（{rules.where(_art('self_other', _PETITION['part']))}）。"),
    Field("petition_deductions", "越级上访减分合计", "decimal", unit="分", min=ZERO,
          max=MAX_EVENTS * _PETITION["max"], default=ZERO, show_if=SCORED,
          help=f"{_PETITION['quote']}（每件）；填写已决定的减分合计，应在件数×{num(_PETITION['min'])}分"
               f"至件数×{num(_PETITION['max'])}分之间。"),
    Field("smart_system_rate", "智审系统使用率", "decimal", unit="%", min=ZERO, max=HUNDRED,
          required=False, show_if=SCORED, help=f"所办案件使用智审系统的比例；{_THRESHOLD['smart_system_rate']['quote']}。"),
    # 主管领导评价
    Field("assigned_tasks", "完成领导交办的其他工作事项次数", "int", unit="次", min=ZERO, max=MAX_EVENTS,
          default=0,
          show_if=JUDGE, help=f"{_LEADER['quote'][1]}（{rules.where(ART5_LEADER)}）。"),
    Field("judge_leader_rating", "主管领导综合评价", "decimal", unit="分", min=ZERO, max=_LEADER["weight"],
          required=False, show_if=JUDGE,
          help=f"主管领导给出的综合评价分（0至{num(_LEADER['weight'])}分，已含交办工作完成情况；"
               f"{rules.where(ART5_LEADER)}）。不填的，按完成的交办事项计分。"),
    *(Field(key, _RATING[key]["label"], "decimal", unit="分", min=ZERO, max=_RATING[key]["weight"],
            show_if=ROLE, help=f"{_RATING[key]['quote']}（第六条{_RATING[key]['part']}）。")
      for key in ("unit_judge_rating", "department_rating")),
    Field("leader_rating", "主管领导评价", "decimal", unit="分", min=ZERO, max=TODAY["admin"]["leader"]["weight"],
          show_if={"category": ("assistant", "clerk", "admin")},
          help=f"法官助理、书记员：{_RATING['leader_rating']['quote']}（第六条{_RATING['leader_rating']['part']}）；"
               f"司法行政人员：{TODAY['admin']['leader']['quote']}（{rules.where(ART8_LEADER)}）。"),
    # 司法行政人员 第八条
    Field("uncompleted_items", "未完成的岗位职责、目标任务及交办事项数", "int", unit="项", min=ZERO,
          max=MAX_EVENTS, default=0, show_if=ADMIN_ONLY,
          help=f"{TODAY['admin']['work']['quote'][1]}（{rules.where(ART8_WORK)}）。"),
    Field("self_building_score", "自身建设得分", "decimal", unit="分", min=ZERO, max=TODAY["admin"]["self"]["weight"],
          show_if=ADMIN_ONLY, help=f"{TODAY['admin']['self']['quote']}，由政治处考核打分（{rules.where(ART8_SELF)}）。"),
    # 分段考核 第十七条
    Field("segments", "分段考核：其他各段的得分", "table", required=False,
          help="考核期内工作岗位发生变化的，每个其他岗位时段一行：先用本计算器算出该段得分，填入"
               "“得分”；本表单算出的是其中一段，结果取各段平均值（第十七条）。",
          columns=(Field("post", "岗位或时段", "text", required=False),
                   Field("total", "得分", "decimal", unit="分", min=ZERO, max=HUNDRED))),
    rules.as_of_field(yearly=True),
)

# ---------------------------------------------------------------- helpers


class Part:
    """One part of the score: its output key, name, weight, and the lines that make it."""

    def __init__(self, key: str, name: str, weight: Decimal, cite: Cite):
        self.key, self.name, self.weight, self.cite = key, name, weight, cite
        self.lines: list[Line] = []
        self.score = ZERO

    def add(self, label: str, amount: Decimal | None, cite: Cite | None = None,
            reading: Reading | None = None) -> None:
        self.lines.append(Line(label, None if amount is None else fmt(amount),
                               cite or self.cite, reading))

    def settle(self, raw: Decimal, reading: Reading | None = None) -> Decimal:
        """Keep the part within [0, weight], round half up, and write its line."""
        kept = clamp(raw, 0, self.weight)
        if kept != raw:
            side = f"超过分值{num(self.weight)}分" if raw > self.weight else "低于0分"
            self.add(f"{self.name}计得{fmt(raw)}分，{side}，按{num(kept)}分计", kept,
                     reading=READING_WITHIN_WEIGHT)
        self.score = q2(kept)
        self.add(f"{self.name}（分值{num(self.weight)}分）", self.score, reading=reading)
        return self.score


def _ranking(part: Part, v: dict, cite: Cite, on: date) -> Decimal:
    rank, size = v.get("quality_rank"), v.get("quality_group_size")
    if rank is None:
        part.add("未填写审判质效得分排名，不计排名加减分", ZERO, cite)
        return ZERO
    rule = ranking.bonus_rule(on, cite)
    bonus, words = rule.bonus(rank, size)
    reading = ranking.READING_SMALL_GROUP if size < rule.overlap_below() else None
    part.add(f"排名加减分：{words}", bonus, cite, reading)
    return bonus


# ---------------------------------------------------------------- parts by category


def _closure(v: dict, p: rules.Dated) -> tuple[Part, Decimal]:
    rule = Linear.from_data(p["closure"])
    part = Part("closure", "结案数量", rule.weight, ART5_CASES)
    target = v["baseline_cases"] * v["court_closure_rate"] / HUNDRED
    whole = target == target.to_integral_value()
    part.add(f"年结案数量 = 办案数量基准{v['baseline_cases']}件 × 全院年平均结案率"
             f"{num(v['court_closure_rate'])}% = {num(target)}件", target,
             reading=None if whole else READING_CLOSURE)
    diff = v["cases_closed"] - target
    raw = rule.at_target + rule.per_point * diff
    if diff >= 0:
        words = f"完成年结案数量记{num(rule.at_target)}分，多结{num(diff)}件，每件加{num(rule.per_point)}分"
    else:
        words = f"未完成年结案数量，少结{num(-diff)}件，每件减{num(rule.per_point)}分"
    step = rule.per_point * diff
    sign = "+" if step >= 0 else "−"
    part.add(f"实结{v['cases_closed']}件：{words}：{num(rule.at_target)} {sign} {num(abs(step))}",
             raw, reading=None if whole else READING_CLOSURE)
    part.settle(raw)
    return part, target


def _judge_quality(v: dict, p: rules.Dated, on: date) -> Part:
    part = Part("quality", "审判质效", p["judge_quality"]["weight"], ART5_QUALITY)
    part.add("依据《河北省高级人民法院全省审判质效评价办法》评定的得分（录入）", v["quality_score"],
             reading=READING_JUDGE_QUALITY)
    part.settle(v["quality_score"] + _ranking(part, v, ranking.ART_JUDGES, on))
    return part


def _role_quality(v: dict, role: str, p: rules.Dated, on: date) -> Part:
    weight = p["role_quality"]["weight"]
    part = Part("quality", "审判质效", weight, ART6_QUALITY)
    mode = v["quality_mode"]
    if mode == "entered":
        base = v["quality_points"]
        part.add(f"审判质效得分（{num(weight)}分制，录入）", base, reading=READING_ROLE_QUALITY)
    else:
        raw_max = role_quality_raw_max(role, on)
        total = v["quality_total"]
        part.add(f"{CATEGORY_NAMES[role]}《审判质效指标任务分解办法》得分（满分{num(raw_max)}分）",
                 total, BREAKDOWN[role], READING_ROLE_QUALITY)
        base = total * weight / raw_max if mode == "scaled" else total
        if mode == "scaled":
            part.add(f"折算为{num(weight)}分制：{num(total)} ÷ {num(raw_max)} × {num(weight)}", base,
                     reading=READING_ROLE_QUALITY)
        else:
            part.add("不折算，直接采用分解办法得分", base, reading=READING_ROLE_QUALITY)
    part.settle(base + _ranking(part, v, ranking.ART_ASSISTANTS, on))
    return part


def self_thresholds(p: rules.Dated) -> dict[str, Scale]:
    """第五条（二）1、5: a deduction when a rate passes a written threshold, by input key."""
    param = PARAMS["self_thresholds"]
    return {key: Scale.from_data(rows, param, "points", default=ZERO)
            for key, rows in p["self_thresholds"].items()}


def _self_building(v: dict, own: dict, cite: Cite, reading: Reading | None, p: rules.Dated) -> Part:
    part = Part("self_building", "自身建设", own["weight"], cite)
    other = p["self_other"]
    if v["held_accountable"]:
        part.add(f"{other['accountable']['quote']}（{_part(other['accountable'])}）", ZERO, ART5_SELF,
                 READING_ACCOUNTABLE)
        part.settle(ZERO)
        return part
    part.add(f"基础分{num(own['base'])}分", own["base"], reading=reading)
    total = own["base"]
    counts = Points.from_data(p["self_counts"]["items"], PARAMS["self_counts"])
    for item in counts.items:
        if v[item.key]:
            amount = item.points * v[item.key]
            reading_here = READING_ADOPTIONS if item.key.startswith(("info_", "research_")) else None
            part.add(f"{item.quote}（{rules.where(item.cite)}）：{item.label}{v[item.key]} × {signed(item.points)}",
                     amount, item.cite, reading_here)
            total += amount
    for key, scale in self_thresholds(p).items():
        value = v.get(key)
        (bracket,) = scale.brackets
        if value is None:
            part.add(f"未填写“{_field_label(key)}”，不计此项减分（{bracket.quote}）", ZERO, bracket.cite)
        elif bracket.holds(value):
            reading_here = READING_ABSENCES if key == "absence_ratio" else None
            part.add(f"{bracket.quote}（{rules.where(bracket.cite)}）：{_field_label(key)}{num(value)}%",
                     bracket.value, bracket.cite, reading_here)
            total += bracket.value
    if v["petition_deductions"]:
        part.add(f"{other['petition']['quote']}（{_part(other['petition'])}）：{v['petition_cases']}件，"
                 "已决定减分合计", -v["petition_deductions"], ART5_SELF)
        total -= v["petition_deductions"]
    part.settle(total)
    return part


def _part(data: dict) -> str:
    return f"第五条{data['part']}"



def _judge_leader(v: dict, p: rules.Dated) -> Part:
    rule = Linear.from_data(p["judge_leader"])
    part = Part("leader", "主管领导评价", rule.weight, ART5_LEADER)
    rating = v.get("judge_leader_rating")
    if rating is not None:   # the leader's 综合评价, as given (READING_JUDGE_LEADER)
        part.score = q2(rating)
        part.add(f"主管领导综合评价（录入，分值{num(rule.weight)}分，已含交办工作完成情况）", part.score,
                 reading=READING_JUDGE_LEADER)
        return part
    raw = rule.per_point * v["assigned_tasks"]
    part.add(f"完成领导交办的其他工作事项{v['assigned_tasks']}次，每次加{num(rule.per_point)}分，"
             f"最高加{num(rule.weight)}分", rule.score(Decimal(v["assigned_tasks"])),
             reading=READING_JUDGE_LEADER)
    part.score = q2(min(raw, rule.weight))
    part.add(f"主管领导评价（分值{num(rule.weight)}分）", part.score)
    return part


def _sum_part(key: str, name: str, weight: Decimal, cite: Cite, parts: list[Part]) -> Part:
    """A part that is the sum of others (业绩考核): one line naming them."""
    part = Part(key, name, weight, cite)
    part.score = sum((p.score for p in parts), ZERO)
    terms = " + ".join(f"{p.name}{fmt(p.score)}" for p in parts)
    part.add(f"{name}（分值{num(weight)}分）= {terms}", part.score)
    return part


def _entered(key: str, name: str, value: Decimal, weight: Decimal, cite: Cite,
             reading: Reading | None = None) -> Part:
    part = Part(key, name, weight, cite)
    part.score = q2(value)
    part.add(f"{name}（分值{num(weight)}分，录入）", part.score, reading=reading)
    return part


def score_judge(v: dict, p: rules.Dated, on: date) -> tuple[list[Part], dict]:
    closure, target = _closure(v, p)
    quality = _judge_quality(v, p, on)
    work = _sum_part("performance", "业绩考核", closure.weight + quality.weight, ART5_WORK,
                     [closure, quality])
    self_part = _self_building(v, p["judge_self"], ART5_SELF, None, p)
    leader = _judge_leader(v, p)
    # 第十二条: a judge short of the 年结案数量 has not completed the 办案任务 (READING_UNFINISHED)
    return [closure, quality, work, self_part, leader], {"cases_target": fmt(target),
                                                         "unfinished_cases": v["cases_closed"] < target}


def score_role(v: dict, p: rules.Dated, on: date) -> tuple[list[Part], dict]:
    role = v["category"]
    work = p["role_work"]
    *own, assigned_item = work[role]
    work_parts = [_entered(i["key"], i["label"], v[i["key"]], i["weight"], ART6_WORK) for i in own]
    quality = _role_quality(v, role, p, on)
    assigned = _entered(assigned_item["key"], assigned_item["label"], v[assigned_item["key"]],
                        assigned_item["weight"], ART6_WORK)
    total = _sum_part("performance", "业绩考核", work["weight"], ART6_WORK,
                      work_parts + [quality, assigned])
    self_part = _self_building(v, p["role_self"], ART6_SELF, READING_ROLE_SELF_BASE, p)
    ratings = [_entered(r["out"], r["label"], v[r["key"]], r["weight"], _art("role_ratings", r["part"]))
               for r in p["role_ratings"]["items"]]
    return work_parts + [quality, assigned, total, self_part] + ratings, {}


def score_admin(v: dict, p: rules.Dated, on: date) -> tuple[list[Part], dict]:
    admin = p["admin"]
    rule = Linear.from_data(admin["work"])
    work = Part("performance", "业绩考核", rule.weight, ART8_WORK)
    missing = v["uncompleted_items"]
    raw = rule.at_target + rule.per_point * missing
    work.add(f"完成岗位职责、年度目标任务及领导交办的事项得{num(rule.at_target)}分；未完成{missing}项，"
             f"每项扣{num(-rule.per_point)}分", raw)
    work.settle(raw)
    self_part = _entered("self_building", "自身建设", v["self_building_score"], admin["self"]["weight"],
                         ART8_SELF, READING_ADMIN_SELF)
    leader = _entered("leader", "主管领导评价", v["leader_rating"], admin["leader"]["weight"], ART8_LEADER,
                      READING_ADMIN_SELF)
    return [work, self_part, leader], {}


SCORERS = {"judge": (score_judge, ART5), "assistant": (score_role, ART6),
           "clerk": (score_role, ART6), "admin": (score_admin, ART8)}
# the parts that add up to 100, by category (the others are shown inside 业绩考核)
TOP_PARTS = {"judge": ("performance", "self_building", "leader"),
             "assistant": ("performance", "self_building", "unit_judge", "department", "leader"),
             "clerk": ("performance", "self_building", "unit_judge", "department", "leader"),
             "admin": ("performance", "self_building", "leader")}

# ---------------------------------------------------------------- checks across fields


def _field_label(key: str) -> str:
    return next(f.label for f in FIELDS if f.key == key)


def check(v: dict, p: rules.Dated, on: date) -> None:
    errors: dict[str, str] = {}
    category = v["category"]
    if category in ROLES:
        name = CATEGORY_NAMES[category]
        limits = [(i["key"], i["label"], i["weight"]) for i in p["role_work"][category]]
        limits += [(r["key"], r["label"], r["weight"]) for r in p["role_ratings"]["items"]]
        for key, words, weight in limits:
            if v[key] > weight:
                errors[key] = f"「{words}」{name}的分值为{num(weight)}分，不能超过{num(weight)}分"
        raw_max = role_quality_raw_max(category, on)
        if v.get("quality_total") is not None and v["quality_total"] > raw_max:
            errors["quality_total"] = (f"「{_field_label('quality_total')}」{name}的分解办法指标合计"
                                       f"{num(raw_max)}分，不能超过{num(raw_max)}分")
    if category in WITH_SELF_ITEMS:
        errors.update(_check_petitions(v["petition_cases"], v["petition_deductions"], p))
        rank, size = v.get("quality_rank"), v.get("quality_group_size")
        if rank is not None and size is None:
            errors["quality_group_size"] = "填写了「审判质效得分排名」，请同时填写「参加排名的人数」"
        elif size is not None and rank is None:
            errors["quality_rank"] = "填写了「参加排名的人数」，请同时填写「审判质效得分排名」"
        elif rank is not None and rank > size:   # under both fields: either may be the wrong one
            errors["quality_rank"] = errors["quality_group_size"] = \
                f"「审判质效得分排名」第{rank}名超出了参加排名的人数（{size}人）"
    if errors:
        raise InputError(errors)


def _check_petitions(cases: int, total: Decimal, p: rules.Dated) -> dict[str, str]:
    """第五条（二）4: `min` to `max` points for each case, so the total lies between
    cases × min and cases × max (no case, no deduction)."""
    petition = p["self_other"]["petition"]
    each = f"每件减{num(petition['min'])}分至{num(petition['max'])}分"
    where = rules.where(_art("self_other", petition["part"]))
    least, most = (cases * petition[k] for k in ("min", "max"))
    if cases == 0 and total:
        return {"petition_cases": "填写了「越级上访减分合计」，请填写「因工作不当出现越级上访的案件数」"
                                  f"（{each}，{where}）"}
    if not least <= total <= most:
        return {"petition_deductions": f"「越级上访减分合计」应在{num(least)}分至{num(most)}分之间："
                                       f"{cases}件，{each}（{where}）"}
    return {}


# ---------------------------------------------------------------- compute


def compute(v: dict) -> Result:
    on = rules.as_of(v, yearly=True)
    p = PARAMS.on(on)
    check(v, p, on)
    category = v["category"]
    scorer, article = SCORERS[category]
    parts, extra = scorer(v, p, on)
    by_key = {part.key: part for part in parts}
    lines: list[Line] = []
    for part in parts:
        lines.extend(part.lines)
    top = [by_key[k] for k in TOP_PARTS[category]]
    segment_total = sum((part.score for part in top), ZERO)
    lines.append(Line(f"{CATEGORY_NAMES[category]}考核得分 = " + " + ".join(f"{t.name}{fmt(t.score)}" for t in top),
                      fmt(segment_total), article, READING_ROUNDING))
    total = segment_total
    segments = v.get("segments") or []
    if segments:
        scores = [segment_total] + [row["total"] for row in segments]
        total = q2(sum(scores, ZERO) / len(scores))
        names = "、".join(f"{row.get('post') or f'第{i}段'}{fmt(row['total'])}"
                         for i, row in enumerate(segments, 2))
        lines.append(Line(f"分段考核：本段{fmt(segment_total)}分，{names}；平均值 = "
                          f"({' + '.join(fmt(s) for s in scores)}) ÷ {len(scores)}",
                          fmt(total), ART17, READING_SEGMENTS))
    if extra.get("unfinished_cases"):
        lines.append(Line(f"本人年结案数{v['cases_closed']}件少于年结案数量{num(Decimal(extra['cases_target']))}件，"
                          f"未完成办案任务：{_unfinished_words(p)}", None, ART12_GRADING, READING_UNFINISHED))
    values = {"category": category, **extra}
    values.update({part.key: fmt(part.score) for part in parts})
    values["segment_total"] = fmt(segment_total)
    values["total"] = fmt(total)
    summary = [("考核得分", f"{fmt(total)} 分")]
    if segments:
        summary.append(("本段得分", f"{fmt(segment_total)} 分"))
    summary += [(part.name, f"{fmt(part.score)} 分") for part in top]
    summary.append(rules.as_of_summary(on, yearly=True))
    return Result(values=values, summary=summary, lines=lines,
                  warnings=warnings(v, p, bool(extra.get("unfinished_cases"))))


def _unfinished_words(p: rules.Dated) -> str:
    """第十二条's bar on a judge who has not completed the 办案任务, in its words."""
    return next(b["quote"] for b in p["grading"]["bars"] if b["flag"] == "unfinished_cases")


def warnings(v: dict, p: rules.Dated, unfinished: bool = False) -> list[str]:
    """unfinished: a judge short of the 年结案数量 (score_judge, READING_UNFINISHED)."""
    category = v["category"]
    out = []
    if category == "judge":
        out.append(f"{p['reference_judges']['quote']}（第五条）。")
        if unfinished:
            out.append(f"本人年结案数少于年结案数量，未完成办案任务：{_unfinished_words(p)}"
                       f"（{rules.where(ART12_GRADING)}）。在“年度考核等次与奖金”中请勾选“未完成办案任务”。")
    if category in ROLES:
        ref = p["reference_roles"]
        out.append(f"{ref['quote']}（{rules.where(_art('reference_roles'))}）；{ref[category]['quote']}。")
    if category in WITH_SELF_ITEMS:
        for key, scale in self_thresholds(p).items():
            if v.get(key) is None:
                out.append(f"未填写“{_field_label(key)}”，未计算“{scale.brackets[0].quote}”的减分。")
    out_of = p["out_of_assessment"]
    out.append(f"{out_of['leave']['quote']}；{out_of['seconded']['quote']}"
               f"（{rules.where(_art('out_of_assessment'))}）。等次与奖金见“年度考核等次与奖金”计算器。")
    return out


def formula(on: date) -> str:
    """The rule in words, generated from the parameters in force on `on`."""
    p = PARAMS.on(on)
    closure, leader = Linear.from_data(p["closure"]), Linear.from_data(p["judge_leader"])
    judge_self, role_self, admin = p["judge_self"], p["role_self"], p["admin"]
    work = Linear.from_data(admin["work"])
    role_parts = {role: "、".join(f"{i['label']}{num(i['weight'])}分" for i in p["role_work"][role])
                  for role in ROLES}
    ratings = "、".join(f"{r['label']}{num(r['weight'])}分" for r in p["role_ratings"]["items"])
    return (f"员额法官 = 结案数量（年结案数量 = 基准 × 全院年平均结案率，{closure.explain('件', '件')}）"
            f" + 审判质效（录入0–{num(p['judge_quality']['weight'])}分，加排名加减分："
            f"{ranking.bonus_rule(on).explain()}）+ 自身建设（基础分{num(judge_self['base'])}分，"
            f"{Points.from_data(p['self_counts']['items'], PARAMS['self_counts']).explain()}，"
            f"0–{num(judge_self['weight'])}分）+ 主管领导评价（交办事项每次{num(leader.per_point)}分，"
            f"最高{num(leader.weight)}分）。"
            f"法官助理：{role_parts['assistant']}；书记员：{role_parts['clerk']}；另有审判质效"
            f"{num(p['role_quality']['weight'])}分（分解办法得分折算，加排名加减分）、自身建设"
            f"{num(role_self['weight'])}分（基础分{num(role_self['base'])}分，加减分同员额法官）、{ratings}。"
            f"司法行政人员 = 业绩{num(work.weight)}分（每少完成一项扣{num(-work.per_point)}分）+ 自身建设"
            f"{num(admin['self']['weight'])}分 + 主管领导评价{num(admin['leader']['weight'])}分。"
            "分段考核取各段平均值。")


CALCULATOR = Calculator(
    name="annual-assessment",
    title="年度绩效考核得分",
    regulation=REG,
    summary="按绩效考核实施细则第五条、第六条、第八条，计算员额法官、法官助理、书记员、司法行政人员"
            "一人的年度考核得分（满分100分），逐项列出加减分及所依据的条文；岗位变化的按第十七条"
            "分段计算、取平均值。",
    formula=formula_today(formula),
    fields=FIELDS,
    compute=compute,
    readings=READINGS,
    cites=(ART5, ART6, ART8, ART17, BREAKDOWN["assistant"], BREAKDOWN["clerk"]),
)
