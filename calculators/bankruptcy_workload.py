"""破产、清算案件工作量折算 — 破产、清算案件单独绩效考核办法(试行) 第二条至第五条.

A case of type 清申、破申、清终、破终、清监、破监 counts 1 (第二条（一）). A 强清 or 破 case
counts base × progress + additional (第二条（二）): the base by the tier of the amount (the
higher of 申报债权额 and 破产企业财产总额) or of the creditors, whichever is higher (第三条),
×1.3 once for the grounds of 第三条（六）; the progress by the procedure's list of milestones
(第四条); the additional work by 第五条. With a period start only the progress made within the
period is credited. Every threshold, percentage and milestone below is data, cited beside
it; compute walks the tables. Arithmetic in decimal; only the final figure is rounded, half
up, to two places."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import rules
from .engine import Calculator, Cite, Field, InputError, Line, Reading, Result, fmt, q2
from .rules import Milestones, Points, Scale, formula_today, num
from .rules import pct as _pct

REG = "bankruptcy-assessment"
PARAMS = rules.load(REG)
TODAY = PARAMS.shown(date.today())     # the form's choices: the rules in force today
_cite = PARAMS.cite                 # (parameter, clause) -> its article's cite

ART_SCOPE = rules.cite(REG, "第一条")
ART_METHOD = _cite("method")
ART_SIMPLE = _cite("method", "（一）")
ART_COMPUTED = _cite("method", "（二）")
ART_BASE = _cite("base")
ART_UPGRADE = _cite("base", "（六）")
ART_PROGRESS = _cite("progress")
ART_ADDITIONAL = _cite("additional")
ART_OTHER_WORK = _cite("additional", "（四）")
ART_PLATFORM = _cite("platform")

# 第二条: the case types counted 1 each (（一）) and those computed (（二）); 第三条 the
# base by amount and by creditors, the upgrade; 第四条 the progress lists; 第五条 the
# additional work: all parameters in bankruptcy-assessment.toml, read for the date.
SIMPLE_CASE_TYPES = tuple(TODAY["method"]["simple"]["types"])
COMPUTED_CASE_TYPES = tuple(TODAY["method"]["computed"]["types"])

# The procedures whose progress list (第四条) a case type may follow.
CASE_PROCEDURES = {  # 第二条（二）、第四条
    "强清": ("强制清算",),
    "破": ("破产清算", "重整", "和解"),
}
YI = Decimal(100_000_000)  # 1亿元
# Upper bounds where the text gives none (a real case, with margin): 申报债权额、财产总额 up to
# 10万亿元 (the largest Chinese bankruptcies are about 1万亿元); 债权人 up to 1000万人; the
# additional work (第五条) up to 1000 reports, meetings or guidances, 其他重大工作 up to 1000.
MAX_AMOUNT = 100_000 * YI
MAX_CREDITORS = Decimal(10_000_000)
MAX_ADDITIONAL = Decimal(1000)
NO_UPGRADE = Decimal(1)

# which list of 第四条 each procedure follows (the parameter's keys)
LIST_OF = {"破产清算": "liquidation", "强制清算": "compulsory", "重整": "reorganisation",
           "和解": "reorganisation"}


def progress_lists(on: date, refuse_amended: bool = True) -> dict[str, Milestones]:
    """第四条 in force on `on`: the list of milestones of each procedure (refuse_amended:
    rules.Param.at; False for the form's lists, built on import)."""
    data = PARAMS["progress"].at(on, refuse_amended)
    lists = {key: Milestones.from_data(data[key], PARAMS["progress"]) for key in set(LIST_OF.values())}
    return {procedure: lists[key] for procedure, key in LIST_OF.items()}


PROGRESS_LISTS = progress_lists(date.today(), refuse_amended=False)
LIST_LIQUIDATION = PROGRESS_LISTS["破产清算"]
LIST_COMPULSORY = PROGRESS_LISTS["强制清算"]
LIST_REORGANISATION = PROGRESS_LISTS["重整"]
LIQUIDATION = LIST_LIQUIDATION.milestones
COMPULSORY = LIST_COMPULSORY.milestones
REORGANISATION = LIST_REORGANISATION.milestones


@dataclass(frozen=True)
class Conversion:
    """第四条（二）（三）："从相关节点计算工作量". How a case's progress carries over when
    its procedure turns into 破产清算 (READING_CONVERSION)."""

    to: str
    # old milestone -> the 破产清算 milestone that covers the same work
    counterparts: tuple[tuple[str, str], ...]
    # the conversion itself completes this milestone of the new list (None: nothing)
    completes: str | None
    # milestones after which the old procedure has ended and cannot convert
    ended: tuple[str, ...]
    cite: Cite


CONVERSIONS = {
    # 第四条（二）："如强制清算过程中发现资不抵债转破产清算的，从相关节点计算工作量"
    "强制清算": Conversion(
        "破产清算",
        (("完成清算组指定", "完成管理人指定"),
         ("完成被申请人财产接管", "完成债务人财产接管"),
         ("完成被申请人财产调查", "完成债务人财产状况调查"),
         ("完成职工债权调查公示", "完成职工债权调查公示"),
         ("完成债权申报", "完成债权申报")),
        None,
        ("完成被申请人主体注销", "清算组提交终止执行职务报告"),
        _cite("progress", "（二）"),
    ),
}
# 第四条（三）："如和解或重整失败宣告破产清算的，从相关节点计算工作量"
_FAILED = Conversion(
    "破产清算",
    (("完成管理人指定", "完成管理人指定"),
     ("完成债务人财产接管", "完成债务人财产接管"),
     ("完成债务人财产调查", "完成债务人财产状况调查"),
     ("完成职工债权调查公示", "完成职工债权调查公示"),
     ("完成债权申报", "完成债权申报"),
     ("完成第一次债权人会议", "完成第一次债权人会议")),
    "宣告破产",
    ("重整计划或和解协议执行完毕",
     "管理人交接完成及重整计划执行监督报告（执行职务工作报告）提交"),
    _cite("progress", "（三）"),
)
CONVERSIONS["重整"] = _FAILED
CONVERSIONS["和解"] = _FAILED
NOT_CONVERTED = "无"

# 第五条（三）: the guidance counts where its agreement is confirmed in 重整
GUIDANCE_PROCEDURE = "重整"

# ---------------------------------------------------------------- readings

READING_HIGHEST_AMOUNT = Reading(
    "bankruptcy-highest-amount", ART_BASE, "申报债权额与财产总额按最高额计算",
    "第三条写“申报债权额(或破产企业财产总额，按最高额计算，下同)”。计算器取申报债权额与"
    "破产企业财产总额中较高的一个确定金额所在的项；只填其中一个的按所填的计算，未填的视为0。",
)
READING_AMOUNT_BOUNDS = Reading(
    "bankruptcy-amount-bounds", ART_BASE, "金额恰为1亿、10亿、50亿、100亿元",
    "第三条写“不满1亿元”“1亿元以上不满10亿元”等。“以上”包括本数（民法典第一千二百五十九条），"
    "“不满”不包括本数。计算器把恰为1亿元、10亿元、50亿元、100亿元的金额归入以该数额为下限的一项"
    "（如恰为10亿元的属第（三）项，为90）。",
)
READING_CREDITOR_BANDS = Reading(
    "bankruptcy-creditor-bands", ART_BASE, "债权人人数各项只写上限",
    "第三条第（一）至（四）项的债权人人数只写了上限（“50人以下”“100人以下”“200人以下”"
    "“500人以下”），字面上30人同时满足这四项。计算器按分段理解：每一项只包括上一项之上的人数，"
    "即50人以下为30，51至100人为60，101至200人为90，201至500人为120，500人以上为150。"
    "“以上”“以下”包括本数（民法典第一千二百五十九条），故恰为50人的为30，100人的为60，200人的为90。",
)
READING_CREDITORS_500 = Reading(
    "bankruptcy-creditors-500", ART_BASE, "债权人恰为500人",
    "第三条第（四）项写“债权人人数在500人以下的，为120”，第（五）项写“债权人人数在500人以上的，"
    "为150”；“以上”“以下”都包括本数（民法典第一千二百五十九条），恰为500人时两项同时成立。"
    "计算器取较高的一项，按150计算。",
)
READING_TIER_OR = Reading(
    "bankruptcy-tier-or", ART_BASE, "金额与债权人人数落在不同的项",
    "第三条各项都用“或”连接金额和债权人人数两个标准，两者可能落在不同的项。计算器分别按金额"
    "（按最高额）和按债权人人数找出所在的项，取其中较高的工作量作为基础工作量（如申报债权3亿元属"
    "第（二）项为60，债权人120人属第（三）项为90，基础工作量为90）。",
)
READING_UPGRADE_ONCE = Reading(
    "bankruptcy-upgrade-once", ART_BASE, "上浮30%“但不累计”",
    "第三条（六）规定实质合并破产案件、特别复杂疑难案件、有重大社会影响力的案件“工作量上浮30%，"
    "但不累计”。计算器把“不累计”理解为：同时具备几种情形的也只上浮一次（×1.3），不按1.3×1.3"
    "或上浮60%计算。上浮规定在第三条“基础工作量”之下，计算器只对基础工作量上浮（基础工作量×1.3，"
    "再乘进度比例），附加工作量不上浮。",
)
READING_PROGRESS_CUMULATIVE = Reading(
    "bankruptcy-progress-cumulative", ART_PROGRESS, "进度比例是累计比例",
    "第四条各节点的百分比由5%递增到100%。计算器理解为完成该节点时案件的累计进度比例，"
    "不把各节点的百分比相加：进度比例取已完成的最后一个节点（按条文所列顺序）的百分比。"
    "实际办理中节点的先后与条文顺序不同的，以条文顺序中已完成的最靠后的节点为准。"
    "所填节点必须在所选程序的清单之中。",
)
READING_CONVERSION = Reading(
    "bankruptcy-conversion", ART_PROGRESS, "程序转换后“从相关节点计算工作量”",
    "第四条（二）（三）规定强制清算中发现资不抵债转破产清算的、和解或重整失败宣告破产清算的，"
    "“从相关节点计算工作量”，没有说相关节点是哪一个，也没有说转换前已计算的进度如何处理。"
    "计算器的做法：（1）转换前的进度按原程序的清单计算（如重整已完成“裁定批准重整计划或和解协议”，"
    "为80%），不因转换而减少；（2）“相关节点”是破产清算清单中与转换前已完成的工作相对应的最后"
    "一个节点，对应关系按节点内容：强制清算的完成清算组指定、被申请人财产接管、被申请人财产调查、"
    "职工债权调查公示、债权申报，分别对应破产清算的完成管理人指定、债务人财产接管、债务人财产状况"
    "调查、职工债权调查公示、债权申报；重整、和解的完成管理人指定、债务人财产接管、债务人财产调查、"
    "职工债权调查公示、债权申报、第一次债权人会议，分别对应破产清算的同名节点（财产调查对应财产"
    "状况调查）。这些阶段已在原程序中计算，不再重复计算；原程序中没有对应节点的工作（如清算方案"
    "草案、重整计划草案、表决、批准）只在原程序中计算一次；（3）转换后沿破产清算的清单继续计算："
    "累计进度 = 转换前进度 +（破产清算清单上已完成的最后节点的比例 − 相关节点的比例）。例如重整完成"
    "“裁定批准”（80%）后失败宣告破产，相关节点为“完成第一次债权人会议”（50%），宣告破产时累计"
    "80% +（60% − 50%）= 90%，破产清算全部完成时为80% +（100% − 50%）= 130%；转换的案件累计进度"
    "可能超过100%，超出的部分是两个程序各自独有的工作。重整、和解失败的，转换即宣告破产，转换后的"
    "节点应为“宣告破产”或其后的节点；强制清算转破产清算的，转换后的节点不得早于相关节点。原程序已"
    "办结的（强制清算已完成主体注销或提交终止执行职务报告，重整计划或和解协议已执行完毕或已提交"
    "报告）不再转换。强清字案件转破产清算后，可按原“强清”字或新的“破”字案号录入，同一案件只录入"
    "一次。办法没有规定破产清算转重整、和解的情形，计算器不处理。",
)
READING_PERIOD = Reading(
    "bankruptcy-period", ART_METHOD, "跨考核期的案件只计本期的进度增量",
    "办法规定按进度比例折算工作量，没有规定一件案件跨越几个考核期时如何计算。计算器：填写考核期初"
    "已完成的节点的，本期只计进度增量，即 基础工作量 ×（期末累计进度 − 期初累计进度）；附加工作量"
    "只填本期内完成的。期初节点不得晚于期末节点。不填期初节点的，自案件开始计算全部进度。程序转换"
    "发生在本期内的，期初节点按原程序的清单填写，并勾选“期初节点属于转换前的程序”。",
)
READING_ADDITIONAL_EACH = Reading(
    "bankruptcy-additional-each", ART_ADDITIONAL, "附加工作量按次、按件计算",
    "第五条（一）写“每出具一份专题汇报材料为1”，（二）（三）没有写“每”。计算器按次、按件计算："
    "每参与一次案外协调会或每进行一次解困策划为1，每参与一件庭外债务重组指导且重组协议在重整程序中"
    "得到确认的为2。庭外债务重组指导计入重组协议得到确认的重整案件（含重整失败后转破产清算的）。",
)
READING_OTHER_WORK = Reading(
    "bankruptcy-other-work", ART_ADDITIONAL, "其他重大工作的数值",
    "第五条（四）对其他重大工作没有规定数值，只规定“由破产审判庭报分管领导决定后，以月为单位将"
    "相关材料报审判管理办公室备案”。计算器把经决定的数值直接计入附加工作量，并要求写明工作内容。",
)
READING_SIMPLE_CLOSED = Reading(
    "bankruptcy-simple-closed", ART_SIMPLE, "按1:1计算的案件在办结的考核期计1",
    "第二条（一）规定“清申”“破申”“清终”“破终”“清监”“破监”字案件按照普通一审民商事案件1:1的比例计算"
    "工作量，（二）写明“办结完一件普通一审民商事案件的工作量为1”。计算器因此把这类案件读作与普通一审"
    "民商事案件一样，在办结的考核期计1件；尚未办结的，本期不计，也不分期折算。",
)
READING_ROUNDING = Reading(
    "bankruptcy-rounding", ART_METHOD, "折算数的小数位",
    "办法没有规定折算数保留几位小数。计算器中间各步不舍入，每件案件的折算工作量最后四舍五入保留"
    "两位小数；多件案件的合计为各件已保留两位小数的折算工作量之和。",
)
READINGS = (
    READING_SIMPLE_CLOSED, READING_HIGHEST_AMOUNT, READING_AMOUNT_BOUNDS, READING_CREDITOR_BANDS,
    READING_CREDITORS_500, READING_TIER_OR, READING_UPGRADE_ONCE,
    READING_PROGRESS_CUMULATIVE, READING_CONVERSION, READING_PERIOD,
    READING_ADDITIONAL_EACH, READING_OTHER_WORK, READING_ROUNDING,
)

# ---------------------------------------------------------------- fields


def _milestone_choices() -> tuple[tuple[str, str], ...]:
    """All milestones once each, in an order that keeps every list's own (the page shows a
    procedure's list alone: choices_with); each label names the lists it is on and its
    percentage there (the choice is checked against the procedure in compute)."""
    lists = (LIST_LIQUIDATION, LIST_COMPULSORY, LIST_REORGANISATION)
    where: dict[str, list[str]] = {}
    for plist in lists:
        for name, percent in plist.milestones:
            where.setdefault(name, []).append(f"{plist.title}{num(percent)}%")
    return tuple((name, f"{name}（{'；'.join(where[name])}）")
                 for name in _merged([[n for n, _ in plist.milestones] for plist in lists]))


def _merged(orders: list[list[str]]) -> list[str]:
    """One order of all the names that keeps each given order (a topological sort, ties by
    first appearance); the names as first seen where the orders contradict each other."""
    seen = list(dict.fromkeys(n for order in orders for n in order))
    after = {n: set() for n in seen}
    for order in orders:
        for a, b in zip(order, order[1:]):
            after[b].add(a)
    out: list[str] = []
    while len(out) < len(seen):
        ready = next((n for n in seen if n not in out and after[n] <= set(out)), None)
        if ready is None:
            return seen
        out.append(ready)
    return out


MILESTONE_CHOICES = _milestone_choices()


def _lists_with(but: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Each milestone -> the procedures whose list (第四条) has it, those in `but` aside."""
    return {name: tuple(p for p, plist in PROGRESS_LISTS.items() if p not in but and name in plist.names())
            for name, _ in MILESTONE_CHOICES}


# the page offers a procedure's own milestones only (第四条: each procedure its list); before
# a conversion, the list of the procedure converted from (not 破产清算's)
MILESTONES_OF_PROCEDURE = ("procedure", _lists_with())
MILESTONES_BEFORE_CONVERSION = ("converted_from", _lists_with(but=("破产清算",)))
_ADDITIONAL = {i["key"]: i for i in TODAY["additional"]["items"]}
COMPUTED = {"case_type": COMPUTED_CASE_TYPES}
CONVERTED = {"converted_from": tuple(CONVERSIONS)}

FIELDS = (
    Field("case_type", "案件类型", "choice",
          choices=tuple((t, f"“{t}”字案件（按{num(TODAY['method']['simple']['workload'])}件计）")
                        for t in SIMPLE_CASE_TYPES)
          + tuple((t, f"“{t}”字案件（折算）") for t in COMPUTED_CASE_TYPES),
          help="案号的类型代字（第一条）。清申、破申、清终、破终、清监、破监按1件普通一审民商事案件计算；"
               "强清、破按基础工作量×进度比例+附加工作量折算（第二条）。"),
    Field("procedure", "程序", "choice",
          choices=(("破产清算", "破产清算"), ("强制清算", "强制清算"), ("重整", "破产重整"),
                   ("和解", "破产和解")),
          show_if=COMPUTED, help="案件当前适用的程序，决定第四条的进度清单。强清字案件为强制清算。"),
    Field("milestone", "已完成的最后一个节点（期末）", "choice", choices=MILESTONE_CHOICES,
          show_if=COMPUTED, choices_with=MILESTONES_OF_PROCEDURE,
          help="按第四条所选程序的清单，考核期末已完成的最后一个节点；括号内为该节点所在清单及比例。"),
    Field("period_start_milestone", "考核期初已完成的节点", "choice", choices=MILESTONE_CHOICES,
          required=False, show_if=COMPUTED, choices_with=MILESTONES_OF_PROCEDURE,
          help="案件跨考核期的，填本期开始时已完成的最后一个节点，本期只计进度增量；不填则自案件开始计算。"),
    Field("converted_from", "程序转换", "choice", default=NOT_CONVERTED,
          choices=((NOT_CONVERTED, "未转换"), ("强制清算", "强制清算中资不抵债转破产清算"),
                   ("重整", "重整失败宣告破产清算"), ("和解", "和解失败宣告破产清算")),
          show_if=COMPUTED, help="第四条（二）（三）：转破产清算的，从相关节点计算工作量；程序选“破产清算”。"),
    Field("conversion_milestone", "转换前已完成的最后一个节点", "choice", choices=MILESTONE_CHOICES,
          show_if=CONVERTED, choices_with=MILESTONES_BEFORE_CONVERSION, help="原程序（强制清算、重整或和解）清单上，转换时已完成的最后一个节点。"),
    Field("period_start_before_conversion", "期初节点属于转换前的程序", "bool", default=False,
          show_if=CONVERTED,
          help="程序转换发生在本考核期内的，勾选此项，期初节点按原程序的清单填写。"),
    Field("claims_amount", "申报债权额", "decimal", unit="元", min=Decimal(0), max=MAX_AMOUNT,
          default=Decimal(0), show_if=COMPUTED,
          help="与破产企业财产总额按最高额计算（第三条）。"),
    Field("assets_amount", "破产企业财产总额", "decimal", unit="元", min=Decimal(0), max=MAX_AMOUNT,
          default=Decimal(0), show_if=COMPUTED),
    Field("creditors", "债权人人数", "int", unit="人", min=Decimal(0), max=MAX_CREDITORS, default=0,
          show_if=COMPUTED),
    Field("upgrade", "实质合并破产、特别复杂疑难或有重大社会影响力", "bool", default=False,
          show_if=COMPUTED, help=f"第三条（六）：基础工作量上浮{_pct(TODAY['base']['upgrade']['factor'] - 1)}，"
                                 "几种情形同时具备也只上浮一次。"),
    Field("reports", "专题汇报材料", "int", unit="份", min=Decimal(0), max=MAX_ADDITIONAL, default=0,
          show_if=COMPUTED, help=f"第五条（一）：{_ADDITIONAL['reports']['quote']}。跨期案件只填本期的。"),
    Field("coordination", "案外协调会或解困策划", "int", unit="次", min=Decimal(0), max=MAX_ADDITIONAL,
          default=0,
          show_if=COMPUTED, help=f"第五条（二）：{_ADDITIONAL['coordination']['quote']}（每次）。"),
    Field("restructuring_guidance", "庭外债务重组指导（重组协议在重整程序中得到确认）", "int",
          unit="件", min=Decimal(0), max=MAX_ADDITIONAL, default=0, show_if=COMPUTED,
          help=f"第五条（三）：{_ADDITIONAL['restructuring_guidance']['quote']}（每件），只计入重组协议得到确认的重整案件。"),
    Field("other", "其他重大工作", "decimal", min=Decimal(0), max=MAX_ADDITIONAL, default=Decimal(0),
          show_if=COMPUTED, help="第五条（四）：由破产审判庭报分管领导决定的数值。"),
    Field("other_note", "其他重大工作说明", "text", required=False, show_if=COMPUTED,
          help="填写了其他重大工作的，写明工作内容及决定情况。"),
)

# ---------------------------------------------------------------- compute


def _yi(amount: Decimal) -> str:
    return f"{num(amount)}元（{num(amount / YI)}亿元）"



def base_scales(on: date) -> tuple[Scale, Scale, dict]:
    """第三条 in force on `on`: the base by amount and by creditors, and the upgrade."""
    param = PARAMS["base"]
    data = param.at(on)
    return (Scale.from_data(data["amount"], param), Scale.from_data(data["creditors"], param),
            data["upgrade"])


def _base(v: dict, on: date) -> tuple[dict, list[Line], list[str]]:
    claims, assets, creditors = v["claims_amount"], v["assets_amount"], Decimal(v["creditors"])
    amount_scale, creditor_scale, upgrade = base_scales(on)
    amount = max(claims, assets)
    by_amount = amount_scale.find(amount)
    by_creditors, held = creditor_scale.find(creditors), len(creditor_scale.holding(creditors))
    base = max(by_amount.value, by_creditors.value)
    at_bound = any(amount == t.low for t in amount_scale.brackets)
    factor = upgrade["factor"] if v["upgrade"] else NO_UPGRADE
    lines = [
        Line(f"金额按最高额计算：申报债权额 {_yi(claims)}，破产企业财产总额 {_yi(assets)}，"
             f"取 {_yi(amount)}", None, ART_BASE, READING_HIGHEST_AMOUNT),
        Line(f"按金额：{rules.where(by_amount.cite)}“{by_amount.quote}”，为{num(by_amount.value)}",
             fmt(by_amount.value), by_amount.cite, READING_AMOUNT_BOUNDS if at_bound else None),
        Line(f"按债权人人数：{creditors}人，{rules.where(by_creditors.cite)}"
             f"“{by_creditors.quote}”", fmt(by_creditors.value),
             by_creditors.cite, READING_CREDITORS_500 if held > 1 else READING_CREDITOR_BANDS),
        Line(f"基础工作量取两者较高者：{num(base)}", fmt(base), ART_BASE, READING_TIER_OR),
    ]
    if v["upgrade"]:
        lines.append(Line(f"{upgrade['quote']}：上浮{_pct(factor - 1)}（不累计），"
                          f"{num(base)} × {num(factor)} = {num(base * factor)}",
                          fmt(base * factor), ART_UPGRADE, READING_UPGRADE_ONCE))
    warnings = []
    if amount == 0 and creditors == 0:
        warnings.append("未填写申报债权额、财产总额和债权人人数，基础工作量按第三条（一）的30计算。")
    figures = {"amount_tier": by_amount.value, "creditors_tier": by_creditors.value,
               "base": base, "factor": factor, "adjusted_base": base * factor}
    return figures, lines, warnings


def _on(plist: Milestones, name: str | None) -> bool:
    return name is not None and name in plist.names()


def _not_on(plist: Milestones, what: str, name: str) -> str:
    return f"「{what}」“{name}”不在{rules.where(plist.cite)}{plist.title}案件的节点清单中"


def _progress(v: dict, on: date) -> tuple[Decimal, Decimal, list[Line]]:
    """Cumulative progress at the period's start and end (fractions of the base), and the
    lines explaining them. Raises InputError for a milestone off its list or out of order."""
    lists = progress_lists(on)
    plist = lists[v["procedure"]]
    end, start = v["milestone"], v.get("period_start_milestone")
    old_name = v["converted_from"]
    errors: dict[str, str] = {}
    if not _on(plist, end):
        errors["milestone"] = _not_on(plist, "已完成的最后一个节点（期末）", end)
    if old_name == NOT_CONVERTED:
        if start is not None and not _on(plist, start):
            errors["period_start_milestone"] = _not_on(plist, "考核期初已完成的节点", start)
        if errors:
            raise InputError(errors)
        end_share = plist.share(end)
        lines = [Line(f"期末进度：{plist.title}程序已完成“{end}”，为{_pct(end_share)}",
                      None, plist.cite, READING_PROGRESS_CUMULATIVE)]
        if start is None:
            return Decimal(0), end_share, lines
        if plist.index(start) > plist.index(end):
            raise InputError({"milestone":
                              f"「已完成的最后一个节点（期末）」“{end}”早于「考核期初已完成的节点」“{start}”"})
        start_share = plist.share(start)
        lines.append(Line(f"期初进度：已完成“{start}”，为{_pct(start_share)}",
                          None, plist.cite, READING_PERIOD))
        return start_share, end_share, lines

    # a converted case: READING_CONVERSION
    conv = CONVERSIONS[old_name]
    old = lists[old_name]
    at = v["conversion_milestone"]
    if not _on(old, at):
        errors["conversion_milestone"] = _not_on(old, "转换前已完成的最后一个节点", at)
    elif at in conv.ended:
        errors["conversion_milestone"] = (f"{old_name}程序已完成“{at}”，程序已经办结，"
                                          f"不再转{conv.to}")
    if errors:
        raise InputError(errors)
    done = [new for old_m, new in conv.counterparts if old.index(old_m) <= old.index(at)]
    entry = done[-1]
    first = conv.completes or entry
    if plist.index(end) < plist.index(first):
        why = (f"{old_name}失败宣告破产的，已完成“{conv.completes}”" if conv.completes
               else f"转换前的工作已对应到“{entry}”")
        raise InputError({"milestone": f"{why}，「已完成的最后一个节点（期末）」应为“{first}”"
                                       f"或其后的节点"})
    carried = old.share(at)
    offset = carried - plist.share(entry)
    end_share = offset + plist.share(end)
    lines = [
        Line(f"转换前：{old.title}程序已完成“{at}”，为{_pct(carried)}", None, old.cite,
             READING_CONVERSION),
        Line(f"{conv.to}清单上的相关节点：“{entry}”（{_pct(plist.share(entry))}），"
             f"此前各阶段已在{old_name}程序中计算，不重复计算", None, conv.cite, READING_CONVERSION),
        Line(f"期末进度：{conv.to}程序已完成“{end}”（{_pct(plist.share(end))}），累计 "
             f"{_pct(carried)} + （{_pct(plist.share(end))} − {_pct(plist.share(entry))}）"
             f" = {_pct(end_share)}", None, plist.cite, READING_CONVERSION),
    ]
    if start is None:
        return Decimal(0), end_share, lines
    if v["period_start_before_conversion"]:
        if not _on(old, start):
            raise InputError({"period_start_milestone": _not_on(old, "考核期初已完成的节点", start)
                              + "（已勾选“期初节点属于转换前的程序”）"})
        if old.index(start) > old.index(at):
            raise InputError({"period_start_milestone":
                              f"「考核期初已完成的节点」“{start}”晚于「转换前已完成的最后一个节点」“{at}”"})
        start_share = old.share(start)
        lines.append(Line(f"期初进度：转换前的{old.title}程序已完成“{start}”，为{_pct(start_share)}",
                          None, old.cite, READING_PERIOD))
        return start_share, end_share, lines
    if not _on(plist, start):
        raise InputError({"period_start_milestone": _not_on(plist, "考核期初已完成的节点", start)
                          + "；转换发生在本期内的，请勾选“期初节点属于转换前的程序”"})
    if plist.index(start) < plist.index(first):
        raise InputError({"period_start_milestone":
                          f"期初已转换的，「考核期初已完成的节点」应为“{first}”或其后的节点；"
                          f"转换发生在本期内的，请勾选“期初节点属于转换前的程序”"})
    if plist.index(start) > plist.index(end):
        raise InputError({"milestone":
                          f"「已完成的最后一个节点（期末）」“{end}”早于「考核期初已完成的节点」“{start}”"})
    start_share = offset + plist.share(start)
    lines.append(Line(f"期初进度：{conv.to}程序已完成“{start}”，累计 {_pct(carried)} + "
                      f"（{_pct(plist.share(start))} − {_pct(plist.share(entry))}） = "
                      f"{_pct(start_share)}", None, plist.cite, READING_PERIOD))
    return start_share, end_share, lines


def _additional(v: dict, on: date) -> tuple[Decimal, list[Line], list[str]]:
    total = Decimal(0)
    lines: list[Line] = []
    data = PARAMS["additional"].at(on)
    for item in Points.from_data(data["items"], PARAMS["additional"]).items:
        count = v[item.key]
        if not count:
            continue
        amount = item.points * count
        total += amount
        reading = None if item.key == "reports" else READING_ADDITIONAL_EACH
        lines.append(Line(f"{item.quote}：{count}{item.unit} × {num(item.points)} = {num(amount)}",
                          fmt(amount), item.cite, reading))
    warnings = []
    if v["other"]:
        total += v["other"]
        lines.append(Line(f"其他重大工作（{v['other_note']}）：{num(v['other'])}", fmt(v["other"]),
                          ART_OTHER_WORK, READING_OTHER_WORK))
        warnings.append(f"{data['other']['quote']}（{rules.where(ART_OTHER_WORK)}）。")
    if not lines:
        lines.append(Line("附加工作量：无", fmt(total), ART_ADDITIONAL))
    return total, lines, warnings


def _check(v: dict) -> None:
    errors: dict[str, str] = {}
    allowed = CASE_PROCEDURES[v["case_type"]]
    if v["procedure"] not in allowed and v["converted_from"] not in allowed:
        errors["procedure"] = (f"“{v['case_type']}”字案件的「程序」应为"
                               f"{'、'.join(allowed)}（第二条、第四条）")
    if v["converted_from"] != NOT_CONVERTED and v["procedure"] != CONVERSIONS[v["converted_from"]].to:
        errors["converted_from"] = (f"由{v['converted_from']}转换的案件，「程序」应选"
                                    f"{CONVERSIONS[v['converted_from']].to}")
    if v["restructuring_guidance"] and GUIDANCE_PROCEDURE not in (v["procedure"], v["converted_from"]):
        errors["restructuring_guidance"] = ("「庭外债务重组指导」只计入重组协议在重整程序中得到确认的"
                                            "重整案件（第五条（三））")
    if v["other"] and not v.get("other_note"):
        errors["other_note"] = "填写了「其他重大工作」的，请在「其他重大工作说明」中写明工作内容"
    if errors:
        raise InputError(errors)


def compute(v: dict) -> Result:
    on = rules.as_of(v)
    case_type = v["case_type"]
    simple = PARAMS["method"].at(on)["simple"]
    if case_type in simple["types"]:
        return Result(
            values={"workload": fmt(simple["workload"])},
            summary=[("折算工作量", fmt(simple["workload"])), rules.as_of_summary(on)],
            lines=[Line(f"“{case_type}”字案件：{simple['quote']}", fmt(simple["workload"]), ART_SIMPLE),
                   Line("按本考核期内办结的案件计1件，未办结的本期不计", None, ART_SIMPLE, READING_SIMPLE_CLOSED)],
            warnings=[f"“{case_type}”字案件按办结计：本考核期内未办结的，本期不计（{ART_SIMPLE.label}）。",
                      _PLATFORM_WARNING],
        )
    _check(v)
    figures, lines, warnings = _base(v, on)
    start, end, progress_lines = _progress(v, on)
    lines.extend(progress_lines)
    increment = end - start
    adjusted = figures["adjusted_base"]
    progress_workload = adjusted * increment
    if v.get("period_start_milestone") is not None:
        lines.append(Line(f"本期进度增量：{_pct(end)} − {_pct(start)} = {_pct(increment)}",
                          None, ART_PROGRESS, READING_PERIOD))
    lines.append(Line(f"进度工作量 = 基础工作量 {num(adjusted)} × 进度比例 {_pct(increment)}",
                      fmt(progress_workload), ART_COMPUTED))
    additional, additional_lines, more = _additional(v, on)
    lines.extend(additional_lines)
    warnings.extend(more)
    exact = progress_workload + additional
    workload = q2(exact)
    lines.append(Line(f"折算工作量 = 基础工作量×进度比例 + 附加工作量 = {fmt(progress_workload)} + "
                      f"{fmt(additional)}（四舍五入保留两位小数）", fmt(workload), ART_COMPUTED,
                      READING_ROUNDING if workload != exact else None))
    warnings.append(_PLATFORM_WARNING)
    return Result(
        values={
            "workload": fmt(workload),
            "amount_tier": fmt(figures["amount_tier"]),
            "creditors_tier": fmt(figures["creditors_tier"]),
            "base": fmt(figures["base"]),
            "factor": fmt(figures["factor"]),
            "adjusted_base": fmt(adjusted),
            "progress_start": fmt(start),
            "progress": fmt(end),
            "progress_increment": fmt(increment),
            "progress_workload": fmt(progress_workload),
            "additional": fmt(additional),
        },
        summary=[("折算工作量", fmt(workload)), ("基础工作量", num(adjusted)),
                 ("进度比例", _pct(increment)), ("附加工作量", num(additional)),
                 rules.as_of_summary(on)],
        lines=lines,
        warnings=warnings,
    )


_PLATFORM_WARNING = f"{TODAY['platform']['quote']}（{rules.where(_cite('platform'))}）。"

def formula(on: date) -> str:
    """The rule in words, generated from 第二条至第五条 as in force on `on`."""
    p = PARAMS.on(on)
    simple, computed = p["method"]["simple"], p["method"]["computed"]
    amount, creditors, upgrade = base_scales(on)
    additional = Points.from_data(p["additional"]["items"], PARAMS["additional"])
    yi = lambda x: f"{num(x / YI)}亿"  # noqa: E731
    return (f"{'、'.join(simple['types'])}：{num(simple['workload'])}。{'、'.join(computed['types'])}："
            "基础工作量 ×（期末进度 − 期初进度）+ 附加工作量。基础工作量取按金额（申报债权额与财产总额的"
            f"较高者：{amount.explain('元', num, yi)}）与按债权人人数（{creditors.explain('人', num)}）两者的"
            f"较高者；实质合并、特别复杂疑难、重大社会影响的×{num(upgrade['factor'])}（不累计）。"
            "进度按第四条所选程序的清单取已完成的最后一个节点的比例。附加工作量："
            f"{additional.explain()}，加其他重大工作。")


CALCULATOR = Calculator(
    name="bankruptcy-workload",
    title="破产、清算案件工作量折算",
    regulation=REG,
    summary="按破产、清算案件单独绩效考核办法第二条至第五条，把一件强制清算与破产案件折算为普通一审"
            "民商事案件数：清申、破申、清终、破终、清监、破监按1件计；强清、破字案件按基础工作量×进度"
            "比例+附加工作量计算，可只计一个考核期内的进度增量，并列出每一步所依据的条文。",
    formula=formula_today(formula),
    fields=FIELDS + (rules.as_of_field(),),   # FIELDS: one case (a row of bankruptcy-year)
    compute=compute,
    readings=READINGS,
    cites=(ART_SCOPE, ART_METHOD, ART_BASE, ART_PROGRESS, ART_ADDITIONAL, ART_PLATFORM),
)
