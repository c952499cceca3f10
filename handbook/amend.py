"""`build.py amend` and `build.py repeal`: the 政治处's editor changes a regulation.

amend SLUG --effective DATE   copies the work's latest version to NN-slug.DATE.md, marked
                              with its date; no existing file changes. The editor then
                              edits the new file (the old text stays as the earlier version).
repeal SLUG --effective DATE  writes `repealed: DATE` into the front matter of the work's
                              latest version (the only line that changes).

Problems are EditError with a Chinese message for the editor."""
from __future__ import annotations

import datetime
from pathlib import Path

from . import sources


class EditError(Exception):
    """What the editor asked cannot be done: the message says why, in Chinese."""


def parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise EditError(f"日期“{text}”无法识别：请写成 YYYY-MM-DD，例如 2027-01-01") from None


def _latest(directory: Path, slug: str) -> sources.Regulation:
    try:
        regs = sources.load(directory)
    except sources.BuildError as err:
        raise EditError(f"制度源文件有误，请先改正：{err}") from None
    work = next((r for r in regs if r.slug == slug), None)
    if work is None:
        known = "、".join(r.slug for r in regs[:5])
        raise EditError(f"没有名为“{slug}”的制度（名称见 regulations/ 中文件名 NN- 之后的部分，例如 {known}）")
    return work.versions[-1]


def _front_end(lines: list[str]) -> int:
    return lines.index("---", 1)


def _set_key(lines: list[str], key: str, value: str, after: tuple[str, ...]) -> list[str]:
    """The front matter with `key: value` replacing the key's line, or inserted after the
    last of the `after` keys (else before the closing ---)."""
    end = _front_end(lines)
    for i in range(1, end):
        if lines[i].startswith(f"{key}:"):
            return lines[:i] + [f"{key}: {value}"] + lines[i + 1:]
    at = max((i for i in range(1, end) if lines[i].startswith(tuple(f"{k}:" for k in after))), default=end - 1)
    return lines[:at + 1] + [f"{key}: {value}"] + lines[at + 1:]


def amend(directory: Path, slug: str, effective: datetime.date) -> Path:
    """The new version's file (a copy of the latest version, dated `effective`)."""
    latest = _latest(directory, slug)
    if latest.repealed:
        raise EditError(f"《{latest.title}》已于{latest.repealed.isoformat()}废止（{latest.rel()}），不能再修改")
    if latest.effective is not None and effective <= latest.effective:
        raise EditError(f"新版本的施行日期 {effective} 须晚于现有最新版本的施行日期 "
                        f"{latest.effective}（{latest.rel()}）")
    stem = latest.path.name.split(".")[0]
    target = directory / f"{stem}.{effective.isoformat()}.md"
    if target.exists():
        raise EditError(f"{target.name} 已存在")
    lines = latest.path.read_text(encoding="utf-8").split("\n")
    lines = _set_key(lines, "effective_date", effective.isoformat(), ("effective", "effective_at"))
    # the amended text is not the seed's: it has no place in it
    end = _front_end(lines)
    lines = [line for i, line in enumerate(lines) if not (0 < i < end and line.startswith("source_lines:"))]
    target.write_text("\n".join(lines), encoding="utf-8")
    _check(directory, target)
    return target


def repeal(directory: Path, slug: str, effective: datetime.date) -> Path:
    """The file that now says `repealed: DATE` (the work's latest version)."""
    latest = _latest(directory, slug)
    if latest.repealed:
        raise EditError(f"《{latest.title}》已标注于{latest.repealed.isoformat()}废止（{latest.rel()}）")
    if latest.effective is not None and effective < latest.effective:
        raise EditError(f"废止日期 {effective} 早于最新版本的施行日期 {latest.effective}（{latest.rel()}）")
    lines = latest.path.read_text(encoding="utf-8").split("\n")
    lines = _set_key(lines, "repealed", effective.isoformat(), ("effective_date", "effective", "effective_at"))
    original = latest.path.read_text(encoding="utf-8")
    latest.path.write_text("\n".join(lines), encoding="utf-8")
    try:
        _check(directory, latest.path)
    except EditError:
        latest.path.write_text(original, encoding="utf-8")
        raise
    return latest.path


def _check(directory: Path, path: Path) -> None:
    try:
        sources.load(directory)
    except sources.BuildError as err:
        if path.name.count(".") == 2 and path.exists() and err.path == str(path):
            path.unlink()
        raise EditError(f"生成的文件未通过检查：{err}") from None


