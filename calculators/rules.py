"""Rules as dated data, and the few shapes the calculators' rules take.

The numbers of the rules (tiers, rates, points, caps, milestones) are not written in the
calculators: they live in one TOML file per regulation beside this module
(`calculators/<regulation slug>.toml`), each value with its effective date, the article
it comes from and a quote of the article's words. The build (handbook/parameters.py)
checks every quote against the article's text in force on the value's date. A calculator
asks for a parameter on its calculation date (`as_of`) and gets the value in force then.

The rule shapes (OpenFisca's idea: one scale type for all brackets):
- `Scale`: brackets of a figure (days, amounts, rates), each giving a value;
- `Linear`: a score that moves a fixed number of points per unit from a target, kept
  within a floor and a cap, with an optional cut-off to zero and a minimum band;
- `Points`: points per counted item (deductions, additions);
- `RankBonus`: points for the first and the last places of a ranking;
- `Milestones`: cumulative progress by the last milestone reached.
Each computes, explains itself in Chinese (the formula text on the pages is generated
from it) and, where it scores, says what the next threshold takes.

Standard library only (tomllib): the same files are read under CPython and Pyodide."""
from __future__ import annotations

import functools
import re
import unicodedata
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .engine import Cite, Field, InputError, clamp, fmt, plain, q2

HERE = Path(__file__).resolve().parent
ZERO = Decimal(0)
ORIGINAL = "发布之日"            # a value taken from the text as first issued (no date in it)
AMENDMENTS_FILE = "amendments.toml"  # written by the build into the shipped package only

# The regulations' names as the citations write them (the build checks each against the
# regulation's title): declared once.
TITLES = {
    "contract-staff": "聘用人员管理办法",
    "performance-assessment": "绩效考核实施细则",
    "trial-quality-breakdown": "审判质效指标任务分解办法",
    "bankruptcy-assessment": "破产、清算案件单独绩效考核办法",
}
# Names the editor supplied (the original text gives none; the build checks this against
# each regulation's title_supplied): cited with the mark the handbook's 引用 gives them,
# never as if the court had named the rules so (seed README).
SUPPLIED_TITLES = {"contract-staff", "trial-quality-breakdown"}
SUPPLIED_MARK = "（编者拟题）"


def cited_title(regulation: str) -> str:
    """A regulation's name as a citation writes it: 聘用人员管理办法（编者拟题）."""
    return TITLES[regulation] + (SUPPLIED_MARK if regulation in SUPPLIED_TITLES else "")


# ---------------------------------------------------------------- numbers and citations


def num(value: Decimal | int) -> str:
    """A figure as the labels write it: no exponent, no trailing zeros (95.50 → 95.5);
    engine.plain without the trailing zeros of a decimal."""
    return plain(Decimal(value).normalize())


def pct(share: Decimal) -> str:
    """A share as a percentage: 0.5 → 50%."""
    return f"{num(share * 100)}%"


def signed(value: Decimal) -> str:
    return f"+{num(value)}" if value >= 0 else f"−{num(-value)}"


def cite(regulation: str, article: str, part: str = "") -> Cite:
    """The one citation helper: 《name》 article and clause, linking to the heading id."""
    return Cite(regulation, article, f"{cited_title(regulation)} {article}{part}")


def where(c: Cite) -> str:
    """The article and clause of a cite without the regulation's name (第三条（二）)."""
    return c.label.removeprefix(f"{cited_title(c.regulation)} ") if c.regulation in TITLES else c.label


# ---------------------------------------------------------------- the calculation date


def as_of_field(yearly: bool = False) -> Field:
    if yearly:
        return Field("as_of", "考核年度", "text", required=False, check=_check_year,
                     help="按该年度12月31日施行的条文计算；不填为今年。格式如2025。")
    return Field("as_of", "计算基准日", "text", required=False, check=_check_day,
                 help="按该日施行的条文计算；不填为今天。格式如2025-06-30。")


# checked with the other fields (engine.parse_fields), so that a date that is no date is
# said together with every other bad input, not only once those are mended
def _check_day(text: str) -> None:
    as_of({"as_of": text})


def _check_year(text: str) -> None:
    as_of({"as_of": text}, yearly=True)


# a day as people write it: 2025-06-30, 2025-6-30, 2025/6/30, 2025.6.30, 2025年6月30日, 20250630
# (full-width digits and dashes folded first); a year: 2025, 2025年, 2025年度
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")
_YEAR = re.compile(r"(\d{4})\s*(?:年度?)?")


