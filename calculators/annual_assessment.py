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

import operator
from decimal import Decimal

from . import ranking
from .engine import Calculator, Cite, Field, InputError, Line, Reading, Result, clamp, fmt, q2

REG = "performance-assessment"
NAME = "绩效考核实施细则"


def _art(article: str, part: str = "") -> Cite:
    return Cite(REG, article, f"{NAME} {article}{part}")


ART5 = _art("第五条")
ART5_CASES = _art("第五条", "（一）1")
ART5_QUALITY = _art("第五条", "（一）2")
ART5_WORK = _art("第五条", "（一）")
ART5_SELF = _art("第五条", "（二）")
ART5_LEADER = _art("第五条", "（三）")
ART6 = _art("第六条")
ART6_WORK = _art("第六条", "（一）")
ART6_QUALITY = _art("第六条", "（一）1（4）、2（4）")
ART6_SELF = _art("第六条", "（二）")
ART8 = _art("第八条")
ART8_WORK = _art("第八条", "（一）")
ART8_SELF = _art("第八条", "（二）")
ART8_LEADER = _art("第八条", "（三）")
ART17 = _art("第十七条")
BREAKDOWN_ASSISTANT = Cite("trial-quality-breakdown", "二", "审判质效指标任务分解办法 二、法官助理负责的工作内容")
BREAKDOWN_CLERK = Cite("trial-quality-breakdown", "三", "审判质效指标任务分解办法 三、书记员负责的工作内容")

CATEGORIES = (("judge", "员额法官"), ("assistant", "法官助理"), ("clerk", "书记员"),
              ("admin", "司法行政人员"))
CATEGORY_NAMES = dict(CATEGORIES)
ROLES = ("assistant", "clerk")                  # 第六条: 业务部门法官助理、书记员
WITH_SELF_ITEMS = ("judge", "assistant", "clerk")  # 第五条（二）, and 第六条（二） by reference

# ---------------------------------------------------------------- the rules as data

# 第五条（一）1：完成年结案数量的，记30分；每多结1件，加0.1分；每少结1件，减0.1分（分值40分）
CLOSURE = {"met": Decimal(30), "per_case": Decimal("0.1"), "weight": Decimal(40)}
# 第五条（一）2：审判质效（分值45分）；第六条（一）1（4）、2（4）：审判质效（15分）
JUDGE_QUALITY_WEIGHT = Decimal(45)
ROLE_QUALITY_WEIGHT = Decimal(15)
# 审判质效指标任务分解办法 二、三: the items with points for each role add up to
# 法官助理 3 + 1 + 3 + 1 = 8, 书记员 3 + 3 + 1 + 2 = 9.
ROLE_QUALITY_RAW_MAX = {"assistant": (Decimal(8), BREAKDOWN_ASSISTANT),
                        "clerk": (Decimal(9), BREAKDOWN_CLERK)}

# 第五条（二）：自身建设（分值10分）…5分为基础分，在此基础上进行加减分。
JUDGE_SELF = {"weight": Decimal(10), "base": Decimal(5)}
# 第六条（二）：自身建设（分值5分）…加减分项参照员额法官相关考核标准执行 (base: READING_ROLE_SELF_BASE)
ROLE_SELF = {"weight": Decimal(5), "base": Decimal("2.5")}

