"""审判质效指标得分 — 审判质效指标任务分解办法 一、二、三、四.

Each role (员额法官审判团队, 诉前调解团队, 立案庭, 法官助理, 书记员) is scored on its
indicators. An indicator's weight, the shape of its rule (steps, a line from a target, a
bonus above the provincial average, a point for not being below it, deductions per case),
its numbers and the article's words are a parameter of trial-quality-breakdown.toml; the
shapes are calculators/rules.py; WIRING below says which inputs each reads. `score_role`
walks the role's indicators; the team calculator (trial_quality_team) uses the same
function for every row. Scores are clamped to [0, weight] and rounded half up to two
places (四); the total is the sum of the rounded scores."""
from __future__ import annotations

import functools

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import rules
from .engine import Calculator, Cite, Field, Line, Reading, Result, fmt, q2
from .rules import Figures, formula_today, num

REG = "trial-quality-breakdown"
PARAMS = rules.load(REG)
D = Decimal
ZERO = D(0)


def art(anchor: str, label: str) -> Cite:
    return Cite(REG, anchor, f"{rules.cited_title(REG)} {label}")


ART_GENERAL = art("四", "四、分工办法说明")
ART_JUDGE_RANKING = rules.cite("performance-assessment", "第五条", "（一）2")
ART_AIDE_RANKING = rules.cite("performance-assessment", "第六条", "（一）1（4）、2（4）")

# ---------------------------------------------------------------- readings