def as_of(values: dict, yearly: bool = False) -> date:
    """The date whose rules apply: the field `as_of` (a day; a year for the yearly
    assessment, read as its 31 December), today when absent."""
    text = (values.get("as_of") or "").strip()
    if not text:
        return date(date.today().year, 12, 31) if yearly else date.today()
    folded = unicodedata.normalize("NFKC", text).strip()
    try:
        if yearly:
            year = _YEAR.fullmatch(folded)
            if not year:
                raise ValueError
            return date(int(year.group(1)), 12, 31)
        day = _DAY.fullmatch(folded)
        if not day:
            raise ValueError
        y, m, d = (int(g) for g in (day.groups()[:3] if day.group(1) else day.groups()[3:]))
        try:
            return date(y, m, d)
        except ValueError:   # written as a date, but no such day: say which part is wrong
            why = "年份不对" if y < 1 else f"没有{m}月" if not 1 <= m <= 12 else f"{y}年{m}月没有{d}日"
            raise InputError({"as_of": f"「计算基准日」{why}，收到“{text}”"}) from None
    except ValueError:
        what = "「考核年度」应为四位数的年份，如2025" if yearly else "「计算基准日」应为日期，格式如2025-06-30"
        raise InputError({"as_of": f"{what}，收到“{text}”"}) from None


def formula_today(formula) -> str:
    """A calculator's rule in words as in force today (its page shows it when Python cannot
    run). When an article it quotes was amended and no value is dated for the amendment yet
    (AMENDED), the words say so: every calculator is imported together (the build's
    snapshot, the page, the command line), so one refusing today must not stop the others."""
    try:
        return formula(date.today())
    except InputError as err:
        return "；".join(err.errors.values()) + "。"


def as_of_summary(on: date, yearly: bool = False) -> tuple[str, str]:
    """The date whose rules were applied, for a result's headline figures."""
    return ("考核年度", f"{on.year} 年") if yearly else ("计算基准日", on.isoformat())


# ---------------------------------------------------------------- dated parameters


@dataclass(frozen=True)
class Value:
    """One dated value of a parameter: in force from `effective` (None: from the text as
    first issued) until the next value's date."""

    effective: date | None
    data: dict
    # the article this value's words stand in, when an amendment renumbered it (a new 第六条
    # makes 第十二条 第十三条); None: the parameter's own article
    article: str | None = None

    def quotes(self) -> list[str]:
        return list(_quotes(self.data))


def _quotes(node: Any):
    """A value's words in the article's order: its own first quote (the heading it stands
    under: 结案率（3分）), then those of its brackets or items, then the rest of its own
    (低于93%的不得分)."""
    if isinstance(node, dict):
        own = node.get("quote", [])
        own = [own] if isinstance(own, str) else list(own)
        yield from own[:1]
        for key, value in node.items():
            if key != "quote":
                yield from _quotes(value)
        yield from own[1:]
    elif isinstance(node, list):
        for item in node:
            yield from _quotes(item)


@dataclass(frozen=True)
class Param:
    """A parameter: its key in the file, what it is, the article it comes from (a heading
    id of the regulation's page) and its dated values, oldest first."""

    regulation: str
    key: str
    name: str
    article: str
    part: str
    values: tuple[Value, ...]
    label: str = ""          # how a citation writes the article, when not its id (一、（一）1)

    @property
    def cite(self) -> Cite:
        if self.label:
            return Cite(self.regulation, self.article, f"{cited_title(self.regulation)} {self.label}")
        return cite(self.regulation, self.article, self.part)

    def clause(self, part: str | None) -> Cite:
        """The cite of one clause of the parameter's article (its own cite when None)."""
        return self.cite if part is None else cite(self.regulation, self.article, part)

    def at(self, on: date, refuse_amended: bool = True) -> dict:
        """The value in force on `on`. Refuses a date from an amendment of the article
        that no value is dated for (the build lists them: AMENDED); with refuse_amended
        False (what a form shows, built on import: shown()) the last dated value instead."""
        article = self.values[-1].article or self.article     # its number in the last text dated
        amended = AMENDED.get((self.regulation, article))
        if amended is not None and on >= amended and refuse_amended:
            moved = MOVED.get((self.regulation, article))
            now = f"（修改后为{moved}）" if moved else ""
            raise InputError({"as_of": f"{cited_title(self.regulation)}{article}{now}已于{amended.isoformat()}"
                                       f"修改，计算器尚未更新（{self.regulation}.toml [{self.key}]）"})
        chosen = None
        for value in self.values:
            if value.effective is None or value.effective <= on:
                chosen = value
        if chosen is None:
            first = self.values[0].effective
            raise InputError({"as_of": f"{cited_title(self.regulation)}{self.article}自{first.isoformat()}起施行，"
                                       f"{on.isoformat()}尚无可适用的规定"})
        return chosen.data


