"""annual-assessment: 绩效考核实施细则 第五条、第六条、第八条、第十七条.

Expected figures are worked out by hand from the text of the articles (and the issue's
example), never by calling the calculator a second way."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import get
from calculators.engine import InputError

ROOT = Path(__file__).resolve().parent.parent
CALC = get("annual-assessment")
EXAMPLES = json.loads((ROOT / "calculators/examples/annual-assessment.json").read_text(encoding="utf-8"))


def run(**raw) -> dict:
    return CALC.run(raw).to_json()


def errors(**raw) -> dict:
    with pytest.raises(InputError) as err:
        CALC.run(raw)
    return err.value.errors


def judge(**over) -> dict:
    """A judge who exactly meets the target (200 × 90% = 180), quality 40, nothing else."""
    raw = {"category": "judge", "baseline_cases": 200, "court_closure_rate": "90",
           "cases_closed": 180, "quality_score": "40", "absence_ratio": "0",
           "smart_system_rate": "100", "assigned_tasks": 0}
    raw.update(over)
    return run(**raw)


def role(category: str, **over) -> dict:
    raw = {"category": category, "pretrial": "10", "trial": "20", "posttrial": "20",
           "quality_total": "4", "assigned_work": "5", "absence_ratio": "0", "smart_system_rate": "100",
           "unit_judge_rating": "5", "department_rating": "5", "leader_rating": "5"}
    raw.update(over)
    return run(**raw)


def readings(out: dict) -> set[str]:
    return {r["id"] for r in out["readings"]}


# ---------------------------------------------------------------- the examples


# The example cases run for every calculator in tests/test_examples_cpython.py
# (and under Pyodide and in the page).

def test_issue_example_closure():
    # 200 × 93% = 186; 200 closed = 14 more: 30 + 14 × 0.1 = 31.4
    out = run(category="judge", baseline_cases=200, court_closure_rate="93", cases_closed=200,
              quality_score="0")
    assert out["cases_target"] == "186.00"
    assert out["closure"] == "31.40"


# ---------------------------------------------------------------- 第五条（一）1 结案数量


@pytest.mark.parametrize("closed, score", [
    (180, "30.00"),     # 完成年结案数量的，记30分
    (181, "30.10"),     # 每多结1件，加0.1分
    (179, "29.90"),     # 每少结1件，减0.1分
    (279, "39.90"),
    (280, "40.00"),     # 100 more: 30 + 10 = 40, the weight
    (281, "40.00"),     # kept within 分值40分
    (0, "12.00"),       # 180 fewer: 30 − 18
])
def test_closure(closed, score):
    assert judge(cases_closed=closed)["closure"] == score


def test_closure_floor_at_zero():
    # target 1000 × 100% = 1000; 600 closed = 400 fewer: 30 − 40 = −10 → 0
    out = judge(baseline_cases=1000, court_closure_rate="100", cases_closed=600)
    assert out["closure"] == "0.00"
    assert "assessment-part-within-weight" in readings(out)


def test_closure_ceiling_reading():
    out = judge(cases_closed=281)
    assert "assessment-part-within-weight" in readings(out)
    assert "assessment-part-within-weight" not in readings(judge(cases_closed=280))


def test_closure_fractional_target():
    # 150 × 93% = 139.5, not rounded: 140 closed = 0.5 more: 30 + 0.05
    out = judge(baseline_cases=150, court_closure_rate="93", cases_closed=140)
    assert out["cases_target"] == "139.50"
    assert out["closure"] == "30.05"
    assert "assessment-closure-target" in readings(out)
    assert "assessment-closure-target" not in readings(judge())


# ---------------------------------------------------------------- 第五条（一）2 审判质效


@pytest.mark.parametrize("rank, size, quality", [
    (1, 10, "43.00"), (2, 10, "42.00"), (3, 10, "41.00"), (4, 10, "40.00"),
    (7, 10, "40.00"), (8, 10, "39.00"), (9, 10, "38.00"), (10, 10, "37.00"),
])
def test_judge_ranking_bonus(rank, size, quality):
    # 前三名分别加3分、2分、1分；后三名分别减1分、2分、3分
    assert judge(quality_rank=rank, quality_group_size=size)["quality"] == quality


def test_judge_quality_limits():
    assert judge(quality_score="45", quality_rank=1, quality_group_size=10)["quality"] == "45.00"
    assert judge(quality_score="1", quality_rank=10, quality_group_size=10)["quality"] == "0.00"
    assert judge(quality_score="45")["quality"] == "45.00"
    assert judge(quality_score="0")["quality"] == "0.00"
    assert sorted(errors(**{**_judge_raw(), "quality_score": "45.01"})) == ["quality_score"]
    assert sorted(errors(**{**_judge_raw(), "quality_score": "-0.01"})) == ["quality_score"]


def test_judge_quality_entered_reading():
    assert "assessment-judge-quality-entered" in readings(judge())


def test_small_group_reading():
    # 4 people: the 2nd is also 3rd from the bottom: + 2 − 1 = + 1
    out = judge(quality_rank=2, quality_group_size=4)
    assert out["quality"] == "41.00"
    assert "ranking-small-group" in readings(out)
    assert "ranking-small-group" not in readings(judge(quality_rank=2, quality_group_size=6))


def test_rank_needs_group_size():
    assert list(errors(**{**_judge_raw(), "quality_rank": 2})) == ["quality_group_size"]
    assert list(errors(**{**_judge_raw(), "quality_group_size": 5})) == ["quality_rank"]
    # a rank beyond the group: under both (either may be the one mistyped)
    assert sorted(errors(**{**_judge_raw(), "quality_rank": 6, "quality_group_size": 5})) == ["quality_group_size", "quality_rank"]
    assert list(errors(**{**_judge_raw(), "quality_rank": 0, "quality_group_size": 5})) == ["quality_rank"]


def _judge_raw() -> dict:
    return {"category": "judge", "baseline_cases": 200, "court_closure_rate": "90",
            "cases_closed": 180, "quality_score": "40"}


# ---------------------------------------------------------------- 第五条（二）自身建设


@pytest.mark.parametrize("key, count, score", [
    ("absences", 3, "4.70"),            # 每次减0.1分
    ("criticisms", 2, "3.00"),          # 每次减1分
    ("clues", 4, "5.40"),               # 每件加0.1分
    ("info_court", 1, "5.10"),          # 本院 0.1
    ("info_intermediate", 1, "5.20"),   # 中院 0.2
    ("info_provincial", 1, "5.50"),     # 省院 0.5
    ("info_supreme", 1, "6.00"),        # 最高院 1
    ("research_court", 2, "5.20"),
    ("research_intermediate", 2, "5.40"),
    ("research_provincial", 2, "6.00"),
    ("research_supreme", 2, "7.00"),
])
def test_self_building_counts(key, count, score):
    assert judge(**{key: count})["self_building"] == score


def test_self_building_base_is_five():
    assert judge()["self_building"] == "5.00"


@pytest.mark.parametrize("ratio, score", [("30", "5.00"), ("30.01", "4.00"), ("100", "4.00")])
def test_absence_ratio_threshold(ratio, score):
    # 全年超过30%活动不能参加的，减1分: 30% itself is not 超过
    assert judge(absence_ratio=ratio)["self_building"] == score


def test_absences_and_ratio_both_apply():
    # 5 unexcused absences − 0.5 and over 30% − 1: 5 − 1.5 = 3.5
    out = judge(absences=5, absence_ratio="40")
    assert out["self_building"] == "3.50"
    assert "assessment-absences-both" in readings(out)


@pytest.mark.parametrize("rate, score", [("80", "5.00"), ("79.99", "4.00"), ("0", "4.00")])
def test_smart_system_threshold(rate, score):
    # 所办案件使用率不足80%的，减1分: 80% itself is not 不足
    assert judge(smart_system_rate=rate)["self_building"] == score


def test_rates_left_blank_warn():
    out = run(**_judge_raw())
    assert out["self_building"] == "5.00"
    assert any("智审系统使用率" in w for w in out["warnings"])
    assert any("全年不能参加活动的比例" in w for w in out["warnings"])


def test_petition_deductions():
    assert judge(petition_cases=2, petition_deductions="2.5")["self_building"] == "2.50"
    assert sorted(errors(**{**_judge_raw(), "petition_deductions": "-0.5"})) == ["petition_deductions"]


def test_held_accountable_zero():
    # 被追究责任的，此项不得分: additions do not count either
    out = judge(held_accountable=True, info_supreme=3, clues=5)
    assert out["self_building"] == "0.00"
    assert "assessment-held-accountable" in readings(out)


def test_self_building_limits():
    assert judge(info_supreme=6)["self_building"] == "10.00"      # 5 + 6 → 10
    assert judge(info_supreme=5)["self_building"] == "10.00"
    assert judge(criticisms=6)["self_building"] == "0.00"         # 5 − 6 → 0
    assert judge(criticisms=5)["self_building"] == "0.00"
    assert "assessment-part-within-weight" in readings(judge(info_supreme=6))


def test_adoption_reading():
    assert "assessment-adoptions-per-level" in readings(judge(info_intermediate=1, info_provincial=1))
    assert judge(info_intermediate=1, info_provincial=1)["self_building"] == "5.70"


def test_negative_count_rejected():
    errs = errors(**{**_judge_raw(), "absences": -1})
    assert list(errs) == ["absences"] and "无故不参加集体活动次数" in errs["absences"]


# ---------------------------------------------------------------- 第五条（三）主管领导评价


@pytest.mark.parametrize("tasks, score", [(0, "0.00"), (1, "1.00"), (5, "5.00"), (6, "5.00"), (40, "5.00")])
def test_judge_leader(tasks, score):
    out = judge(assigned_tasks=tasks)
    assert out["leader"] == score
    assert "assessment-judge-leader-tasks" in readings(out)


def test_judge_total_is_sum_of_parts():
    out = judge(cases_closed=200, quality_rank=1, quality_group_size=8, clues=3, assigned_tasks=2)
    # closure 30 + 2 = 32; quality 43; self 5.3; leader 2
    assert (out["closure"], out["quality"], out["self_building"], out["leader"]) == (
        "32.00", "43.00", "5.30", "2.00")
    assert out["performance"] == "75.00"
    assert out["total"] == "82.30"


# ---------------------------------------------------------------- 第六条 法官助理、书记员


@pytest.mark.parametrize("category, key, limit", [
    ("assistant", "pretrial", "20"), ("assistant", "trial", "20"), ("assistant", "posttrial", "20"),
    ("clerk", "pretrial", "10"), ("clerk", "trial", "25"), ("clerk", "posttrial", "25"),
])
def test_role_work_weights(category, key, limit):
    base = {"category": category, "pretrial": "5", "trial": "5", "posttrial": "5", "quality_total": "4",
            "assigned_work": "5", "unit_judge_rating": "5", "department_rating": "5", "leader_rating": "5"}
    out = run(**{**base, key: limit})
    assert out[key] == f"{limit}.00"
    errs = errors(**{**base, key: str(Decimal(limit) + Decimal("0.01"))})
    assert list(errs) == [key] and f"不能超过{limit}分" in errs[key]


@pytest.mark.parametrize("category, total, quality", [
    ("assistant", "8", "15.00"),   # 8 ÷ 8 × 15
    ("assistant", "4", "7.50"),    # 4 ÷ 8 × 15
    ("assistant", "7", "13.13"),   # 13.125, half up
    ("clerk", "9", "15.00"),       # 9 ÷ 9 × 15
    ("clerk", "6", "10.00"),       # 6 ÷ 9 × 15
    ("clerk", "1", "1.67"),        # 1.666…
])
def test_role_quality_scaled(category, total, quality):
    out = role(category, quality_total=total)
    assert out["quality"] == quality
    assert "assessment-role-quality-scale" in readings(out)


def test_role_quality_raw_and_entered():
    assert role("assistant", quality_mode="raw", quality_total="7")["quality"] == "7.00"
    out = role("clerk", quality_mode="entered", quality_total=None, quality_points="12.5")
    assert out["quality"] == "12.50"
    assert list(errors(**{"category": "clerk", "pretrial": "5", "trial": "5", "posttrial": "5",
                          "quality_mode": "entered", "quality_points": "15.5", "assigned_work": "5",
                          "unit_judge_rating": "5", "department_rating": "5",
                          "leader_rating": "5"})) == ["quality_points"]


def test_role_quality_maximum_per_role():
    # 分解办法：法官助理 3 + 1 + 3 + 1 = 8，书记员 3 + 3 + 1 + 2 = 9
    errs = errors(**{"category": "assistant", "pretrial": "5", "trial": "5", "posttrial": "5",
                     "quality_total": "8.5", "assigned_work": "5", "unit_judge_rating": "5",
                     "department_rating": "5", "leader_rating": "5"})
    assert list(errs) == ["quality_total"] and "8分" in errs["quality_total"]
    assert role("clerk", quality_total="8.5")["quality"] == "14.17"   # 8.5 ÷ 9 × 15 = 14.1666…


def test_role_quality_ranking_and_limits():
    # scaled 15 + 3 kept at 15; 4 → 7.5, last of 10 → 4.5; raw 1 − 3 → 0
    assert role("assistant", quality_total="8", quality_rank=1, quality_group_size=10)["quality"] == "15.00"
    assert role("assistant", quality_total="4", quality_rank=10, quality_group_size=10)["quality"] == "4.50"
    assert role("clerk", quality_mode="raw", quality_total="1", quality_rank=10,
                quality_group_size=10)["quality"] == "0.00"


def test_role_self_building_base():
    # base 2.5 (half of 5, as the judges' 5 of 10); the judges' additions and deductions
    out = role("assistant")
    assert out["self_building"] == "2.50"
    assert "assessment-role-self-base" in readings(out)
    assert role("clerk", info_provincial=1)["self_building"] == "3.00"
    assert role("clerk", info_supreme=3)["self_building"] == "5.00"      # 5.5 kept at 5
    assert role("clerk", criticisms=3)["self_building"] == "0.00"        # −0.5 kept at 0
    assert role("clerk", smart_system_rate="79")["self_building"] == "1.50"
    assert role("clerk", held_accountable=True, clues=3)["self_building"] == "0.00"


def test_role_ratings_limits():
    for key in ("unit_judge_rating", "department_rating", "leader_rating"):
        errs = errors(**{"category": "assistant", "pretrial": "5", "trial": "5", "posttrial": "5",
                         "quality_total": "4", "assigned_work": "5", "unit_judge_rating": "5",
                         "department_rating": "5", "leader_rating": "5", key: "5.5"})
        assert list(errs) == [key]


def test_role_total():
    # assistant: 10 + 20 + 20 + 7.5 + 5 = 62.5; self 2.5; ratings 5 + 5 + 5
    out = role("assistant")
    assert out["performance"] == "62.50"
    assert out["total"] == "80.00"
    # clerk: 10 + 20 + 20 + 6.67 (4 ÷ 9 × 15) + 5 = 61.67
    out = role("clerk")
    assert out["quality"] == "6.67"
    assert out["performance"] == "61.67"
    assert out["total"] == "79.17"


# ---------------------------------------------------------------- 第八条 司法行政人员


def admin(**over) -> dict:
    raw = {"category": "admin", "uncompleted_items": 0, "self_building_score": "20", "leader_rating": "10"}
    raw.update(over)
    return run(**raw)


@pytest.mark.parametrize("items, score", [(0, "70.00"), (1, "69.00"), (70, "0.00"), (71, "0.00")])
def test_admin_work(items, score):
    assert admin(uncompleted_items=items)["performance"] == score


def test_admin_limits():
    assert admin()["total"] == "100.00"
    for key, bad in (("self_building_score", "20.01"), ("leader_rating", "10.01")):
        with pytest.raises(InputError) as err:
            CALC.run({"category": "admin", "uncompleted_items": 0, "self_building_score": "20",
                      "leader_rating": "10", key: bad})
        assert list(err.value.errors) == [key]
    assert "assessment-admin-self-entered" in readings(admin())


def test_field_of_another_category_rejected():
    errs = errors(category="admin", uncompleted_items=0, self_building_score="20", leader_rating="10",
                  quality_score="40")
    assert list(errs) == ["quality_score"] and "不适用" in errs["quality_score"]


# ---------------------------------------------------------------- 第十七条 分段考核


def test_segments_average():
    # this segment 100; others 80 and 90: (100 + 80 + 90) ÷ 3 = 90
    out = admin(segments=[{"post": "书记员", "total": "80"}, {"total": "90"}])
    assert out["segment_total"] == "100.00"
    assert out["total"] == "90.00"
    assert "assessment-segments-mean" in readings(out)


def test_segments_rounding_half_up():
    # (100 + 60.01) ÷ 2 = 80.005 → 80.01
    assert admin(segments=[{"total": "60.01"}])["total"] == "80.01"


def test_segments_pasted_from_spreadsheet():
    out = admin(segments="岗位或时段\t得分\n书记员（1—3月）\t80\n")
    assert out["total"] == "90.00"


def test_segments_bad_row():
    errs = errors(category="admin", uncompleted_items=0, self_building_score="20", leader_rating="10",
                  segments=[{"total": "101"}])
    assert list(errs) == ["segments.1.total"]


def test_no_segments():
    out = admin()
    assert out["segment_total"] == out["total"] == "100.00"


# ---------------------------------------------------------------- bad input, citations, CLI


def test_unknown_category_and_key():
    assert list(errors(category="police")) == ["category"]
    errs = errors(**{**_judge_raw(), "bonus_points": "3"})
    assert list(errs) == ["bonus_points"]


def test_every_line_cites_an_article():
    allowed = {(c.regulation, c.anchor) for c in CALC.cites}
    for out in (judge(quality_rank=2, quality_group_size=4, cases_closed=300, held_accountable=True),
                role("assistant"), role("clerk", quality_mode="raw"),
                admin(segments=[{"total": "80"}])):
        for line in out["breakdown"]:
            article = line["article"]
            assert article and (article["regulation"], article["anchor"]) in allowed
        declared = {r.id for r in CALC.readings}
        assert readings(out) <= declared


def test_readings_are_declared_once():
    ids = [r.id for r in CALC.readings]
    assert len(ids) == len(set(ids))
    assert all(r.cite.regulation in ("performance-assessment", "trial-quality-breakdown") for r in CALC.readings)


def _cli(*args: str, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "calculators", "annual-assessment", *args], cwd=ROOT,
                          capture_output=True, text=True, input=stdin, timeout=60)


def test_cli_ok():
    raw = json.dumps(EXAMPLES[0]["input"], ensure_ascii=False)
    proc = _cli(raw)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["closure"] == "31.40" and out["total"] == "82.60"
    proc = _cli(stdin=raw)
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == "82.60"


def test_cli_bad_input():
    proc = _cli('{"category": "judge", "baseline_cases": 200, "court_closure_rate": 93, '
                '"cases_closed": 180, "quality_score": 50}')
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert "error" in out and list(out["errors"]) == ["quality_score"]
    assert "审判质效得分" in out["error"]


# ---------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(baseline=st.integers(1, 400), rate=st.decimals("0.01", "100", places=2), closed=st.integers(0, 600),
       quality=st.decimals("0", "45", places=2), rank=st.integers(1, 30), absences=st.integers(0, 40),
       supreme=st.integers(0, 10), tasks=st.integers(0, 10), criticisms=st.integers(0, 12))
def test_judge_total_bounded_and_summed(baseline, rate, closed, quality, rank, absences, supreme, tasks,
                                        criticisms):
    out = run(category="judge", baseline_cases=baseline, court_closure_rate=f"{rate}%", cases_closed=closed,
              quality_score=str(quality), quality_rank=rank, quality_group_size=30, absences=absences,
              info_supreme=supreme, assigned_tasks=tasks, criticisms=criticisms)
    parts = {k: Decimal(out[k]) for k in ("closure", "quality", "self_building", "leader")}
    assert Decimal(0) <= parts["closure"] <= 40
    assert Decimal(0) <= parts["quality"] <= 45
    assert Decimal(0) <= parts["self_building"] <= 10
    assert Decimal(0) <= parts["leader"] <= 5
    assert Decimal(out["performance"]) == parts["closure"] + parts["quality"]
    assert Decimal(out["total"]) == sum(parts.values())
    assert Decimal(0) <= Decimal(out["total"]) <= 100


@settings(max_examples=60, deadline=None)
@given(closed=st.integers(0, 400))
def test_closure_monotone_in_cases(closed):
    lower = Decimal(judge(cases_closed=closed)["closure"])
    higher = Decimal(judge(cases_closed=closed + 1)["closure"])
    assert lower <= higher <= lower + Decimal("0.1")


@pytest.mark.parametrize("category, words", [("assistant", "二、法官助理负责的工作内容"),
                                             ("clerk", "三、书记员负责的工作内容")])
def test_breakdown_part_is_cited_once_numbered(category, words):
    """The 分解办法's part cited as its heading reads (二、…), not 二二、."""
    out = run(category=category, pretrial="9", trial="19", posttrial="17.5", quality_total="6",
              assigned_work="4.5", unit_judge_rating="4.5", department_rating="4", leader_rating="4.5")
    cites = {b["article"]["label"] for b in out["breakdown"] if b["article"]
             and b["article"]["label"].startswith("审判质效指标任务分解办法")}
    assert f"审判质效指标任务分解办法（编者拟题） {words}" in cites, cites
    assert not any("二二" in c or "三三" in c for c in cites)


