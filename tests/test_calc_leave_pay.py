"""聘用人员管理办法 第十二条、第十三条: leave pay, with the regulation's own numbers."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators.engine import InputError

CALC = calculators.get("leave-pay")
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def run(**raw):
    return CALC.run(raw).values


def expected(base: str, days: str, unpaid: str, divisor: str = "21.75") -> str:
    """By hand: base ÷ divisor × days × unpaid share, half up to cents."""
    value = D(base) / D(divisor) * D(days) * D(unpaid)
    return str(value.quantize(D("0.01"), rounding="ROUND_HALF_UP"))


def test_the_issue_example():
    out = run(base_salary="3000", personal_leave_days="5")
    assert out == {"deduction": "344.83", "pay": "2655.17", "daily_pay": "137.93"}


@pytest.mark.parametrize("days, unpaid", [
    ("0.5", "0"), ("2", "0"),                  # 2天（含2天）内 照发
    ("2.5", "0.5"), ("3", "0.5"), ("10", "0.5"),  # 3天以上10天以下 50%; 2.5 → higher tier
    ("10.5", "1"), ("11", "1"), ("20", "1"),   # 11天以上 扣发
])
def test_personal_leave_tiers(days, unpaid):
    assert run(base_salary="4350", personal_leave_days=days)["deduction"] == expected("4350", days, unpaid)


@pytest.mark.parametrize("days, unpaid", [
    ("3", "0"), ("3.5", "0.2"), ("4", "0.2"), ("10", "0.2"),  # 10天 stays at 80% (含10天)
    ("10.5", "0.5"), ("15", "0.5"),
])
def test_sick_leave_tiers(days, unpaid):
    # above 10 days the month's working days are needed (整月病假 or 不足一个月)
    assert run(base_salary="4350", sick_leave_days=days, month_work_days="22")["deduction"] == \
        expected("4350", days, unpaid)


def test_sick_leave_over_a_month_is_30_percent():
    assert run(base_salary="4350", sick_leave_days="20", sick_leave_over_month=True)["deduction"] == "2800.00"


def test_both_kinds_add_up():
    out = run(base_salary="4350", personal_leave_days="5", sick_leave_days="5")
    # 4350/21.75 = 200 a day: 事假 5 × 200 × 50% = 500; 病假 5 × 200 × 20% = 200
    assert out["deduction"] == "700.00" and out["pay"] == "3650.00"


def test_divisor_can_be_changed():
    assert run(base_salary="3000", personal_leave_days="5", daily_divisor="30")["deduction"] == "250.00"


def test_deduction_capped_at_base():
    # 23 working days at 3000 ÷ 21.75 a day is more than the month's pay
    out = run(base_salary="3000", personal_leave_days="23", month_work_days="23")
    assert out["deduction"] == "3000.00" and out["pay"] == "0.00"


def test_rounds_half_up_not_half_even():
    # the day's pay 0.03 / 6 = 0.005 → 0.01 (half up; half even: 0.00), 3 days at 50 % = 0.015 → 0.02
    out = run(base_salary="0.03", personal_leave_days="3", daily_divisor="6")
    assert (out["daily_pay"], out["deduction"]) == ("0.01", "0.02")
    # 5 days at 50 % of 0.01 = 0.025 → 0.03 (half up; half even: 0.02)
    assert run(base_salary="0.05", personal_leave_days="5", daily_divisor="5")["deduction"] == "0.03"


def test_every_line_can_be_worked_again_and_the_lines_add_up():
    """READING_ROUNDING: the day's pay and each deduction to the 分; the total is their sum
    (3000 元, 事假3天 + 病假4.5天: 137.93 × 3 × 50 % = 206.90, 137.93 × 4.5 × 20 % = 124.14,
    331.04; the exact amounts would round to 331.03, a line sum the clerk cannot get)."""
    out = CALC.run({"base_salary": "3000", "personal_leave_days": "3", "sick_leave_days": "4.5",
                    "month_work_days": 21}).to_json()
    amounts = {b["label"][:2]: D(b["amount"]) for b in out["breakdown"] if b["amount"]}
    assert out["daily_pay"] == "137.93"
    cent = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)   # noqa: E731
    assert amounts["事假"] == cent(D("137.93") * 3 * D("0.5"))
    assert amounts["病假"] == cent(D("137.93") * D("4.5") * D("0.2"))
    assert out["deduction"] == "331.04" == str(amounts["事假"] + amounts["病假"])


def test_lines_cite_articles_and_readings():
    result = CALC.run({"base_salary": "3000", "personal_leave_days": "2.5", "sick_leave_days": "10"})
    cites = [line.cite.anchor for line in result.lines if line.cite]
    assert "第十二条" in cites and "第十三条" in cites
    assert {r.id for r in result.readings()} >= {"leave-pay-between-tiers", "leave-pay-sick-ten-days", "leave-pay-daily-divisor"}
    assert any("婚假" in w for w in result.warnings)
    # 绩效考核实施细则 第十二条 (not assessed after six months of leave) is for staff of
    # 公务员身份 (its 第一条): 聘用人员 are outside it, and are not warned of it
    assert not any("六个月" in w or "绩效考核" in w for w in result.warnings)
    # every line of the money names its article, the totals too
    assert all(line.cite for line in result.lines if line.amount is not None)


@pytest.mark.parametrize("raw, key", [
    ({"base_salary": "-1"}, "base_salary"),
    ({"base_salary": "0"}, "base_salary"),
    ({"base_salary": "abc"}, "base_salary"),
    ({"base_salary": "3000", "personal_leave_days": "-1"}, "personal_leave_days"),
    ({"base_salary": "3000", "personal_leave_days": "1.3"}, "personal_leave_days"),
    ({"base_salary": "3000", "sick_leave_days": "32"}, "sick_leave_days"),
    ({"base_salary": "3000", "personal_leave_days": "20", "sick_leave_days": "15"}, "sick_leave_days"),
    ({"base_salary": "3000", "daily_divisor": "0"}, "daily_divisor"),
    ({"base_salary": "3000", "bonus": "1"}, "bonus"),
    ({}, "base_salary"),
])
def test_bad_input_names_the_field_in_chinese(raw, key):
    with pytest.raises(InputError) as err:
        CALC.run(raw)
    assert key in err.value.errors
    message = err.value.errors[key]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_command_line():
    ok = subprocess.run([sys.executable, "-m", "calculators", "leave-pay", '{"base_salary": 3000, "personal_leave_days": 5}'],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and json.loads(ok.stdout)["deduction"] == "344.83"
    bad = subprocess.run([sys.executable, "-m", "calculators", "leave-pay"], input='{"base_salary": -5}',
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "月基本工资" in json.loads(bad.stdout)["error"]
    assert "Traceback" not in bad.stdout + bad.stderr


days = st.integers(min_value=0, max_value=31).map(lambda n: D(n) / 2)
money = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)


@settings(max_examples=300, deadline=None)
@given(base=money, personal=days, sick=days, over=st.booleans())
def test_deduction_between_zero_and_base(base, personal, sick, over):
    if personal + sick > 23 or (over and sick == 0):
        return
    out = run(base_salary=str(base), personal_leave_days=str(personal), sick_leave_days=str(sick),
              sick_leave_over_month=over, month_work_days="23")
    assert D(0) <= D(out["deduction"]) <= base
    assert D(out["pay"]) == base - D(out["deduction"])


@pytest.mark.parametrize("kind", ["personal_leave_days", "sick_leave_days"])
@settings(max_examples=300, deadline=None)
@given(base=money, taken=days, extra=st.integers(min_value=1, max_value=10).map(lambda n: D(n) / 2))
def test_more_leave_never_raises_pay(kind, base, taken, extra):
    if taken + extra > 23:
        return
    less = run(base_salary=str(base), month_work_days="23", **{kind: str(taken)})["pay"]
    more = run(base_salary=str(base), month_work_days="23", **{kind: str(taken + extra)})["pay"]
    assert D(more) <= D(less)


def test_sick_leave_lines_cite_article_thirteen():
    """第十二条 is 事假; the day's pay and the cap of a sick leave cite 第十三条 (病假)."""
    out = CALC.run({"base_salary": "3000", "sick_leave_days": "22", "month_work_days": 22}).to_json()
    assert out["deduction"] == "2100.00"       # the whole month (22 of 22 days) at 30 %: 3000 × 70 %
    whole = next(b for b in out["breakdown"] if "未出勤期间为整月" in b["label"])
    assert whole["article"]["label"] == "聘用人员管理办法（编者拟题） 第十三条"
    assert not any(b["label"].startswith("日工资") for b in out["breakdown"])   # not used for a whole month
    five = CALC.run({"base_salary": "3000", "sick_leave_days": "5"}).to_json()
    daily = next(b for b in five["breakdown"] if b["label"].startswith("日工资"))
    assert daily["article"]["label"] == "聘用人员管理办法（编者拟题） 第十三条"
    # 3000/21.75×22 = 3034.48 over the base (a month continued, its work days not given): capped
    over = CALC.run({"base_salary": "3000", "sick_leave_days": "22", "sick_leave_over_month": True}).to_json()
    assert over["deduction"] == "2100.00"
    cap = next(b for b in over["breakdown"] if "超过月基本工资" in b["label"])
    assert cap["article"]["label"] == "聘用人员管理办法（编者拟题） 第十三条"
    assert all(b["article"]["anchor"] != "第十二条" for b in out["breakdown"] if b["article"])
    # 事假 (with or without 病假) keeps 第十二条
    both = CALC.run({"base_salary": "3000", "personal_leave_days": "3", "sick_leave_days": "4"}).to_json()
    assert next(b for b in both["breakdown"] if b["label"].startswith("日工资"))["article"]["anchor"] == "第十二条"


