"""聘用人员事假、病假期间基本工资 — 聘用人员管理办法 第十二条、第十三条.

The deduction for each kind of leave is the pay of the absent days ("未出勤期间") times the
share that is not paid: a day's pay × days × (1 − rate), the rate found by the tier the
month's days of that kind fall in. Arithmetic in decimal; only the final amounts are
rounded, half up, to two places."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import rules
from .engine import Calculator, Field, InputError, Line, Reading, Result, fmt, plain, q2
from .rules import Scale, formula_today, num, pct

REG = "contract-staff"
PARAMS = rules.load(REG)
ART_PERSONAL = PARAMS["personal_leave"].cite
ART_SICK = PARAMS["sick_leave"].cite
ART_DISMISSAL = PARAMS["dismissal"].cite

DAYS_IN_LONGEST_MONTH = Decimal(31)
DAYS_IN_YEAR = Decimal(366)
# the most working days a calendar month has (31 days less 8 weekend days): the limit of
# 事假 + 病假 when the month's own count is not given
MOST_WORK_DAYS = Decimal(23)
MAX_BASE_SALARY = Decimal(100000)   # 月基本工资 upper bound (no text; a contract post's pay, with margin)
# 聘用人员管理办法 第十五条（四）的旷工天数: parameters (dismissal: absence_consecutive_days,
# absence_year_days; “超过” excludes the number)
ABSENCE_KEYS = ("absence_consecutive_days", "absence_year_days")
# the article that sets each kind of leave's 未出勤期间基本工资: what a line about that
# leave's day pay or its cap cites (第十二条 says nothing of sick leave)
ARTICLE_OF = {"事假": ART_PERSONAL, "病假": ART_SICK}


def tiers(on: date) -> tuple[Scale, Scale, dict]:
    """第十二条、第十三条 in force on `on`: the personal and sick leave scales (the share of
    pay kept by days of leave, a count above a tier's upper bound in the next tier: see
    READING_BETWEEN) and the 30% of a sick leave over a month."""
    personal = PARAMS["personal_leave"]
    sick = PARAMS["sick_leave"]
    sick_now = sick.at(on)
    return (Scale.from_data(personal.at(on)["tiers"], personal, "share"),
            Scale.from_data(sick_now["tiers"], sick, "share"), sick_now)


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
    "第十二条（事假）、第十三条（病假）都按“未出勤期间基本工资”计发，办法没有规定一天的基本工资如何"
    "折算（本理解列在第十二条下，也适用于第十三条）。计算器默认按国家规定的月计薪天数21.75天折算"
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
READING_ROUNDING = Reading(
    "leave-pay-rounding", ART_PERSONAL, "日工资和各项扣发额四舍五入到分",
    "办法没有规定金额如何舍入。计算器把日工资（月基本工资÷折算天数）四舍五入到分，按到分的日工资计算"
    "各类假期的扣发额，每类的扣发额也四舍五入到分，扣发合计为各项之和：计算过程中的每一行都可以用所示"
    "的数字复算，各行之和就是合计（如月基本工资3000元：日工资137.93元，事假3天扣发137.93×3×50% = 206.90元）。",
)
READING_ABSENCE = Reading(
    "leave-pay-absence", ART_DISMISSAL, "旷工：只作提示，不扣工资",
    "第十五条（四）规定连续旷工超过三天或者一年内累计旷工超过五天的，可以解除劳动合同；“超过”不含"
    "本数（连续旷工3天、累计5天的不在此列，4天、5.5天的在此列）。“一年内”按使用者所填的累计天数。"
    "办法第十一条只说不履行请假手续等“一律按旷工对待”，没有规定旷工期间的工资待遇，计算器不扣发"
    "旷工天数的工资，只提示解除劳动合同的情形，由所在部门提请、政治处审核、院长决定。",
)
READING_CAP = Reading(
    "leave-pay-cap", ART_PERSONAL, "未出勤期间的基本工资不超过月基本工资；整月未出勤即整月",
    "按21.75天折算时，一个月的假期天数乘以日工资可能超过月基本工资（如本月22个工作日全部病假）。"
    "计算器把每类假期“未出勤期间基本工资”以当月月基本工资为限；扣发合计也以月基本工资为限，应发基本工资"
    "不低于0。事假、病假合计达到本月应出勤天数（整月未出勤）的，“未出勤期间”就是整个月：未出勤期间基本工资"
    "即月基本工资（两类假期都有的，按天数分摊），不按日工资计，否则工作日少于21.75天的月份会留下"
    "“出勤期间”的工资。如本月21个工作日全部病假，按月基本工资的30%计发；全部事假，扣发全部基本工资。",
)

TODAY = PARAMS.shown(date.today())       # the form's help: the rules in force today
_SICK, _DISMISSAL = TODAY["sick_leave"], TODAY["dismissal"]
_WHOLE = f"按{pct(_SICK['over_month']['share'])}计发"
_NEEDS_MONTH = _SICK["tiers"][-1]["above"]   # above this many sick days the month's length decides

FIELDS = (
    Field("base_salary", "月基本工资", "decimal", unit="元", min=Decimal(0), min_exclusive=True,
          max=MAX_BASE_SALARY, help="聘用人员当月的基本工资。"),
    Field("personal_leave_days", "事假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内请事假的工作日数（应出勤而未出勤的天数，不含周末和节假日），可按半天计。"),
    Field("sick_leave_days", "病假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内休病假的工作日数（不含周末和节假日），可按半天计。达到本月应出勤天数的为整月"
               f"病假，{_WHOLE}。"),
    Field("month_work_days", "本月应出勤天数", "int", unit="天", min=Decimal(1),
          max=DAYS_IN_LONGEST_MONTH, required=False,
          help="本月的工作日数。事假、病假天数按工作日计，合计不超过此数；病假天数达到此数即整月病假"
               f"（连续休病假一个月以上，{_WHOLE}）。病假超过{num(_NEEDS_MONTH)}天的必须填写；其他情形不填时，"
               f"事假、病假合计不超过{num(MOST_WORK_DAYS)}天（一个月最多的工作日数）。"),
    Field("sick_leave_over_month", "连续病假一个月以上", "bool", default=False,
          help=f"本月的病假是连续休病假一个月以上的一部分（如自上月延续而来）：{_SICK['over_month']['quote']}"
               "（第十三条）。整月病假无需勾选。"),
    Field("daily_divisor", "日工资折算天数", "decimal", unit="天", min=Decimal(0),
          min_exclusive=True, max=DAYS_IN_LONGEST_MONTH, default=Decimal("21.75"),
          help="月基本工资除以此数得日工资。办法未作规定，默认21.75天（国家规定的月计薪天数）。"),
    Field("absence_consecutive_days", "最长连续旷工天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="不履行请假手续或请假未被批准擅离岗位、逾期不续假的，按旷工对待（第十一条）。"
               f"{_DISMISSAL['absence_consecutive_days']['quote']}的，可以解除劳动合同（第十五条（四））。"),
    Field("absence_year_days", "一年内累计旷工天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_YEAR, step=Decimal("0.5"), required=False,
          help=f"含本月，含最长的那次连续旷工。{_DISMISSAL['absence_year_days']['quote']}的，可以解除劳动合同（第十五条（四））。"),
    rules.as_of_field(),
)


@dataclass(frozen=True)
class Month:
    """What the 未出勤期间 of a kind of leave is paid from (第十二条、第十三条 “未出勤期间
    基本工资”): the day's pay (READING_DIVISOR); the month's base at most; the whole month
    when the leave fills the month's work days (READING_CAP)."""

    base: Decimal
    daily: Decimal
    work_days: int | None     # 本月应出勤天数, when given
    leave_days: Decimal       # 事假 + 病假

    @property
    def all_absent(self) -> bool:
        return self.work_days is not None and self.leave_days >= self.work_days

    def absent_pay(self, kind: str, days: Decimal) -> tuple[Decimal, list[Line]]:
        if self.all_absent:
            share = self.base * days / self.leave_days
            words = ("" if days == self.leave_days else
                     f"，按{kind}天数分摊：{fmt(self.base)} × {plain(days)} ÷ {plain(self.leave_days)}")
            return share, [Line(f"事假、病假共{plain(self.leave_days)}天，达到本月应出勤天数{self.work_days}天，"
                                f"未出勤期间为整月，{kind}的未出勤期间基本工资按月基本工资计{words}",
                                fmt(share), ARTICLE_OF[kind], READING_CAP)]
        period = self.daily * days
        if period > self.base:
            return self.base, [Line(f"{kind}{plain(days)}天按日工资计为{fmt(period)}元，超过月基本工资，"
                                    "未出勤期间基本工资按月基本工资计", fmt(self.base), ARTICLE_OF[kind], READING_CAP)]
        return period, []