READING_INCLUSIVE = Reading(
    "trial-quality-inclusive", ART_GENERAL, "“以上”“以下”“达到”含本数，“高于”“低于”不含",
    "四、分工办法说明写作“本办法中的‘以下’、‘以下’均含本数；‘高于’‘低于’均不含本数”，"
    "两个“以下”之一显然应为“以上”。计算器读作：“以上”“以下”“达到”均含本数，"
    "“高于”“低于”均不含本数（如结收比“达到98%以上”含98%，结案率“高于95%”不含95%）。",
)
READING_PROPORTIONAL = Reading(
    "trial-quality-proportional", ART_GENERAL, "不足1个百分点的按比例计算",
    "各项指标写作“每低（高）1个百分点扣（加）X分”，没有说不足1个百分点如何处理。"
    "计算器按比例计算：如结收比97.5%，比98%低0.5个百分点，扣0.25分，得1.75分。",
)
READING_ROUNDING = Reading(
    "trial-quality-rounding", ART_GENERAL, "四舍五入保留两位小数；每项得分在0分与该项分值之间",
    "四、分工办法说明规定“所有数据测算均按‘四舍五入’保留两位小数点执行”。计算器先把输入的"
    "比率和平均值四舍五入到两位小数，再按条文计分，每项得分四舍五入保留两位小数；"
    "“扣完为止”“最多不超过”读作每项得分不低于0分、不高于该项分值；合计为各项（已舍入）得分之和。",
)
READING_CLOSURE_GAP = Reading(
    "trial-quality-closure-gap", art("一（一）1", "一、（一）1"), "结案率恰为93%",
    "一、（一）1写“高于93%得1分，低于93%的不得分”，两句都不含93%本身，恰为93%的得分条文未写。"
    "计算器按“高于93%”才得1分处理：恰为93%得0分；同理恰为95%得2分，恰为94%得1分。",
)
READING_CLOSURE_FILING = Reading(
    "trial-quality-closure-filing-floor", art("一（一）2", "一、（一）2"), "结收比94%至95%之间得0.5分",
    "一、（一）2写“达到98%以上得2分，每低1个百分点，扣0.5分，扣完为止”，按此到94%已扣完（0分）；"
    "又写“结收比达到94%以上的得分0.5分，低于94%得0分”。计算器两句兼顾：98%以上得2分，"
    "低于98%的每低1个百分点扣0.5分，但达到94%的不低于0.5分（94%至95%之间均得0.5分），低于94%得0分。"
    "结收比是结案数与收案数之比，可以超过100%，超过98%的都得满分。",
)
READING_ON_TIME = Reading(
    "trial-quality-on-time-floor", art("一（一）3", "一、（一）3"), "审限内结案率93%至94%之间得1分",
    "一、（一）3写“法定（正常）审限内结案率达到98%，每低1个百分点，扣1分，扣完为止”，没有写"
    "达到98%得几分，计算器按该项分值5分；按每低1个百分点扣1分，到93%已扣完，但条文又写"
    "“达到93%得1分，低于93%得0分”。计算器两句兼顾：98%以上得5分，每低1个百分点扣1分，"
    "但达到93%的不低于1分（93%至94%之间均得1分），低于93%得0分。",
)
READING_CASES = Reading(
    "trial-quality-cases-per-judge", art("一（一）4", "一、（一）4"), "人均结案数：高于平均值的部分每件0.06分",
    "一、（一）4写“高于全省基层法院平均值以上的，每多1件，得0.06分，加分最多不超过10分。"
    "高于全省平均值100件加6分，高于166件可以得分10分”。“高于…以上”两种说法并用；计算器读作："
    "等于或低于平均值的得0分，高于平均值的部分每件0.06分（平均值带小数时按比例），最多10分；"
    "166件×0.06=9.96分，条文明言“高于166件”得10分，故超过平均值166件以上的得满分10分。",
)
READING_ASSESSOR = Reading(
    "trial-quality-assessor-weight", art("一（一）7", "一、（一）7"), "陪审员适用率：分值6分还是10分",
    "一、（一）7标题写“一审陪审员适用率（6分）”，正文却写“陪审员适用率达到90%得10分，"
    "每低1个百分点，扣1分，扣完为止。一审陪审员适用率低于60%的得0分”，前后矛盾。"
    "计算器按标题的分值6分：达到90%得6分，每低1个百分点扣1分，到84%扣完；"
    "“低于60%的得0分”一句因此不起作用。若按正文的10分，则到80%扣完，“低于60%”一句同样不起作用。",
)
READING_LONG_PENDING = Reading(
    "trial-quality-long-pending", art("一（一）10", "一、（一）10"), "长期未结案件：两类扣分合并，满五年的归入五年以上",
    "一、（一）10对三年以上五年以下的案件每件扣0.5分、五年以上的每件扣1分，两句各写“扣完为止”。"
    "计算器把两类扣分相加，从6分中扣除，合计不低于0分（12件三年以上五年以下，或6件五年以上，"
    "均为0分，与条文一致）。“三年以上、五年以下”和“五年以上”都含五年本数，恰满五年的案件两类都沾；"
    "计算器请使用者把恰满五年的案件计入“五年以上”。条文中的“久押不决”案件没有单独的扣分标准，不另计。",
)
READING_WITHDRAWAL = Reading(
    "trial-quality-mediation-withdrawal", art("二1", "二、1"), "调撤率：达到平均值得3分，还是高于平均值每个百分点0.1分",
    "二、1先写“达到全省平均值的得3分”，又写“每高于全省基层院平均值1个百分点的，加0.1分，"
    "最多不超过3分。高于全省基层法院平均值30%的得3分”，两种计法矛盾。计算器提供两种读法，"
    "默认按后一种：高于平均值的每个百分点加0.1分，最多3分（高于平均值30个百分点得满分，"
    "“30%”读作30个百分点），等于或低于平均值的得0分。另一种读法：达到平均值即得3分，低于平均值得0分。",
)
READING_PROVINCIAL = Reading(
    "trial-quality-provincial-average", art("一（三）1", "一、（三）1"), "与全省平均值比较的指标",
    "立案庭的网上立案率、网上缴费率（一、（三））写“以全省基层法院平均值为基数，不低于全省法院"
    "基层法院平均值”，法官助理、书记员的电子法院应用（二、4，三、4）写“不低于全省基层法院平均值"
    "得1分”，都没有写低于平均值时如何计分。计算器读作：不低于平均值（等于平均值也算）得该项分值，"
    "低于平均值得0分，不按差距比例扣分。",
)
READING_TRANSCRIPT = Reading(
    "trial-quality-transcript", art("三3", "三、3"), "庭审笔录公开率：95%处从0.5分跌到0分",
    "三、3标题为“案件流程信息公开率（1分）”，正文计分的是“庭审笔录公开率（1分）”，计算器按正文"
    "计庭审笔录公开率。条文写达到100%得1分，每低1个百分点扣0.1分，“低于95%的得0分”：照此计算，"
    "恰为95%得0.5分，低于95%即为0分，中间没有过渡。计算器照条文执行。",
)
READING_ONE_FORMULA = Reading(
    "trial-quality-one-formula", art("一（二）1", "一、（二）1"), "两句计分规则一致时用一个公式",
    "不少指标用两句话写计分规则，如诉前分流率“达到30%的得6分，每高1百分点加0.2分，加分不超过4分。"
    "达到50%得10分，每低于1个百分点扣0.2分”，又如简易程序适用率“达到75%得3分，每低1个百分点，"
    "扣0.3分……低于65%不得分”。两句算出的分数处处相同的，计算器用一个公式："
    "诉前分流率、诉前化解率为10−0.2×(50−比率)（0%得0分，30%得6分，50%以上得10分）；"
    "其余如简易程序适用率3−0.3×(75−比率)，到65%正好扣完。",
)
READING_TOTAL = Reading(
    "trial-quality-total", ART_JUDGE_RANKING, "合计分不折算；没有分值的工作内容不计分",
    "分解办法各项分值之和：员额法官12项共70分（陪审员适用率按6分），诉前调解团队20分，立案庭2分，"
    "法官助理8分，书记员9分；绩效考核实施细则第五条、第六条给审判质效的分值则为45分、15分，"
    "两处没有说明如何折算。计算器给出各项得分及其简单相加的合计，不作折算。二、5、6和三、5、6"
    "只列工作内容，没有分值，计算器不计分。",
)

