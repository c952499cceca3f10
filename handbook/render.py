"""Step 3, render: the regulation model through Jinja2 templates into the MkDocs docs
tree (build/docs): a page per regulation (the current version at regulations/<slug>,
each other version at regulations/<slug>/<original|YYYY-MM-DD>, a 新旧对照 page per pair
of consecutive versions at regulations/<slug>/compare-<old>-<new>), the home page, the
editorial page."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import articles, law_and_code, numbering, versions
from .version_pages import (OLD_VERSION_BOOST, changes, compare_context, history, href, page_path, resolver,
                            status_view)
from .sources import LINK, Regulation, shown_chapter_title

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
_env.filters["cn"] = numbering.to_cn          # 4 → 四 (chapter counts)

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LEADING = re.compile(r"^(\d+)\.|^([#+\->=])")


def escape(text: str) -> str:
    """Source text as literal Markdown: nothing in the law's words becomes markup."""
    text = _ESCAPE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else f"\\{m.group(2)}", text)


def inline(text: str, here: str, prefix: str = "", resolve=None) -> str:
    """Escape the words, turn reg: links into links to the pages (relative, .md; prefix
    "../" on a version's page, resolve(slug, anchor) → the page holding that id)."""
    out, pos = [], 0
    for m in LINK.finditer(text):
        out.append(escape(text[pos:m.start()]))
        page = resolve(m.group(2), m.group(3) or "") if resolve else f"{m.group(2)}.md"
        target = "" if m.group(2) == here else f"{prefix}{page}"
        anchor = f"#{m.group(3)}" if m.group(3) else ""
        out.append(f"[{escape(m.group(1))}]({target}{anchor or ('' if target else '#')})")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def segments(version: Regulation, regs: list[Regulation], refs: dict, prefix: str,
             notes: dict | None = None) -> list[dict]:
    """The page's body in order: each block, the cite control after each citable heading,
    the 法条联想 and the calculators' readings of a heading's part before the next heading
    (current versions only)."""
    labels = articles.labels(version)
    current = versions.is_current(version)
    out: list[dict] = []
    open_id = ""

    def close() -> None:
        if current and open_id:
            html = articles.refs_html(regs, refs.get((version.slug, open_id)), prefix)
            if html:
                out.append({"kind": "raw", "html": html})
            for html in law_and_code.reading_notes((notes or {}).get((version.slug, open_id), []), prefix):
                out.append({"kind": "raw", "html": html})

    for block in version.blocks:
        if block.kind == "heading":
            close()
            open_id = block.id
            out.append({"kind": "heading", "block": block})
            if block.id in labels:
                out.append({"kind": "raw", "html": articles.cite_bar(version, block.id, labels[block.id])})
        else:
            out.append({"kind": block.kind, "block": block})
    close()
    return out


def chapters(regs: list[Regulation], chapter_list: list[dict]) -> list[dict]:
    return [{**c, "regulations": [r for r in regs if r.meta["chapter"] == c["number"]]}
            for c in chapter_list]


def write_docs(src_docs: Path, out: Path, regs: list[Regulation], chapter_list: list[dict],
               cited_by: dict, calculators: list, editorial: dict, book_name: str | None) -> None:
    """Copy the hand-written docs/ and add the generated pages."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src_docs, out)
    (out / "regulations").mkdir(exist_ok=True)
    by_name = {c.name: c for c in calculators}
    by_number = {c["number"]: c for c in chapter_list}
    refs = articles.cross_refs(regs, calculators)
    notes = law_and_code.by_article(regs, calculators)   # each reading under its article
    resolve = resolver(regs)
    template = _env.get_template("regulation.md.j2")
    for reg in regs:
        for version in reg.versions:
            path = page_path(version)
            prefix = "" if path.count("/") == 1 else "../"
            page = template.render(
                reg=version, meta=version.meta, chapter=by_number[version.meta["chapter"]],
                cited_by=cited_by[reg.slug] if version is reg else [],
                inline=lambda t, v=version, p=prefix: inline(t, v.slug, p, resolve),
                calculators=_calculators(reg, refs, by_name) if version is reg else [],
                prefix=prefix, is_current=version is reg, view=status_view(version),
                history=history(version, prefix) if len(reg.versions) > 1 or version.repealed else [],
                current_href=href(page_path(reg), prefix), current_view=status_view(reg),
                segments=segments(version, regs, refs, prefix, notes), version_label=versions.short_label(version),
                boost=OLD_VERSION_BOOST)
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_text(page, encoding="utf-8")
        for old, new in versions.pairs(reg):
            path, context = compare_context(old, new)
            (out / path).write_text(_env.get_template("compare.md.j2").render(**context), encoding="utf-8")
    (out / "index.md").write_text(_env.get_template("index.md.j2").render(
        chapters=chapters(regs, chapter_list), calculators=calculators,
        book_name=book_name, status_view=status_view, changes=changes(regs)), encoding="utf-8")
    (out / "editorial.md").write_text(_env.get_template("editorial.md.j2").render(
        regs=regs, chapters=chapter_list, calculators=calculators,
        readings=law_and_code.grouped(regs, calculators), **editorial), encoding="utf-8")


def _calculators(reg: Regulation, refs: dict, by_name: dict) -> list:
    """The calculators of a regulation: every one that cites one of its articles (derived
    from the calculators' own citations; the front matter does not list them)."""
    out: list = []
    for block in reg.headings():
        found = refs.get((reg.slug, block.id))
        for calc in found.calculators if found else []:
            if calc not in out:
                out.append(calc)
    return out


def nav(regs: list[Regulation], chapter_list: list[dict], calculators: list) -> list:
    items: list = [{"首页": "index.md"}]
    for c in chapters(regs, chapter_list):
        items.append({shown_chapter_title(c):
                      [{r.shown_title: f"regulations/{r.slug}.md"} for r in c["regulations"]]})
    if calculators:
        items.append({"计算器": [{c.title: f"calculators/{c.name}.md"} for c in calculators]})
    items.append({"编校说明": "editorial.md"})
    return items
