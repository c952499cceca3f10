"""聘用人员事假、病假期间基本工资 — 聘用人员管理办法 第十二条、第十三条.

The deduction for each kind of leave is the pay of the absent days ("未出勤期间") times the
share that is not paid: a day's pay × days × (1 − rate), the rate found by the tier the
month's days of that kind fall in. Arithmetic in decimal; only the final amounts are
rounded, half up, to two places."""
from __future__ import annotations

from decimal import Decimal

from .engine import Calculator, Cite, Field, InputError, Line, Reading, Result, fmt, plain, q2

REG = "contract-staff"
ART_PERSONAL = Cite(REG, "第十二条", "聘用人员管理办法 第十二条")
ART_SICK = Cite(REG, "第十三条", "聘用人员管理办法 第十三条")
ART_DISMISSAL = Cite(REG, "第十五条", "聘用人员管理办法 第十五条（四）")
ART_NO_ASSESSMENT = Cite("performance-assessment", "第十二条", "绩效考核实施细则 第十二条")

DAYS_IN_LONGEST_MONTH = Decimal(31)
DAYS_IN_YEAR = Decimal(366)
# the most working days a calendar month has (31 days less 8 weekend days): the limit of
# 事假 + 病假 when the month's own count is not given
MOST_WORK_DAYS = Decimal(23)
MAX_BASE_SALARY = Decimal(100000)   # 月基本工资 upper bound (no text; a contract post's pay, with margin)
# 聘用人员管理办法 第十五条（四）：连续旷工超过三天或者一年内累计旷工超过五天的 (“超过” excludes the number)
ABSENCE_LIMITS = (
    ("absence_consecutive_days", Decimal(3), "连续旷工超过三天"),
    ("absence_year_days", Decimal(5), "一年内累计旷工超过五天"),
)

# Tiers as the articles write them: (upper bound of days, inclusive; share of pay kept;
# the words of the article). A count between two written tiers (2.5, 10.5) falls in the
# higher tier: see READING_BETWEEN.
PERSONAL_TIERS = (  # 第十二条
    (Decimal(2), Decimal("1"), "事假在2天（含2天）内的，基本工资照发"),
    (Decimal(10), Decimal("0.5"), "事假在3天(含3天)以上10天(含10天)以下的，按照50%的水平计发"),
    (None, Decimal("0"), "事假在11天以上的，扣发未出勤期间基本工资"),
)
SICK_TIERS = (  # 第十三条
    (Decimal(3), Decimal("1"), "病假3天以内(含3天)，基本工资照发"),
    (Decimal(10), Decimal("0.8"), "病假在4天以上（含4天）10天以内(含10天)，按80%的水平计发"),
    (None, Decimal("0.5"), "病假10天以上不足一个月的，按照50%的水平计发"),
)
SICK_NEEDS_MONTH = SICK_TIERS[1][0]   # above 10 days the month's length decides 50 % or 30 %
SICK_OVER_MONTH = (Decimal("0.3"), "连续休病假一个月以上的，按照30%的水平计发")