def test_a_judge_short_of_the_annual_case_target_is_said_to_have_unfinished_cases():
    """第十二条 “未完成办案任务的员额法官，不得评定为称职及以上等次”: 139 closed against a
    年结案数量 of 150 × 93% = 139.5 is said so, in a line (READING_UNFINISHED) and a warning;
    meeting it exactly is not."""
    out = judge(baseline_cases=150, court_closure_rate="93", cases_closed=139)
    assert out["unfinished_cases"] is True
    line = next(b for b in out["breakdown"] if "未完成办案任务" in b["label"])
    assert line["article"]["anchor"] == "第十二条" and line["reading"] == "assessment-unfinished-cases"
    assert any("不得评定为称职及以上等次" in w for w in out["warnings"])
    met = judge()
    assert met["unfinished_cases"] is False and not any("未完成办案任务" in w for w in met["warnings"])


def test_a_court_closure_rate_of_zero_is_refused():
    """第五条（一）1: 年结案数量 = 基准 × 全院年平均结案率; at 0 % every judge would meet it."""
    raw = {"category": "judge", "baseline_cases": 100, "court_closure_rate": "0", "cases_closed": 1,
           "quality_score": "40"}
    assert "应大于0" in errors(**raw)["court_closure_rate"]


def test_a_judges_leader_rating_when_given_is_the_score_else_the_tasks():
    """第五条（三）: the leader “给予综合评价”; “完成领导交办的其他工作事项每次加1分；最高加5分”.
    An entered 综合评价 (0–5) is the 主管领导评价; without it the tasks count, 1 each, at most 5."""
    assert judge(judge_leader_rating="4.5")["leader"] == "4.50"
    assert judge(judge_leader_rating="4.5", assigned_tasks=3)["leader"] == "4.50"
    assert judge(assigned_tasks=3)["leader"] == "3.00" and judge(assigned_tasks=7)["leader"] == "5.00"
    assert "5" in errors(**{"category": "judge", "baseline_cases": 200, "court_closure_rate": "90",
                            "cases_closed": 180, "quality_score": "40", "judge_leader_rating": "5.5"})["judge_leader_rating"]
