"""team-grading: 绩效考核实施细则 第十二条（等次、20%、不得评为称职的情形）、第十四条（奖金档次）.

Expected grades and amounts are worked out by hand from the articles, never by calling the
calculator a second way."""
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
from calculators.team_grading import POOLS

ROOT = Path(__file__).resolve().parent.parent
CALC = get("team-grading")
EXAMPLES = json.loads((ROOT / "calculators/examples/team-grading.json").read_text(encoding="utf-8"))


def run(people: list[dict], standard: str = "10000") -> dict:
    return CALC.run({"standard_bonus": standard, "people": people}).to_json()


def errors(people, standard="10000") -> dict:
    with pytest.raises(InputError) as err:
        CALC.run({"standard_bonus": standard, "people": people})
    return err.value.errors


def team(scores: list[str], category: str = "judge", **flags_by_name) -> list[dict]:
    """People P1, P2, … with the scores given; flags_by_name: {"P3": {"admonished": True}}."""
    people = [{"name": f"P{i}", "category": category, "score": s} for i, s in enumerate(scores, 1)]
    for p in people:
        p.update(flags_by_name.get(p["name"], {}))
    return people


def readings(out: dict) -> set[str]:
    return {r["id"] for r in out["readings"]}


# ---------------------------------------------------------------- examples


# The example cases run for every calculator in tests/test_examples_cpython.py
# (and under Pyodide and in the page).

# ---------------------------------------------------------------- 第十二条 20%


@pytest.mark.parametrize("n, cap", [(1, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3), (23, 4)])
def test_excellent_cap_rounded_down(n, cap):
    # 优秀等次的人员不超过全院同类考核总人数的20%: floor(n × 20%)
    scores = [str(100 - i) for i in range(n)]
    out = run(team(scores))
    assert out["excellent_cap"] == {"judge": cap}
    excellent = [name for name, g in out["grades"].items() if g == "优秀"]
    assert excellent == [f"P{i}" for i in range(1, cap + 1)]


def test_cap_per_category():
    people = team(["90", "89", "88", "87", "86"]) + team(["90", "89", "88", "87"], "clerk")
    for p in people[5:]:
        p["name"] = "C" + p["name"]
    out = run(people)
    assert out["excellent_cap"] == {"judge": 1, "auxiliary": 0}   # 书记员 counted as 审判辅助人员
    assert out["grades"]["P1"] == "优秀" and out["grades"]["CP1"] == "称职"
    assert any("多类人员" in w for w in out["warnings"])


def test_tie_at_the_cut_goes_to_committee():
    # 10 people, 2 places: 95 is in; 90, 90 tie for the one left
    out = run(team(["95", "90", "90", "85", "80", "80", "75", "70", "65", "61"]))
    assert out["grades"]["P1"] == "优秀"
    assert out["grades"]["P2"] == out["grades"]["P3"] == "待定（优秀或称职）"
    assert out["pending"] == ["P2", "P3"]
    assert out["bonuses"]["P2"] == ""
    assert "grading-tie-at-cut" in readings(out)
    rows = {r["name"]: r for r in out["table"]["rows"]}
    assert "剩余1个优秀名额" in rows["P2"]["reasons"]
    assert "10500.00" in rows["P2"]["reasons"] and "10000.00" in rows["P2"]["reasons"]


def test_tie_inside_the_quota_is_no_problem():
    # 10 people, 2 places, two tied at the top: both in
    out = run(team(["95", "95", "90", "85", "80", "80", "75", "70", "65", "61"]))
    assert [out["grades"][f"P{i}"] for i in (1, 2, 3)] == ["优秀", "优秀", "称职"]
    assert out["pending"] == []
    assert "grading-tie-at-cut" not in readings(out)


def test_tie_below_the_cut_is_no_problem():
    out = run(team(["95", "94", "90", "90", "80", "80", "75", "70", "65", "61"]))
    assert out["grades"]["P3"] == out["grades"]["P4"] == "称职"
    assert out["pending"] == []


def test_everyone_tied():
    out = run(team(["80"] * 5))
    assert out["pending"] == ["P1", "P2", "P3", "P4", "P5"]
    assert out["total_bonus"] == "0.00"


# ---------------------------------------------------------------- 第十二条 the bars


@pytest.mark.parametrize("score, grade", [("60", "称职"), ("59.99", "基本称职"), ("0", "基本称职")])
def test_sixty_points(score, grade):
    # 低于60分（不含60分），不得评为称职及以上等次
    out = run(team(["99", score]))
    assert out["grades"]["P2"] == grade
    if grade == "基本称职":
        assert "P2" in out["committee"]
        assert "grading-default-basic" in readings(out)