@dataclass(frozen=True)
class ParamFile:
    regulation: str
    title: str
    path: Path
    params: dict[str, Param]

    def __getitem__(self, key: str) -> Param:
        return self.params[key]

    def cite(self, key: str, part: str | None = None) -> Cite:
        """The cite of a parameter's article (its own clause, or `part`)."""
        return self.params[key].clause(part)

    def on(self, when: date) -> "Dated":
        """The values in force on `when`, by parameter key (each resolved when asked for,
        so an amended article refuses only the calculations that use it)."""
        return Dated(self, when)

    def shown(self, when: date) -> "Dated":
        """What a calculator's form shows (its limits, choices, help; built when the package
        is imported): the values in force on `when`, or where an article was amended with no
        value dated for it yet, the last dated one. Every calculator is imported together
        (the build's snapshot, the page, the command line), so one amendment must not stop
        them all; the calculation for such a date is still refused (on())."""
        return Dated(self, when, refuse_amended=False)


class Dated:
    def __init__(self, pfile: ParamFile, when: date, refuse_amended: bool = True):
        self.pfile, self.when, self.refuse_amended = pfile, when, refuse_amended

    def __getitem__(self, key: str) -> dict:
        return self.pfile[key].at(self.when, self.refuse_amended)

    def cite(self, key: str, part: str | None = None) -> Cite:
        return self.pfile.cite(key, part)