@pytest.mark.parametrize("leave, work_days, deduction, pay", [
    ({"sick_leave_days": "21"}, 21, "3045.00", "1305.00"),    # 整月病假: 30 % of the month's base
    ({"sick_leave_days": "17"}, 17, "3045.00", "1305.00"),    # a short month (国庆): the same
    ({"sick_leave_days": "22"}, 22, "3045.00", "1305.00"),
    ({"personal_leave_days": "21"}, 21, "4350.00", "0.00"),  # 整月事假: nothing of the month is paid
    # both kinds fill the month: the base shared by days, 10/21 at 50 % and 11/21 at 50 %
    ({"personal_leave_days": "10", "sick_leave_days": "11"}, 21, "2175.00", "2175.00"),
])
def test_a_month_all_on_leave_is_the_whole_month_not_days_at_the_day_pay(leave, work_days, deduction, pay):
    """第十二条、第十三条 “未出勤期间基本工资”: absent every working day, the 未出勤期间 is the
    whole month, in a month of 17 or 21 working days as in one of 22 (a day's pay is the
    base ÷ 21.75: 21 × 200 = 4200 would leave 150 元 for days not worked)."""
    result = CALC.run({"base_salary": "4350", "month_work_days": work_days, **leave})
    assert (result.values["deduction"], result.values["pay"]) == (deduction, pay)
    assert any(line.reading and line.reading.id == "leave-pay-cap" and "整月" in line.label for line in result.lines)


def test_a_sum_of_two_fields_too_large_is_said_under_each_of_them():
    """事假 + 病假 over the month's work days: under 事假, 病假 and 应出勤天数 (the one just
    typed among them), once in the summary; a file names the row once, with its columns."""
    with pytest.raises(InputError) as err:
        CALC.run({"base_salary": "3000", "personal_leave_days": "31", "sick_leave_days": "2", "month_work_days": 21})
    assert set(err.value.errors) == {"personal_leave_days", "sick_leave_days", "month_work_days"}
    assert str(err.value).count("事假与病假合计33天") == 1
