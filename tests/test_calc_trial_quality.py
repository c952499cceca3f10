"""trial-quality and trial-quality-team: 审判质效指标任务分解办法 一、二、三、四, and the ranking
bonus of 绩效考核实施细则 第五条、第六条. Every expected score is worked out by hand from the
article's words (shown beside each case), never by calling the code a second way."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import get
from calculators.engine import InputError

ROOT = Path(__file__).resolve().parent.parent
CALC = get("trial-quality")
TEAM = get("trial-quality-team")

# inputs that earn full marks on every indicator of the role
FULL = {
    "judge": {"closure_rate": "96", "closure_filing_ratio": "100", "on_time_rate": "99",
              "cases_closed": 400, "provincial_avg_cases": "200", "summary_procedure_rate": "80",
              "acceptance_rate": "90", "assessor_rate": "95", "remand_rate": "1",
              "reversal_rate": "2", "pending_3_5_years": 0, "pending_over_5_years": 0,
              "hearing_violations": 0, "livestream_rate": "25"},
    "mediation": {"diversion_rate": "60", "resolution_rate": "60"},
    "filing": {"online_filing_rate": "90", "provincial_online_filing_rate": "80",
               "online_payment_rate": "90", "provincial_online_payment_rate": "80"},
    "assistant": {"mediation_withdrawal_rate": "60", "provincial_mediation_withdrawal_rate": "20",
                  "process_disclosure_rate": "100", "judgment_disclosure_rate": "100",
                  "online_cross_exam_count": 20, "provincial_online_cross_exam_count": "10"},
    "clerk": {"recording_rate": "100", "e_archive_rate": "100", "transcript_disclosure_rate": "100",
              "online_service_rate": "90", "provincial_online_service_rate": "80",
              "online_hearing_rate": "90", "provincial_online_hearing_rate": "80"},
}
MAX_TOTAL = {"judge": "70.00", "mediation": "20.00", "filing": "2.00", "assistant": "8.00",
             "clerk": "9.00"}


def run(role: str, extra: dict | None = None, **overrides) -> dict:
    indicators = dict(FULL[role])
    indicators.update({k: (str(v) if isinstance(v, (float, D)) else v) for k, v in overrides.items()})
    raw = {"role": role, "indicators": indicators, **(extra or {})}
    return json.loads(json.dumps(CALC.run(raw).to_json(), ensure_ascii=False))


def score(role: str, key: str, extra: dict | None = None, **overrides) -> str:
    return run(role, extra, **overrides)["scores"][key]


def errors(raw: dict, calc=CALC) -> dict:
    with pytest.raises(InputError) as err:
        calc.run(raw)
    return err.value.errors


# ---------------------------------------------------------------- full marks


@pytest.mark.parametrize("role", list(FULL))
def test_full_marks_for_every_role(role):
    out = run(role)
    assert out["total"] == MAX_TOTAL[role]
    assert out["max_total"] == MAX_TOTAL[role]
    assert out["next_steps"] == {}


def test_score_keys_per_role():
    assert list(run("judge")["scores"]) == [
        "closure_rate", "closure_filing_ratio", "on_time_rate", "cases_per_judge",
        "summary_procedure_rate", "acceptance_rate", "assessor_rate", "remand_rate",
        "reversal_rate", "long_pending", "hearing_violations", "livestream_rate"]
    assert list(run("mediation")["scores"]) == ["diversion_rate", "resolution_rate"]
    assert list(run("filing")["scores"]) == ["online_filing_rate", "online_payment_rate"]
    assert list(run("assistant")["scores"]) == ["mediation_withdrawal_rate", "process_disclosure_rate",
                                                "judgment_disclosure_rate", "e_court"]
    assert list(run("clerk")["scores"]) == ["recording_rate", "e_archive_rate",
                                            "transcript_disclosure_rate", "e_court"]


# ---------------------------------------------------------------- 一（一）1 结案率 (3分)
# 高于95%得3分，高于94%得2分，高于93%得1分，低于93%的不得分


@pytest.mark.parametrize("value,expected", [
    ("100", "3.00"), ("95.01", "3.00"),
    ("95", "2.00"),                 # 高于 excludes the number
    ("94.01", "2.00"), ("94", "1.00"), ("93.01", "1.00"),
    ("93", "0.00"),                 # reading trial-quality-closure-gap
    ("92.99", "0.00"), ("0", "0.00"),
])
def test_closure_rate(value, expected):
    assert score("judge", "closure_rate", closure_rate=value) == expected


# ---------------------------------------------------------------- 一（一）2 结收比 (2分)
# 达到98%以上得2分，每低1个百分点扣0.5分；达到94%以上的得分0.5分，低于94%得0分


@pytest.mark.parametrize("value,expected", [
    ("150", "2.00"),                # a court may close more than it receives
    ("98", "2.00"),
    ("97.9", "1.95"),               # 2 − 0.5 × 0.1
    ("97.5", "1.75"),               # 2 − 0.5 × 0.5
    ("96", "1.00"),                 # 2 − 0.5 × 2
    ("95", "0.50"),                 # 2 − 0.5 × 3
    ("94.5", "0.50"),               # formula 0.25, but 达到94%以上 0.5
    ("94", "0.50"),
    ("93.99", "0.00"), ("0", "0.00"),
])
def test_closure_filing_ratio(value, expected):
    assert score("judge", "closure_filing_ratio", closure_filing_ratio=value) == expected


# ---------------------------------------------------------------- 一（一）3 审限内结案率 (5分)
# 达到98%，每低1个百分点扣1分；达到93%得1分，低于93%得0分


@pytest.mark.parametrize("value,expected", [
    ("100", "5.00"), ("98", "5.00"),
    ("97.9", "4.90"), ("95.5", "2.50"),
    ("94", "1.00"),                 # 5 − 4
    ("93.5", "1.00"),               # formula 0.5, 达到93%得1分
    ("93", "1.00"), ("92.99", "0.00"), ("0", "0.00"),
])
def test_on_time_rate(value, expected):
    assert score("judge", "on_time_rate", on_time_rate=value) == expected


# ---------------------------------------------------------------- 一（一）4 人均结案数 (10分)
# 高于全省平均值的每多1件得0.06分，最多10分；高于100件加6分，高于166件得10分


@pytest.mark.parametrize("cases,avg,expected", [
    (199, "200", "0.00"), (200, "200", "0.00"),   # none at or below the average
    (201, "200", "0.06"),
    (300, "200", "6.00"),                         # 100 × 0.06 = 6 (the text's own example)
    (366, "200", "9.96"),                         # 166 × 0.06
    (367, "200", "10.00"),                        # 高于166件 → 10 (167 × 0.06 = 10.02, capped)
    (1000, "200", "10.00"),
    (0, "0", "0.00"),
    (201, "200.5", "0.03"),                       # 0.5 × 0.06, proportional
    (366, "200.5", "9.93"),                       # 165.5 × 0.06
    (367, "200.5", "10.00"),                      # 166.5 > 166 → 10 (not 9.99)
])
def test_cases_per_judge(cases, avg, expected):
    assert score("judge", "cases_per_judge", cases_closed=cases, provincial_avg_cases=avg) == expected


# ---------------------------------------------------------------- 一（一）5 简易程序适用率 (3分)
# 达到75%得3分，每低1个百分点扣0.3分；低于65%不得分


@pytest.mark.parametrize("value,expected", [
    ("100", "3.00"), ("75", "3.00"), ("74.9", "2.97"), ("70", "1.50"),
    ("65.01", "0.00"),              # 3 − 0.3 × 9.99 = 0.003 → 0.00
    ("66", "0.30"), ("65", "0.00"), ("64.99", "0.00"), ("0", "0.00"),
])
def test_summary_procedure_rate(value, expected):
    assert score("judge", "summary_procedure_rate", summary_procedure_rate=value) == expected


# ---------------------------------------------------------------- 一（一）6 服判息诉率 (10分)
# 达到85%以上得10分，每低1个百分点扣0.2分；低于35%的得0分


@pytest.mark.parametrize("value,expected", [
    ("85", "10.00"), ("84.5", "9.90"), ("60", "5.00"), ("36", "0.20"),
    ("35", "0.00"), ("34.99", "0.00"), ("0", "0.00"), ("100", "10.00"),
])
def test_acceptance_rate(value, expected):
    assert score("judge", "acceptance_rate", acceptance_rate=value) == expected


# ---------------------------------------------------------------- 一（一）7 陪审员适用率 (6分; reading)
# （6分）达到90%得10分，每低1个百分点扣1分；低于60%的得0分 → weight 6


@pytest.mark.parametrize("value,expected", [
    ("100", "6.00"), ("90", "6.00"),             # 6, not the body's 10
    ("89.99", "5.99"), ("89.5", "5.50"), ("85", "1.00"),
    ("84", "0.00"), ("70", "0.00"),
    ("60", "0.00"), ("59.99", "0.00"),           # the 低于60% clause is moot
])
def test_assessor_rate(value, expected):
    assert score("judge", "assessor_rate", assessor_rate=value) == expected


# ---------------------------------------------------------------- 一（一）8、9 发回重审率、改判率 (10分 each)
# 低于2%（3%）得10分，每高1个百分点扣1分；高于12%（13%）得0分


@pytest.mark.parametrize("value,expected", [
    ("0", "10.00"), ("1.99", "10.00"), ("2", "10.00"), ("2.01", "9.99"), ("2.5", "9.50"),
    ("7", "5.00"), ("11.99", "0.01"), ("12", "0.00"), ("12.01", "0.00"), ("100", "0.00"),
])
def test_remand_rate(value, expected):
    assert score("judge", "remand_rate", remand_rate=value) == expected


@pytest.mark.parametrize("value,expected", [
    ("0", "10.00"), ("2.99", "10.00"), ("3", "10.00"), ("3.5", "9.50"), ("8", "5.00"),
    ("12.99", "0.01"), ("13", "0.00"), ("13.01", "0.00"),
])
def test_reversal_rate(value, expected):
    assert score("judge", "reversal_rate", reversal_rate=value) == expected


# ---------------------------------------------------------------- 一（一）10 长期未结 (6分; reading)
# 三年以上五年以下每件扣0.5分；五年以上每件扣1分；12件、6件以上为0分


@pytest.mark.parametrize("mid,old,expected", [
    (0, 0, "6.00"), (1, 0, "5.50"), (0, 1, "5.00"),
    (11, 0, "0.50"), (12, 0, "0.00"), (13, 0, "0.00"),
    (0, 5, "1.00"), (0, 6, "0.00"), (0, 7, "0.00"),
    (4, 3, "1.00"),                 # 6 − 2 − 3, the two deductions added up
    (2, 5, "0.00"), (10, 5, "0.00"),  # never below 0
])
def test_long_pending(mid, old, expected):
    assert score("judge", "long_pending", pending_3_5_years=mid,
                 pending_over_5_years=old) == expected


# ---------------------------------------------------------------- 一（一）11 庭审违规 (2分)
# 每件扣0.1分；达到20件的得0分


@pytest.mark.parametrize("value,expected", [
    (0, "2.00"), (1, "1.90"), (10, "1.00"), (19, "0.10"), (20, "0.00"), (25, "0.00"),
])
def test_hearing_violations(value, expected):
    assert score("judge", "hearing_violations", hearing_violations=value) == expected


# ---------------------------------------------------------------- 一（一）12 庭审直播 (3分)
# 达到20%以上得3分，每低1个百分点扣0.15分；0%得0分


@pytest.mark.parametrize("value,expected", [
    ("100", "3.00"), ("20", "3.00"),
    ("19.9", "2.99"),               # 3 − 0.015 = 2.985 → 2.99 (half up)
    ("15", "2.25"), ("10", "1.50"), ("0.01%", "0.00"), ("0", "0.00"),
])
def test_livestream_rate(value, expected):
    assert score("judge", "livestream_rate", livestream_rate=value) == expected


# ---------------------------------------------------------------- 一（二） 诉前分流率、化解率 (10分 each)
# 达到30%的得6分，每高1百分点加0.2分，加分不超过4分；达到（高于）50%得10分，每低于1个百分点扣0.2分


@pytest.mark.parametrize("key", ["diversion_rate", "resolution_rate"])
@pytest.mark.parametrize("value,expected", [
    ("100", "10.00"), ("50.01", "10.00"), ("50", "10.00"), ("49", "9.80"),
    ("31", "6.20"), ("30", "6.00"), ("29", "5.80"),   # 30% → 6, both sentences agree
    ("1", "0.20"), ("0", "0.00"),
])
def test_mediation_rates(key, value, expected):
    assert score("mediation", key, **{key: value}) == expected


# ---------------------------------------------------------------- 一（三） 立案庭 (1分 each; reading)


@pytest.mark.parametrize("value,avg,expected", [
    ("85", "85", "1.00"),           # not below the average
    ("85.01", "85", "1.00"), ("84.99", "85", "0.00"), ("0", "0", "1.00"), ("100", "100", "1.00"),
])
def test_filing_against_provincial_average(value, avg, expected):
    assert score("filing", "online_filing_rate", online_filing_rate=value,
                 provincial_online_filing_rate=avg) == expected
    assert score("filing", "online_payment_rate", online_payment_rate=value,
                 provincial_online_payment_rate=avg) == expected


# ---------------------------------------------------------------- 二1 调撤率 (3分; reading with a switch)


@pytest.mark.parametrize("value,expected", [
    ("19", "0.00"), ("20", "0.00"),          # at or below the average: 0 (default reading)
    ("20.01", "0.00"),                       # 0.001 → 0.00
    ("21", "0.10"), ("35", "1.50"), ("49", "2.90"),
    ("50", "3.00"),                          # 30 points above: 3
    ("50.01", "3.00"), ("100", "3.00"),
])
def test_mediation_withdrawal_default_reading(value, expected):
    assert score("assistant", "mediation_withdrawal_rate", mediation_withdrawal_rate=value,
                 provincial_mediation_withdrawal_rate="20") == expected


@pytest.mark.parametrize("value,expected", [
    ("19.99", "0.00"), ("20", "3.00"), ("20.01", "3.00"), ("60", "3.00"),
])
def test_mediation_withdrawal_reach_average_reading(value, expected):
    extra = {"mediation_withdrawal_reading": "reach_average"}
    assert score("assistant", "mediation_withdrawal_rate", extra, mediation_withdrawal_rate=value,
                 provincial_mediation_withdrawal_rate="20") == expected


def test_mediation_withdrawal_explicit_default_equals_default():
    a = run("assistant", {"mediation_withdrawal_reading": "per_point"}, mediation_withdrawal_rate="25")
    b = run("assistant", mediation_withdrawal_rate="25")
    assert a["scores"] == b["scores"]
    assert a["scores"]["mediation_withdrawal_rate"] == "0.50"    # 5 × 0.1


# ---------------------------------------------------------------- 二2、3 公开率


@pytest.mark.parametrize("value,expected", [
    ("100", "1.00"), ("99.99", "1.00"),      # 1 − 0.002 = 0.998 → 1.00
    ("99", "0.80"), ("97.5", "0.50"), ("96", "0.20"),
    ("95", "0.00"), ("94.99", "0.00"), ("0", "0.00"),
])
def test_process_disclosure_rate(value, expected):
    assert score("assistant", "process_disclosure_rate", process_disclosure_rate=value) == expected


@pytest.mark.parametrize("value,expected", [
    ("100", "3.00"), ("99", "2.85"), ("90", "1.50"), ("81", "0.15"),
    ("80", "0.00"), ("79.99", "0.00"), ("0", "0.00"),
])
def test_judgment_disclosure_rate(value, expected):
    assert score("assistant", "judgment_disclosure_rate", judgment_disclosure_rate=value) == expected


# ---------------------------------------------------------------- 二4 电子法院应用 (1分)


@pytest.mark.parametrize("count,avg,expected", [
    (10, "10", "1.00"), (11, "10", "1.00"), (9, "10", "0.00"),
    (9, "9.5", "0.00"), (10, "9.5", "1.00"), (0, "0", "1.00"),
])
def test_assistant_e_court(count, avg, expected):
    assert score("assistant", "e_court", online_cross_exam_count=count,
                 provincial_online_cross_exam_count=avg) == expected


# ---------------------------------------------------------------- 三1、2 庭审录像率、电子卷宗归档率 (3分 each)
# 达到100%得3分，每低1个百分点扣0.1分；低于70%的0分


@pytest.mark.parametrize("key", ["recording_rate", "e_archive_rate"])
@pytest.mark.parametrize("value,expected", [
    ("100", "3.00"), ("99", "2.90"), ("85", "1.50"), ("71", "0.10"),
    ("70", "0.00"), ("69.99", "0.00"), ("0", "0.00"),
])
def test_recording_and_archive(key, value, expected):
    assert score("clerk", key, **{key: value}) == expected


# ---------------------------------------------------------------- 三3 庭审笔录公开率 (1分; reading: the cliff)
# 达到100%的得1分，每低1个百分点扣0.1分；低于95%的得0分


@pytest.mark.parametrize("value,expected", [
    ("100", "1.00"), ("99", "0.90"), ("97.5", "0.75"),
    ("95", "0.50"),                 # 1 − 0.5
    ("94.99", "0.00"),              # 低于95% → 0: the cliff
    ("0", "0.00"),
])
def test_transcript_disclosure_rate(value, expected):
    assert score("clerk", "transcript_disclosure_rate", transcript_disclosure_rate=value) == expected


# ---------------------------------------------------------------- 三4 电子法院应用 (2分: 1 + 1)


@pytest.mark.parametrize("service,hearing,expected", [
    (("80", "80"), ("80", "80"), "2.00"),
    (("80", "80"), ("79.99", "80"), "1.00"),
    (("79.99", "80"), ("90", "80"), "1.00"),
    (("10", "80"), ("10", "80"), "0.00"),
])
def test_clerk_e_court(service, hearing, expected):
    assert score("clerk", "e_court", online_service_rate=service[0],
                 provincial_online_service_rate=service[1], online_hearing_rate=hearing[0],
                 provincial_online_hearing_rate=hearing[1]) == expected


# ---------------------------------------------------------------- 四 rounding of data (reading trial-quality-rounding)


def test_inputs_are_rounded_half_up_to_two_places_before_scoring():
    # 95.004 → 95.00, not 高于95% → 2; 95.005 → 95.01 → 3
    assert score("judge", "closure_rate", closure_rate="95.004") == "2.00"
    assert score("judge", "closure_rate", closure_rate="95.005") == "3.00"
    out = run("judge", closure_rate="95.004")
    assert any(b["reading"] == "trial-quality-rounding" and "95.004" in b["label"]
               for b in out["breakdown"])


def test_total_is_sum_of_rounded_scores():
    # livestream 19.9 → 2.985 → 2.99; everything else full: 70 − 3 + 2.99
    assert run("judge", livestream_rate="19.9")["total"] == "69.99"


def test_judge_worked_example():
    out = run("judge", closure_rate="94.5", closure_filing_ratio="96.5", on_time_rate="93.5",
              cases_closed=300, provincial_avg_cases="200", summary_procedure_rate="70",
              acceptance_rate="80", assessor_rate="88.5", remand_rate="2.5", reversal_rate="1",
              pending_3_5_years=2, pending_over_5_years=1, hearing_violations=3,
              livestream_rate="15")
    # 2 + 1.25 + 1 + 6 + 1.5 + 9 + 4.5 + 9.5 + 10 + 4 + 1.7 + 2.25
    assert out["total"] == "52.70"
    assert set(out["next_steps"]) == set(out["scores"]) - {"reversal_rate"}


# ---------------------------------------------------------------- next steps


def test_next_steps_only_below_full_marks():
    out = run("judge", closure_rate="94.5")
    assert list(out["next_steps"]) == ["closure_rate"]
    assert "高于95%" in out["next_steps"]["closure_rate"]


def test_next_step_of_the_steps_indicator_is_the_next_tier():
    text = run("judge", closure_rate="93")["next_steps"]["closure_rate"]
    assert "高于93%才得1分" in text and "高于95%" in text


def test_next_step_names_the_jump_to_the_floor():
    text = run("judge", closure_filing_ratio="90")["next_steps"]["closure_filing_ratio"]
    assert "达到94%可得0.5分" in text and "高于95%" in text and "达到98%" in text
    text = run("judge", on_time_rate="92")["next_steps"]["on_time_rate"]
    assert "达到93%可得1分" in text


def test_next_step_of_a_cliff():
    text = run("clerk", transcript_disclosure_rate="90")["next_steps"]["transcript_disclosure_rate"]
    assert "达到95%可得0.5分" in text


def test_next_step_where_the_line_starts_rising():
    text = run("judge", assessor_rate="50")["next_steps"]["assessor_rate"]
    assert "高于84%" in text           # 90 − 6 / 1, not the moot 60%
    text = run("judge", remand_rate="20")["next_steps"]["remand_rate"]
    assert "低于12%" in text and "降至2%" in text


def test_next_step_against_the_average():
    text = run("judge", cases_closed=150)["next_steps"]["cases_per_judge"]
    assert "高于全省基层法院平均值200件" in text and "高于366件" in text
    text = run("filing", online_filing_rate="70")["next_steps"]["online_filing_rate"]
    assert "80%" in text
    text = run("assistant", mediation_withdrawal_rate="20")["next_steps"]["mediation_withdrawal_rate"]
    assert "0.1分" in text and "高于50%" in text


def test_next_steps_appear_as_lines_too():
    out = run("mediation", diversion_rate="40")
    sentence = out["next_steps"]["diversion_rate"]
    assert any(b["label"] == f"下一档：{sentence}" for b in out["breakdown"])


# ---------------------------------------------------------------- readings: declared, attached, cited


def test_every_reading_is_declared_once_and_cites_its_clause():
    ids = [r.id for r in CALC.readings]
    assert len(ids) == len(set(ids))
    expected = {"trial-quality-inclusive", "trial-quality-proportional", "trial-quality-rounding",
                "trial-quality-closure-gap", "trial-quality-closure-filing-floor",
                "trial-quality-on-time-floor", "trial-quality-cases-per-judge",
                "trial-quality-assessor-weight", "trial-quality-long-pending",
                "trial-quality-mediation-withdrawal", "trial-quality-provincial-average",
                "trial-quality-transcript", "trial-quality-one-formula", "trial-quality-total"}
    assert set(ids) == expected
    anchors = {r.id: r.cite.anchor for r in CALC.readings}
    assert anchors["trial-quality-assessor-weight"] == "一（一）7"
    assert anchors["trial-quality-mediation-withdrawal"] == "二1"
    assert anchors["trial-quality-inclusive"] == "四"


ALLOWED_ANCHORS = ({f"一（一）{i}" for i in range(1, 13)} | {"一（二）1", "一（二）2", "一（三）1",
                   "一（三）2", "四"} | {f"二{i}" for i in range(1, 7)} | {f"三{i}" for i in range(1, 7)})


def test_cites_use_existing_heading_ids_only():
    for calc in (CALC, TEAM):
        for cite in list(calc.cites) + [r.cite for r in calc.readings]:
            if cite.regulation == "trial-quality-breakdown":
                assert cite.anchor in ALLOWED_ANCHORS, cite
            else:
                assert (cite.regulation, cite.anchor) in {("performance-assessment", "第五条"),
                                                          ("performance-assessment", "第六条")}


@pytest.mark.parametrize("role,reading", [
    ("judge", "trial-quality-closure-gap"), ("judge", "trial-quality-closure-filing-floor"),
    ("judge", "trial-quality-on-time-floor"), ("judge", "trial-quality-cases-per-judge"),
    ("judge", "trial-quality-assessor-weight"), ("judge", "trial-quality-long-pending"),
    ("judge", "trial-quality-one-formula"), ("mediation", "trial-quality-one-formula"),
    ("filing", "trial-quality-provincial-average"), ("assistant", "trial-quality-mediation-withdrawal"),
    ("clerk", "trial-quality-transcript"), ("clerk", "trial-quality-provincial-average"),
])
def test_readings_shown_beside_the_indicator(role, reading):
    out = run(role)
    assert reading in {r["id"] for r in out["readings"]}
    assert any(b["reading"] == reading and b["article"] for b in out["breakdown"])


def test_general_readings_always_shown():
    ids = {r["id"] for r in run("filing")["readings"]}
    assert {"trial-quality-inclusive", "trial-quality-proportional", "trial-quality-rounding",
            "trial-quality-total"} <= ids


def test_every_line_with_an_amount_cites_an_article():
    for role in FULL:
        for b in run(role)["breakdown"]:
            if b["amount"] is not None:
                assert b["article"] is not None


def test_unscored_items_are_warned_about():
    assert any("二、5" in w for w in run("assistant")["warnings"])
    assert any("三、5" in w for w in run("clerk")["warnings"])


# ---------------------------------------------------------------- bad input


def test_share_above_100_names_the_field():
    errs = errors({"role": "judge", "indicators": {**FULL["judge"], "closure_rate": "100.01"}})
    assert list(errs) == ["indicators.closure_rate"]
    assert "结案率" in errs["indicators.closure_rate"] and "100" in errs["indicators.closure_rate"]


def test_negative_share_names_the_field():
    errs = errors({"role": "clerk", "indicators": {**FULL["clerk"], "recording_rate": "-1"}})
    assert "庭审录像率" in errs["indicators.recording_rate"]


def test_closure_filing_ratio_alone_may_exceed_100():
    assert score("judge", "closure_filing_ratio", closure_filing_ratio="250") == "2.00"
    errs = errors({"role": "judge", "indicators": {**FULL["judge"], "closure_filing_ratio": "-0.5"}})
    assert "结收比" in errs["indicators.closure_filing_ratio"]


@pytest.mark.parametrize("key,value,label", [
    ("pending_3_5_years", -1, "三年以上五年以下长期未结案件数"),
    ("hearing_violations", -2, "违规庭审数"),
    ("cases_closed", "12.5", "年终结案数"),        # a count is an integer
    ("provincial_avg_cases", "-3", "全省基层法院法官人均结案数"),
    ("acceptance_rate", "abc", "一审服判息诉率"),
])
def test_bad_counts_and_numbers(key, value, label):
    errs = errors({"role": "judge", "indicators": {**FULL["judge"], key: value}})
    assert list(errs) == [f"indicators.{key}"]
    assert label in errs[f"indicators.{key}"]


def test_missing_key_names_the_field():
    indicators = dict(FULL["judge"])
    del indicators["livestream_rate"]
    errs = errors({"role": "judge", "indicators": indicators})
    assert errs == {"indicators.livestream_rate": "「中国庭审公开网直播率」必须填写"}


def test_unknown_role():
    errs = errors({"role": "president", "indicators": {}})
    assert "role" in errs and "人员类别" in errs["role"]


def test_missing_role():
    assert "role" in errors({"indicators": FULL["clerk"]})


def test_unknown_key():
    errs = errors({"role": "filing", "indicators": {**FULL["filing"], "bonus": "1"}})
    assert errs == {"indicators.bonus": "未知的输入项“indicators.bonus”"}


def test_key_of_another_role():
    errs = errors({"role": "filing", "indicators": {**FULL["filing"], "closure_rate": "96"}})
    assert list(errs) == ["indicators.closure_rate"]
    assert "结案率" in errs["indicators.closure_rate"]


def test_withdrawal_switch_only_for_assistants():
    errs = errors({"role": "clerk", "mediation_withdrawal_reading": "reach_average",
                   "indicators": FULL["clerk"]})
    assert list(errs) == ["mediation_withdrawal_reading"]
    errs = errors({"role": "assistant", "mediation_withdrawal_reading": "half",
                   "indicators": FULL["assistant"]})
    assert list(errs) == ["mediation_withdrawal_reading"]


def test_not_an_object():
    assert errors([1, 2]) == {"": "输入应为一个 JSON 对象"}


# ---------------------------------------------------------------- fields: the page shows only the role's fields


def test_indicator_fields_show_only_for_their_role():
    for f in CALC.fields:
        if f.key.startswith("indicators."):
            (role,) = f.show_if["role"]
            assert f.key.split(".", 1)[1] in FULL[role]
    keys = {f.key.split(".", 1)[1] for f in CALC.fields if f.key.startswith("indicators.")}
    assert keys == {k for ind in FULL.values() for k in ind}


# ---------------------------------------------------------------- hypothesis


RATE = st.decimals(min_value=0, max_value=100, places=2)
COUNT = st.integers(min_value=0, max_value=500)


@st.composite
def judge_inputs(draw):
    # written with "%": a rate between 0 and 1 without it reads like a fraction and is refused
    data = {k: f"{draw(RATE)}%" for k in FULL["judge"] if not isinstance(FULL["judge"][k], int)}
    data["closure_filing_ratio"] = f"{draw(st.decimals(min_value=0, max_value=300, places=2))}%"
    data["provincial_avg_cases"] = str(draw(st.decimals(min_value=0, max_value=400, places=2)))
    for k in ("cases_closed", "pending_3_5_years", "pending_over_5_years", "hearing_violations"):
        data[k] = draw(COUNT)
    return data


WEIGHTS = {"closure_rate": D(3), "closure_filing_ratio": D(2), "on_time_rate": D(5),
           "cases_per_judge": D(10), "summary_procedure_rate": D(3), "acceptance_rate": D(10),
           "assessor_rate": D(6), "remand_rate": D(10), "reversal_rate": D(10),
           "long_pending": D(6), "hearing_violations": D(2), "livestream_rate": D(3)}


@settings(max_examples=150, deadline=None)
@given(judge_inputs())
def test_every_score_within_its_weight_and_total_is_their_sum(data):
    out = CALC.run({"role": "judge", "indicators": data}).to_json()
    scores = {k: D(v) for k, v in out["scores"].items()}
    for key, value in scores.items():
        assert D(0) <= value <= WEIGHTS[key]
        assert value == value.quantize(D("0.01"))
        assert (key in out["next_steps"]) == (value < WEIGHTS[key])
    assert D(out["total"]) == sum(scores.values())


@settings(max_examples=100, deadline=None)
@given(RATE, RATE)
def test_better_rates_never_score_less(a, b):
    low, high = min(a, b), max(a, b)
    for key in ("closure_rate", "on_time_rate", "summary_procedure_rate", "acceptance_rate",
                "assessor_rate", "livestream_rate", "closure_filing_ratio"):
        assert D(score("judge", key, **{key: f"{low}%"})) <= D(score("judge", key, **{key: f"{high}%"}))
    for key in ("remand_rate", "reversal_rate"):   # lower is better
        assert D(score("judge", key, **{key: f"{high}%"})) <= D(score("judge", key, **{key: f"{low}%"}))


# ---------------------------------------------------------------- the team


def team(role: str, people, extra: dict | None = None) -> dict:
    raw = {"role": role, "people": people, **(extra or {})}
    return json.loads(json.dumps(TEAM.run(raw).to_json(), ensure_ascii=False))


def mediation_row(name, diversion, resolution):
    return {"name": name, "diversion_rate": diversion, "resolution_rate": resolution}


def test_team_ranking_with_a_tie_in_a_group_of_seven():
    people = [mediation_row("张一", "50", "50"),   # 10 + 10 = 20
              mediation_row("王二", "45", "50"),   # 9 + 10 = 19
              mediation_row("李三", "40", "40"),   # 8 + 8 = 16
              mediation_row("赵四", "40", "40"),   # 16, tied third
              mediation_row("钱五", "30", "35"),   # 6 + 7 = 13
              mediation_row("孙六", "20", "25"),   # 4 + 5 = 9
              mediation_row("周七", "10", "0")]    # 2 + 0 = 2
    out = team("mediation", people)
    got = [(p["name"], p["total"], p["rank"], p["bonus"]) for p in out["people"]]
    assert got == [("张一", "20.00", 1, "3.00"), ("王二", "19.00", 2, "2.00"),
                   ("李三", "16.00", 3, "1.00"), ("赵四", "16.00", 3, "1.00"),
                   ("钱五", "13.00", 5, "-1.00"), ("孙六", "9.00", 6, "-2.00"),
                   ("周七", "2.00", 7, "-3.00")]
    assert "ranking-ties" in {r["id"] for r in out["readings"]}
    assert "ranking-small-group" not in {r["id"] for r in out["readings"]}


def test_team_sorted_by_rank_ties_keep_input_order():
    out = team("mediation", [mediation_row("后", "10", "10"), mediation_row("甲", "50", "50"),
                             mediation_row("乙", "50", "50")])
    assert [p["name"] for p in out["people"]] == ["甲", "乙", "后"]
    # three people, reading ranking-small-group: 1st +3 −1, tied 1st the same, 3rd +1 −3
    assert [p["bonus"] for p in out["people"]] == ["2.00", "2.00", "-2.00"]
    assert "ranking-small-group" in {r["id"] for r in out["readings"]}


def test_team_of_one():
    out = team("mediation", [mediation_row("独", "50", "50")])
    assert out["people"][0]["rank"] == 1 and out["people"][0]["bonus"] == "0.00"


def test_team_table_columns_and_rows():
    out = team("clerk", [{"name": "A", **FULL["clerk"]}, {"name": "B", **FULL["clerk"],
                                                           "recording_rate": "90"}])
    table = out["table"]
    # each indicator's score under its own key and label, apart from the input of the same
    # name (an export carries both: 庭审录像率 the rate, 庭审录像率得分 the points)
    assert [c[0] for c in table["columns"]] == ["name", "recording_rate_score", "e_archive_rate_score",
                                                "transcript_disclosure_rate_score", "e_court_score", "total",
                                                "rank", "bonus", "bonus_note"]
    assert table["columns"][1] == ["recording_rate_score", "庭审录像率得分"]
    assert table["rows"][1]["recording_rate_score"] == "2.00"      # 3 − 0.1 × 10
    assert table["rows"][1]["total"] == "8.00"
    assert table["rows"][0]["bonus"] == "1.00"                # 2 people: +3 − 2


def test_team_from_pasted_tab_separated_text_with_chinese_headers():
    text = ("姓名\t网上立案率\t全省基层法院网上立案率平均值\t网上缴费率\t全省基层法院网上缴费率平均值\r\n"
            "甲\t90\t85\t90\t85\r\n乙\t90\t85\t80\t85\r\n丙\t80\t85\t90\t85\r\n丁\t80\t85\t80\t85\r\n")
    out = team("filing", text)
    got = [(p["name"], p["total"], p["rank"], p["bonus"]) for p in out["people"]]
    # four people: 1st +3; tied 2nd +2 −1; 4th −3
    assert got == [("甲", "2.00", 1, "3.00"), ("乙", "1.00", 2, "1.00"),
                   ("丙", "1.00", 2, "1.00"), ("丁", "0.00", 4, "-3.00")]


def test_team_from_pasted_text_with_keys():
    text = "name\tdiversion_rate\tresolution_rate\nA\t50\t50\nB\t30\t30\n"
    out = team("mediation", text)
    assert [p["total"] for p in out["people"]] == ["20.00", "12.00"]


def test_team_bonus_cites_article_five_for_judges_and_six_for_clerks():
    judge_out = team("judge", [{"name": "甲", **FULL["judge"]}])
    clerk_out = team("clerk", [{"name": "乙", **FULL["clerk"]}])
    assert any(b["article"] and b["article"]["anchor"] == "第五条" and b["amount"] == "0.00"
               for b in judge_out["breakdown"])
    assert any(b["article"] and b["article"]["anchor"] == "第六条" and b["amount"] == "0.00"
               for b in clerk_out["breakdown"])


def test_team_assistant_switch():
    row = {"name": "甲", **FULL["assistant"], "mediation_withdrawal_rate": "20"}
    assert team("assistant", [row])["people"][0]["scores"]["mediation_withdrawal_rate"] == "0.00"
    out = team("assistant", [row], {"mediation_withdrawal_reading": "reach_average"})
    assert out["people"][0]["scores"]["mediation_withdrawal_rate"] == "3.00"


def test_team_bad_rows():
    errs = errors({"role": "filing", "people": [{"name": "甲", "online_filing_rate": "90",
                                                   "provincial_online_filing_rate": "85",
                                                   "online_payment_rate": "90",
                                                   "closure_rate": "95"}]}, TEAM)
    assert set(errs) == {"people.1.provincial_online_payment_rate", "people.1.closure_rate"}
    assert "第1行" in errs["people.1.closure_rate"] and "结案率" in errs["people.1.closure_rate"]
    errs = errors({"role": "mediation", "people": [mediation_row("", "10", "10")]}, TEAM)
    assert "people.1.name" in errs
    errs = errors({"role": "mediation", "people": [mediation_row("甲", "101", "10")]}, TEAM)
    assert list(errs) == ["people.1.diversion_rate"]
    assert "第1行" in errs["people.1.diversion_rate"]
    errs = errors({"role": "mediation", "people": []}, TEAM)
    assert list(errs) == ["people"]
    errs = errors({"role": "mediation", "people": "姓名\t奖金\n甲\t1"}, TEAM)
    assert "奖金" in errs["people"]


# ---------------------------------------------------------------- examples (CPython)


def _subset(expected, actual) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k])
                                                for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(expected) == len(actual)
                and all(_subset(e, a) for e, a in zip(expected, actual)))
    return expected == actual


@pytest.mark.parametrize("name", ["trial-quality", "trial-quality-team"])
def test_examples(name):
    cases = json.loads((ROOT / "calculators" / "examples" / f"{name}.json").read_text("utf-8"))
    assert 3 <= len(cases) <= 6
    assert any("error_keys" in c["expect"] for c in cases)
    calc = get(name)
    for case in cases:
        if "error_keys" in case["expect"]:
            assert sorted(errors(case["input"], calc)) == sorted(case["expect"]["error_keys"])
        else:
            out = json.loads(json.dumps(calc.run(case["input"]).to_json(), ensure_ascii=False))
            assert _subset(case["expect"], out), case["title"]


# ---------------------------------------------------------------- command line


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_cli_ok():
    raw = json.dumps({"role": "mediation", "indicators": {"diversion_rate": 40,
                                                          "resolution_rate": 55.5}})
    done = cli("trial-quality", raw)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["scores"] == {"diversion_rate": "8.00", "resolution_rate": "10.00"}
    assert out["total"] == "18.00"


def test_cli_bad_input_exits_2():
    raw = json.dumps({"role": "judge", "indicators": {"closure_rate": 101}})
    done = cli("trial-quality", raw)
    assert done.returncode == 2
    out = json.loads(done.stdout)
    assert "error" in out and "indicators.closure_rate" in out["errors"]
    assert "Traceback" not in done.stderr


def test_cli_team_on_stdin():
    raw = json.dumps({"role": "mediation", "people": [mediation_row("甲", "50", "50"),
                                                      mediation_row("乙", "30", "30")]},
                     ensure_ascii=False)
    done = cli("trial-quality-team", stdin=raw)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [(p["name"], p["bonus"]) for p in out["people"]] == [("甲", "1.00"), ("乙", "-1.00")]
    assert out["table"]["rows"][0]["name"] == "甲"


def test_cli_team_bad_input_exits_2():
    done = cli("trial-quality-team", json.dumps({"role": "nobody", "people": []}))
    assert done.returncode == 2
    assert "role" in json.loads(done.stdout)["errors"]


def test_an_indicators_words_are_quoted_in_the_articles_order():
    """The calculators QA of 2026-12-01: 结案率's 条文 read “高于95%的得3分；…；结案率（3分）；低于
    93%的不得分”, its heading spliced in after the brackets. The words now follow the article:
    the heading, the brackets (or items), the rest."""
    from calculators import trial_quality as tq
    by_key = {i.key: tq.words(i) for i in tq.indicators_for("judge")}
    assert by_key["closure_rate"] == "结案率（3分）；高于95%的得3分；高于94%得2分；高于93%得1分；低于93%的不得分"
    assert by_key["long_pending"].startswith("长期未结、久押不决案件（6分）；三年以上、五年以下长期未结案件每件扣0.5分")