class ParamError(ValueError):
    """A parameter file the calculators cannot read: its file, the line, what is wrong and
    what to write instead, in Chinese (the build and the command line say it as it is)."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"calculators/{path.name}{f' 第{line}行' if line else ''}：{message}")
        self.path, self.line, self.message = path, line, message


def _line_of(text: str, *needles: str) -> int:
    """The first line holding every needle (1-based), else 0."""
    return next((n for n, ln in enumerate(text.splitlines(), 1) if all(x in ln for x in needles)), 0)


def _effective(raw: Any) -> date | None:
    """An effective date as the file gives it: a TOML date (2027-01-01), the same in quotes
    (an editor copies the "发布之日" above it), or "发布之日". ValueError says what to write."""
    if raw == ORIGINAL:
        return None
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    if raw is None:
        raise ValueError(f"每组数值都要写施行日期 effective（如 2027-01-01）或 \"{ORIGINAL}\"")
    raise ValueError(f"施行日期 effective 应写成日期（如 2027-01-01）或 \"{ORIGINAL}\"，这里是 {raw!r}")


def parse(text: str, path: Path) -> ParamFile:
    """A parameter file's text as a ParamFile; ParamError names the line and what is wrong."""
    def fail(message: str, *needles: str):
        raise ParamError(path, _line_of(text, *needles) if needles else 0, message)

    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as err:
        at = re.search(r"line (\d+)", str(err))
        raise ParamError(path, int(at.group(1)) if at else 0,
                         f"不是有效的 TOML（{err}）：检查引号、方括号和等号是否成对、完整") from None
    slug, title = data.get("regulation"), data.get("title")
    if slug not in TITLES or not isinstance(title, str):
        fail(f"开头要写 regulation（{'、'.join(TITLES)} 之一）和 title", "regulation")
    params = {}
    for key, table in data.items():
        if not isinstance(table, dict):
            continue
        where = f"[{key}]"
        if not all(isinstance(table.get(k), str) for k in ("name", "article")):
            fail(f"{where} 要写 name 和 article（条号，如 第十二条）", where)
        raw_values = table.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            fail(f"{where} 至少要有一组 [[{key}.values]]", where)
        values = []
        for raw in raw_values:
            body = {k: _decimals(v) for k, v in raw.items() if k not in ("effective", "article")}
            article = raw.get("article")
            if article is not None and not isinstance(article, str):
                fail(f"{where} 一组数值的 article 应写条号文字，如 \"第十三条\"", "article", str(article))
            try:
                values.append(Value(_effective(raw.get("effective")), body, article))
            except ValueError as err:
                given = raw.get("effective")
                fail(f"{where} {err}", *(("effective", str(given)) if given is not None else (f"[[{key}.values",)))
        dates = [v.effective or date.min for v in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            fail(f"{where} 的各组数值要按施行日期先后排列，每个日期一组", f"[[{key}.values")
        params[key] = Param(slug, key, table["name"], table["article"], table.get("part", ""),
                            tuple(values), table.get("label", ""))
    return ParamFile(slug, title, path, params)


def _decimals(node: Any) -> Any:
    """TOML integers as Decimal (floats are read as Decimal already)."""
    if isinstance(node, bool) or isinstance(node, (str, Decimal, date)):
        return node
    if isinstance(node, int):
        return Decimal(node)
    if isinstance(node, list):
        return [_decimals(x) for x in node]
    if isinstance(node, dict):
        return {k: _decimals(v) for k, v in node.items()}
    return node


@functools.lru_cache(maxsize=None)
def load(regulation: str) -> ParamFile:
    """The parameters taken from one regulation (calculators/<slug>.toml)."""
    return _read(HERE / f"{regulation}.toml")


def _read(path: Path) -> ParamFile:
    return parse(path.read_text(encoding="utf-8"), path)


def files() -> list[ParamFile]:
    return [load(slug) for slug in TITLES if (HERE / f"{slug}.toml").exists()]


def _amended_rows(folder: Path | None = None) -> list[dict]:
    """Articles amended with no parameter dated for the amendment, as the build found them
    (the shipped package carries them; a work tree has none until the build says so)."""
    path = (folder or HERE) / AMENDMENTS_FILE
    if not path.exists():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8")).get("amended", [])


def _amended() -> dict[tuple[str, str], date]:
    return {(row["regulation"], row["article"]): row["effective"] for row in _amended_rows()}


def _moved() -> dict[tuple[str, str], str]:
    """Of those, the articles an amendment renumbered: the number their words have now."""
    return {(row["regulation"], row["article"]): row["moved"] for row in _amended_rows() if row.get("moved")}


AMENDED: dict[tuple[str, str], date] = _amended()
MOVED: dict[tuple[str, str], str] = _moved()


# ---------------------------------------------------------------- the day an import stands for
# What a calculator works out when the package is imported (its form's limits, choices and
# help: shown(date.today()); formula_today) stands for the rules in force that day. The
# build's memory snapshot keeps that import (handbook/pyodide_fast.py), and a reader opens
# the page months later: the snapshot still serves as long as no value or amendment has
# taken effect in between (still_current, checked by the page after every restore; else
# it starts Python afresh, which imports for the reader's own day).

IMPORTED_ON = date.today()


def changes(folder: Path | None = None) -> list[date]:
    """Every day on which something in force changes: each dated value's effective date
    and each amendment the parameters are not yet dated for (AMENDED); of this package,
    or of the package in `folder` (the build's staged copy)."""
    if folder is None:
        pfiles, amended = files(), AMENDED.values()
    else:
        pfiles = [_read(path) for slug in TITLES if (path := folder / f"{slug}.toml").exists()]
        amended = [row["effective"] for row in _amended_rows(folder)]
    days = {v.effective for f in pfiles for p in f.params.values() for v in p.values if v.effective}
    return sorted(days | set(amended))


def regime(on: date, folder: Path | None = None) -> date | None:
    """The last change on or before `on` (None: the texts as first issued). Two days of
    one regime have the same values in force, so the same forms."""
    past = [day for day in changes(folder) if day <= on]
    return past[-1] if past else None


def still_current(today: date | None = None) -> bool:
    """Whether what this import worked out (IMPORTED_ON) still holds today."""
    return regime(today or date.today()) == regime(IMPORTED_ON)


# ---------------------------------------------------------------- Scale: brackets


@dataclass(frozen=True)
class Bracket:
    """One bracket of a scale: the band of the figure it covers and what it gives.
    Bounds as the texts write them: from (≥, 以上), above (>, 高于/超过), up_to (≤, 以下/以内),
    below (<, 不满/低于)."""

    value: Decimal
    low: Decimal | None
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool
    quote: str
    cite: Cite
    extra: dict

    def holds(self, x: Decimal) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and not self.low_inclusive)):
            return False
        if self.high is not None and (x > self.high or (x == self.high and not self.high_inclusive)):
            return False
        return True

    def bounds(self, unit: str, show=num) -> str:
        low = None if self.low is None else (
            f"{show(self.low)}{unit}以上" if self.low_inclusive else f"超过{show(self.low)}{unit}")
        high = None if self.high is None else (
            f"{show(self.high)}{unit}以下" if self.high_inclusive else f"不满{show(self.high)}{unit}")
        return "、".join(p for p in (low, high) if p) or "任何数值"