def _leave_lines(kind: str, days: Decimal, share: Decimal, words: str, month: Month,
                 cite, reading: Reading | None) -> tuple[Decimal, list[Line]]:
    """The deduction for one kind of leave: the pay of its 未出勤期间 (Month.absent_pay) ×
    the share not paid."""
    period, lines = month.absent_pay(kind, days)
    deduction = q2(period * (1 - share))   # to the 分, as shown (READING_ROUNDING)
    label = f"{kind}{num(days)}天：{words}（按{pct(share)}计发，扣发{pct(1 - share)}）"
    return deduction, lines + [Line(label, fmt(deduction), cite, reading)]


def _tier_lines(kind: str, days: Decimal, scale: Scale, month: Month,
                reading_at_ten: bool) -> tuple[Decimal, list[Line]]:
    bracket = scale.find(days)
    between = days != days.to_integral_value() and bracket.value < 1
    reading = (READING_SICK_TEN if reading_at_ten and days == bracket.high == scale.brackets[1].high
               else READING_BETWEEN if between else READING_ALL_DAYS)
    return _leave_lines(kind, days, bracket.value, bracket.quote, month, bracket.cite, reading)


def compute(v: dict) -> Result:
    on = rules.as_of(v)
    personal_scale, sick_scale, sick_now = tiers(on)
    base: Decimal = v["base_salary"]
    personal: Decimal = v["personal_leave_days"]
    sick: Decimal = v["sick_leave_days"]
    over_month: bool = v["sick_leave_over_month"]
    divisor: Decimal = v["daily_divisor"]
    month: int | None = v.get("month_work_days")
    limit = MOST_WORK_DAYS if month is None else month
    if personal + sick > limit:
        said = f"本月应出勤天数（{limit}天）" if month is not None else f"一个月最多的工作日数（{limit}天）"
        too_many = f"事假与病假合计{plain(personal + sick)}天，超过了{said}；天数按应出勤的工作日计"
        # under each field that makes the sum (the one just typed among them)
        keys = [k for k, days in (("personal_leave_days", personal), ("sick_leave_days", sick)) if days]
        if month is not None:
            keys.append("month_work_days")
        raise InputError({k: too_many for k in keys})
    needs_month = sick_scale.brackets[-1].low   # above it: 50 % “不足一个月” or 30 % for a whole month
    if month is None and sick > needs_month and not over_month:
        raise InputError({"month_work_days": f"病假超过{num(needs_month)}天的，请填写「本月应出勤天数」（工作日数）："
                                             f"病假达到该天数的为整月病假，按{pct(sick_now['over_month']['share'])}"
                                             f"计发，不足的按{pct(sick_scale.brackets[-1].value)}（第十三条）"})
    if over_month and sick == 0:
        raise InputError({"sick_leave_days": "勾选了“连续病假一个月以上”，请填写本月的病假天数"})
    longest, year = v["absence_consecutive_days"], v.get("absence_year_days")
    if year is not None and year < longest:
        raise InputError({"absence_year_days": f"「一年内累计旷工天数」{plain(year)}天少于「最长连续旷工天数」"
                                               f"{plain(longest)}天：累计应含那次连续旷工，请核对"})

    daily = q2(base / divisor)   # to the 分, as shown: each line can be worked again by hand (READING_ROUNDING)
    # the day's pay serves the 未出勤期间基本工资 of 第十二条 (事假) and 第十三条 (病假): the
    # line cites the article of the leave taken (事假's when both)
    leave_article = ARTICLE_OF["事假" if personal or not sick else "病假"]
    total = Decimal(0)
    pay_month = Month(base, daily, month, personal + sick)
    # (a month all on leave is paid from the base, not by the day: no day's pay then)
    lines = [] if pay_month.all_absent else [
        Line(f"日工资 = 月基本工资 {fmt(base)} 元 ÷ {num(divisor)} 天（四舍五入到分）", fmt(daily), leave_article,
             READING_DIVISOR)]
    if personal:
        amount, more = _tier_lines("事假", personal, personal_scale, pay_month, False)
        total += amount
        lines += more
    whole_month = month is not None and sick >= month   # 整月病假 is not “不足一个月”
    if sick:
        if over_month or whole_month:
            reading = READING_WORKING_DAYS if whole_month and not over_month else READING_ALL_DAYS
            if whole_month and not over_month:
                lines.append(Line(f"病假{plain(sick)}天达到本月应出勤天数{plain(month)}天，为整月病假，"
                                  "属于连续休病假一个月以上", None, ART_SICK, READING_WORKING_DAYS))
            amount, more = _leave_lines("病假", sick, sick_now["over_month"]["share"],
                                        sick_now["over_month"]["quote"], pay_month, ART_SICK, reading)
        else:
            amount, more = _tier_lines("病假", sick, sick_scale, pay_month, True)
        total += amount
        lines += more
    if total > base:
        lines.append(Line(f"按日工资计算的扣发额 {fmt(total)} 元超过月基本工资，以月基本工资为限",
                          fmt(base), leave_article, READING_CAP))
        total = base
    deduction = q2(total)
    pay = q2(base - deduction)
    lines.append(Line("扣发合计（各项之和）", fmt(deduction), leave_article, READING_ROUNDING))
    lines.append(Line(f"应发基本工资 = {fmt(base)} − {fmt(deduction)}", fmt(pay), leave_article))
    return Result(
        values={"deduction": fmt(deduction), "pay": fmt(pay),
                "daily_pay": fmt(daily)},
        summary=[("扣发基本工资", f"{fmt(deduction)} 元"), ("应发基本工资", f"{fmt(pay)} 元"),
                 rules.as_of_summary(on)],
        lines=lines,
        warnings=warnings(personal, sick, over_month or whole_month, on) + absence_warnings(v, on),
    )


