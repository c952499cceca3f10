"""Step 2, validate: what one file cannot check alone. Links between regulations, the
calculators' citations, the editorial notes; and the report of gaps and repeats in the
original numbering (reported, never fatal: the law's text stays as it is)."""
from __future__ import annotations

import sys

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import numbering
from .sources import BuildError, Regulation


ORIGINAL_AS_IS = "（原文如此，未改号）"
AMENDED_AS_IS = "（修改后的文本如此，请核对）"


@dataclass
class Finding:
    """A gap or repeat in the original numbering, at a heading or list of a regulation."""

    slug: str
    anchor: str
    line: int
    kind: str        # "gap" | "repeat" | "style" (a number written in the other style of its level)
    text: str


def check_links(regs: list[Regulation]) -> dict[str, list[Regulation]]:
    """Every reg: link resolves; returns, per slug, the regulations that cite it."""
    by_slug = {r.slug: r for r in regs}
    cited_by: dict[str, list[Regulation]] = {r.slug: [] for r in regs}
    for reg in regs:
        for link in reg.links:
            target = by_slug.get(link.slug)
            if target is None:
                raise BuildError(reg.path, link.line, f"link to unknown regulation 'reg:{link.slug}'")
            if link.anchor and link.anchor not in target.ids():
                raise BuildError(reg.path, link.line,
                                 f"link 'reg:{link.slug}#{link.anchor}': {target.rel()} has no such id")
            if reg not in cited_by[link.slug] and link.slug != reg.slug:
                cited_by[link.slug].append(reg)
            _warn_if_moved_later(reg, link, target)
            repealed = (target.versions or [target])[-1].repealed
            if repealed and not (reg.versions or [reg])[-1].repealed and link.slug != reg.slug:
                # the text stays as it is (it is the court's); the editor is told, the
                # reader sees the mark in 本条引用 (articles.refs_html)
                print(f"warning: {reg.rel()}:{link.line}: 引用的《{target.title}》已于{repealed.isoformat()}废止"
                      "（条文照原文保留；请核对是否需要修改本制度）", file=sys.stderr)
        for version in reg.versions:
            at = version.meta.get("effective_at")
            if at and at not in version.ids():
                raise BuildError(version.path, 1, f"effective_at '{at}' is not an id of this document")
            if version is not reg:
                _check_version_links(version, by_slug)
    return cited_by


def _body(reg: Regulation, anchor: str) -> str | None:
    """An article's words without its heading (its number), squeezed; None if it has none."""
    from .parameters import article_text, squeeze

    text = article_text(reg, anchor)
    heading = next((b.text for b in reg.blocks if b.kind == "heading" and b.id == anchor), "")
    return None if text is None else squeeze(text[len(heading):])


def _warn_if_moved_later(reg: Regulation, link, target: Regulation) -> None:
    """A link to an article that a later version of its target deletes or renumbers lands,
    from that day, elsewhere or nowhere: the editor is told (living-handbook QA L8)."""
    group = target.versions or [target]
    if not link.anchor or target not in group:
        return
    now = _body(target, link.anchor)
    for later in group[group.index(target) + 1:]:
        then = _body(later, link.anchor)
        if then is not None and (now is None or then == now):
            continue
        moved = next((a for a in later.ids() if a != link.anchor and now and _body(later, a) == now), None)
        if then is not None and moved is None:
            continue      # the same article, amended: the link still lands right
        when = later.effective.isoformat() if later.effective else "修改后"
        print(f"warning: {reg.rel()}:{link.line}: 链接 reg:{link.slug}#{link.anchor} 所指的条文自{when}起"
              f"{'改为' + moved if moved else '删去'}（{target.title}）；那天以后此链接"
              f"{'指向另一条' if then is not None else '找不到该条'}，请核对", file=sys.stderr)
        return


def _check_version_links(version: Regulation, by_slug: dict[str, Regulation]) -> None:
    """A link in an earlier or later version resolves in some version of its target
    (the article it cited may since have been renumbered or removed)."""
    for link in version.links:
        target = by_slug.get(link.slug)
        if target is None:
            raise BuildError(version.path, link.line, f"link to unknown regulation 'reg:{link.slug}'")
        if link.anchor and not any(link.anchor in v.ids() for v in target.versions):
            raise BuildError(version.path, link.line,
                             f"link 'reg:{link.slug}#{link.anchor}': no version of {target.rel()} has such an id")