class Scale:
    """Brackets of one figure. Where several hold, the highest value applies (the texts'
    “按最高额”, “取较高”); where none holds, `default`."""

    def __init__(self, brackets: list[Bracket], default: Decimal | None = None):
        self.brackets = brackets
        self.default = default

    @classmethod
    def from_data(cls, rows: list[dict], param: Param, value_key: str = "value",
                  default: Decimal | None = None) -> "Scale":
        out = []
        for row in rows:
            low, low_inc = (row["from"], True) if "from" in row else (row.get("above"), False)
            high, high_inc = (row["up_to"], True) if "up_to" in row else (row.get("below"), False)
            extra = {k: v for k, v in row.items()
                     if k not in ("from", "above", "up_to", "below", "quote", "part", value_key)}
            out.append(Bracket(row[value_key], low, low_inc, high, high_inc, row["quote"],
                               param.clause(row.get("part")), extra))
        return cls(out, default)

    def holding(self, x: Decimal) -> list[Bracket]:
        return [b for b in self.brackets if b.holds(x)]

    def find(self, x: Decimal) -> Bracket | None:
        held = self.holding(x)
        return max(held, key=lambda b: b.value) if held else None

    def value(self, x: Decimal) -> Decimal:
        found = self.find(x)
        if found is None:
            if self.default is None:
                raise ValueError(f"no bracket holds {x}")
            return self.default
        return found.value

    def explain(self, unit: str, show_value, show=num) -> str:
        """Each bracket in words: “不满1亿元30，1亿元以上、不满10亿元60，…”."""
        return "，".join(f"{b.bounds(unit, show)}{show_value(b.value)}" for b in self.brackets)

    def points(self, xs: list[Decimal]) -> Decimal:
        return self.value(xs[0])

    def describe(self, unit: str) -> str:
        return self.explain(unit, lambda v: f"得{num(v)}分")

    def next_step(self, label: str, xs: list[Decimal], fig: "Figures") -> str:
        """The nearest bracket above the score now, and the best one."""
        x, unit = xs[0], fig.unit(0)
        current = self.value(x)
        near = min((b for b in self.brackets if b.value > current), key=lambda b: b.value)
        top = max(self.brackets, key=lambda b: b.value)
        text = (f"{label}（现为{num(x)}{unit}，得{fmt(current)}分）：须{_rel(near)}{num(near.low)}{unit}"
                f"才得{num(near.value)}分")
        if near is not top:
            text += f"，{_rel(top)}{num(top.low)}{unit}得满分{num(top.value)}分"
        return text + "。"


def _rel(bracket: Bracket) -> str:
    return "达到" if bracket.low_inclusive else "高于"


# ---------------------------------------------------------------- Linear: a line from a target