def absence_warnings(v: dict, on: date) -> list[str]:
    """聘用人员管理办法 第十五条（四）: 旷工 beyond the written counts (a warning, no pay rule)."""
    dismissal = PARAMS["dismissal"].at(on)
    over = [f"{dismissal[key]['quote']}（{plain(v[key])}天）" for key in ABSENCE_KEYS
            if v.get(key) is not None and v[key] > dismissal[key]["over"]]
    if not over:
        return []
    return ["、".join(over) + "：属于可以解除劳动合同的情形，经所在部门提请、政治处审核、院长决定"
            f"（{ART_DISMISSAL.label}）。办法未规定旷工期间的工资待遇，本计算器未扣发。"]


def warnings(personal: Decimal, sick: Decimal, over_month: bool, on: date) -> list[str]:
    sick_now = PARAMS["sick_leave"].at(on)
    dismissal = PARAMS["dismissal"].at(on)
    days, months = dismissal["personal_leave_days"], dismissal["sick_leave_months"]
    out = [f"{sick_now['other_leave']['quote']}（{ART_SICK.label}），本计算器不计算。"]
    where = f"可以解除劳动合同（{ART_DISMISSAL.label}）"
    if personal > days["over"]:
        out.append(f"{days['quote']}的，{where}。")
    elif personal:
        out.append(f"若本次事假与上月连续、合计超过{num(days['over'])}天，属于“{days['quote']}”，{where}。")
    if sick and over_month:   # a condition, as for 事假: the months before are not an input
        out.append(f"若连续病假（含本月）累计超过{num(months['over'])}个月，属于“{months['quote']}”，{where}。")
    elif sick > sick_now["tiers"][-1]["above"]:
        out.append("病假与上月连续、合计达到一个月以上的，属于“连续休病假一个月以上”，请勾选该项，"
                   f"{sick_now['over_month']['quote']}（{ART_SICK.label}）。")
    return out


