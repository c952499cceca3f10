"""Versions of a regulation and their 时效性 (status), from the dates in the sources.

A regulation (a work) has dated versions: the first one (`NN-slug.md`, its date often
unknown: 未载明) and each amendment (`NN-slug.YYYY-MM-DD.md`). A version is in force from
its effective date (an unknown date counts as "since before any later version") until
the next version's date or the repeal (`repealed:` on the last version). The status of a
version on a given day:

- 尚未生效: its effective date is after that day;
- 已废止:   the work is repealed on or before that day (the last version);
- 已修改:   a later version is in force on that day;
- 现行有效: otherwise.

`regs` in this module is what `sources.load` returns: one object per work (the current
version), each carrying all the work's versions in `.versions`."""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sources import Regulation

CURRENT, AMENDED, REPEALED, PENDING = "现行有效", "已修改", "已废止", "尚未生效"
STATUS_CLASS = {CURRENT: "current", AMENDED: "amended", REPEALED: "repealed", PENDING: "pending"}
UNKNOWN = "未载明"


def all_versions(regs: list["Regulation"], slug: str) -> list["Regulation"]:
    """Every version of the work `slug`, by effective date (the first version first).
    KeyError when there is no such regulation."""
    return list(_work(regs, slug).versions)


def in_force(regs: list["Regulation"], slug: str, on: datetime.date) -> "Regulation | None":
    """The version of `slug` in force on the day `on`; None when none is (before the
    first known effective date, or on/after the repeal). KeyError for an unknown slug."""
    for version in _work(regs, slug).versions:
        if is_in_force(version, on):
            return version
    return None


def is_in_force(version: "Regulation", on: datetime.date) -> bool:
    starts = version.effective is None or version.effective <= on
    return starts and (version.end is None or on < version.end)


def current(group: list["Regulation"], today: datetime.date) -> "Regulation":
    """The version a reader gets at the regulation's URL: the one in force today; when
    none is, the last one already in effect (repealed), else the first (尚未生效)."""
    for version in group:
        if is_in_force(version, today):
            return version
    started = [v for v in group if v.effective is None or v.effective <= today]
    return started[-1] if started else group[0]


def status(version: "Regulation", today: datetime.date | None = None) -> str:
    today = today or version.as_of or datetime.date.today()
    if version.effective is not None and version.effective > today:
        return PENDING
    if version.repealed is not None and version.repealed <= today:
        return REPEALED
    if version.end is not None and version.end <= today:
        return AMENDED
    return CURRENT


def day(date: datetime.date | None) -> str:
    """2027年1月1日; 未载明 for an unknown date."""
    return f"{date.year}年{date.month}月{date.day}日" if date else UNKNOWN


def label(version: "Regulation") -> str:
    """A version's name in a 沿革 list: 初始文本（施行日期未载明）, 2027年1月1日施行."""
    if version.effective is None:
        return f"{short_label(version)}（施行日期{UNKNOWN}）"
    return short_label(version)


def short_label(version: "Regulation") -> str:
    """A version's name after the title (a citation of an earlier version, a page title):
    初始文本 (the first version, its date unknown), else 2027年1月1日施行."""
    if version.effective is None:
        return "初始文本"
    return f"{day(version.effective)}施行"


def is_current(version: "Regulation") -> bool:
    """The version the work's URL shows (sources.load chose it)."""
    group = version.versions or [version]
    return current(group, version.as_of or datetime.date.today()) is version


def pairs(version: "Regulation") -> list[tuple["Regulation", "Regulation"]]:
    """The consecutive pairs of a work's versions (for the 新旧对照 pages)."""
    group = version.versions or [version]
    return list(zip(group, group[1:]))


def _work(regs: list["Regulation"], slug: str) -> "Regulation":
    for reg in regs:
        if reg.slug == slug:
            return reg
    raise KeyError(f"no regulation '{slug}'")
