"""Step 2b, validate: bind the calculators' parameters (calculators/<slug>.toml) to the
words of their articles.

- Every quote of every value is found, word for word (whitespace aside), in its article
  of the version in force on the value's effective date; every article exists there; a
  failure is a BuildError at the file and line of the quote.
- Every article a calculator cites exists in the version in force today.
- An article amended later than a parameter's last value, whose quoted words are no
  longer all in it, makes the parameter stale: the build still publishes, prints which
  calculator and which parameter file to update, and ships the amendment dates with the
  calculators (`runtime_files`), which then refuse dates from the amendment on.

Versions of a regulation come through one seam, `all_versions` (the living handbook's
`handbook.versions` when it is there; until then the current text as the only version)."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from calculators import rules

from .sources import LINK, BuildError, Regulation

SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- the seam: versions


@dataclass(frozen=True)
class Version:
    """A version of a regulation: in force from `effective` (None: as first issued) to
    `end` (None: still in force), with its text."""

    effective: date | None
    end: date | None
    regulation: Regulation


def all_versions(regs: list[Regulation], slug: str) -> list[Version]:
    """Every version of one regulation, oldest first. The adapter: handbook.versions
    (issue 14) when it exists, else the current text as the only version."""
    try:
        from . import versions  # type: ignore[attr-defined]
    except ImportError:
        versions = None
    if versions is not None and hasattr(versions, "all_versions"):
        return [_adapt(v, regs, slug) for v in versions.all_versions(regs, slug)]
    reg = next(r for r in regs if r.slug == slug)
    return [Version(None, None, reg)]


def _adapt(version, regs: list[Regulation], slug: str) -> Version:
    """A version of handbook.versions as this module reads it (its text as a Regulation:
    the version itself, or an attribute holding it)."""
    text = version if isinstance(version, Regulation) else next(
        (getattr(version, name) for name in ("regulation", "reg", "source")
         if isinstance(getattr(version, name, None), Regulation)), None)
    if text is None:
        text = next(r for r in regs if r.slug == slug)
    return Version(getattr(version, "effective", None), getattr(version, "end", None), text)


def in_force(versions: list[Version], on: date | None) -> Version | None:
    """The version in force on `on` (None: the first version, the text as first issued)."""
    if on is None:
        return versions[0]
    found = None
    for v in versions:
        if v.effective is None or v.effective <= on:
            found = v
    return found


# ---------------------------------------------------------------- article text


def article_text(reg: Regulation, anchor: str) -> str | None:
    """The words of the heading `anchor` and of everything under it, links as their words;
    None when the regulation has no such heading."""
    out: list[str] = []
    level = None
    for block in reg.blocks:
        if level is None:
            if block.kind == "heading" and block.id == anchor:
                level = block.level
                out.append(block.text)
            continue
        if block.kind == "heading" and block.level <= level:
            break
        out.extend([block.text] + block.items)
    if level is None:
        return None
    return LINK.sub(lambda m: m.group(1), "".join(out))


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


def _line_of(path: Path, needle: str, after: str = "") -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((n for n, line in enumerate(lines) if after and line.strip() == after), 0)
    for n in range(start, len(lines)):
        if needle in lines[n]:
            return n + 1
    return start + 1


# ---------------------------------------------------------------- the checks


@dataclass(frozen=True)
class Stale:
    """A parameter whose article was amended with no value dated for the amendment."""

    file: str            # calculators/<slug>.toml
    key: str             # the parameter's table
    regulation: str
    article: str
    amended: date
    calculators: tuple[str, ...]
    moved: str | None = None     # the article the quoted words now stand in, unchanged (renumbered)

    def message(self) -> str:
        names = "、".join(self.calculators) or "（无）"
        if self.moved:
            return (f"warning: {self.file} [{self.key}]: {rules.TITLES[self.regulation]}自{self.amended.isoformat()}起"
                    f"修改，{self.article}所引原话现见于{self.moved}（条号变动）；计算器 {names} 对该日以后的日期拒绝"
                    f"计算，直到在 {self.file} 中加入施行日期为{self.amended.isoformat()}、article = \"{self.moved}\""
                    f"的新数值")
        return (f"warning: {self.file} [{self.key}]: {rules.TITLES[self.regulation]}{self.article}"
                f"自{self.amended.isoformat()}起修改，所引原话已不在条文中；计算器 {names} 对该日以后的"
                f"日期拒绝计算，直到在 {self.file} 中加入施行日期为{self.amended.isoformat()}的新数值"
                f"（条号变了的，在这组数值里写 article = \"新条号\"）")


def check(regs: list[Regulation], calculators: list, versions_of=all_versions,
          files: list | None = None, today: date | None = None, strict: bool = True) -> list[Stale]:
    """Bind every parameter to its article; raise BuildError on a quote or article that
    does not match; return (and print) the stale parameters. Not `strict` (a build from
    other regulations than the handbook's, e.g. a test fixture): the first mismatch is
    printed as a warning instead, and nothing is reported stale."""
    try:
        return _check(regs, calculators, versions_of, files, today)
    except BuildError as err:
        if strict:
            raise
        print(f"warning: {err} (not the handbook's regulations: the parameters are not bound)",
              file=sys.stderr)
        return []


def _check(regs: list[Regulation], calculators: list, versions_of, files: list | None,
           today: date | None) -> list[Stale]:
    by_slug = {r.slug: r for r in regs}
    files = rules.files() if files is None else files
    today = today or date.today()
    stale: list[Stale] = []
    for pfile in files:
        reg = by_slug.get(pfile.regulation)
        rel = f"calculators/{pfile.path.name}"
        if reg is None:
            raise BuildError(rel, 1, f"regulation '{pfile.regulation}' is not in the handbook")
        if pfile.title != rules.TITLES[pfile.regulation] or not reg.title.startswith(pfile.title):
            raise BuildError(rel, _line_of(pfile.path, "title"),
                             f"title '{pfile.title}' is not the name of {reg.rel()} ('{reg.title}')")
        if (pfile.regulation in rules.SUPPLIED_TITLES) != bool(reg.meta.get("title_supplied")):
            raise BuildError(rel, _line_of(pfile.path, "title"),
                             f"{reg.rel()} has title_supplied: {bool(reg.meta.get('title_supplied'))}, but "
                             f"calculators/rules.py SUPPLIED_TITLES says otherwise: the citations' 编者拟题 mark")
        versions = versions_of(regs, pfile.regulation)
        for param in pfile.params.values():
            header = f"[{param.key}]"
            for value in param.values:
                version = in_force(versions, value.effective)
                when = value.effective.isoformat() if value.effective else rules.ORIGINAL
                if version is None:
                    raise BuildError(rel, _line_of(pfile.path, header, header),
                                     f"[{param.key}]: no version of {reg.rel()} is in force on {when}")
                article = value.article or param.article   # (a value may name its renumbered article)
                text = article_text(version.regulation, article)
                if text is None:
                    raise BuildError(rel, _line_of(pfile.path, "article", header),
                                     f"[{param.key}]: {version.regulation.rel()} (in force on {when}) has no article "
                                     f"'{article}'")
                for quote in value.quotes():
                    if squeeze(quote) not in squeeze(text):
                        moved = _standing_in(version.regulation, quote)
                        raise BuildError(rel, _line_of(pfile.path, quote, header),
                                         f"[{param.key}]: quote not found word for word in "
                                         f"{version.regulation.rel()}#{article} (in force on {when}): “{quote}”"
                                         + (f"；原话现见于{moved}：请在这组数值里写 article = \"{moved}\"" if moved else ""))
            renumbered = sorted({v.article for v in param.values if v.article and v.article != param.article})
            if renumbered:   # a known limit, said where the editor looks (README: Known limits)
                print(f"warning: {rel} [{param.key}]: 数值已改按{'、'.join(renumbered)}（条号变动）计算，但计算结果的"
                      f"依据仍写{param.article}（引用按参数的条号，不随日期变）：请核对结果中的条号", file=sys.stderr)
            found = _stale(param, versions)
            if found is not None:
                users = tuple(c.name for c in calculators
                              if any(ct.regulation == param.regulation and ct.anchor == param.article
                                     for ct in _cites(c)))
                last = param.values[-1]
                article = last.article or param.article
                # renumbered: every quote found again, all in one other article (words that
                # changed are found nowhere: amended, not moved)
                standing = [_standing_in(found[1].regulation, q) for q in last.quotes()]
                moved = standing[0] if standing and all(m == standing[0] for m in standing) else None
                stale.append(Stale(rel, param.key, param.regulation, article, found[0], users,
                                   moved if moved != article else None))
    _check_cites(regs, calculators, versions_of, today)
    for s in stale:
        print(s.message(), file=sys.stderr)
    for message in repealed_in_use(regs, calculators, files):
        print(message, file=sys.stderr)
    for message in stale_readings(regs, calculators, versions_of):
        print(message, file=sys.stderr)
    return stale


QUOTED = re.compile(r"“([^”]{4,})”")


def stale_readings(regs: list[Regulation], calculators: list, versions_of=all_versions) -> list[str]:
    """A warning per calculator reading (its text, shown beside results and on the
    编校说明) that quotes words of its article as first issued which a later version no
    longer has: the reading explains the old text (its example, its figures) and must be
    looked at again (living-handbook QA L3: a reading kept saying 50% and 2天 after the
    article said 60% and 3天). Quotes that are not the article's own words are left alone."""
    slugs = {r.slug for r in regs}
    out, seen = [], set()
    for calc in calculators:
        for reading in calc.readings:
            c = reading.cite
            if c.regulation not in slugs or reading.id in seen:
                continue
            seen.add(reading.id)
            versions = versions_of(regs, c.regulation)
            first = article_text(versions[0].regulation, c.anchor) if versions else None
            if first is None:
                continue
            own = [q for q in QUOTED.findall(reading.text) if squeeze(q) in squeeze(first)]
            for version in versions[1:]:
                text = article_text(version.regulation, c.anchor) or ""
                gone = [q for q in own if squeeze(q) not in squeeze(text)]
                if gone and version.effective is not None:
                    out.append(f"warning: calculators/{calc.name}: 理解“{reading.title}”（{reading.id}）所引{c.anchor}的原话"
                               f"{'、'.join('“' + q + '”' for q in gone)}自{version.effective.isoformat()}起已不在条文中："
                               "请核对这条理解（其说明和示例按修改前的条文写成）")
                    break
    return out


def repealed_in_use(regs: list[Regulation], calculators: list, files: list) -> list[str]:
    """A warning per repealed regulation whose numbers a calculator still applies: the
    calculators take no repeal into account (they compute dates after it with the repealed
    rules), so the editor must retire or change them."""
    by_slug = {r.slug: r for r in regs}
    out = []
    for pfile in files:
        reg = by_slug.get(pfile.regulation)
        last = (reg.versions or [reg])[-1] if reg is not None else None
        repealed = getattr(last, "repealed", None)
        if repealed is None:
            continue
        users = [c.name for c in calculators
                 if any(ct.regulation == pfile.regulation for ct in _cites(c))]
        out.append(f"warning: calculators/{pfile.path.name}: {rules.TITLES[pfile.regulation]}已于"
                   f"{repealed.isoformat()}废止，计算器 {'、'.join(users) or '（无）'} 仍按其条文计算该日以后的日期："
                   f"请停用或修改这些计算器")
    return out


def _stale(param, versions: list[Version]) -> tuple[date, Version] | None:
    """The first amendment after the parameter's last value whose text no longer holds the
    last value's quotes (or lacks the article), and that version, if any."""
    last = param.values[-1]
    quotes = [squeeze(q) for q in last.quotes()]
    for version in versions:
        if version.effective is None or (last.effective and version.effective <= last.effective):
            continue
        text = article_text(version.regulation, last.article or param.article)
        if text is None or not all(q in squeeze(text) for q in quotes):
            return version.effective, version
    return None


def _standing_in(regulation, quote: str) -> str | None:
    """The article of a version whose text holds the quote word for word (an amendment
    that renumbered it), if one does."""
    holding = [a for a in regulation.ids()
               if (t := article_text(regulation, a)) is not None and squeeze(quote) in squeeze(t)]
    # an article (第十四条) rather than the chapter around it or a clause inside it
    articles = [a for a in holding if re.fullmatch(r"第[一二三四五六七八九十百零〇\d]+条", a)]
    return (articles or sorted(holding, key=lambda a: len(article_text(regulation, a))) or [None])[0]


def _cites(calc) -> list:
    return list(calc.cites) + [r.cite for r in calc.readings]


def _check_cites(regs: list[Regulation], calculators: list, versions_of, today: date) -> None:
    for calc in calculators:
        for c in _cites(calc):
            if c.regulation not in {r.slug for r in regs}:
                continue  # validate.check_calculators reports it
            version = in_force(versions_of(regs, c.regulation), today)
            if version is not None and article_text(version.regulation, c.anchor) is None:
                raise BuildError(f"calculators/{calc.name}", 0,
                                 f"cites '{c.regulation}#{c.anchor}', which the version in force on "
                                 f"{today.isoformat()} does not have")


def runtime_files(stale: list[Stale]) -> dict[str, str]:
    """What the shipped calculators package carries besides its sources: the amendments
    the calculators must refuse (calculators/amendments.toml, read by rules.AMENDED)."""
    if not stale:
        return {}
    rows = []
    for s in stale:
        rows.append(f'[[amended]]\nregulation = "{s.regulation}"\narticle = "{s.article}"\n'
                    f"effective = {s.amended.isoformat()}\nparameters = \"{s.file} [{s.key}]\"\n"
                    + (f'moved = "{s.moved}"\n' if s.moved else ""))
    head = "# Generated by the build (handbook/parameters.py): amended articles not yet in the parameters.\n"
    return {f"calculators/{rules.AMENDMENTS_FILE}": head + "\n".join(rows)}