@dataclass(frozen=True)
class Linear:
    """Full marks (`weight`) at the target or better; `per_point` off for each unit short
    of it; 0 beyond `zero` (threshold, threshold itself included or not); not below
    `floor` = (from, minimum) while the figure is at or above `from`. With `at_target` and
    `cap` the score goes on past the target (结案数量: 30 at the target, up to 40)."""

    target: Decimal
    per_point: Decimal
    weight: Decimal
    higher_is_better: bool = True
    zero: tuple[Decimal, bool] | None = None
    floor: tuple[Decimal, Decimal] | None = None
    at_target: Decimal | None = None
    quote: str = ""

    @classmethod
    def from_data(cls, d: dict, param: Param | None = None) -> "Linear":
        zero = (d["zero_below"], False) if "zero_below" in d else \
            (d["zero_above"], False) if "zero_above" in d else \
            (d["zero_at"], True) if "zero_at" in d else None
        floor = (d["floor_from"], d["floor"]) if "floor_from" in d else None
        return cls(d.get("target", ZERO), d["per_point"], d["weight"],
                   d.get("higher_is_better", True), zero, floor, d.get("at_target"),
                   d.get("quote", ""))

    def beyond_zero(self, x: Decimal) -> bool:
        if self.zero is None:
            return False
        threshold, inclusive = self.zero
        if inclusive and x == threshold:
            return True
        return x < threshold if self.higher_is_better else x > threshold

    def score(self, x: Decimal, target: Decimal | None = None) -> Decimal:
        target = self.target if target is None else target
        if self.at_target is not None:   # goes on past the target, kept within [0, weight]
            return clamp(self.at_target + self.per_point * (x - target), 0, self.weight)
        short = target - x if self.higher_is_better else x - target
        if short <= 0:
            return self.weight
        if self.beyond_zero(x):
            return ZERO
        score = self.weight - self.per_point * short
        if self.floor is not None and x >= self.floor[0]:
            score = max(score, self.floor[1])
        return clamp(score, 0, self.weight)

    def explain(self, unit: str = "%", step: str = "个百分点") -> str:
        if self.at_target is not None:
            return (f"达到目标记{num(self.at_target)}分，每多1{step}加{num(self.per_point)}分、"
                    f"每少1{step}减{num(self.per_point)}分，0至{num(self.weight)}分")
        good = "达到" if self.higher_is_better else "不高于"
        worse = "低" if self.higher_is_better else "高"
        text = f"{good}{num(self.target)}{unit}得{num(self.weight)}分，每{worse}1{step}扣{num(self.per_point)}分"
        if self.floor is not None:
            text += f"，达到{num(self.floor[0])}{unit}的不低于{num(self.floor[1])}分"
        if self.zero is not None:
            threshold, inclusive = self.zero
            rel = ("达到" if inclusive else "高于") if not self.higher_is_better else ("" if inclusive else "低于")
            text += f"，{rel}{num(threshold)}{unit}得0分" if rel else f"，{num(threshold)}{unit}得0分"
        return text

    def points(self, xs: list[Decimal]) -> Decimal:
        return self.score(xs[0])

    def describe(self, unit: str) -> str:
        return self.explain(unit, "个百分点" if unit == "%" else unit)

    def next_step(self, label: str, xs: list[Decimal], fig: "Figures") -> str:
        return self._next(label, xs[0], fig.unit(0), fig.step(0), fig.percent[0])

    def _next(self, label: str, x: Decimal, unit: str, step: str, percent: bool) -> str:
        """What value would raise the score (only asked below full marks)."""
        up = "提高" if self.higher_is_better else ("降低" if percent else "减少")
        current = self.score(x)
        sign = 1 if self.higher_is_better else -1
        rise_zero = self.target - sign * self.weight / self.per_point
        parts = []
        if self.zero is not None and self.beyond_zero(x):
            threshold, inclusive = self.zero
            at = self.score(threshold) if not inclusive else ZERO
            if at > 0:
                parts.append(f"{'达到' if self.higher_is_better else '降至'}{num(threshold)}{unit}"
                             f"可得{num(q2(at))}分")
                rise_zero = None
            elif inclusive:
                parts.append(f"须{'高于' if self.higher_is_better else '低于'}{num(threshold)}{unit}才能得分")
                rise_zero = None
            else:
                rise_zero = (max if self.higher_is_better else min)(rise_zero, threshold)
        if rise_zero is not None and current == 0:
            parts.append(f"{'高于' if self.higher_is_better else '低于'}{num(rise_zero)}{unit}后才开始得分")
        if self.floor is not None:
            rise_floor = self.target - (self.weight - self.floor[1]) / self.per_point
            if x < rise_floor:
                parts.append(f"高于{num(rise_floor)}{unit}后分数才高于{num(self.floor[1])}分")
        reach = (f"达到{num(self.target)}{unit}" if self.higher_is_better
                 else f"降至{num(self.target)}{unit}")
        parts.append(f"每{up}1{step}加{num(self.per_point)}分，{reach}得满分{num(self.weight)}分")
        return f"{label}（现为{num(x)}{unit}，得{fmt(current)}分）：" + "；".join(parts) + "。"


# ---------------------------------------------------------------- scored against an average


@dataclass(frozen=True)
class Figures:
    """The figures a scored rule reads, as the calculator names them (labels), and whether
    each is a percentage (else a count, 件)."""

    labels: tuple[str, ...]
    percent: tuple[bool, ...]

    def unit(self, i: int) -> str:
        return "%" if self.percent[i] else "件"

    def step(self, i: int) -> str:
        return "个百分点" if self.percent[i] else "件"