# 第五条（二）1–3: additions and deductions per counted event (key, label, points each, words)
SELF_COUNTS = (
    ("absences", "无故不参加集体活动次数", Decimal("-0.1"),
     "集体政治学习、会议等集体行动，无故不参加的，每次减0.1分（第五条（二）1）"),
    ("criticisms", "违纪被通报批评次数", Decimal("-1"), "违纪被通报批评的，每次减1分（第五条（二）2）"),
    ("clues", "提供信息线索被本院采用件数", Decimal("0.1"),
     "提供信息线索被本院采用的，每件加0.1分（第五条（二）3）"),
    ("info_court", "撰写信息被本院采用件数", Decimal("0.1"), "撰写信息被本院采用的，加0.1分（第五条（二）3）"),
    ("info_intermediate", "撰写信息被中院采用件数", Decimal("0.2"),
     "撰写信息被中院采用的，加0.2分（第五条（二）3）"),
    ("info_provincial", "撰写信息被省院采用件数", Decimal("0.5"), "撰写信息被省院采用的，加0.5分（第五条（二）3）"),
    ("info_supreme", "撰写信息被最高院采用件数", Decimal("1"), "撰写信息被最高院采用的，加1分（第五条（二）3）"),
    ("research_court", "调研文章、案例被本院采用篇数", Decimal("0.1"),
     "调研文章、撰写案例被本院采用的，加0.1分（第五条（二）3）"),
    ("research_intermediate", "调研文章、案例被中院采用篇数", Decimal("0.2"),
     "调研文章、撰写案例被中院采用的，加0.2分（第五条（二）3）"),
    ("research_provincial", "调研文章、案例被省院采用篇数", Decimal("0.5"),
     "调研文章、撰写案例被省院采用的，加0.5分（第五条（二）3）"),
    ("research_supreme", "调研文章、案例被最高院采用篇数", Decimal("1"),
     "调研文章、撰写案例被最高院采用的，加1分（第五条（二）3）"),
)
# 第五条（二）1、5: a deduction when a rate passes a written threshold
# (key, comparison, threshold %, points, words)
SELF_THRESHOLDS = (
    ("absence_ratio", operator.gt, Decimal(30), Decimal(-1),
     "全年超过30%活动不能参加的，减1分（第五条（二）1）"),
    ("smart_system_rate", operator.lt, Decimal(80), Decimal(-1),
     "智审系统使用不熟练的，所办案件使用率不足80%的，减1分（第五条（二）5）"),
)
# 第五条（二）4：承办案件因工作不当出现当事人越级上访的，视情节、原因酌情减0.5分至2分
PETITION_WORDS = "承办案件因工作不当出现当事人越级上访的，视情节、原因酌情减0.5分至2分（第五条（二）4）"
PETITION_PER_CASE = (Decimal("0.5"), Decimal(2))   # (least, most) points per case
# 第五条（二）2：被追究责任的，此项不得分
ACCOUNTABLE_WORDS = "违纪被追究责任的，此项不得分（第五条（二）2）"

# 第五条（三）：完成领导交办的其他工作事项每次加1分；最高加5分（分值5分）
JUDGE_LEADER = {"per_task": Decimal(1), "weight": Decimal(5)}

# 第六条（一）1、2: the work parts as the text weights them for each role (key, words, weight)
ROLE_WORK = {
    "assistant": (("pretrial", "庭前工作", Decimal(20)), ("trial", "庭审工作", Decimal(20)),
                  ("posttrial", "庭后工作", Decimal(20))),
    "clerk": (("pretrial", "庭前工作", Decimal(10)), ("trial", "庭审工作", Decimal(25)),
              ("posttrial", "庭后工作", Decimal(25))),
}
# 第六条（一）1（5）、2（5）
ROLE_ASSIGNED = {"assistant": ("完成法官交办的其他审判辅助性工作", Decimal(5)),
                 "clerk": ("完成法官交办的其他事务性工作", Decimal(5))}
# 第六条（三）（四）（五）: (input key, output key, words, weight, part)
ROLE_RATINGS = (
    ("unit_judge_rating", "unit_judge", "基础审判单元法官评价", Decimal(5), "（三）"),
    ("department_rating", "department", "部门负责人评价", Decimal(5), "（四）"),
    ("leader_rating", "leader", "主管领导评价", Decimal(5), "（五）"),
)
ROLE_WORK_WEIGHT = Decimal(80)  # 第六条（一）

