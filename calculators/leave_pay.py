"""聘用人员事假、病假期间基本工资 — 聘用人员管理办法 第十二条、第十三条.

The deduction for each kind of leave is the pay of the absent days ("未出勤期间") times the
share that is not paid: a day's pay × days × (1 − rate), the rate found by the tier the
month's days of that kind fall in. Arithmetic in decimal; only the final amounts are
rounded, half up, to two places."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import rules
from .engine import Calculator, Field, InputError, Line, Reading, Result, fmt, q2
from .rules import Scale, num, pct

REG = "contract-staff"
PARAMS = rules.load(REG)
ASSESSMENT = rules.load("performance-assessment")
ART_PERSONAL = PARAMS["personal_leave"].cite
ART_SICK = PARAMS["sick_leave"].cite
ART_DISMISSAL = PARAMS["dismissal"].cite
ART_NO_ASSESSMENT = ASSESSMENT["out_of_assessment"].cite

DAYS_IN_LONGEST_MONTH = Decimal(31)


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
    "办法没有规定一天的基本工资如何折算。计算器默认按国家规定的月计薪天数21.75天折算"
    "（月基本工资÷21.75），页面上写明所用的天数，并允许改用其他天数。",
)
READING_SICK_TEN = Reading(
    "leave-pay-sick-ten-days", ART_SICK, "病假恰为10天",
    "第十三条写“4天以上（含4天）10天以内(含10天)”按80%，又写“10天以上不足一个月的”按50%；"
    "10天同时落在两句之中。前一句明言“含10天”，计算器按80%计发，超过10天才按50%。",
)
READING_CAP = Reading(
    "leave-pay-cap", ART_PERSONAL, "扣发不超过月基本工资",
    "按21.75天折算时，一个月的假期天数乘以日工资可能超过月基本工资。计算器扣发的数额以当月"
    "月基本工资为限，应发基本工资不低于0。",
)

FIELDS = (
    Field("base_salary", "月基本工资", "decimal", unit="元", min=Decimal(0), min_exclusive=True,
          help="聘用人员当月的基本工资。"),
    Field("personal_leave_days", "事假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内请事假的天数，可按半天计。"),
    Field("sick_leave_days", "病假天数", "decimal", unit="天", min=Decimal(0),
          max=DAYS_IN_LONGEST_MONTH, step=Decimal("0.5"), default=Decimal(0),
          help="本月度内休病假的天数，可按半天计。"),
    Field("sick_leave_over_month", "连续病假一个月以上", "bool", default=False,
          help=f"{PARAMS['sick_leave'].at(date.today())['over_month']['quote']}（第十三条）。"),
    Field("daily_divisor", "日工资折算天数", "decimal", unit="天", min=Decimal(0),
          min_exclusive=True, max=DAYS_IN_LONGEST_MONTH, default=Decimal("21.75"),
          help="月基本工资除以此数得日工资。办法未作规定，默认21.75天（国家规定的月计薪天数）。"),
    rules.as_of_field(),
)


def _leave_line(kind: str, days: Decimal, share: Decimal, words: str, daily: Decimal,
                cite, reading: Reading | None) -> tuple[Decimal, Line]:
    deduction = daily * days * (1 - share)
    label = f"{kind}{num(days)}天：{words}（按{pct(share)}计发，扣发{pct(1 - share)}）"
    return deduction, Line(label, fmt(deduction), cite, reading)


def _tier_line(kind: str, days: Decimal, scale: Scale, daily: Decimal, reading_at_ten: bool):
    bracket = scale.find(days)
    between = days != days.to_integral_value() and bracket.value < 1
    reading = (READING_SICK_TEN if reading_at_ten and days == 10 else
               READING_BETWEEN if between else READING_ALL_DAYS)
    return _leave_line(kind, days, bracket.value, bracket.quote, daily, bracket.cite, reading)


def compute(v: dict) -> Result:
    on = rules.as_of(v)
    personal_scale, sick_scale, sick_now = tiers(on)
    base: Decimal = v["base_salary"]
    personal: Decimal = v["personal_leave_days"]
    sick: Decimal = v["sick_leave_days"]
    over_month: bool = v["sick_leave_over_month"]
    divisor: Decimal = v["daily_divisor"]
    if personal + sick > DAYS_IN_LONGEST_MONTH:
        raise InputError({"sick_leave_days": "事假与病假合计超过了一个月的天数（31天）"})
    if over_month and sick == 0:
        raise InputError({"sick_leave_days": "勾选了“连续病假一个月以上”，请填写本月的病假天数"})

    daily = base / divisor
    lines = [Line(f"日工资 = 月基本工资 {fmt(base)} 元 ÷ {divisor.normalize():f} 天",
                  fmt(daily), ART_PERSONAL, READING_DIVISOR)]
    total = Decimal(0)
    if personal:
        amount, line = _tier_line("事假", personal, personal_scale, daily, False)
        total += amount
        lines.append(line)
    if sick:
        if over_month:
            amount, line = _leave_line("病假", sick, sick_now["over_month"]["share"],
                                       sick_now["over_month"]["quote"], daily, ART_SICK, READING_ALL_DAYS)
        else:
            amount, line = _tier_line("病假", sick, sick_scale, daily, True)
        total += amount
        lines.append(line)
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
        summary=[("扣发基本工资", f"{fmt(deduction)} 元"), ("应发基本工资", f"{fmt(pay)} 元"),
                 rules.as_of_summary(on)],
        lines=lines,
        warnings=warnings(personal, sick, over_month, on),
    )


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
    if sick and over_month:
        out.append(f"{months['quote']}的，{where}。")
    if personal or sick:
        out.append(f"{ASSESSMENT['out_of_assessment'].at(on)['leave']['quote']}（{ART_NO_ASSESSMENT.label}）。")
    return out


def formula(on: date) -> str:
    """The rule in words, generated from the parameters in force on `on`."""
    personal, sick, sick_now = tiers(on)
    return ("扣发额 = 月基本工资 ÷ 日工资折算天数 × 假期天数 × (1 − 计发比例)。"
            f"事假（{ART_PERSONAL.label}）：{personal.explain('天', pct)}。"
            f"病假（{ART_SICK.label}）：{sick.explain('天', pct)}，连续一个月以上"
            f"{pct(sick_now['over_month']['share'])}。应发 = 月基本工资 − 扣发额。")


CALCULATOR = Calculator(
    name="leave-pay",
    title="聘用人员事假、病假工资计算",
    regulation=REG,
    summary="按聘用人员管理办法第十二条、第十三条，计算聘用人员在一个月度内请事假、病假后应扣发"
            "和应发的基本工资，并列出所依据的条文。",
    formula=formula(date.today()),
    fields=FIELDS,
    compute=compute,
    readings=(READING_ALL_DAYS, READING_BETWEEN, READING_SICK_TEN, READING_DIVISOR, READING_CAP),
    cites=(ART_PERSONAL, ART_SICK, ART_DISMISSAL, ART_NO_ASSESSMENT),
)
