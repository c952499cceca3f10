"""排名加减分 — 绩效考核实施细则 第五条（一）2、第六条（一）1（4）、2（4）.

Both articles add the same ranking bonus to a 审判质效 score: "对考核得分进行排名，排在前三名
分别加3分、2分、1分；排在后三名分别减1分、2分、3分". Shared by the trial-quality team
calculator and the annual-assessment calculator. Ranking is competition ranking (ties share
the better place: 1, 1, 3); the bonus is the written table walked from the top and from the
bottom, and a place that is both among the first three and the last three (a group of fewer
than six) gets both, added up."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import rules
from .engine import Cite, Reading
from .rules import RankBonus

PARAMS = rules.load("performance-assessment")
ART_JUDGES = PARAMS["ranking_judges"].cite
ART_ASSISTANTS = PARAMS["ranking_assistants"].cite
# the parameter of each article (the two may be amended apart)
_BY_ARTICLE = {ART_JUDGES: "ranking_judges", ART_ASSISTANTS: "ranking_assistants"}


def bonus_rule(on: date | None = None, article: Cite = ART_JUDGES) -> RankBonus:
    """第五条（一）2 or 第六条（一）1（4）、2（4） in force on `on` (today when None)."""
    return RankBonus.from_data(PARAMS[_BY_ARTICLE[article]].at(on or date.today()))


READING_SMALL_GROUP = Reading(
    "ranking-small-group", ART_JUDGES, "参加排名的不足六人",
    "第五条、第六条规定“排在前三名分别加3分、2分、1分；排在后三名分别减1分、2分、3分”，"
    "没有说参加排名的不足六人时怎么办：这时有人同时处在前三名和后三名之中。计算器两句都适用，"
    "加减分相加：如共4人，第1名加3分，第2名加2分又作为倒数第3名减1分、合计加1分，"
    "第3名加1分又作为倒数第2名减2分、合计减1分，第4名减3分；共3人为+2、0、−2；"
    "共2人为+1、−1；只有1人的不加不减。六人以上的没有重叠，照条文执行。",
)
READING_TIES = Reading(
    "ranking-ties", ART_JUDGES, "考核得分相同的排名",
    "条文没有规定得分相同时如何排名。计算器按“并列排名”处理：得分相同的并列同一名次，"
    "取其中较前的名次（如90、85、85、80排为第1、2、2、4名），下一名次顺延；并列者各得"
    "该名次的全部加减分，不平分。因此并列时加减分的合计可能不为零，某个名次也可能无人占据"
    "（如最后两人并列倒数第二名，都减2分，无人减3分）。",
)
READINGS = (READING_SMALL_GROUP, READING_TIES)


def rank(totals: list[Decimal]) -> list[int]:
    """Competition ranking, higher total first: ties share the better place (1, 1, 3)."""
    return [1 + sum(1 for other in totals if other > t) for t in totals]


def bonus_for_rank(rank: int, group_size: int, on: date | None = None,
                   article: Cite = ART_JUDGES) -> tuple[Decimal, str]:
    """The ranking bonus for a place (1 = best) in a group of `group_size`, and a Chinese
    explanation naming the clauses that applied."""
    return bonus_rule(on, article).bonus(rank, group_size)