# 第八条（一）：完成…得70分。未完成的每少完成一项扣1分。（二）自身建设20分；（三）主管领导评价10分
ADMIN = {"work": Decimal(70), "per_item": Decimal(1), "self": Decimal(20), "leader": Decimal(10)}

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
READING_JUDGE_LEADER = Reading(
    "assessment-judge-leader-tasks", ART5_LEADER, "员额法官的主管领导评价按交办事项计分",
    "第五条（三）规定主管领导对被考核人给予综合评价，条文中唯一的计分规则是“完成领导交办的其他工作"
    "事项每次加1分；最高加5分”。计算器按完成的交办事项计分，每次1分，最高5分，不另设综合评价分。",
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

READINGS = (READING_CLOSURE, READING_WITHIN_WEIGHT, READING_JUDGE_QUALITY, READING_ABSENCES,
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


def _count(key: str, label: str, help: str = "", show_if: dict = SCORED) -> Field:
    return Field(key, label, "int", unit="件", min=ZERO, max=MAX_EVENTS, default=0, help=help,
                 show_if=show_if)


FIELDS = (
    Field("category", "人员类别", "choice", choices=CATEGORIES,
          help="员额法官（第五条）、法官助理或书记员（第六条）、司法行政人员（第八条）。"),
    # 员额法官 第五条（一）
    Field("baseline_cases", "年初确定的办案数量基准", "int", unit="件", min=Decimal(1), max=MAX_CASES,
          show_if=JUDGE,
          help="年初确定的每名入额法官办案数量基准（第五条（一）1）。"),
    Field("court_closure_rate", "全院年平均结案率", "decimal", unit="%", min=ZERO, max=HUNDRED,
          show_if=JUDGE, help="百分数，如93表示93%（第五条（一）1）。"),
    Field("cases_closed", "本人年结案数", "int", unit="件", min=ZERO, max=MAX_CASES, show_if=JUDGE),
    Field("quality_score", "审判质效得分", "decimal", unit="分", min=ZERO, max=JUDGE_QUALITY_WEIGHT,
          show_if=JUDGE, help="依据《河北省高级人民法院全省审判质效评价办法》评定的得分（0–45分），"
                              "不含排名加减分。"),
    # 法官助理、书记员 第六条（一）
    Field("pretrial", "庭前工作", "decimal", unit="分", min=ZERO, max=Decimal(25), show_if=ROLE,
          help="法官助理分值20分，书记员分值10分（第六条（一））。"),
    Field("trial", "庭审工作", "decimal", unit="分", min=ZERO, max=Decimal(25), show_if=ROLE,
          help="法官助理分值20分，书记员分值25分（第六条（一））。"),
    Field("posttrial", "庭后工作", "decimal", unit="分", min=ZERO, max=Decimal(25), show_if=ROLE,
          help="法官助理分值20分，书记员分值25分（第六条（一））。"),
    Field("quality_mode", "审判质效的计分方式", "choice", choices=QUALITY_MODES, default="scaled",
          show_if=ROLE, help="分解办法中法官助理的指标合计8分、书记员9分，第六条的分值为15分："
                             "默认按比例折算为15分制。"),
    Field("quality_total", "审判质效指标任务分解办法得分", "decimal", unit="分", min=ZERO,
          max=Decimal(9), show_if={"category": ROLES, "quality_mode": ("scaled", "raw")},
          help="审判质效计算器（trial-quality）对本岗位算出的总分：法官助理满分8分，书记员满分9分。"),
    Field("quality_points", "审判质效得分（15分制）", "decimal", unit="分", min=ZERO,
          max=ROLE_QUALITY_WEIGHT, show_if={"category": ROLES, "quality_mode": ("entered",)},
          help="直接录入的15分制审判质效得分，不含排名加减分。"),
    Field("quality_rank", "审判质效得分排名", "int", unit="名", min=Decimal(1), max=MAX_GROUP, required=False,
          show_if=SCORED, help="在同类人员中的名次（第1名为最高）；不填则不计排名加减分。"),
    Field("quality_group_size", "参加排名的人数", "int", unit="人", min=Decimal(1), max=MAX_GROUP,
          required=False,
          show_if=SCORED),
    Field("assigned_work", "完成法官交办的其他工作", "decimal", unit="分", min=ZERO, max=Decimal(5),
          show_if=ROLE, help="分值5分（第六条（一）1（5）、2（5））。"),
    # 自身建设 第五条（二）（第六条（二）参照）
    _count("absences", "无故不参加集体活动次数", "集体政治学习、会议等集体行动无故不参加的次数。"),
    Field("absence_ratio", "全年不能参加活动的比例", "decimal", unit="%", min=ZERO, max=HUNDRED,
          required=False, show_if=SCORED, help="全年不能参加的集体活动占全部活动的百分比；超过30%减1分。"),
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
           "承办案件因工作不当出现当事人越级上访的件数（第五条（二）4）。"),
    Field("petition_deductions", "越级上访减分合计", "decimal", unit="分", min=ZERO,
          max=MAX_EVENTS * PETITION_PER_CASE[1], default=ZERO, show_if=SCORED,
          help="每件视情节、原因酌情减0.5分至2分；填写已决定的减分合计，应在件数×0.5分至件数×2分之间。"),
    Field("smart_system_rate", "智审系统使用率", "decimal", unit="%", min=ZERO, max=HUNDRED,
          required=False, show_if=SCORED, help="所办案件使用智审系统的比例；不足80%减1分。"),
    # 主管领导评价
    Field("assigned_tasks", "完成领导交办的其他工作事项次数", "int", unit="次", min=ZERO, max=MAX_EVENTS,
          default=0,
          show_if=JUDGE, help="每次加1分，最高加5分（第五条（三））。"),
    Field("unit_judge_rating", "基础审判单元法官评价", "decimal", unit="分", min=ZERO, max=Decimal(5),
          show_if=ROLE, help="分值5分（第六条（三））。"),
    Field("department_rating", "部门负责人评价", "decimal", unit="分", min=ZERO, max=Decimal(5),
          show_if=ROLE, help="分值5分（第六条（四））。"),
    Field("leader_rating", "主管领导评价", "decimal", unit="分", min=ZERO, max=ADMIN["leader"],
          show_if={"category": ("assistant", "clerk", "admin")},
          help="法官助理、书记员分值5分（第六条（五））；司法行政人员分值10分（第八条（三））。"),
    # 司法行政人员 第八条
    Field("uncompleted_items", "未完成的岗位职责、目标任务及交办事项数", "int", unit="项", min=ZERO,
          max=MAX_EVENTS, default=0, show_if=ADMIN_ONLY, help="每少完成一项扣1分（第八条（一））。"),
    Field("self_building_score", "自身建设得分", "decimal", unit="分", min=ZERO, max=ADMIN["self"],
          show_if=ADMIN_ONLY, help="分值20分，由政治处考核打分（第八条（二））。"),
    # 分段考核 第十七条
    Field("segments", "分段考核：其他各段的得分", "table", required=False,
          help="考核期内工作岗位发生变化的，每个其他岗位时段一行：先用本计算器算出该段得分，填入"
               "“得分”；本表单算出的是其中一段，结果取各段平均值（第十七条）。",
          columns=(Field("post", "岗位或时段", "text", required=False),
                   Field("total", "得分", "decimal", unit="分", min=ZERO, max=HUNDRED))),
)

# ---------------------------------------------------------------- helpers


def _n(value: Decimal | int) -> str:
    """A number as the labels write it: no exponent, no trailing zeros."""
    return f"{Decimal(value).normalize():f}"


def _signed(value: Decimal) -> str:
    return f"+{_n(value)}" if value >= 0 else f"−{_n(-value)}"


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
            side = f"超过分值{_n(self.weight)}分" if raw > self.weight else "低于0分"
            self.add(f"{self.name}计得{fmt(raw)}分，{side}，按{_n(kept)}分计", kept,
                     reading=READING_WITHIN_WEIGHT)
        self.score = q2(kept)
        self.add(f"{self.name}（分值{_n(self.weight)}分）", self.score, reading=reading)
        return self.score


def _ranking(part: Part, v: dict, cite: Cite) -> Decimal:
    rank, size = v.get("quality_rank"), v.get("quality_group_size")
    if rank is None:
        part.add("未填写审判质效得分排名，不计排名加减分", ZERO, cite)
        return ZERO
    bonus, words = ranking.bonus_for_rank(rank, size)
    reading = ranking.READING_SMALL_GROUP if size < len(ranking.TOP_BONUS) + len(ranking.BOTTOM_PENALTY) else None
    part.add(f"排名加减分：{words}", bonus, cite, reading)
    return bonus


# ---------------------------------------------------------------- parts by category


def _closure(v: dict) -> tuple[Part, Decimal]:
    part = Part("closure", "结案数量", CLOSURE["weight"], ART5_CASES)
    target = v["baseline_cases"] * v["court_closure_rate"] / HUNDRED
    whole = target == target.to_integral_value()
    part.add(f"年结案数量 = 办案数量基准{v['baseline_cases']}件 × 全院年平均结案率"
             f"{_n(v['court_closure_rate'])}% = {_n(target)}件", target,
             reading=None if whole else READING_CLOSURE)
    diff = v["cases_closed"] - target
    raw = CLOSURE["met"] + CLOSURE["per_case"] * diff
    if diff >= 0:
        words = f"完成年结案数量记{_n(CLOSURE['met'])}分，多结{_n(diff)}件，每件加{_n(CLOSURE['per_case'])}分"
    else:
        words = f"未完成年结案数量，少结{_n(-diff)}件，每件减{_n(CLOSURE['per_case'])}分"
    step = CLOSURE["per_case"] * diff
    sign = "+" if step >= 0 else "−"
    part.add(f"实结{v['cases_closed']}件：{words}：{_n(CLOSURE['met'])} {sign} {_n(abs(step))}",
             raw, reading=None if whole else READING_CLOSURE)
    part.settle(raw)
    return part, target


def _judge_quality(v: dict) -> Part:
    part = Part("quality", "审判质效", JUDGE_QUALITY_WEIGHT, ART5_QUALITY)
    part.add("依据《河北省高级人民法院全省审判质效评价办法》评定的得分（录入）", v["quality_score"],
             reading=READING_JUDGE_QUALITY)
    part.settle(v["quality_score"] + _ranking(part, v, ART5_QUALITY))
    return part


def _role_quality(v: dict, role: str) -> Part:
    part = Part("quality", "审判质效", ROLE_QUALITY_WEIGHT, ART6_QUALITY)
    mode = v["quality_mode"]
    if mode == "entered":
        base = v["quality_points"]
        part.add("审判质效得分（15分制，录入）", base, reading=READING_ROLE_QUALITY)
    else:
        raw_max, cite = ROLE_QUALITY_RAW_MAX[role]
        total = v["quality_total"]
        part.add(f"{CATEGORY_NAMES[role]}《审判质效指标任务分解办法》得分（满分{_n(raw_max)}分）",
                 total, cite, READING_ROLE_QUALITY)
        base = total * ROLE_QUALITY_WEIGHT / raw_max if mode == "scaled" else total
        if mode == "scaled":
            part.add(f"折算为15分制：{_n(total)} ÷ {_n(raw_max)} × {_n(ROLE_QUALITY_WEIGHT)}", base,
                     reading=READING_ROLE_QUALITY)
        else:
            part.add("不折算，直接采用分解办法得分", base, reading=READING_ROLE_QUALITY)
    part.settle(base + _ranking(part, v, ART6_QUALITY))
    return part


def _self_building(v: dict, rule: dict, cite: Cite, reading: Reading | None) -> Part:
    part = Part("self_building", "自身建设", rule["weight"], cite)
    if v["held_accountable"]:
        part.add(ACCOUNTABLE_WORDS, ZERO, ART5_SELF, READING_ACCOUNTABLE)
        part.settle(ZERO)
        return part
    part.add(f"基础分{_n(rule['base'])}分", rule["base"], reading=reading)
    total = rule["base"]
    for key, label, points, words in SELF_COUNTS:
        if v[key]:
            amount = points * v[key]
            reading_here = READING_ADOPTIONS if key.startswith(("info_", "research_")) else None
            part.add(f"{words}：{label}{v[key]} × {_signed(points)}", amount, ART5_SELF, reading_here)
            total += amount
    for key, passes, threshold, points, words in SELF_THRESHOLDS:
        value = v.get(key)
        if value is None:
            part.add(f"未填写“{_field_label(key)}”，不计此项减分（{words}）", ZERO, ART5_SELF)
        elif passes(value, threshold):
            reading_here = READING_ABSENCES if key == "absence_ratio" else None
            part.add(f"{words}：{_field_label(key)}{_n(value)}%", points, ART5_SELF, reading_here)
            total += points
    if v["petition_deductions"]:
        part.add(f"{PETITION_WORDS}：{v['petition_cases']}件，已决定减分合计", -v["petition_deductions"],
                 ART5_SELF)
        total -= v["petition_deductions"]
    part.settle(total)
    return part


def _judge_leader(v: dict) -> Part:
    part = Part("leader", "主管领导评价", JUDGE_LEADER["weight"], ART5_LEADER)
    raw = JUDGE_LEADER["per_task"] * v["assigned_tasks"]
    part.add(f"完成领导交办的其他工作事项{v['assigned_tasks']}次，每次加{_n(JUDGE_LEADER['per_task'])}分，"
             f"最高加{_n(JUDGE_LEADER['weight'])}分", min(raw, JUDGE_LEADER["weight"]),
             reading=READING_JUDGE_LEADER)
    part.score = q2(min(raw, JUDGE_LEADER["weight"]))
    part.add(f"主管领导评价（分值{_n(JUDGE_LEADER['weight'])}分）", part.score)
    return part


def _sum_part(key: str, name: str, weight: Decimal, cite: Cite, parts: list[Part]) -> Part:
    """A part that is the sum of others (业绩考核): one line naming them."""
    part = Part(key, name, weight, cite)
    part.score = sum((p.score for p in parts), ZERO)
    terms = " + ".join(f"{p.name}{fmt(p.score)}" for p in parts)
    part.add(f"{name}（分值{_n(weight)}分）= {terms}", part.score)
    return part


def _entered(key: str, name: str, value: Decimal, weight: Decimal, cite: Cite,
             reading: Reading | None = None) -> Part:
    part = Part(key, name, weight, cite)
    part.score = q2(value)
    part.add(f"{name}（分值{_n(weight)}分，录入）", part.score, reading=reading)
    return part


def score_judge(v: dict) -> tuple[list[Part], dict]:
    closure, target = _closure(v)
    quality = _judge_quality(v)
    work = _sum_part("performance", "业绩考核", CLOSURE["weight"] + JUDGE_QUALITY_WEIGHT, ART5_WORK,
                     [closure, quality])
    self_part = _self_building(v, JUDGE_SELF, ART5_SELF, None)
    leader = _judge_leader(v)
    return [closure, quality, work, self_part, leader], {"cases_target": fmt(target)}


def score_role(v: dict) -> tuple[list[Part], dict]:
    role = v["category"]
    work_parts = [_entered(key, words, v[key], weight, ART6_WORK)
                  for key, words, weight in ROLE_WORK[role]]
    quality = _role_quality(v, role)
    words, weight = ROLE_ASSIGNED[role]
    assigned = _entered("assigned_work", words, v["assigned_work"], weight, ART6_WORK)
    work = _sum_part("performance", "业绩考核", ROLE_WORK_WEIGHT, ART6_WORK,
                     work_parts + [quality, assigned])
    self_part = _self_building(v, ROLE_SELF, ART6_SELF, READING_ROLE_SELF_BASE)
    ratings = [_entered(out, words, v[key], weight, _art("第六条", part))
               for key, out, words, weight, part in ROLE_RATINGS]
    return work_parts + [quality, assigned, work, self_part] + ratings, {}


def score_admin(v: dict) -> tuple[list[Part], dict]:
    work = Part("performance", "业绩考核", ADMIN["work"], ART8_WORK)
    missing = v["uncompleted_items"]
    raw = ADMIN["work"] - ADMIN["per_item"] * missing
    work.add(f"完成岗位职责、年度目标任务及领导交办的事项得{_n(ADMIN['work'])}分；未完成{missing}项，"
             f"每项扣{_n(ADMIN['per_item'])}分", raw)
    work.settle(raw)
    self_part = _entered("self_building", "自身建设", v["self_building_score"], ADMIN["self"], ART8_SELF,
                         READING_ADMIN_SELF)
    leader = _entered("leader", "主管领导评价", v["leader_rating"], ADMIN["leader"], ART8_LEADER,
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


def check(v: dict) -> None:
    errors: dict[str, str] = {}
    category = v["category"]
    if category in ROLES:
        name = CATEGORY_NAMES[category]
        for key, words, weight in ROLE_WORK[category]:
            if v[key] > weight:
                errors[key] = f"「{words}」{name}的分值为{_n(weight)}分，不能超过{_n(weight)}分"
        raw_max, _ = ROLE_QUALITY_RAW_MAX[category]
        if v.get("quality_total") is not None and v["quality_total"] > raw_max:
            errors["quality_total"] = (f"「{_field_label('quality_total')}」{name}的分解办法指标合计"
                                       f"{_n(raw_max)}分，不能超过{_n(raw_max)}分")
        for key, _, words, weight, _ in ROLE_RATINGS:
            if v[key] > weight:
                errors[key] = f"「{words}」{name}的分值为{_n(weight)}分，不能超过{_n(weight)}分"
    if category in WITH_SELF_ITEMS:
        errors.update(_check_petitions(v["petition_cases"], v["petition_deductions"]))
        rank, size = v.get("quality_rank"), v.get("quality_group_size")
        if rank is not None and size is None:
            errors["quality_group_size"] = "填写了「审判质效得分排名」，请同时填写「参加排名的人数」"
        elif size is not None and rank is None:
            errors["quality_rank"] = "填写了「参加排名的人数」，请同时填写「审判质效得分排名」"
        elif rank is not None and rank > size:
            errors["quality_rank"] = f"「审判质效得分排名」第{rank}名超出了参加排名的人数（{size}人）"
    if errors:
        raise InputError(errors)


def _check_petitions(cases: int, total: Decimal) -> dict[str, str]:
    """第五条（二）4: 0.5 to 2 points for each case, so the total lies between cases × 0.5 and
    cases × 2 (no case, no deduction)."""
    least, most = (cases * p for p in PETITION_PER_CASE)
    if cases == 0 and total:
        return {"petition_cases": "填写了「越级上访减分合计」，请填写「因工作不当出现越级上访的案件数」"
                                  "（每件减0.5分至2分，第五条（二）4）"}
    if not least <= total <= most:
        return {"petition_deductions": f"「越级上访减分合计」应在{_n(least)}分至{_n(most)}分之间："
                                       f"{cases}件，每件减0.5分至2分（第五条（二）4）"}
    return {}


# ---------------------------------------------------------------- compute


def compute(v: dict) -> Result:
    check(v)
    category = v["category"]
    scorer, article = SCORERS[category]
    parts, extra = scorer(v)
    by_key = {p.key: p for p in parts}
    lines: list[Line] = []
    for p in parts:
        lines.extend(p.lines)
    top = [by_key[k] for k in TOP_PARTS[category]]
    segment_total = sum((p.score for p in top), ZERO)
    lines.append(Line(f"{CATEGORY_NAMES[category]}考核得分 = " + " + ".join(f"{p.name}{fmt(p.score)}" for p in top),
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
    values = {"category": category, **extra}
    values.update({p.key: fmt(p.score) for p in parts})
    values["segment_total"] = fmt(segment_total)
    values["total"] = fmt(total)
    summary = [("考核得分", f"{fmt(total)} 分")]
    if segments:
        summary.append(("本段得分", f"{fmt(segment_total)} 分"))
    summary += [(p.name, f"{fmt(p.score)} 分") for p in top]
    return Result(values=values, summary=summary, lines=lines, warnings=warnings(v))


def warnings(v: dict) -> list[str]:
    category = v["category"]
    out = []
    if category == "judge":
        out.append("执行局员额法官，结合本部门工作实际参考上述标准考核（第五条）。")
    if category in ROLES:
        out.append(f"各部分分值“供各部门参考”（第六条（一））；执行局{CATEGORY_NAMES[category]}结合本部门"
                   "工作实际参考上述标准考核。")
    if category in WITH_SELF_ITEMS:
        for key, *_rest, words in SELF_THRESHOLDS:
            if v.get(key) is None:
                out.append(f"未填写“{_field_label(key)}”，未计算“{words}”的减分。")
    out.append("病、事假时间累计超过考核年度六个月的，不参加当年绩效考核；因工作原因借调超过六个月的，"
               "等次由绩效考核委员会另行确定（第十二条）。等次与奖金见“年度考核等次与奖金”计算器。")
    return out


CALCULATOR = Calculator(
    name="annual-assessment",
    title="年度绩效考核得分",
    regulation=REG,
    summary="按绩效考核实施细则第五条、第六条、第八条，计算员额法官、法官助理、书记员、司法行政人员"
            "一人的年度考核得分（满分100分），逐项列出加减分及所依据的条文；岗位变化的按第十七条"
            "分段计算、取平均值。",
    formula="员额法官 = 结案数量（完成年结案数量即基准×全院年平均结案率记30分，每多结1件加0.1分、"
            "每少结1件减0.1分，0–40分）+ 审判质效（录入0–45分，加排名加减分）+ 自身建设（基础分5分，"
            "按第五条（二）加减，0–10分）+ 主管领导评价（交办事项每次1分，最高5分）。"
            "法官助理、书记员 = 庭前、庭审、庭后工作 + 审判质效15分（分解办法得分折算，加排名加减分）"
            " + 交办工作5分 + 自身建设5分（基础分2.5分，加减分同员额法官）+ 单元法官评价5分 + "
            "部门负责人评价5分 + 主管领导评价5分。司法行政人员 = 业绩70分（每少完成一项扣1分）+ "
            "自身建设20分 + 主管领导评价10分。分段考核取各段平均值。",
    fields=FIELDS,
    compute=compute,
    readings=READINGS,
    cites=(ART5, ART6, ART8, ART17, BREAKDOWN_ASSISTANT, BREAKDOWN_CLERK),
)
