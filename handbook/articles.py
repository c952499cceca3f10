"""Articles as units a reader cites and follows: the citation of each article (条) and
numbered heading (《title》第十三条, 第五条第（一）项), and the 法条联想 under it — the
articles of other regulations it cites and that cite it (from reg: links) and the
calculators that apply it (from the calculators' own citations)."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import numbering, versions
from .sources import Regulation

EXAMPLES = Path(__file__).resolve().parent.parent / "calculators" / "examples"
_ITEM_WORD = {"（一）": "项", "一、": "项", "1、": "目", "（1）": "目"}


def labels(reg: Regulation) -> dict[str, str]:
    """heading id → how it is cited after the title, for the headings that can be cited:
    articles (第十三条) and numbered headings (under an article 第五条第（一）项第1目; in a
    document without articles the id as it reads, 一（一）7). 章 and unnumbered headings
    (form titles) are not cited on their own."""
    out: dict[str, str] = {}
    stack: list = []
    for block in reg.headings():
        stack = [b for b in stack if b.level < block.level]
        parsed = numbering.parse_label(block.label) if block.label else None
        stack.append(block)
        if not parsed or parsed[0] == "章":
            continue
        if parsed[0] == "条":
            out[block.id] = block.label
            continue
        article = next((b for b in reversed(stack[:-1]) if b.label and numbering.parse_label(b.label)[0] == "条"), None)
        if article is None:
            out[block.id] = block.id
            continue
        chain = [b for b in stack[stack.index(article) + 1:] if b.label]
        out[block.id] = article.label + "".join(
            f"第{numbering._bare(b.label)}{_ITEM_WORD[numbering.parse_label(b.label)[0]]}" for b in chain)
    return out


def title_cite(reg: Regulation) -> str:
    """《title》, marked （编者拟题） where the editor supplied the title (the court did not
    name it so), and, for a version that is not the current one, which version it is."""
    notes = (["编者拟题"] if reg.meta.get("title_supplied") else []) + \
        ([] if versions.is_current(reg) else [versions.short_label(reg)])
    return f"《{reg.title}》" + (f"（{'，'.join(notes)}）" if notes else "")


def text_after_label(reg: Regulation, anchor: str) -> str:
    """The article's words without its own label in front (第十三条　病假…… → 病假……)."""
    text = reg.article_text(anchor)
    block = reg.ids()[anchor]
    if block.label and text.startswith(block.label):
        text = text[len(block.label):].lstrip("　 ")
    return text


def cite_bar(reg: Regulation, anchor: str, label: str) -> Markup:
    """The cite control: data-cite is the citation; the second click adds data-cite-text.
    The button's word (引用) is set by handbook.js, so that the page's text between an
    article's label and its words stays the law's own."""
    return Markup('<div class="cite-bar" data-search-exclude><button type="button" class="cite" '
                  'data-cite="%s" data-cite-text="%s" aria-label="引用本条" '
                  'title="复制引用（再点一次：连同条文）"></button></div>') % (
        title_cite(reg) + label, text_after_label(reg, anchor))


# ------------------------------------------------------------------ 法条联想

@dataclass
class Refs:
    cites: list[tuple[str, str]] = field(default_factory=list)       # (slug, anchor) it cites
    cited_by: list[tuple[str, str]] = field(default_factory=list)    # (slug, anchor) citing it
    calculators: list = field(default_factory=list)


def section_of(reg: Regulation, line: int) -> str:
    """The id of the heading whose part holds a source line ("" before the first heading)."""
    anchor = ""
    for block in reg.headings():
        if block.line > line:
            break
        anchor = block.id
    return anchor


def cross_refs(regs: list[Regulation], calculators: list) -> dict[tuple[str, str], Refs]:
    """(slug, heading id) → its 法条联想, over the current versions."""
    out: dict[tuple[str, str], Refs] = {}

    def at(key: tuple[str, str]) -> Refs:
        return out.setdefault(key, Refs())

    for reg in regs:
        for link in reg.links:
            if link.slug == reg.slug:
                continue
            here = (reg.slug, section_of(reg, link.line))
            there = (link.slug, link.anchor)
            if here[1] and there not in at(here).cites:
                at(here).cites.append(there)
            if link.anchor and here not in at(there).cited_by:
                at(there).cited_by.append(here)
    for calc in calculators:
        for key in sorted(calculator_cites(calc)):
            if calc not in at(key).calculators:
                at(key).calculators.append(calc)
    return out


def calculator_cites(calc) -> set[tuple[str, str]]:
    """Every (slug, anchor) a calculator cites: its declared cites and readings, the Cite
    values in its module's rule tables, and the lines of its examples' results."""
    from calculators.engine import Cite

    found: set[tuple[str, str]] = set()

    def walk(value, depth: int = 0) -> None:
        if isinstance(value, Cite):
            found.add((value.regulation, value.anchor))
        elif depth < 5 and isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v, depth + 1)
        elif depth < 5 and isinstance(value, dict):
            for v in value.values():
                walk(v, depth + 1)
        elif depth < 5 and hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name, None), depth + 1)

    walk(list(calc.cites) + [r.cite for r in calc.readings])
    module = sys.modules.get(getattr(calc.compute, "__module__", ""))
    if module is not None:
        walk([v for k, v in vars(module).items() if not k.startswith("__")])
    path = EXAMPLES / f"{calc.name}.json"
    if path.exists():
        for case in json.loads(path.read_text(encoding="utf-8")):
            if "error_keys" in case.get("expect", {}):
                continue
            try:
                result = calc.run(case["input"])
            except Exception:  # an example the calculator refuses is the examples' tests' concern
                continue
            walk([line.cite for line in result.lines if line.cite])
    return found


def refs_html(regs: list[Regulation], refs: Refs | None, prefix: str) -> Markup:
    """The 法条联想 block under an article (links relative to the page: prefix is "" for a
    page in regulations/, "../" one level deeper)."""
    if refs is None or not (refs.cites or refs.cited_by or refs.calculators):
        return Markup("")
    by_slug = {r.slug: r for r in regs}

    def link(key: tuple[str, str]) -> Markup:
        slug, anchor = key
        target = by_slug[slug]
        words = f"《{target.title}》" + (labels(target).get(anchor, anchor) if anchor else "")
        href = f"{prefix}{slug}.html" + (f"#{anchor}" if anchor else "")
        out = Markup('<a href="%s">%s</a>') % (href, words)
        last = (target.versions or [target])[-1]
        if last.repealed:   # a repealed regulation is marked where it is cited (its status, on the reader's day)
            from .version_pages import status_view
            view = status_view(last)
            out += Markup('<span class="reg-status reg-status-%s" %s>%s</span>') % (view["css"], view["dates"], view["status"])
        return out

    rows = []
    if refs.cites:
        rows.append(("本条引用", [link(k) for k in refs.cites if k[0] in by_slug]))
    if refs.cited_by:
        rows.append(("引用本条", [link(k) for k in refs.cited_by if k[0] in by_slug]))
    if refs.calculators:
        rows.append(("适用本条的计算器", [Markup('<a class="calc-link" href="%s">%s</a>') % (
            f"{prefix}../calculators/{c.name}.html", c.title) for c in refs.calculators]))
    body = Markup("").join(Markup('<p><span class="art-links-kind">%s</span>%s</p>') % (
        kind, Markup("、").join(items)) for kind, items in rows if items)
    return Markup('<div class="art-links" data-search-exclude>%s</div>') % body