READINGS = (READING_INCLUSIVE, READING_PROPORTIONAL, READING_ROUNDING, READING_CLOSURE_GAP,
            READING_CLOSURE_FILING, READING_ON_TIME, READING_CASES, READING_ASSESSOR,
            READING_LONG_PENDING, READING_WITHDRAWAL, READING_PROVINCIAL, READING_TRANSCRIPT,
            READING_ONE_FORMULA, READING_TOTAL)

# ---------------------------------------------------------------- the tables


@dataclass(frozen=True)
class Indicator:
    key: str                  # the output key
    label: str
    weight: Decimal
    cite: Cite
    words: tuple[str, ...]    # the article's words (checked against the text by the build)
    rule: object              # a scored rule of calculators/rules.py (points, next_step, describe)
    inputs: tuple[str, ...]   # the input keys the rule reads, in its order
    reading: Reading | None = None


@dataclass(frozen=True)
class Input:
    key: str
    label: str
    kind: str = "rate"        # rate (0–100 %), ratio (≥ 0 %), count (int ≥ 0), average (≥ 0 件)
    help: str = ""


# ---------------------------------------------------------------- the tables

ROLES = (  # (role, Chinese name, article)
    ("judge", "员额法官（刑事、民商事、行政审判团队）", art("一（一）1", "一、（一）")),
    ("mediation", "诉前调解、道交一体化审判团队", art("一（二）1", "一、（二）")),
    ("filing", "立案庭", art("一（三）1", "一、（三）")),
    ("assistant", "法官助理", art("二1", "二")),
    ("clerk", "书记员", art("三1", "三")),
)
ROLE_NAMES = {r: name for r, name, _ in ROLES}