@dataclass(frozen=True)
class AboveAverage:
    """`per_unit` for each unit of the figure above the average, at most `weight`; full
    marks when the excess is above `full_above`. Reads (figure, average)."""

    per_unit: Decimal
    full_above: Decimal
    weight: Decimal

    @classmethod
    def from_data(cls, d: dict, param: Param | None = None) -> "AboveAverage":
        return cls(d["per_unit"], d["full_above"], d["weight"])

    def points(self, xs: list[Decimal]) -> Decimal:
        excess = xs[0] - xs[1]
        if excess <= 0:
            return ZERO
        if excess > self.full_above:
            return self.weight
        return clamp(self.per_unit * excess, 0, self.weight)

    def next_step(self, label: str, xs: list[Decimal], fig: Figures) -> str:
        x, avg = xs
        unit, step = fig.unit(0), fig.step(0)
        head = (f"须高于全省基层法院平均值{num(avg)}{unit}才能得分" if x <= avg
                else f"现高于平均值{num(x - avg)}{unit}")
        return (f"{label}（现为{num(x)}{unit}）：{head}；高于平均值的部分每1{step}加"
                f"{num(self.per_unit)}分，高于{num(avg + self.full_above)}{unit}（平均值加"
                f"{num(self.full_above)}{unit}）得满分{num(self.weight)}分。")

    def describe(self, unit: str = "%") -> str:
        return (f"高于全省平均值的部分每1{'个百分点' if unit == '%' else '件'}{num(self.per_unit)}分，"
                f"最多{num(self.weight)}分")


@dataclass(frozen=True)
class NotBelowAverage:
    """For each (figure, average) pair, `points[i]` when the figure is not below its
    average. Reads (figure 1, average 1, figure 2, average 2, …)."""

    each: tuple[Decimal, ...]
    weight: Decimal

    @classmethod
    def from_data(cls, d: dict, param: Param | None = None) -> "NotBelowAverage":
        return cls(tuple(d["points"]), d.get("weight", sum(d["points"], ZERO)))

    def points(self, xs: list[Decimal]) -> Decimal:
        return sum((p for p, (x, avg) in zip(self.each, _pairs(xs)) if x >= avg), ZERO)

    def next_step(self, label: str, xs: list[Decimal], fig: Figures) -> str:
        parts = []
        for i, (p, (x, avg)) in enumerate(zip(self.each, _pairs(xs))):
            if x < avg:
                unit = fig.unit(2 * i)
                parts.append(f"{fig.labels[2 * i]}（现为{num(x)}{unit}）须达到全省基层法院平均值"
                             f"{num(avg)}{unit}，可得{num(p)}分")
        return "；".join(parts) + "。"

    def describe(self, unit: str = "%") -> str:
        return "不低于全省平均值" + ("各" if len(self.each) > 1 else "") + f"得{num(self.each[0])}分"


def _pairs(xs: list[Decimal]) -> list[tuple[Decimal, Decimal]]:
    return list(zip(xs[0::2], xs[1::2]))


@dataclass(frozen=True)
class PerCount:
    """`points` off the weight for each counted case, kept at or above 0. Reads the counts
    in the order of `items`."""

    each: tuple[Decimal, ...]
    weight: Decimal

    @classmethod
    def from_data(cls, d: dict, param: Param | None = None) -> "PerCount":
        return cls(tuple(i["points"] for i in d["items"]), d["weight"])

    def points(self, xs: list[Decimal]) -> Decimal:
        lost = sum((per * n for per, n in zip(self.each, xs)), ZERO)
        return clamp(self.weight - lost, 0, self.weight)

    def next_step(self, label: str, xs: list[Decimal], fig: Figures) -> str:
        each = "、".join(f"{fig.labels[i]}每少1件加{num(per)}分" for i, per in enumerate(self.each))
        return (f"{label}：须全部清结才得满分{num(self.weight)}分；扣分不超过{num(self.weight)}分时，"
                f"{each}。")

    def describe(self, unit: str = "件") -> str:
        return "、".join(f"每件扣{num(p)}分" for p in self.each) + f"，扣完{num(self.weight)}分为止"


def scored(d: dict, param: Param):
    """The scored rule a parameter value describes (its `rule`: scale, linear,
    above_average, not_below_average, per_count), ready to score an indicator."""
    kind = d["rule"]
    if kind == "scale":
        return Scale.from_data(d["brackets"], param, default=ZERO)
    return SCORED[kind].from_data(d, param)


# ---------------------------------------------------------------- Points: per counted item


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    points: Decimal
    unit: str
    quote: str
    cite: Cite