@pytest.mark.parametrize("flag, grade", [
    ("unfinished_cases", "基本称职"),
    ("admonished", "基本称职"),
    ("disciplined", "不称职"),
])
def test_bar_flags_even_for_the_best_score(flag, grade):
    out = run(team(["99", "90", "85", "80", "75"], P1={flag: True}))
    assert out["grades"]["P1"] == grade
    # the place goes to the next best
    assert out["grades"]["P2"] == "优秀"


def test_default_basic_flagged_for_committee():
    out = run(team(["99", "90", "85", "80", "75"], P1={"admonished": True}))
    assert "P1" in out["committee"]
    row = next(r for r in out["table"]["rows"] if r["name"] == "P1")
    assert "可以评定为不称职" in row["reasons"]


def test_disciplined_not_left_to_committee():
    out = run(team(["99", "50"], P1={"disciplined": True}, P2={"disciplined": True}))
    assert out["grades"] == {"P1": "不称职", "P2": "不称职"}
    assert out["committee"] == []


def test_unfinished_cases_only_for_judges():
    errs = errors(team(["90"], "clerk", P1={"unfinished_cases": True}))
    assert list(errs) == ["people.1.unfinished_cases"] and "员额法官" in errs["people.1.unfinished_cases"]


def test_serious_error_flagged_not_decided():
    out = run(team(["99", "90", "85", "80", "75"], P3={"serious_error": True}))
    assert out["grades"]["P3"] == "称职"
    assert out["committee"] == ["P3"]
    assert "grading-serious-error" in readings(out)


def test_leave_over_six_months_not_assessed_nor_counted():
    # 5 scored + 1 on long leave: 5 counted, 1 place; the one on leave gets no bonus (第十八条)
    people = team(["99", "90", "85", "80", "75"]) + [
        {"name": "L", "category": "judge", "leave_over_six_months": True}]
    out = run(people)
    assert out["excellent_cap"] == {"judge": 1}
    assert out["grades"]["L"] == "不参加考核"
    assert out["tiers"]["L"] == "不发放"
    assert out["bonuses"]["L"] == "0.00"
    # 4 people + 1 on leave: 4 counted, no place
    assert run(people[1:])["excellent_cap"] == {"judge": 0}


def test_seconded_graded_by_committee_and_counted():
    # 4 scored + 1 seconded: 5 counted → 1 place
    people = team(["99", "90", "85", "80"]) + [
        {"name": "S", "category": "judge", "seconded_over_six_months": True}]
    out = run(people)
    assert out["excellent_cap"] == {"judge": 1}
    assert out["grades"]["S"] == "由委员会确定"
    assert out["bonuses"]["S"] == ""
    assert "S" in out["committee"]
    assert out["grades"]["P1"] == "优秀"
    assert "grading-headcount" in readings(out)


def test_score_required_unless_out():
    errs = errors([{"name": "A", "category": "judge"}])
    assert list(errs) == ["people.1.score"]


# ---------------------------------------------------------------- 第十二条 院领导


def test_leader_excellent_is_flagged_without_a_number():
    people = team(["99", "90", "85", "80", "75"], P1={"leader": True})
    out = run(people)
    assert out["grades"]["P1"] == "优秀"
    assert "P1" in out["committee"]
    assert "grading-leaders" in readings(out)
    row = next(r for r in out["table"]["rows"] if r["name"] == "P1")
    assert "从严控制" in row["reasons"]


# ---------------------------------------------------------------- 第十四条 奖金


def test_bonus_tiers():
    # 一档105%、二档100%、三档60%、四档不发
    people = team(["99", "90", "85", "80", "50", "70"], P6={"disciplined": True})
    out = run(people, "12345.67")
    assert out["tiers"] == {"P1": "一档", "P2": "二档", "P3": "二档", "P4": "二档", "P5": "三档", "P6": "四档"}
    assert out["bonuses"]["P1"] == "12962.95"   # 12345.67 × 1.05 = 12962.9535
    assert out["bonuses"]["P2"] == "12345.67"
    assert out["bonuses"]["P5"] == "7407.40"    # 12345.67 × 0.6 = 7407.402
    assert out["bonuses"]["P6"] == "0.00"
    # 12962.95 + 3 × 12345.67 + 7407.40 + 0
    assert out["total_bonus"] == "57407.36"
    assert "grading-tiers" in readings(out)