def check_calculators(regs: list[Regulation], calculators: list) -> None:
    """Every article a calculator cites (its cites, readings and the regulation it
    implements) is an id in the handbook. Which calculators apply a regulation is derived
    from these citations (handbook/law_and_code.py), not declared in the front matter."""
    by_slug = {r.slug: r for r in regs}
    for calc in calculators:
        where = f"calculators/{calc.name}"
        if calc.regulation not in by_slug:
            raise BuildError(where, 0, f"implements unknown regulation '{calc.regulation}'")
        for cite in list(calc.cites) + [r.cite for r in calc.readings]:
            target = by_slug.get(cite.regulation)
            if target is None or cite.anchor not in target.ids():
                raise BuildError(where, 0, f"cites '{cite.regulation}#{cite.anchor}', which the handbook does not have")


def load_notes(directory: Path, regs: list[Regulation]) -> list[dict]:
    """The editorial notes (regulations/notes/*.yml), each `at` checked to resolve."""
    by_slug = {r.slug: r for r in regs}
    notes = []
    for path in sorted(directory.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        entries = yaml.safe_load(text) or []
        lines = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("- ")]
        for entry, line in zip(entries, lines):
            at = str(entry.get("at", ""))
            slug, _, anchor = at.partition("#")
            # a note on the original text may name an article a later version no longer has:
            # it then points at the latest version that has it
            holder = None if slug not in by_slug else next(
                (v for v in reversed(by_slug[slug].versions or [by_slug[slug]])
                 if not anchor or anchor in v.ids()), None)
            if holder is None:
                raise BuildError(path, line, f"note at '{at}': no such regulation or id")
            if entry.get("kind") not in ("gap", "repeat", "contradiction", "typo", "other"):
                raise BuildError(path, line, "note kind must be gap, repeat, contradiction, typo or other")
            current, original = by_slug[slug], (by_slug[slug].versions or [by_slug[slug]])[0]
            if not anchor or anchor not in current.ids():
                page = slug if not anchor else f"{slug}/{holder.key}"
            elif original is not current and anchor in original.ids() \
                    and original.article_text(anchor) != current.article_text(anchor):
                # a note is on the original text: where an amendment in force has changed the
                # words under its id (or put other words there, renumbering), it points at the
                # original version, whose words it is about, not at today's
                page = f"{slug}/{original.key}"
            else:
                page = slug
            notes.append({**entry, "slug": slug, "anchor": anchor, "regulation": by_slug[slug], "page": page})
    order = {r.slug: r.meta["order"] for r in regs}
    return sorted(notes, key=lambda n: order[n["slug"]])


def numbering_findings(reg: Regulation) -> list[Finding]:
    """Gaps and repeats in each series of labels: 章 and 条 across the document; enumerated
    headings under the same parent; the items of one list."""
    series: dict[tuple, list[tuple[int, object]]] = {}
    parents: dict[tuple, object] = {}          # a series' parent heading (None: the document)
    item_levels: dict[str, list[str]] = {}
    restarts: dict[tuple[str, str], int] = {}
    stack = []
    for block in reg.blocks:
        if block.kind == "heading":
            stack = [b for b in stack if b.level < block.level]
            parsed = numbering.parse_label(block.label) if block.label else None
            if parsed:
                kind, number, _ = parsed
                parent = "" if kind in ("章", "条") else (stack[-1].id if stack else "")
                series.setdefault((kind, parent), []).append((number, block))
                parents.setdefault((kind, parent), None if kind in ("章", "条") or not stack else stack[-1])
            stack.append(block)
        elif block.kind == "items":
            # the items of all lists under one heading make one series per kind (a
            # paragraph between two items, such as "公式：…", does not restart the
            # numbering); an item of an outer kind (（二）) restarts the inner ones (1、)
            parent = stack[-1].id if stack else ""
            levels = item_levels.setdefault(parent, [])
            for item in block.items:
                parsed = numbering.parse_label(item)
                if not parsed:
                    continue
                kind = parsed[0]
                if kind in levels:
                    for inner in levels[levels.index(kind) + 1:]:
                        restarts[(parent, inner)] = restarts.get((parent, inner), 0) + 1
                else:
                    levels.append(kind)
                key = (kind, f"items@{parent}#{restarts.get((parent, kind), 0)}")
                series.setdefault(key, []).append((parsed[1], block))
                parents.setdefault(key, stack[-1] if stack else None)
    findings = []
    ends: dict[str, set[int]] = {}
    for (kind, _), entries in series.items():
        ends.setdefault(kind, set()).add(entries[-1][0])
    for key, entries in series.items():
        kind = key[0]
        numbers = [n for n, _ in entries]
        problems = numbering.series_problems(numbers)
        if numbers[0] > 1 and numbers[0] - 1 in ends[kind]:
            # numbering that runs on from the previous part (1–17 under 一、, 18– under 二、)
            problems = [(p, n) for p, n in problems if not (p == "gap" and n < numbers[0])]
        # one finding per place: the gaps before one numbered heading or list together
        places: dict[tuple, list[int]] = {}
        for problem, n in problems:
            if problem == "gap":
                at = next((i for i, (m, _) in enumerate(entries) if m > n), len(entries) - 1)
                block = entries[at][1]
                # the text between the entries before and after the gap (or from the
                # parent heading) may hold the number where no heading or item starts
                # with it: 当事人起诉……登记后：1、试行调解…… with 2、 to 5、 as items
                # (blind book QA 1: reported as 编号缺少1、); or in the other style of
                # its level: （1） where （二）…（九） follow
                first = entries[at - 1][1] if at > 0 else parents.get(key)
                how, written = numbering.written_in(kind, n, _span(reg, first, block))
                if how == "same":
                    continue
                if how == "other":
                    problem = f"style:{written}"
            else:
                block = next(b for m, b in entries[1:] if m == n)
            places.setdefault((problem, id(block)), [block]).append(n)
        for (problem, _), (block, *hit) in places.items():
            anchor = block.id if block.kind == "heading" else _anchor_before(reg, block)
            labels = "、".join(numbering.cn_label(kind, n) for n in hit)
            if problem.startswith("style:"):
                text = f"编号样式不一：{labels}处作{problem[6:]}{ORIGINAL_AS_IS}"
                problem = "style"
            else:
                text = f"{'编号缺少' if problem == 'gap' else '编号重复'}{labels}{ORIGINAL_AS_IS}"
            findings.append(Finding(reg.slug, anchor, block.line, problem, text))
    return findings