INPUTS: dict[str, tuple[Input, ...]] = {
    "judge": (
        Input("closure_rate", "结案率", help="年终法官个人结案率。"),
        Input("closure_filing_ratio", "结收比", "ratio", help="结案数与收案数之比，可以超过100%。"),
        Input("on_time_rate", "法定（正常）审限内结案率"),
        Input("cases_closed", "年终结案数", "count", help="法官本人年终结案数。"),
        Input("provincial_avg_cases", "全省基层法院法官人均结案数", "average",
              help="全省基层法院平均值（件）。"),
        Input("summary_procedure_rate", "一审简易程序适用率"),
        Input("acceptance_rate", "一审服判息诉率"),
        Input("assessor_rate", "一审陪审员适用率"),
        Input("remand_rate", "被二审发回重审率"),
        Input("reversal_rate", "被二审改判率"),
        Input("pending_3_5_years", "三年以上五年以下长期未结案件数", "count",
              help="恰满五年的案件请计入“五年以上”。"),
        Input("pending_over_5_years", "五年以上长期未结案件数", "count"),
        Input("hearing_violations", "违规庭审数", "count", help="庭审自动巡查汇总及通报的违规庭审数量。"),
        Input("livestream_rate", "中国庭审公开网直播率"),
    ),
    "mediation": (
        Input("diversion_rate", "民商事案件诉前分流率"),
        Input("resolution_rate", "民商事案件诉前化解率"),
    ),
    "filing": (
        Input("online_filing_rate", "网上立案率"),
        Input("provincial_online_filing_rate", "全省基层法院网上立案率平均值"),
        Input("online_payment_rate", "网上缴费率"),
        Input("provincial_online_payment_rate", "全省基层法院网上缴费率平均值"),
    ),
    "assistant": (
        Input("mediation_withdrawal_rate", "调撤率", help="不含诉前调解数（诉前化解转立案出具调解书的除外）。"),
        Input("provincial_mediation_withdrawal_rate", "全省基层法院调撤率平均值"),
        Input("process_disclosure_rate", "案件流程信息公开率"),
        Input("judgment_disclosure_rate", "生效裁判文书公开率"),
        Input("online_cross_exam_count", "网上质证完成数", "count", help="本审判团队年终完成的网上质证数量。"),
        Input("provincial_online_cross_exam_count", "全省基层法院网上质证平均数", "average"),
    ),
    "clerk": (
        Input("recording_rate", "庭审录像率"),
        Input("e_archive_rate", "电子卷宗归档率"),
        Input("transcript_disclosure_rate", "庭审笔录公开率"),
        Input("online_service_rate", "网上送达完成率"),
        Input("provincial_online_service_rate", "全省基层法院网上送达完成率平均值"),
        Input("online_hearing_rate", "网上开庭完成率"),
        Input("provincial_online_hearing_rate", "全省基层法院网上开庭完成率平均值"),
    ),
}

# Which parameter scores which indicator of which role, on which inputs, under which
# reading: (output key, label, parameter, input keys, reading). The numbers and the words
# are the parameters'.
WIRING: dict[str, tuple[tuple[str, str, str, tuple[str, ...], Reading | None], ...]] = {
    "judge": (
        ("closure_rate", "结案率", "closure_rate", ("closure_rate",), READING_CLOSURE_GAP),
        ("closure_filing_ratio", "结收比", "closure_filing_ratio", ("closure_filing_ratio",),
         READING_CLOSURE_FILING),
        ("on_time_rate", "法定（正常）审限内结案率", "on_time_rate", ("on_time_rate",), READING_ON_TIME),
        ("cases_per_judge", "法官人均结案数", "cases_per_judge", ("cases_closed", "provincial_avg_cases"),
         READING_CASES),
        ("summary_procedure_rate", "一审简易程序适用率", "summary_procedure_rate",
         ("summary_procedure_rate",), READING_ONE_FORMULA),
        ("acceptance_rate", "一审服判息诉率", "acceptance_rate", ("acceptance_rate",), READING_ONE_FORMULA),
        ("assessor_rate", "一审陪审员适用率", "assessor_rate", ("assessor_rate",), READING_ASSESSOR),
        ("remand_rate", "被二审发回重审率", "remand_rate", ("remand_rate",), READING_ONE_FORMULA),
        ("reversal_rate", "被二审改判率", "reversal_rate", ("reversal_rate",), READING_ONE_FORMULA),
        ("long_pending", "长期未结、久押不决案件", "long_pending",
         ("pending_3_5_years", "pending_over_5_years"), READING_LONG_PENDING),
        ("hearing_violations", "庭审违规", "hearing_violations", ("hearing_violations",), READING_ONE_FORMULA),
        ("livestream_rate", "庭审直播", "livestream_rate", ("livestream_rate",), READING_ONE_FORMULA),
    ),
    "mediation": (
        ("diversion_rate", "诉前分流率", "diversion_rate", ("diversion_rate",), READING_ONE_FORMULA),
        ("resolution_rate", "诉前化解率", "resolution_rate", ("resolution_rate",), READING_ONE_FORMULA),
    ),
    "filing": (
        ("online_filing_rate", "网上立案率", "online_filing_rate",
         ("online_filing_rate", "provincial_online_filing_rate"), READING_PROVINCIAL),
        ("online_payment_rate", "网上缴费率", "online_payment_rate",
         ("online_payment_rate", "provincial_online_payment_rate"), READING_PROVINCIAL),
    ),
    "assistant": (
        ("mediation_withdrawal_rate", "调撤率", "mediation_withdrawal_rate",
         ("mediation_withdrawal_rate", "provincial_mediation_withdrawal_rate"), READING_WITHDRAWAL),
        ("process_disclosure_rate", "案件流程信息公开率", "process_disclosure_rate",
         ("process_disclosure_rate",), READING_ONE_FORMULA),
        ("judgment_disclosure_rate", "裁判文书公开率", "judgment_disclosure_rate",
         ("judgment_disclosure_rate",), READING_ONE_FORMULA),
        ("e_court", "电子法院应用（网上质证）", "assistant_e_court",
         ("online_cross_exam_count", "provincial_online_cross_exam_count"), READING_PROVINCIAL),
    ),
    "clerk": (
        ("recording_rate", "庭审录像率", "recording_rate", ("recording_rate",), READING_ONE_FORMULA),
        ("e_archive_rate", "电子卷宗归档率", "e_archive_rate", ("e_archive_rate",), READING_ONE_FORMULA),
        ("transcript_disclosure_rate", "庭审笔录公开率", "transcript_disclosure_rate",
         ("transcript_disclosure_rate",), READING_TRANSCRIPT),
        ("e_court", "电子法院应用（网上送达、网上开庭）", "clerk_e_court",
         ("online_service_rate", "provincial_online_service_rate", "online_hearing_rate",
          "provincial_online_hearing_rate"), READING_PROVINCIAL),
    ),
}