def test_bonus_rounding_half_up():
    # 0.10 × 1.05 = 0.105 → 0.11; 0.05 × 0.6 = 0.03
    out = run(team(["99", "90", "85", "80", "75"]), "0.10")
    assert out["bonuses"]["P1"] == "0.11"


def test_leader_bonus_capped_at_average():
    # leader 优秀 10500; the others: 10000, 10000, 10000, 6000 → average 9000
    people = team(["99", "90", "85", "80", "50"], P1={"leader": True})
    out = run(people)
    assert out["bonuses"]["P1"] == "9000.00"
    assert "grading-leader-average" in readings(out)
    row = next(r for r in out["table"]["rows"] if r["name"] == "P1")
    assert "10500.00" in row["reasons"] and "9000.00" in row["reasons"]


def test_leader_bonus_not_above_average_untouched():
    # leader 称职 10000; others 10500, 10000, 10000, 10000 → average 10125
    people = team(["99", "90", "85", "80", "75"], P2={"leader": True})
    out = run(people)
    assert out["bonuses"]["P2"] == "10000.00"
    assert "P2" not in out["committee"]


def test_leader_alone_in_category():
    out = run([{"name": "院长", "category": "judge", "score": "95", "leader": True}])
    assert out["bonuses"]["院长"] == "10000.00"
    row = out["table"]["rows"][0]
    assert "无从比较" in row["reasons"]


# ---------------------------------------------------------------- the table, the page


def test_table_columns_for_csv_and_print():
    out = run(team(["99", "90"]))
    assert [c[0] for c in out["table"]["columns"]] == ["name", "category", "score", "grade", "tier", "bonus",
                                                       "reasons"]
    assert out["table"]["rows"][0]["category"] == "员额法官"
    assert out["table"]["rows"][0]["score"] == "99.00"
    assert any("5个工作日" in w for w in out["warnings"])


def test_pasted_from_spreadsheet():
    text = ("姓名\t人员类别\t综合考核得分\t院领导\t受到诫勉\n"
            "张三\tjudge\t91\t否\t\n"
            "李四\tjudge\t88\t\t是\n"
            "王五\tjudge\t86\n"
            "赵六\tjudge\t80\n"
            "钱七\tjudge\t70\n")
    out = CALC.run({"standard_bonus": "10000", "people": text}).to_json()
    assert out["grades"] == {"张三": "优秀", "李四": "基本称职", "王五": "称职", "赵六": "称职", "钱七": "称职"}


def test_form_values_round_trip():
    raw = EXAMPLES[0]["input"]
    form = CALC.form_values(raw)
    out = CALC.run({"standard_bonus": form["standard_bonus"], "people": form["people"]}).to_json()
    assert out["grades"] == EXAMPLES[0]["expect"]["grades"]


# ---------------------------------------------------------------- bad input


def test_bad_input_messages():
    errs = errors([{"name": "A", "category": "police", "score": "101"},
                   {"name": "B", "category": "judge", "score": "80", "retired": True}], standard="x")
    assert set(errs) == {"standard_bonus", "people.1.category", "people.1.score", "people.2.retired"}
    assert "人员类别" in errs["people.1.category"]
    assert "综合考核得分" in errs["people.1.score"]


def test_duplicate_names():
    errs = errors(team(["90", "80"]) + [{"name": "P1", "category": "clerk", "score": "70"}])
    assert list(errs) == ["people.3.name"]


def test_empty_list():
    assert list(errors([])) == ["people"]


def test_every_line_cites_an_article():
    allowed = {(c.regulation, c.anchor) for c in CALC.cites}
    people = team(["99", "90", "90", "80", "50"], P1={"leader": True}, P4={"serious_error": True}) + [
        {"name": "L", "category": "judge", "leave_over_six_months": True},
        {"name": "S", "category": "judge", "seconded_over_six_months": True}]
    out = run(people)
    for line in out["breakdown"]:
        assert line["article"] and (line["article"]["regulation"], line["article"]["anchor"]) in allowed
    assert readings(out) <= {r.id for r in CALC.readings}


# ---------------------------------------------------------------- CLI