READING_BETWEEN = Reading(
    "leave-pay-between-tiers", ART_PERSONAL, "天数落在两档之间（如2.5天、10.5天）",
    "第十二条、第十三条按整天分档（2天内、3天以上10天以下、11天以上；3天以内、4天以上10天以内），"
    "半天请假会落在两档之间。计算器把2.5天、3.5天、10.5天等归入较高的一档"
    "（事假2.5天按50%，10.5天扣发；病假3.5天按80%，10.5天按50%）：超过一档的上限即进入下一档。",
)
READING_ALL_DAYS = Reading(
    "leave-pay-all-days", ART_PERSONAL, "比例适用于当月该类假期的全部天数",
    "条文说“未出勤期间基本工资按照50%的水平计发”。计算器把所达档次的比例适用于当月该类假期的"
    "全部未出勤天数（如事假5天，5天都按50%），而不是只对超过2天的部分适用。",
)
READING_DIVISOR = Reading(
    "leave-pay-daily-divisor", ART_PERSONAL, "日工资的折算天数",
    "办法没有规定一天的基本工资如何折算。计算器默认按国家规定的月计薪天数21.75天折算"
    "（月基本工资÷21.75），页面上写明所用的天数，并允许改用其他天数。",
)
READING_SICK_TEN = Reading(
    "leave-pay-sick-ten-days", ART_SICK, "病假恰为10天",
    "第十三条写“4天以上（含4天）10天以内(含10天)”按80%，又写“10天以上不足一个月的”按50%；"
    "10天同时落在两句之中。前一句明言“含10天”，计算器按80%计发，超过10天才按50%。",
)
READING_WORKING_DAYS = Reading(
    "leave-pay-working-days", ART_SICK, "“天”是应出勤的工作日；整月病假按30%",
    "办法没有说事假、病假的“天”是日历日还是工作日。日工资按月计薪天数21.75天折算，扣发的是"
    "“未出勤期间”的工资，计算器因此把“天”读作应出勤的工作日：事假、病假天数填应出勤而未出勤的"
    "工作日数，合计不超过本月应出勤天数（默认21.75天，可按当月实际工作日填写）。第十三条的"
    "“不足一个月”与“连续休病假一个月以上”按此区分：病假天数达到本月应出勤天数的，即整月病假，"
    "属于连续休病假一个月以上，按30%计发，无需另行勾选；不足的，除非勾选“连续病假一个月以上”"
    "（如自上月延续的病假），按天数所在档次计发。",
)
READING_ABSENCE = Reading(
    "leave-pay-absence", ART_DISMISSAL, "旷工：只作提示，不扣工资",
    "第十五条（四）规定连续旷工超过三天或者一年内累计旷工超过五天的，可以解除劳动合同；“超过”不含"
    "本数（连续旷工3天、累计5天的不在此列，4天、5.5天的在此列）。“一年内”按使用者所填的累计天数。"
    "办法第十一条只说不履行请假手续等“一律按旷工对待”，没有规定旷工期间的工资待遇，计算器不扣发"
    "旷工天数的工资，只提示解除劳动合同的情形，由所在部门提请、政治处审核、院长决定。",
)
READING_CAP = Reading(
    "leave-pay-cap", ART_PERSONAL, "未出勤期间的基本工资不超过月基本工资",
    "按21.75天折算时，一个月的假期天数乘以日工资可能超过月基本工资（如本月22个工作日全部病假）。"
    "计算器把每类假期“未出勤期间基本工资”以当月月基本工资为限：整月病假即按月基本工资的30%计发；"
    "扣发合计也以月基本工资为限，应发基本工资不低于0。",
)

FIELDS = (
    Field("base_salary", "月基本工资", "decimal", unit="元", min=Decimal(0), min_exclusive=True,
          max=MAX_BASE_SALARY, help="聘用人员当月的基本工资。"),
    Field("personal_leave_days", "事假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内请事假的工作日数（应出勤而未出勤的天数，不含周末和节假日），可按半天计。"),
    Field("sick_leave_days", "病假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内休病假的工作日数（不含周末和节假日），可按半天计。达到本月应出勤天数的为整月"
               "病假，按30%计发。"),
    Field("month_work_days", "本月应出勤天数", "int", unit="天", min=Decimal(1),
          max=DAYS_IN_LONGEST_MONTH, required=False,
          help="本月的工作日数。事假、病假天数按工作日计，合计不超过此数；病假天数达到此数即整月病假"
               "（连续休病假一个月以上，按30%）。病假超过10天的必须填写；其他情形不填时，事假、病假"
               "合计不超过23天（一个月最多的工作日数）。"),
    Field("sick_leave_over_month", "连续病假一个月以上", "bool", default=False,
          help="本月的病假是连续休病假一个月以上的一部分（如自上月延续而来），按30%计发（第十三条）。"
               "整月病假无需勾选。"),
    Field("daily_divisor", "日工资折算天数", "decimal", unit="天", min=Decimal(0),
          min_exclusive=True, max=DAYS_IN_LONGEST_MONTH, default=Decimal("21.75"),
          help="月基本工资除以此数得日工资。办法未作规定，默认21.75天（国家规定的月计薪天数）。"),
    Field("absence_consecutive_days", "最长连续旷工天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="不履行请假手续或请假未被批准擅离岗位、逾期不续假的，按旷工对待（第十一条）。连续旷工"
               "超过三天的，可以解除劳动合同（第十五条（四））。"),
    Field("absence_year_days", "一年内累计旷工天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_YEAR, step=Decimal("0.5"), default=Decimal(0),
          help="含本月。一年内累计旷工超过五天的，可以解除劳动合同（第十五条（四））。"),
)