# the other reading of 二、1 (READING_WITHDRAWAL): reaching the average gives the 3 points
# (the parameter's `reach_average`)
_WITHDRAWAL = PARAMS.shown(date.today())["mediation_withdrawal_rate"]
WITHDRAWAL_CHOICES = (("per_point", f"高于平均值每个百分点加{num(_WITHDRAWAL['per_unit'])}分（默认）"),
                      ("reach_average", _WITHDRAWAL["reach_average"]["quote"]))

# 二、5、6 and 三、5、6 list work without points (READING_TOTAL)
UNSCORED = {
    "assistant": (art("二5", "二、5、6"), "二、5（法定审限内结案率）、6（案件质量）只列工作内容，没有分值，不计分。"),
    "clerk": (art("三5", "三、5、6"), "三、5（庭审违规）、6（庭审公开直播）只列工作内容，没有分值，不计分。"),
}

# ---------------------------------------------------------------- scoring


def is_percent(key: str, role: str) -> bool:
    return next(i.kind for i in INPUTS[role] if i.key == key) in ("rate", "ratio")


def _labels(role: str) -> dict[str, str]:
    return {i.key: i.label for i in INPUTS[role]}


def indicators_for(role: str, withdrawal_reading: str = "per_point",
                   on: date | None = None) -> tuple[Indicator, ...]:
    """The role's indicators with the rules in force on `on`; None: those the form and the
    citations show, today's (rules.ParamFile.shown: an amendment not yet dated does not
    stop the import; a calculation always names its date and is refused then)."""
    if on is None:
        return _indicators(role, withdrawal_reading, date.today(), False)
    return _indicators(role, withdrawal_reading, on, True)


@functools.lru_cache(maxsize=64)
def _indicators(role: str, withdrawal_reading: str, on: date, refuse_amended: bool) -> tuple[Indicator, ...]:
    # the same (immutable) indicators for every person of a table: built once per
    # role, reading and date (a 300-row team table asked 600 times)
    p = PARAMS.on(on) if refuse_amended else PARAMS.shown(on)
    out = []
    for key, label, param_key, inputs, reading in WIRING[role]:
        param, data = PARAMS[param_key], p[param_key]
        words = [q for q in rules.Value(None, {k: v for k, v in data.items() if k != "reach_average"}).quotes()]
        rule = rules.scored(data, param)
        if param_key == "mediation_withdrawal_rate" and withdrawal_reading == "reach_average":
            alt = {**data["reach_average"], "weight": data["weight"]}
            rule, words = rules.scored(alt, param), [alt["quote"]]
        out.append(Indicator(key, label, data["weight"], param.cite, tuple(words), rule, inputs, reading))
    return tuple(out)


def max_total(role: str, on: date | None = None) -> Decimal:
    """The role's full marks: the weights of its indicators added up."""
    return sum((i.weight for i in indicators_for(role, on=on)), ZERO)


def raw_score(ind: Indicator, data: dict) -> Decimal:
    return ind.rule.points([data[k] for k in ind.inputs])