def _span(reg: Regulation, first, last) -> list[str]:
    """The words of the blocks from first (None: the document's start) to last, both
    included: headings, paragraphs and items."""
    blocks = reg.blocks
    start = next((i for i, b in enumerate(blocks) if b is first), 0)
    end = next(i for i, b in enumerate(blocks) if b is last)
    out = []
    for b in blocks[start:end + 1]:
        out.extend(b.items if b.kind == "items" else [b.text])
    return out


def new_in_amendment(before: Regulation, version: Regulation) -> list[Finding]:
    """The numbering findings of an amended text that the text before it did not have."""
    known = {f.text for f in numbering_findings(before)}
    return [f for f in numbering_findings(version) if f.text not in known]


def check_drafts(regs: list[Regulation]) -> None:
    """A draft from `build.py import` still holding the mark of a table it could not
    import fails the build at that line (docx_import.TABLE_LEFT_OUT)."""
    from .docx_import import TABLE_LEFT_OUT

    for reg in regs:
        for version in reg.versions or [reg]:
            for block in version.blocks:
                if TABLE_LEFT_OUT in block.text or any(TABLE_LEFT_OUT in i for i in block.items):
                    raise BuildError(version.path, block.line, "导入的草稿中此处原有一个表格，尚未补入：请按表格格式"
                                                               "（regulations/README.md）补入表格，并删去这一行")


def check_amendments(regs: list[Regulation]) -> None:
    """An amended text is the editor's, not the original's: a gap or repeat in its numbering
    that the text before it did not have (a skipped 第十三条, a heading typed 第十 二条, an
    article deleted without renumbering) and an article left empty are warned with the file
    and line, in every version, in force or not (living-handbook QA L7: they were not
    checked, or published as 原文如此). The text before's own are kept as they were."""
    for reg in regs:
        group = reg.versions or [reg]
        for before, version in zip(group, group[1:]):
            for f in new_in_amendment(before, version):
                print(f"warning: {version.rel()}:{f.line}: 修改后的文本{f.text.replace(ORIGINAL_AS_IS, '')}"
                      "（修改的文本由编者撰写：检查条号是否写错、删去条文后是否重新编号）", file=sys.stderr)
            blocks = version.blocks
            for i, block in enumerate(blocks):
                if block.kind == "heading" and block.label and block.label.endswith("条") and (
                        i + 1 == len(blocks) or blocks[i + 1].kind == "heading" and blocks[i + 1].level <= block.level):
                    print(f"warning: {version.rel()}:{block.line}: 修改后的文本中{block.label}没有条文内容", file=sys.stderr)


def findings_of(reg: Regulation) -> list[Finding]:
    """The numbering findings shown for a regulation's current text: the original's said
    as 原文如此, an amendment's own as the amended text's (to be checked)."""
    group = reg.versions or [reg]
    found = numbering_findings(reg)
    at = next((i for i, v in enumerate(group) if v is reg), 0)
    if at == 0:
        return found
    new = {f.text for f in new_in_amendment(group[at - 1], reg)}
    return [Finding(f.slug, f.anchor, f.line, f.kind, f.text.replace(ORIGINAL_AS_IS, AMENDED_AS_IS))
            if f.text in new else f for f in found]


def _anchor_before(reg: Regulation, block) -> str:
    anchor = ""
    for b in reg.blocks:
        if b is block:
            break
        if b.kind == "heading":
            anchor = b.id
    return anchor