def tier(days: Decimal, tiers: tuple) -> tuple[Decimal, str]:
    """The share of pay kept and the words of the tier that `days` falls in (上限含本数;
    a count above a tier's upper bound goes to the next tier)."""
    for upper, share, words in tiers:
        if upper is None or days <= upper:
            return share, words
    raise AssertionError("the last tier has no upper bound")


def _leave_lines(kind: str, days: Decimal, share: Decimal, words: str, daily: Decimal, base: Decimal,
                 cite: Cite, reading: Reading | None) -> tuple[Decimal, list[Line]]:
    """The deduction for one kind of leave: the pay of the absent days (daily × days, at most
    the month's base: READING_CAP) × the share not paid."""
    period = daily * days
    lines = []
    if period > base:
        lines.append(Line(f"{kind}{plain(days)}天按日工资计为{fmt(period)}元，超过月基本工资，"
                          "未出勤期间基本工资按月基本工资计", fmt(base), ART_PERSONAL, READING_CAP))
        period = base
    deduction = period * (1 - share)
    percent = f"{(share * 100).normalize():f}%"
    label = f"{kind}{days.normalize():f}天：{words}（按{percent}计发，扣发{(1 - share) * 100:.0f}%）"
    return deduction, lines + [Line(label, fmt(deduction), cite, reading)]


def compute(v: dict) -> Result:
    base: Decimal = v["base_salary"]
    personal: Decimal = v["personal_leave_days"]
    sick: Decimal = v["sick_leave_days"]
    over_month: bool = v["sick_leave_over_month"]
    divisor: Decimal = v["daily_divisor"]
    month: int | None = v.get("month_work_days")
    limit = MOST_WORK_DAYS if month is None else month
    if personal + sick > limit:
        said = f"本月应出勤天数（{limit}天）" if month is not None else f"一个月最多的工作日数（{limit}天）"
        raise InputError({"sick_leave_days": f"事假与病假合计{plain(personal + sick)}天，超过了{said}；"
                                             "天数按应出勤的工作日计"})
    if month is None and sick > SICK_NEEDS_MONTH and not over_month:
        raise InputError({"month_work_days": "病假超过10天的，请填写「本月应出勤天数」（工作日数）：病假"
                                             "达到该天数的为整月病假，按30%计发，不足的按50%（第十三条）"})
    if over_month and sick == 0:
        raise InputError({"sick_leave_days": "勾选了“连续病假一个月以上”，请填写本月的病假天数"})

    daily = base / divisor
    lines = [Line(f"日工资 = 月基本工资 {fmt(base)} 元 ÷ {divisor.normalize():f} 天",
                  fmt(daily), ART_PERSONAL, READING_DIVISOR)]
    total = Decimal(0)
    if personal:
        share, words = tier(personal, PERSONAL_TIERS)
        between = personal != personal.to_integral_value() and share < 1
        amount, more = _leave_lines("事假", personal, share, words, daily, base, ART_PERSONAL,
                                    READING_BETWEEN if between else READING_ALL_DAYS)
        total += amount
        lines += more
    whole_month = month is not None and sick >= month   # 整月病假 is not “不足一个月”
    if sick:
        if over_month or whole_month:
            share, words = SICK_OVER_MONTH
            reading = READING_WORKING_DAYS if whole_month and not over_month else READING_ALL_DAYS
            if whole_month and not over_month:
                lines.append(Line(f"病假{plain(sick)}天达到本月应出勤天数{plain(month)}天，为整月病假，"
                                  "属于连续休病假一个月以上", None, ART_SICK, READING_WORKING_DAYS))
        else:
            share, words = tier(sick, SICK_TIERS)
            between = sick != sick.to_integral_value() and share < 1
            reading = (READING_SICK_TEN if sick == 10 else
                       READING_BETWEEN if between else READING_ALL_DAYS)
        amount, more = _leave_lines("病假", sick, share, words, daily, base, ART_SICK, reading)
        total += amount
        lines += more
    if total > base:
        lines.append(Line(f"按日工资计算的扣发额 {fmt(total)} 元超过月基本工资，以月基本工资为限",
                          fmt(base), ART_PERSONAL, READING_CAP))
        total = base
    deduction = q2(total)
    pay = q2(base - deduction)
    lines.append(Line("扣发合计（四舍五入保留两位小数）", fmt(deduction)))
    lines.append(Line(f"应发基本工资 = {fmt(base)} − {fmt(deduction)}", fmt(pay)))
    return Result(
        values={"deduction": fmt(deduction), "pay": fmt(pay),
                "daily_pay": fmt(daily)},
        summary=[("扣发基本工资", f"{fmt(deduction)} 元"), ("应发基本工资", f"{fmt(pay)} 元")],
        lines=lines,
        warnings=warnings(personal, sick, over_month or whole_month) + absence_warnings(v),
    )