def next_step(ind: Indicator, data: dict, role: str) -> str:
    """A Chinese sentence: what value would reach the next score (only below full marks)."""
    labels = _labels(role)
    figures = Figures(tuple(labels[k] for k in ind.inputs), tuple(is_percent(k, role) for k in ind.inputs))
    return ind.rule.next_step(ind.label, [data[k] for k in ind.inputs], figures)


# ---------------------------------------------------------------- one person


@dataclass
class RoleScore:
    scores: dict[str, Decimal]          # rounded, by indicator key
    total: Decimal
    max_total: Decimal
    next_steps: dict[str, str]
    lines: list[Line]
    warnings: list[str]


def general_lines() -> list[Line]:
    """The rules of 四 that every indicator follows, each with its reading."""
    return [Line("以上、以下、达到含本数；高于、低于不含本数", None, ART_GENERAL, READING_INCLUSIVE),
            Line("每低（高）1个百分点扣（加）的分数按差距的实际大小成比例计算", None, ART_GENERAL,
                 READING_PROPORTIONAL),
            Line("每项得分不低于0分、不高于该项分值，四舍五入保留两位小数", None, ART_GENERAL,
                 READING_ROUNDING)]


def _show(value: Decimal, kind: str) -> str:
    return f"{num(value)}%" if kind in ("rate", "ratio") else f"{num(value)}件"


def words(ind: Indicator) -> str:
    return "；".join(ind.words)


def score_role(role: str, raw: dict, withdrawal_reading: str = "per_point",
               on: date | None = None) -> RoleScore:
    """Score one person of `role`; raw holds the role's typed inputs (Decimal / int)."""
    kinds = {i.key: i.kind for i in INPUTS[role]}
    labels = _labels(role)
    data: dict[str, Decimal] = {}
    rounded = []
    for key, kind in kinds.items():
        value = Decimal(raw[key])
        data[key] = q2(value) if kind != "count" else value
        if data[key] != value:
            rounded.append(f"{labels[key]} {num(value)} → {num(data[key])}")
    lines = general_lines()
    warnings = []
    if rounded:
        lines.append(Line("输入数据四舍五入保留两位小数：" + "；".join(rounded), None, ART_GENERAL,
                          READING_ROUNDING))
    scores, nexts = {}, {}
    indicators = indicators_for(role, withdrawal_reading, on)
    for ind in indicators:
        score = q2(raw_score(ind, data))
        scores[ind.key] = score
        shown = "，".join(f"{labels[k]} {_show(data[k], kinds[k])}" for k in ind.inputs)
        lines.append(Line(f"{ind.label}（{num(ind.weight)}分）：{shown}。条文：{words(ind)}",
                          fmt(score), ind.cite, ind.reading))
        if score < ind.weight:
            nexts[ind.key] = next_step(ind, data, role)
            lines.append(Line(f"下一档：{nexts[ind.key]}", None, ind.cite, ind.reading))
    total = sum(scores.values(), ZERO)
    max_total = sum((i.weight for i in indicators), ZERO)
    lines.append(Line(f"合计（各项得分之和，满分{num(max_total)}分）", fmt(total), ART_GENERAL,
                      READING_TOTAL))
    if role in UNSCORED:
        cite, text = UNSCORED[role]
        lines.append(Line(text, None, cite, READING_TOTAL))
        warnings.append(text)
    supervision = PARAMS["supervision"]
    warnings.append(f"{supervision.at(on or date.today())['quote']}（{rules.where(supervision.cite)}）；"
                    "年终考核时，绩效考核实施细则第五条、第六条对审判质效得分排名加减分，"
                    "整个团队的排名请用“审判质效指标得分（团队）”计算器。")
    return RoleScore(scores, total, max_total, nexts, lines, warnings)


# ---------------------------------------------------------------- fields


# Upper bounds where the text gives none (with margin): 结收比 up to 1000 % (a court clearing a
# backlog closes more than it receives), counts and averages up to 100000 cases a year.
MAX_RATIO = D(1000)
# 结收比 below 10 % is no court's (the text's tiers start at 94 %): 1.05 without “%” is the ratio
RATIO_BELOW = D(10)
MAX_COUNT = D(100000)


