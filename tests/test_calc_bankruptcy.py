"""bankruptcy-workload and bankruptcy-year: 破产、清算案件单独绩效考核办法(试行) 第二条至第五条.

Expected figures are worked by hand from the 办法's own words (the tiers of 第三条, the
percentages of 第四条, the rates of 第五条) and the issue's example, never by calling the
code a second way."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import MODULES, bankruptcy_workload, bankruptcy_year, get
from calculators.engine import InputError

ROOT = Path(__file__).resolve().parents[1]
WORKLOAD = get("bankruptcy-workload")
YEAR = get("bankruptcy-year")

# 第四条 as printed in the 办法, copied here by hand: (milestone, percent)
TEXT_LIQUIDATION = [  # （一）破产清算案件
    ("完成管理人指定", 5), ("完成债务人财产接管", 10), ("完成债务人财产状况调查", 30),
    ("完成职工债权调查公示", 35), ("完成债权申报", 40), ("完成第一次债权人会议", 50),
    ("宣告破产", 60), ("完成债务人主要破产财产处置", 70), ("完成主要破产财产分配", 90),
    ("裁定终结破产程序", 93), ("完成债务人主体注销", 95), ("管理人提交终止执行职务报告", 100),
]
TEXT_COMPULSORY = [  # （二）强制清算案件
    ("完成清算组指定", 5), ("完成被申请人财产接管", 10), ("完成被申请人财产调查", 30),
    ("完成职工债权调查公示", 35), ("完成债权申报", 40), ("完成清算方案草案", 50),
    ("股东会或股东大会确认债权表及清算方案", 70), ("宣告被申请人解散", 75),
    ("完成债务人债权清偿", 80), ("完成剩余财产分配", 90), ("完成被申请人主体注销", 95),
    ("清算组提交终止执行职务报告", 100),
]
TEXT_REORGANISATION = [  # （三）破产重整、和解案件
    ("完成管理人指定", 5), ("完成债务人财产接管", 10), ("完成债务人财产调查", 20),
    ("完成职工债权调查公示", 30), ("完成债权申报", 40), ("完成第一次债权人会议", 50),
    ("作出重整计划草案或和解协议草案", 60), ("债权人会议表决通过重整计划或和解协议", 70),
    ("裁定批准重整计划或和解协议", 80), ("重整计划或和解协议执行完毕", 95),
    ("管理人交接完成及重整计划执行监督报告（执行职务工作报告）提交", 100),
]
LISTS = {"破产清算": TEXT_LIQUIDATION, "强制清算": TEXT_COMPULSORY,
         "重整": TEXT_REORGANISATION, "和解": TEXT_REORGANISATION}
CASE_TYPE = {"破产清算": "破", "强制清算": "强清", "重整": "破", "和解": "破"}
FULL = "管理人提交终止执行职务报告"  # 100% of 破产清算: workload = base
YI = 100_000_000


def run(**raw):
    return WORKLOAD.run(raw)


def case(**raw):
    """A 破 case in 破产清算, fully done (100%), no additional work: its workload is its base."""
    base = {"case_type": "破", "procedure": "破产清算", "milestone": FULL}
    return run(**(base | raw))


def errors_of(calc, raw) -> dict:
    with pytest.raises(InputError) as err:
        calc.run(raw)
    return err.value.errors


def readings_of(result) -> set[str]:
    return {r.id for r in result.readings()}


def line_with(result, text):
    return next(line for line in result.lines if text in line.label)


# ---------------------------------------------------------------- the issue's example


def test_issue_example():
    # 破, 破产清算, 申报债权 3亿 (第三条（二）60), 120 creditors (第三条（三）90) -> base 90;
    # 完成第一次债权人会议 50% -> 45; 2 专题汇报 + 1 协调会 = 3 -> 48.00
    r = run(case_type="破", procedure="破产清算", claims_amount="300000000", creditors=120,
            milestone="完成第一次债权人会议", reports=2, coordination=1)
    v = r.values
    assert v["workload"] == "48.00"
    assert (v["amount_tier"], v["creditors_tier"], v["base"]) == ("60.00", "90.00", "90.00")
    assert (v["factor"], v["progress"], v["progress_workload"], v["additional"]) == \
        ("1.00", "0.50", "45.00", "3.00")
    assert "bankruptcy-tier-or" in readings_of(r)
    assert all(line.cite is not None for line in r.lines)


# ---------------------------------------------------------------- 第二条（一）


@pytest.mark.parametrize("case_type", ["清申", "破申", "清终", "破终", "清监", "破监"])
def test_simple_case_types_count_one(case_type):
    r = run(case_type=case_type)
    assert r.values == {"workload": "1.00"}
    assert r.lines[0].cite.anchor == "第二条"


def test_simple_case_type_takes_no_other_input():
    errs = errors_of(WORKLOAD, {"case_type": "清申", "claims_amount": "5"})
    assert "claims_amount" in errs and "不适用" in errs["claims_amount"]


# ---------------------------------------------------------------- 第三条: tiers


@pytest.mark.parametrize("amount, tier", [
    ("0", "30.00"),
    ("99999999.99", "30.00"), ("100000000", "60.00"),          # 不满1亿 | 1亿元以上
    ("999999999.99", "60.00"), ("1000000000", "90.00"),        # 不满10亿 | 10亿元以上
    ("4999999999.99", "90.00"), ("5000000000", "120.00"),      # 不满50亿 | 50亿元以上
    ("9999999999.99", "120.00"), ("10000000000", "150.00"),    # 不满100亿 | 100亿元以上
    ("900000000000", "150.00"),
])
def test_amount_tier_boundaries(amount, tier):
    for key in ("claims_amount", "assets_amount"):
        r = case(**{key: amount})
        assert r.values["amount_tier"] == tier
        assert r.values["creditors_tier"] == "30.00"
        assert r.values["workload"] == tier       # 100% progress, nothing else


@pytest.mark.parametrize("amount", ["100000000", "1000000000", "5000000000", "10000000000"])
def test_amount_exactly_on_a_bound_records_the_reading(amount):
    r = case(claims_amount=amount)
    assert "bankruptcy-amount-bounds" in readings_of(r)
    assert "bankruptcy-amount-bounds" not in readings_of(case(claims_amount="100000001"))


def test_amount_is_the_higher_of_claims_and_assets():
    # 按最高额计算: 5亿 claims (60) vs 20亿 assets (90) -> 90, and the other way round
    assert case(claims_amount="500000000", assets_amount="2000000000").values["amount_tier"] == "90.00"
    assert case(claims_amount="2000000000", assets_amount="500000000").values["amount_tier"] == "90.00"
    assert "bankruptcy-highest-amount" in readings_of(case(claims_amount="1"))


@pytest.mark.parametrize("creditors, tier", [
    (0, "30.00"), (50, "30.00"), (51, "60.00"),      # 50人以下
    (100, "60.00"), (101, "90.00"),                  # 100人以下
    (200, "90.00"), (201, "120.00"),                 # 200人以下
    (499, "120.00"), (500, "150.00"), (501, "150.00"),  # 500人以下 / 500人以上
    (100000, "150.00"),
])
def test_creditor_tier_boundaries(creditors, tier):
    r = case(creditors=creditors)
    assert r.values["creditors_tier"] == tier
    assert r.values["amount_tier"] == "30.00"
    assert r.values["workload"] == tier


def test_five_hundred_creditors_is_both_clauses_and_the_higher_applies():
    r = case(creditors=500)
    assert "bankruptcy-creditors-500" in readings_of(r)
    assert line_with(r, "按债权人人数").cite.label.endswith("第三条（五）")
    r = case(creditors=499)
    assert "bankruptcy-creditor-bands" in readings_of(r)
    assert line_with(r, "按债权人人数").cite.label.endswith("第三条（四）")


@pytest.mark.parametrize("amount, creditors, base", [
    (str(3 * YI), 120, "90.00"),     # amount 60, creditors 90
    (str(60 * YI), 10, "120.00"),    # amount 120, creditors 30
    (str(20 * YI), 150, "90.00"),    # both 90
    (str(101 * YI), 501, "150.00"),  # both 150
])
def test_the_higher_of_the_two_tiers(amount, creditors, base):
    assert case(claims_amount=amount, creditors=creditors).values["base"] == base


# ---------------------------------------------------------------- 第三条（六）


@pytest.mark.parametrize("creditors, base, adjusted", [
    (10, "30.00", "39.00"), (60, "60.00", "78.00"), (150, "90.00", "117.00"),
    (300, "120.00", "156.00"), (600, "150.00", "195.00"),
])
def test_upgrade_is_thirty_percent_once(creditors, base, adjusted):
    r = case(creditors=creditors, upgrade=True)
    assert (r.values["base"], r.values["factor"], r.values["adjusted_base"]) == (base, "1.30", adjusted)
    assert r.values["workload"] == adjusted
    assert "bankruptcy-upgrade-once" in readings_of(r)
    assert case(creditors=creditors).values["factor"] == "1.00"


def test_upgrade_applies_to_the_base_not_to_the_additional_work():
    # 30 × 1.3 × 50% = 19.5, + 3 专题汇报 = 22.50 (not (15 + 3) × 1.3 = 23.40)
    r = run(case_type="破", procedure="破产清算", upgrade=True, milestone="完成第一次债权人会议",
            reports=3)
    assert r.values["workload"] == "22.50"


# ---------------------------------------------------------------- 第四条: every milestone


@pytest.mark.parametrize("procedure, milestone, percent",
                         [(p, m, pc) for p, lst in LISTS.items() for m, pc in lst])
def test_every_milestone_of_every_list(procedure, milestone, percent):
    # base 30 (no amount, no creditors): workload = 30 × percent / 100
    r = run(case_type=CASE_TYPE[procedure], procedure=procedure, milestone=milestone)
    expected = Decimal(30) * percent / 100
    assert r.values["workload"] == f"{expected:.2f}"
    assert r.values["progress"] == f"{Decimal(percent) / 100:.2f}"
    assert "bankruptcy-progress-cumulative" in readings_of(r)


def test_the_lists_in_code_are_the_lists_of_the_text():
    assert list(bankruptcy_workload.LIQUIDATION) == [(m, Decimal(p)) for m, p in TEXT_LIQUIDATION]
    assert list(bankruptcy_workload.COMPULSORY) == [(m, Decimal(p)) for m, p in TEXT_COMPULSORY]
    assert list(bankruptcy_workload.REORGANISATION) == \
        [(m, Decimal(p)) for m, p in TEXT_REORGANISATION]
    offered = {value for value, _ in WORKLOAD.fields[2].choices}
    assert offered == {m for lst in LISTS.values() for m, _ in lst}


@pytest.mark.parametrize("procedure, milestone", [
    ("破产清算", "完成清算方案草案"),            # 强制清算's
    ("破产清算", "完成债务人财产调查"),          # 重整's wording (破产清算 says 财产状况调查)
    ("强制清算", "宣告破产"),
    ("强制清算", "完成管理人指定"),
    ("重整", "宣告破产"),
    ("和解", "完成清算组指定"),
])
def test_a_milestone_of_another_procedure_is_an_error(procedure, milestone):
    errs = errors_of(WORKLOAD, {"case_type": CASE_TYPE[procedure], "procedure": procedure,
                                "milestone": milestone})
    assert list(errs) == ["milestone"]
    assert milestone in errs["milestone"] and "清单" in errs["milestone"]


@pytest.mark.parametrize("case_type, procedure", [("强清", "破产清算"), ("强清", "重整"),
                                                  ("破", "强制清算")])
def test_case_type_and_procedure_must_match(case_type, procedure):
    errs = errors_of(WORKLOAD, {"case_type": case_type, "procedure": procedure,
                                "milestone": "完成债权申报"})
    assert "procedure" in errs


# ---------------------------------------------------------------- conversions


def converted(old, at, end, **more):
    return run(case_type="破", procedure="破产清算", converted_from=old,
               conversion_milestone=at, milestone=end, **more)


@pytest.mark.parametrize("at, end, progress", [
    # 强制清算 -> 破产清算. The related node carries the same work; no stage twice.
    ("完成清算组指定", "完成管理人指定", "0.05"),              # 5 + (5 − 5)
    ("完成被申请人财产调查", "完成第一次债权人会议", "0.50"),  # 30 + (50 − 30)
    ("完成债权申报", "宣告破产", "0.60"),                      # 40 + (60 − 40)
    ("完成清算方案草案", "宣告破产", "0.70"),                  # 50 + (60 − 40)
    ("完成债务人债权清偿", FULL, "1.40"),                      # 80 + (100 − 40)
])
def test_compulsory_liquidation_turned_into_bankruptcy(at, end, progress):
    r = converted("强制清算", at, end)
    assert r.values["progress"] == progress
    assert r.values["workload"] == f"{Decimal(30) * Decimal(progress):.2f}"
    assert "bankruptcy-conversion" in readings_of(r)


@pytest.mark.parametrize("old", ["重整", "和解"])
@pytest.mark.parametrize("at, end, progress", [
    ("裁定批准重整计划或和解协议", "宣告破产", "0.90"),          # 80 + (60 − 50)
    ("裁定批准重整计划或和解协议", FULL, "1.30"),                # 80 + (100 − 50)
    ("完成第一次债权人会议", "宣告破产", "0.60"),                # 50 + (60 − 50)
    ("完成债务人财产调查", "宣告破产", "0.50"),                  # 20 + (60 − 30)
    ("完成管理人指定", "完成主要破产财产分配", "0.90"),          # 5 + (90 − 5)
])
def test_reorganisation_or_composition_failing(old, at, end, progress):
    r = converted(old, at, end)
    assert r.values["progress"] == progress
    assert r.values["workload"] == f"{Decimal(30) * Decimal(progress):.2f}"


def test_a_converted_compulsory_case_may_keep_its_qiangqing_number():
    r = run(case_type="强清", procedure="破产清算", converted_from="强制清算",
            conversion_milestone="完成清算方案草案", milestone="宣告破产")
    assert r.values["progress"] == "0.70"
    errs = errors_of(WORKLOAD, {"case_type": "强清", "procedure": "破产清算",
                                "converted_from": "重整",
                                "conversion_milestone": "完成债权申报", "milestone": "宣告破产"})
    assert "procedure" in errs


@pytest.mark.parametrize("old, at, end, key", [
    ("重整", "裁定批准重整计划或和解协议", "完成第一次债权人会议", "milestone"),  # before 宣告破产
    ("和解", "完成债权申报", "完成债权申报", "milestone"),
    ("强制清算", "完成债权申报", "完成职工债权调查公示", "milestone"),  # before the related node
    ("强制清算", "宣告破产", "完成主要破产财产分配", "conversion_milestone"),  # not 强制清算's
    ("重整", "完成清算方案草案", "宣告破产", "conversion_milestone"),
    ("强制清算", "完成被申请人主体注销", FULL, "conversion_milestone"),      # already ended
    ("重整", "重整计划或和解协议执行完毕", FULL, "conversion_milestone"),
    ("强制清算", "完成债权申报", "完成清算方案草案", "milestone"),        # not on 破产清算's
])
def test_bad_conversions(old, at, end, key):
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算", "converted_from": old,
                                "conversion_milestone": at, "milestone": end})
    assert key in errs


def test_conversion_needs_bankruptcy_liquidation_as_the_procedure():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "重整", "converted_from": "和解",
                                "conversion_milestone": "完成债权申报",
                                "milestone": "完成第一次债权人会议"})
    assert "converted_from" in errs


def test_conversion_inputs_only_with_a_conversion():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算",
                                "conversion_milestone": "完成债权申报", "milestone": "宣告破产"})
    assert "conversion_milestone" in errs
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算", "converted_from": "重整",
                                "milestone": "宣告破产"})
    assert "conversion_milestone" in errs   # required once converted


# ---------------------------------------------------------------- the period increment


def test_period_increment_only():
    # 12亿 -> 90; 宣告破产 60% to 裁定终结破产程序 93%: 90 × 33% = 29.70, + 1 专题汇报
    r = run(case_type="破", procedure="破产清算", claims_amount="1200000000",
            period_start_milestone="宣告破产", milestone="裁定终结破产程序", reports=1)
    v = r.values
    assert (v["progress_start"], v["progress"], v["progress_increment"]) == ("0.60", "0.93", "0.33")
    assert v["workload"] == "30.70"
    assert "bankruptcy-period" in readings_of(r)


def test_period_with_no_progress_counts_the_additional_work_only():
    r = run(case_type="强清", procedure="强制清算", period_start_milestone="宣告被申请人解散",
            milestone="宣告被申请人解散", coordination=2)
    assert (r.values["progress_increment"], r.values["workload"]) == ("0.00", "2.00")


def test_end_before_start_is_an_error():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "重整",
                                "period_start_milestone": "裁定批准重整计划或和解协议",
                                "milestone": "完成债权申报"})
    assert list(errs) == ["milestone"] and "早于" in errs["milestone"]


def test_period_start_of_another_procedure_is_an_error():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算",
                                "period_start_milestone": "完成清算组指定",
                                "milestone": "宣告破产"})
    assert "period_start_milestone" in errs


def test_period_across_a_conversion():
    # 重整 reached 作出草案 60% at the start, failed after 裁定批准 80%, declared bankrupt:
    # 80 + (60 − 50) = 90% at the end; 60 × (90% − 60%) = 18, + 1 协调会 = 19.00
    r = converted("重整", "裁定批准重整计划或和解协议", "宣告破产",
                  period_start_milestone="作出重整计划草案或和解协议草案",
                  period_start_before_conversion=True, claims_amount="500000000", creditors=30,
                  coordination=1)
    assert (r.values["progress_start"], r.values["progress"]) == ("0.60", "0.90")
    assert r.values["workload"] == "19.00"
    readings = readings_of(r)
    assert {"bankruptcy-period", "bankruptcy-conversion"} <= readings


def test_period_after_a_conversion():
    # converted before the period: start 宣告破产 = 80 + (60 − 50) = 90%,
    # end 完成主要破产财产分配 = 80 + (90 − 50) = 120%; 30 × 30% = 9.00
    r = converted("重整", "裁定批准重整计划或和解协议", "完成主要破产财产分配",
                  period_start_milestone="宣告破产")
    assert (r.values["progress_start"], r.values["progress"]) == ("0.90", "1.20")
    assert r.values["workload"] == "9.00"


@pytest.mark.parametrize("start, flag, key", [
    ("完成债权申报", False, "period_start_milestone"),       # on the new list, before 宣告破产
    ("作出重整计划草案或和解协议草案", False, "period_start_milestone"),  # old list, flag unset
    ("宣告破产", True, "period_start_milestone"),            # flag set, not on 重整's list
    ("重整计划或和解协议执行完毕", True, "period_start_milestone"),  # after the conversion
    ("裁定终结破产程序", False, "milestone"),                # after the end
])
def test_bad_period_starts_across_a_conversion(start, flag, key):
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算", "converted_from": "重整",
                                "conversion_milestone": "裁定批准重整计划或和解协议",
                                "milestone": "完成主要破产财产分配",
                                "period_start_milestone": start,
                                "period_start_before_conversion": flag})
    assert key in errs


# ---------------------------------------------------------------- 第五条


@pytest.mark.parametrize("raw, additional", [
    ({"reports": 3}, "3.00"),                    # 每份1
    ({"coordination": 4}, "4.00"),               # 每次1
    ({"restructuring_guidance": 2}, "4.00"),     # 每件2
    ({"reports": 1, "coordination": 1, "restructuring_guidance": 1}, "4.00"),
    ({"other": "1.5", "other_note": "协调职工安置"}, "1.50"),
])
def test_additional_work(raw, additional):
    # 重整, 完成管理人指定 5% of 30 = 1.5
    r = run(case_type="破", procedure="重整", milestone="完成管理人指定", **raw)
    assert r.values["additional"] == additional
    assert r.values["workload"] == f"{Decimal('1.5') + Decimal(additional):.2f}"


def test_additional_readings():
    r = run(case_type="破", procedure="重整", milestone="完成管理人指定", coordination=1,
            other="1", other_note="某项工作")
    assert {"bankruptcy-additional-each", "bankruptcy-other-work"} <= readings_of(r)


def test_restructuring_guidance_only_in_reorganisation():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产",
                                "restructuring_guidance": 1})
    assert "restructuring_guidance" in errs
    r = converted("重整", "完成债权申报", "宣告破产", restructuring_guidance=1)
    assert r.values["additional"] == "2.00"


def test_other_work_needs_a_note():
    errs = errors_of(WORKLOAD, {"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产",
                                "other": "2"})
    assert "other_note" in errs


def test_rounding_half_up_only_at_the_end():
    # 30 × 5% = 1.5; + 0.005 = 1.505 -> 1.51 (half up); + 0.004 -> 1.50
    r = run(case_type="破", procedure="重整", milestone="完成管理人指定", other="0.005",
            other_note="x")
    assert r.values["workload"] == "1.51"
    assert "bankruptcy-rounding" in readings_of(r)
    r = run(case_type="破", procedure="重整", milestone="完成管理人指定", other="0.004",
            other_note="x")
    assert r.values["workload"] == "1.50"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("raw, key", [
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "claims_amount": "-1"},
     "claims_amount"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "assets_amount": "-0.01"},
     "assets_amount"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "creditors": -1},
     "creditors"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "creditors": "1.5"},
     "creditors"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "reports": -2}, "reports"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "other": "-1",
      "other_note": "x"}, "other"),
    ({"case_type": "执"}, "case_type"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "结案"}, "milestone"),
    ({"case_type": "破", "procedure": "破产清算"}, "milestone"),
    ({"case_type": "破", "milestone": "宣告破产"}, "procedure"),
    ({"case_type": "破", "procedure": "破产清算", "milestone": "宣告破产", "judge": "x"}, "judge"),
])
def test_bad_input(raw, key):
    errs = errors_of(WORKLOAD, raw)
    assert key in errs
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in errs.values())


# ---------------------------------------------------------------- readings and cites


def test_readings_declared_and_cited():
    ids = [r.id for r in WORKLOAD.readings]
    assert len(ids) == len(set(ids))
    assert set(ids) == {
        "bankruptcy-highest-amount", "bankruptcy-amount-bounds", "bankruptcy-creditor-bands",
        "bankruptcy-creditors-500", "bankruptcy-tier-or", "bankruptcy-upgrade-once",
        "bankruptcy-progress-cumulative", "bankruptcy-conversion", "bankruptcy-period",
        "bankruptcy-additional-each", "bankruptcy-other-work", "bankruptcy-rounding", "bankruptcy-simple-closed"}
    articles = {"第一条", "第二条", "第三条", "第四条", "第五条", "第六条"}
    cites = list(WORKLOAD.cites) + [r.cite for r in WORKLOAD.readings]
    assert all(c.regulation == "bankruptcy-assessment" and c.anchor in articles for c in cites)
    assert YEAR.readings == WORKLOAD.readings
    assert MODULES["bankruptcy-workload"] == "bankruptcy_workload"
    assert MODULES["bankruptcy-year"] == "bankruptcy_year"


def test_every_line_cites_an_article_of_the_regulation():
    r = converted("重整", "裁定批准重整计划或和解协议", "宣告破产", upgrade=True, creditors=500,
                  claims_amount=str(10 * YI), period_start_milestone="完成债权申报",
                  period_start_before_conversion=True, reports=1, coordination=1,
                  restructuring_guidance=1, other="1", other_note="x")
    for line in r.lines:
        assert line.cite.regulation == "bankruptcy-assessment"
        assert line.cite.anchor in {"第二条", "第三条", "第四条", "第五条"}
    used = readings_of(r)
    assert {"bankruptcy-creditors-500", "bankruptcy-amount-bounds", "bankruptcy-upgrade-once",
            "bankruptcy-conversion", "bankruptcy-period"} <= used
    # 150 × 1.3 = 195; 40% -> 90%: 195 × 50% = 97.5; + 1 + 1 + 2 + 1 = 102.50
    assert r.values["workload"] == "102.50"


# ---------------------------------------------------------------- properties

PROCEDURES = st.sampled_from(sorted(LISTS))


@settings(max_examples=60, deadline=None)
@given(PROCEDURES, st.data())
def test_period_increments_add_up(procedure, data):
    """Crediting a case period by period gives the same as crediting it at once."""
    names = [m for m, _ in LISTS[procedure]]
    i, j = sorted(data.draw(st.lists(st.integers(0, len(names) - 1), min_size=2, max_size=2)))
    common = {"case_type": CASE_TYPE[procedure], "procedure": procedure,
              "creditors": data.draw(st.integers(0, 1000)), "upgrade": data.draw(st.booleans())}
    first = WORKLOAD.run(common | {"milestone": names[i]})
    second = WORKLOAD.run(common | {"period_start_milestone": names[i], "milestone": names[j]})
    whole = WORKLOAD.run(common | {"milestone": names[j]})
    assert Decimal(first.values["workload"]) + Decimal(second.values["workload"]) == \
        Decimal(whole.values["workload"])


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 200 * YI), st.integers(0, 200 * YI), st.integers(0, 2000))
def test_base_is_monotone_and_one_of_the_written_values(a, b, creditors):
    low, high = sorted((a, b))
    base_low = Decimal(case(claims_amount=low, creditors=creditors).values["base"])
    base_high = Decimal(case(claims_amount=high, creditors=creditors).values["base"])
    assert base_low <= base_high
    assert base_high in {Decimal(n) for n in (30, 60, 90, 120, 150)}
    more = Decimal(case(claims_amount=high, creditors=creditors + 1).values["base"])
    assert more >= base_high


# ---------------------------------------------------------------- a judge's year


def test_year_total_and_table():
    # 48 (the issue's example) + 1 (破申) + 30 × (50% − 40%) = 3 -> 52.00
    r = YEAR.run({"cases": [
        {"label": "甲", "case_type": "破", "procedure": "破产清算", "claims_amount": "300000000",
         "creditors": 120, "milestone": "完成第一次债权人会议", "reports": 2, "coordination": 1},
        {"label": "乙", "case_type": "破申"},
        {"label": "丙", "case_type": "强清", "procedure": "强制清算",
         "period_start_milestone": "完成债权申报", "milestone": "完成清算方案草案"},
    ]})
    assert r.values["total"] == "52.00"
    assert [c["workload"] for c in r.values["cases"]] == ["48.00", "1.00", "3.00"]
    assert [c["label"] for c in r.table.rows] == ["甲", "乙", "丙"]
    assert r.table.columns[0] == ("label", "案件") and r.table.columns[-1] == ("workload", "折算工作量")
    assert r.table.rows[1]["base"] == "" and r.table.rows[0]["base"] == "90.00"
    assert "bankruptcy-rounding" in readings_of(r)


def test_year_from_pasted_spreadsheet_rows():
    tsv = ("label\tcase_type\tprocedure\tcreditors\tmilestone\tupgrade\n"
           "A\t破\t重整\t600\t裁定批准重整计划或和解协议\t是\n"
           "B\t清监\n")
    r = YEAR.run({"cases": tsv})
    # 150 × 1.3 × 80% = 156; + 1
    assert r.values["total"] == "157.00"
    tsv_cn = "案号或案件名称\t案件类型\nA\t破终\nB\t清终\n"
    assert YEAR.run({"cases": tsv_cn}).values["total"] == "2.00"


def test_year_reports_the_row_and_field_of_bad_cases():
    errs = errors_of(YEAR, {"cases": [
        {"label": "甲", "case_type": "破", "procedure": "重整", "milestone": "宣告破产"},
        {"label": "乙", "case_type": "破申"},
        {"label": "丙", "case_type": "破", "procedure": "破产清算", "milestone": "宣告破产",
         "other": "1"},
    ]})
    assert set(errs) == {"cases.1.milestone", "cases.3.other_note"}
    assert "第1行（甲）" in errs["cases.1.milestone"]
    assert "cases.1.creditors" in errors_of(YEAR, {"cases": [
        {"label": "甲", "case_type": "破", "procedure": "重整", "milestone": "宣告破产",
         "creditors": -3}]})
    assert "cases" in errors_of(YEAR, {"cases": []})


def test_year_reuses_the_single_case_compute():
    assert bankruptcy_year.single is bankruptcy_workload
    assert bankruptcy_year.CASES.columns[1:] == bankruptcy_workload.FIELDS


# ---------------------------------------------------------------- examples and CLI


@pytest.mark.parametrize("name", ["bankruptcy-workload", "bankruptcy-year"])
def test_examples(name):
    cases = json.loads((ROOT / "calculators" / "examples" / f"{name}.json").read_text("utf-8"))
    assert 3 <= len(cases) <= 7
    assert any("error_keys" in c["expect"] for c in cases)
    for c in cases:
        out = cli(name, c["input"])
        if "error_keys" in c["expect"]:
            assert out.returncode == 2, c["title"]
            assert set(c["expect"]["error_keys"]) <= set(json.loads(out.stdout)["errors"])
        else:
            assert out.returncode == 0, c["title"]
            got = json.loads(out.stdout)
            assert {k: got[k] for k in c["expect"]} == c["expect"], c["title"]


def cli(name, raw):
    return subprocess.run([sys.executable, "-m", "calculators", name,
                           json.dumps(raw, ensure_ascii=False)],
                          capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


def test_cli_success_and_failure():
    out = cli("bankruptcy-workload", {"case_type": "破", "procedure": "破产清算",
                                      "claims_amount": "300000000", "creditors": 120,
                                      "milestone": "完成第一次债权人会议", "reports": 2,
                                      "coordination": 1})
    assert out.returncode == 0
    got = json.loads(out.stdout)
    assert got["workload"] == "48.00"
    assert got["breakdown"][0]["article"]["anchor"] == "第三条"
    out = cli("bankruptcy-workload", {"case_type": "破", "procedure": "强制清算",
                                      "milestone": "宣告破产"})
    assert out.returncode == 2
    got = json.loads(out.stdout)
    assert "error" in got and "procedure" in got["errors"]
    out = cli("bankruptcy-year", {"cases": [{"label": "x", "case_type": "破申"}]})
    assert out.returncode == 0 and json.loads(out.stdout)["table"]["rows"][0]["workload"] == "1.00"


def test_year_refuses_the_same_case_entered_twice(tmp_path):
    """The reading bankruptcy-conversion: 同一案件只录入一次. A 案号 entered twice would be
    counted twice (48 + 48 + 1 = 97): refused, naming both rows; the 案号 is compared
    with full-width brackets and spaces aside."""
    import io

    import openpyxl

    case = {"label": "(2026)破1号", "case_type": "破", "procedure": "破产清算", "claims_amount": "300000000",
            "creditors": 120, "milestone": "完成第一次债权人会议", "reports": 2, "coordination": 1}
    with pytest.raises(InputError) as err:
        YEAR.run({"cases": [case, {"label": "(2026)破申3号", "case_type": "破申"},
                            {**case, "label": "（2026）破1号 "}]})
    assert list(err.value.errors) == ["cases.3.label"]
    message = err.value.errors["cases.3.label"]
    assert "第3行" in message and "与第1行是同一案号" in message and "同一案件只录入一次" in message
    assert YEAR.run({"cases": [case, {"label": "(2026)破申3号", "case_type": "破申"}]}).values["total"] == "49.00"
    # from a file: the rows named by their lines in the file
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["破产案件工作量统计表"])
    ws.append(["案号", "案件类型", "程序", "债权人人数", "已完成的最后一个节点（期末）"])
    ws.append(["(2026)破1号", "破", "破产清算", 120, "完成第一次债权人会议"])
    ws.append(["(2026)破申3号", "破申", None, None, None])
    ws.append(["(2026)破1号", "破", "破产清算", 120, "完成第一次债权人会议"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "案件.xlsx"
    path.write_bytes(buf.getvalue())
    out = subprocess.run([sys.executable, "-m", "calculators", "bankruptcy-year", "--xlsx", str(path)],
                         cwd=ROOT, capture_output=True, timeout=60)
    assert out.returncode == 2 and out.stdout == b""
    err_text = out.stderr.decode()
    assert "第5行（(2026)破1号）" in err_text and "与第3行是同一案号" in err_text, err_text


def test_a_one_to_one_case_counts_when_closed_and_says_so():
    """第二条（一）按普通一审民商事案件1:1; （二）“办结完一件普通一审民商事案件的工作量为1”:
    a 破申 case counts 1 in the period it was closed, and the result says so."""
    out = WORKLOAD.run({"case_type": "破申"}).to_json()
    assert out["workload"] == "1.00"
    assert any(b["reading"] == "bankruptcy-simple-closed" for b in out["breakdown"])
    assert any("未办结的，本期不计" in w for w in out["warnings"])