def _cli(payload: str):
    return subprocess.run([sys.executable, "-m", "calculators", "team-grading", payload], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_cli_ok():
    proc = _cli(json.dumps(EXAMPLES[0]["input"], ensure_ascii=False))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["total_bonus"] == "186000.00"
    assert out["table"]["rows"][0]["grade"] == "优秀"


def test_cli_bad_input():
    proc = _cli('{"standard_bonus": "1000", "people": [{"name": "A", "category": "judge", "score": "90", '
                '"on_leave": true}]}')
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert "error" in out and "people.1.on_leave" in out["errors"]


# ---------------------------------------------------------------- properties

person = st.fixed_dictionaries(
    {"category": st.sampled_from(["judge", "assistant", "clerk", "admin"]),
     "score": st.decimals("40", "100", places=1)},
    optional={"admonished": st.booleans(), "disciplined": st.booleans(),
              "leave_over_six_months": st.booleans(), "leader": st.booleans()})


@settings(max_examples=120, deadline=None)
@given(st.lists(person, min_size=1, max_size=25))
def test_quota_and_order(rows):
    people = [{**r, "name": f"N{i}", "score": str(r["score"])} for i, r in enumerate(rows)]
    out = run(people)
    members = {pool: cats for pool, _, cats in POOLS["together"]}   # the default pool
    for pool, cap in out["excellent_cap"].items():
        group = [p for p in people if p["category"] in members[pool]]
        counted = [p for p in group if not p.get("leave_over_six_months")]
        assert cap == len(counted) * 20 // 100
        excellent = [p for p in group if out["grades"][p["name"]] == "优秀"]
        pending = [p for p in group if out["grades"][p["name"]] == "待定（优秀或称职）"]
        assert len(excellent) <= cap
        # nobody graded 称职 scores above anyone graded 优秀 or pending
        top = [Decimal(p["score"]) for p in excellent + pending]
        for p in group:
            if out["grades"][p["name"]] == "称职" and top:
                assert Decimal(p["score"]) < min(top)
        for p in excellent:
            assert not p.get("admonished") and not p.get("disciplined") and Decimal(p["score"]) >= 60
        for p in group:
            if p.get("disciplined") and not p.get("leave_over_six_months"):
                assert out["grades"][p["name"]] == "不称职"


def test_a_seconded_person_is_still_barred_by_discipline_and_admonishment():
    """第十二条: 借调超过六个月的 are graded by the committee, but “受到诫勉的，不得评定为称职
    及以上等次” and “受…处分…的，应当评定为不称职等次” reach them too."""
    out = CALC.run({"standard_bonus": "20000", "people": [
        {"name": "处分", "category": "judge", "seconded_over_six_months": True, "disciplined": True},
        {"name": "诫勉", "category": "judge", "seconded_over_six_months": True, "admonished": True},
        {"name": "借调", "category": "judge", "seconded_over_six_months": True},
        {"name": "在岗", "category": "judge", "score": "80"}]}).to_json()
    rows = {r["name"]: r for r in out["table"]["rows"]}
    assert (rows["处分"]["grade"], rows["处分"]["tier"], rows["处分"]["bonus"]) == ("不称职", "四档", "0.00")
    assert rows["诫勉"]["grade"] == "由委员会确定" and "只能评定为基本称职或不称职" in rows["诫勉"]["reasons"]
    assert rows["借调"]["grade"] == "由委员会确定" and "不得评定" not in rows["借调"]["reasons"]


def test_the_team_assessments_export_carries_unfinished_cases_into_grading(tmp_path):
    """annual-assessment-team's export has 未完成办案任务 (是/否); team-grading, importing
    it, grades the judge short of the 年结案数量 基本称职 at most (第十二条)."""
    src = tmp_path / "scores.csv"
    src.write_text("姓名,人员类别,年初确定的办案数量基准,全院年平均结案率,本人年结案数,审判质效得分\n"
                   "甲,员额法官,150,93,139,45\n乙,员额法官,150,93,200,40\n", encoding="utf-8")
    scored = subprocess.run([sys.executable, "-m", "calculators", "annual-assessment-team", "--csv", str(src)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.splitlines()[0].endswith("综合考核得分,未完成办案任务")
    exported = tmp_path / "scored.csv"
    exported.write_text(scored.stdout, encoding="utf-8")
    graded = subprocess.run([sys.executable, "-m", "calculators", "team-grading", "--csv", str(exported),
                             '{"standard_bonus": "10000"}'], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert graded.returncode == 0, graded.stderr
    # (each row after its 序号)
    rows = {line.split(",")[1]: line.split(",")[1:] for line in graded.stdout.splitlines()}
    assert rows["甲"][4:7] == ["基本称职", "三档", "6000.00"], rows["甲"]
    assert rows["乙"][4:7] == ["称职", "二档", "10000.00"], rows["乙"]