def input_field(role: str, inp: Input, key: str, show_if: dict | None,
                required: bool = True) -> Field:
    """The Field of one indicator input (also a column of the team table)."""
    common = dict(label=inp.label, help=inp.help, show_if=show_if, required=required)
    if inp.kind == "rate":
        return Field(key, kind="decimal", unit="%", min=ZERO, max=D(100), **common)
    if inp.kind == "ratio":   # 结收比: written 1.05 as often as 105 (RATIO_BELOW)
        return Field(key, kind="decimal", unit="%", min=ZERO, max=MAX_RATIO, ratio_below=RATIO_BELOW, **common)
    if inp.kind == "count":
        return Field(key, kind="int", unit="件", min=ZERO, max=MAX_COUNT, **common)
    return Field(key, kind="decimal", unit="件", min=ZERO, max=MAX_COUNT, **common)


ROLE_FIELD = Field("role", "人员类别", "choice",
                   choices=tuple((r, name) for r, name, _ in ROLES),
                   help="按审判质效指标任务分解办法一、二、三的分工选择。")
WITHDRAWAL_FIELD = Field(
    "mediation_withdrawal_reading", "调撤率的计分读法", "choice", default="per_point",
    choices=WITHDRAWAL_CHOICES, show_if={"role": ("assistant",)},
    help=f"二、1前后矛盾：默认按“{_WITHDRAWAL['quote'][1]}”，也可按“{_WITHDRAWAL['reach_average']['quote']}”。")

FIELDS = (ROLE_FIELD, WITHDRAWAL_FIELD) + tuple(
    input_field(role, inp, f"indicators.{inp.key}", {"role": (role,)})
    for role, _, _ in ROLES for inp in INPUTS[role]) + (rules.as_of_field(),)


def compute(v: dict) -> Result:
    on = rules.as_of(v)
    role = v["role"]
    reading = v.get("mediation_withdrawal_reading") or "per_point"
    r = score_role(role, v["indicators"], reading, on)
    lines = r.lines
    if role == "assistant":
        chosen = dict(WITHDRAWAL_CHOICES)[reading]
        lines.insert(2, Line(f"调撤率读法：{chosen}", None, art("二1", "二、1"), READING_WITHDRAWAL))
    return Result(
        values={"role": role,
                "scores": {k: fmt(s) for k, s in r.scores.items()},
                "total": fmt(r.total),
                "max_total": fmt(r.max_total),
                "next_steps": r.next_steps},
        summary=[(f"{ROLE_NAMES[role]}审判质效得分", f"{fmt(r.total)} 分（满分{num(r.max_total)}分）"),
                 ("未得满分的指标", f"{len(r.next_steps)} 项"), rules.as_of_summary(on)],
        lines=lines,
        warnings=r.warnings,
    )


def _all_cites() -> tuple[Cite, ...]:
    seen: dict[str, Cite] = {}
    for _, _, cite in ROLES:
        seen.setdefault(cite.anchor, cite)
    for role in WIRING:
        for ind in indicators_for(role):
            seen.setdefault(ind.cite.anchor, ind.cite)
    for cite, _ in UNSCORED.values():
        seen.setdefault(cite.anchor, cite)
    seen.setdefault(ART_GENERAL.anchor, ART_GENERAL)
    return tuple(seen.values())


def formula(on: date) -> str:
    """The rule in words, generated from the indicators' parameters in force on `on`."""
    parts = []
    for role, name, _ in ROLES:
        inds = indicators_for(role, on=on)
        each = "；".join(f"{i.label}{num(i.weight)}分，{i.rule.describe('%' if is_percent(i.inputs[0], role) else '件')}"
                        for i in inds)
        parts.append(f"{name}（{num(sum((i.weight for i in inds), ZERO))}分）：{each}。")
    return ("".join(parts) + "每项得分在0与分值之间，四舍五入保留两位小数，合计为各项之和。")


CALCULATOR = Calculator(
    name="trial-quality",
    title="审判质效指标得分",
    regulation=REG,
    summary=f"按{rules.cited_title(REG)}，计算员额法官、诉前调解团队、立案庭、法官助理、书记员"
            "各项审判质效指标的得分与合计，并对每项未得满分的指标说明达到下一档需要的数值。",
    formula=formula_today(formula),
    fields=FIELDS,
    compute=compute,
    readings=READINGS,
    cites=_all_cites() + (ART_JUDGE_RANKING, ART_AIDE_RANKING),
)