def formula(on: date) -> str:
    """The rule in words, generated from the parameters in force on `on`."""
    personal, sick, sick_now = tiers(on)
    dismissal = PARAMS["dismissal"].at(on)
    return ("扣发额 = 月基本工资 ÷ 日工资折算天数 × 假期天数 × (1 − 计发比例)。"
            f"事假（{ART_PERSONAL.label}）：{personal.explain('天', pct)}。"
            f"病假（{ART_SICK.label}）：{sick.explain('天', pct)}，连续一个月以上（含整月病假）"
            f"{pct(sick_now['over_month']['share'])}。天数按应出勤的工作日计。应发 = 月基本工资 − 扣发额。"
            f"{dismissal['absence_consecutive_days']['quote']}或{dismissal['absence_year_days']['quote']}的，"
            "提示可以解除劳动合同。")


CALCULATOR = Calculator(
    name="leave-pay",
    title="聘用人员事假、病假工资计算",
    regulation=REG,
    summary=f"按{rules.cited_title(REG)}第十二条、第十三条，计算聘用人员在一个月度内请事假、病假后应扣发"
            "和应发的基本工资，并列出所依据的条文。",
    formula=formula_today(formula),
    fields=FIELDS,
    compute=compute,
    readings=(READING_WORKING_DAYS, READING_ALL_DAYS, READING_BETWEEN, READING_SICK_TEN, READING_DIVISOR,
              READING_CAP, READING_ROUNDING, READING_ABSENCE),
    cites=(ART_PERSONAL, ART_SICK, ART_DISMISSAL),
)