class Points:
    """Points for each counted item (a deduction when negative); the total of the items."""

    def __init__(self, items: list[Item]):
        self.items = items

    @classmethod
    def from_data(cls, rows: list[dict], param: Param) -> "Points":
        return cls([Item(r["key"], r.get("label", ""), r["points"], r.get("unit", "件"), r["quote"],
                         param.clause(r.get("part"))) for r in rows])

    def total(self, counts: dict) -> Decimal:
        return sum((item.points * counts[item.key] for item in self.items), ZERO)

    def explain(self) -> str:
        return "，".join(f"{item.label}每{item.unit}{signed(item.points)}" for item in self.items)


# the shapes a parameter's `rule` names (scale, built from brackets, in `scored`)
SCORED = {"linear": Linear, "above_average": AboveAverage,
          "not_below_average": NotBelowAverage, "per_count": PerCount}


# ---------------------------------------------------------------- RankBonus


@dataclass(frozen=True)
class RankBonus:
    """Points for the first places (top[0] for the first) and the last places (bottom[0]
    for the last); a place among both (a group smaller than both lists) gets both."""

    top: tuple[Decimal, ...]
    bottom: tuple[Decimal, ...]
    quote: str

    @classmethod
    def from_data(cls, d: dict) -> "RankBonus":
        return cls(tuple(d["top"]), tuple(d["bottom"]), d["quote"])

    def overlap_below(self) -> int:
        """Groups smaller than this have a place among both the first and the last."""
        return len(self.top) + len(self.bottom)

    def bonus(self, rank: int, group_size: int) -> tuple[Decimal, str]:
        if not isinstance(group_size, int) or group_size < 1:
            raise ValueError("group_size must be a positive integer")
        if not isinstance(rank, int) or not 1 <= rank <= group_size:
            raise ValueError("rank must be between 1 and group_size")
        from_bottom = group_size - rank + 1
        parts: list[str] = []
        bonus = ZERO
        if rank <= len(self.top):
            bonus += self.top[rank - 1]
            parts.append(f"前{_cn(len(self.top))}名中的第{rank}名加{num(self.top[rank - 1])}分")
        if from_bottom <= len(self.bottom):
            penalty = self.bottom[from_bottom - 1]
            bonus += penalty
            where = "最后一名" if from_bottom == 1 else f"倒数第{from_bottom}名"
            parts.append(f"后{_cn(len(self.bottom))}名中的{where}减{num(-penalty)}分")
        head = f"第{rank}名（共{group_size}人）"
        if not parts:
            return bonus, f"{head}：不在前{_cn(len(self.top))}名或后{_cn(len(self.bottom))}名之列，不加不减"
        if len(parts) == 2:
            sign = "加" if bonus > 0 else "减" if bonus < 0 else "不加不减"
            total = "" if bonus == 0 else f"{num(abs(bonus))}分"
            return bonus, f"{head}：{parts[0]}，又是{parts[1]}，合计{sign}{total}"
        return bonus, f"{head}：{parts[0]}"

    def explain(self) -> str:
        tops = "、".join(f"第{i}名加{num(p)}分" for i, p in enumerate(self.top, 1))
        bottoms = "、".join(("最后一名" if i == 1 else f"倒数第{i}名") + f"减{num(-p)}分"
                            for i, p in enumerate(self.bottom, 1))
        return f"{tops}；{bottoms}"


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if 0 <= n <= 10 else str(n)


# ---------------------------------------------------------------- Milestones


@dataclass(frozen=True)
class Milestones:
    """A procedure's milestones in the article's order, each with the cumulative progress
    (percent of the whole) on completing it."""

    title: str
    milestones: tuple[tuple[str, Decimal], ...]
    cite: Cite

    @classmethod
    def from_data(cls, d: dict, param: Param) -> "Milestones":
        return cls(d["title"], tuple((m["name"], m["percent"]) for m in d["milestones"]),
                   param.clause(d.get("part")))

    def names(self) -> list[str]:
        return [m[0] for m in self.milestones]

    def index(self, name: str) -> int:
        return self.names().index(name)

    def share(self, name: str) -> Decimal:
        """The cumulative progress on completing `name`, as a fraction of the whole."""
        return dict(self.milestones)[name] / 100

    def explain(self) -> str:
        return "，".join(f"{name}{num(p)}%" for name, p in self.milestones)

    def next_up(self, name: str | None) -> tuple[str, Decimal] | None:
        """The milestone after `name` (the first when None) and its progress."""
        i = -1 if name is None else self.index(name)
        return self.milestones[i + 1] if i + 1 < len(self.milestones) else None
