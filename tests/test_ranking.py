"""ranking.py: the ranking bonus of 绩效考核实施细则 第五条（一）2、第六条（一）1（4）、2（4）:
"排在前三名分别加3分、2分、1分；排在后三名分别减1分、2分、3分". Expected figures are the
article's own numbers, added by hand where a place is both among the first and last three."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import ranking
from calculators.ranking import bonus_for_rank, rank


def bonuses(n: int) -> list[D]:
    return [bonus_for_rank(r, n)[0] for r in range(1, n + 1)]


# ---------------------------------------------------------------- rank()


def test_rank_orders_by_total_descending():
    assert rank([D("80"), D("90"), D("85")]) == [3, 1, 2]


def test_rank_ties_share_the_better_place_and_the_next_is_skipped():
    assert rank([D(90), D(85), D(85), D(80)]) == [1, 2, 2, 4]
    assert rank([D(70), D(70), D(70)]) == [1, 1, 1]
    assert rank([D("52.70"), D("52.7"), D("52.69")]) == [1, 1, 3]   # equal as numbers


def test_rank_empty_and_single():
    assert rank([]) == []
    assert rank([D(0)]) == [1]


# ---------------------------------------------------------------- six or more people: the text as written


def test_six_people_first_three_and_last_three():
    assert bonuses(6) == [D(3), D(2), D(1), D(-1), D(-2), D(-3)]


def test_seven_people_middle_place_neither():
    assert bonuses(7) == [D(3), D(2), D(1), D(0), D(-1), D(-2), D(-3)]
    assert "不加不减" in bonus_for_rank(4, 7)[1]


def test_large_group_only_ends_move():
    got = bonuses(20)
    assert got[:3] == [D(3), D(2), D(1)]
    assert got[-3:] == [D(-1), D(-2), D(-3)]
    assert all(b == 0 for b in got[3:-3])


# ---------------------------------------------------------------- fewer than six (reading ranking-small-group)


def test_five_people_third_place_both_plus_one_and_minus_one():
    # 3rd of 5 is also 3rd from the bottom: +1 − 1
    assert bonuses(5) == [D(3), D(2), D(0), D(-2), D(-3)]


def test_four_people_overlap_added_up():
    # 2nd: +2 and 3rd from bottom −1; 3rd: +1 and 2nd from bottom −2
    assert bonuses(4) == [D(3), D(1), D(-1), D(-3)]


def test_three_two_one_people():
    assert bonuses(3) == [D(3 - 1), D(2 - 2), D(1 - 3)]
    assert bonuses(2) == [D(3 - 2), D(2 - 3)]
    assert bonuses(1) == [D(3 - 3)]


def test_explanations_name_the_clauses():
    _, text = bonus_for_rank(1, 6)
    assert "第1名" in text and "加3分" in text
    _, text = bonus_for_rank(6, 6)
    assert "最后一名" in text and "减3分" in text
    _, text = bonus_for_rank(2, 4)
    assert "加2分" in text and "减1分" in text and "合计加1分" in text


def test_readings_are_declared_and_cite_the_articles():
    ids = {r.id for r in ranking.READINGS}
    assert ids == {"ranking-small-group", "ranking-ties"}
    assert ranking.ART_JUDGES.anchor == "第五条"
    assert ranking.ART_ASSISTANTS.anchor == "第六条"


# ---------------------------------------------------------------- ties (reading ranking-ties)


def test_tied_people_each_get_the_full_bonus_of_the_shared_place():
    totals = [D(90), D(85), D(85), D(80), D(70), D(60)]
    places = rank(totals)
    got = [bonus_for_rank(p, len(totals))[0] for p in places]
    assert got == [D(3), D(2), D(2), D(-1), D(-2), D(-3)]


def test_tie_for_last_two_places_nobody_loses_three():
    totals = [D(90), D(85), D(80), D(75), D(60), D(60)]
    places = rank(totals)
    assert places == [1, 2, 3, 4, 5, 5]
    got = [bonus_for_rank(p, 6)[0] for p in places]
    assert got == [D(3), D(2), D(1), D(-1), D(-2), D(-2)]


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize("place,size", [(0, 6), (7, 6), (1, 0), (-1, 3)])
def test_bad_arguments(place, size):
    with pytest.raises(ValueError):
        bonus_for_rank(place, size)


# ---------------------------------------------------------------- properties


@given(st.integers(min_value=1, max_value=40))
def test_without_ties_bonuses_sum_to_zero(n):
    # +3+2+1 and −1−2−3 balance whether or not the two ends overlap
    assert sum(bonuses(n)) == 0


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30))
def test_rank_is_one_plus_the_number_of_better_totals(totals):
    places = rank(totals)
    for t, p in zip(totals, places):
        assert p == 1 + len([o for o in totals if o > t])
        assert 1 <= p <= len(totals)
    # a better total never has a worse place
    for a, pa in zip(totals, places):
        for b, pb in zip(totals, places):
            if a > b:
                assert pa < pb
            if a == b:
                assert pa == pb