def absence_warnings(v: dict) -> list[str]:
    """聘用人员管理办法 第十五条（四）: 旷工 beyond the written counts (a warning, no pay rule)."""
    over = [f"{words}（{plain(v[key])}天）" for key, limit, words in ABSENCE_LIMITS if v[key] > limit]
    if not over:
        return []
    return ["、".join(over) + "：属于可以解除劳动合同的情形，经所在部门提请、政治处审核、院长决定"
            "（聘用人员管理办法 第十五条（四））。办法未规定旷工期间的工资待遇，本计算器未扣发。"]


def warnings(personal: Decimal, sick: Decimal, over_month: bool) -> list[str]:
    out = ["婚假、丧假、产假等其他假期的工资待遇按国家相关政策规定执行（第十三条），本计算器不计算。"]
    if personal > 30:
        out.append("请事假连续超过三十天的，可以解除劳动合同（聘用人员管理办法 第十五条（四））。")
    elif personal:
        out.append("若本次事假与上月连续、合计超过三十天，属于可以解除劳动合同的情形"
                   "（聘用人员管理办法 第十五条（四））。")
    if sick and over_month:
        out.append("病假超过三个月的，可以解除劳动合同（聘用人员管理办法 第十五条（四））。")
    elif sick > 10:
        out.append("病假与上月连续、合计达到一个月以上的，属于“连续休病假一个月以上”，请勾选该项，"
                   "按30%计发（聘用人员管理办法 第十三条）。")
    if personal or sick:
        out.append("病、事假时间累计超过考核年度六个月的，不参加当年绩效考核（绩效考核实施细则 第十二条）。")
    return out


CALCULATOR = Calculator(
    name="leave-pay",
    title="聘用人员事假、病假工资计算",
    regulation=REG,
    summary="按聘用人员管理办法第十二条、第十三条，计算聘用人员在一个月度内请事假、病假后应扣发"
            "和应发的基本工资，并列出所依据的条文。",
    formula="扣发额 = 月基本工资 ÷ 日工资折算天数 × 假期天数 × (1 − 计发比例)。事假：2天内100%，"
            "3天以上10天以下50%，11天以上0%。病假：3天以内100%，4天以上10天以内80%，"
            "10天以上不足一个月50%，连续一个月以上（含整月病假）30%。天数按应出勤的工作日计。"
            "应发 = 月基本工资 − 扣发额。连续旷工超过三天或一年内累计旷工超过五天的，提示可以解除劳动合同。",
    fields=FIELDS,
    compute=compute,
    readings=(READING_WORKING_DAYS, READING_ALL_DAYS, READING_BETWEEN, READING_SICK_TEN, READING_DIVISOR,
              READING_CAP, READING_ABSENCE),
    cites=(ART_PERSONAL, ART_SICK, ART_DISMISSAL, ART_NO_ASSESSMENT),
)
