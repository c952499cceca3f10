"""Step 3, render: the regulation model through Jinja2 templates into the MkDocs docs
tree (build/docs): a page per regulation, the home page, the editorial page."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import law_and_code
from .sources import LINK, Regulation

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LEADING = re.compile(r"^(\d+)\.|^([#+\->=])")


def escape(text: str) -> str:
    """Source text as literal Markdown: nothing in the law's words becomes markup."""
    text = _ESCAPE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else f"\\{m.group(2)}", text)


def inline(text: str, here: str) -> str:
    """Escape the words, turn reg: links into links to the pages (relative, .md)."""
    out, pos = [], 0
    for m in LINK.finditer(text):
        out.append(escape(text[pos:m.start()]))
        target = "" if m.group(2) == here else f"{m.group(2)}.md"
        anchor = f"#{m.group(3)}" if m.group(3) else ""
        out.append(f"[{escape(m.group(1))}]({target}{anchor or ('' if target else '#')})")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def chapters(regs: list[Regulation], chapter_list: list[dict]) -> list[dict]:
    return [{**c, "regulations": [r for r in regs if r.meta["chapter"] == c["number"]]}
            for c in chapter_list]


def write_docs(src_docs: Path, out: Path, regs: list[Regulation], chapter_list: list[dict],
               cited_by: dict, calculators: list, editorial: dict, book_name: str) -> None:
    """Copy the hand-written docs/ and add the generated pages."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src_docs, out)
    (out / "regulations").mkdir(exist_ok=True)
    users = law_and_code.calculators_of(regs, calculators)   # derived from the citations
    notes = law_and_code.by_article(regs, calculators)
    for reg in regs:
        page = _env.get_template("regulation.md.j2").render(
            reg=reg, meta=reg.meta, chapter=chapter_list[reg.meta["chapter"] - 1],
            cited_by=cited_by[reg.slug], inline=lambda t: inline(t, reg.slug),
            calculators=users[reg.slug], after=law_and_code.after_blocks(reg, notes))
        (out / "regulations" / f"{reg.slug}.md").write_text(page, encoding="utf-8")
    (out / "index.md").write_text(_env.get_template("index.md.j2").render(
        chapters=chapters(regs, chapter_list), calculators=calculators,
        book_name=book_name), encoding="utf-8")
    (out / "editorial.md").write_text(_env.get_template("editorial.md.j2").render(
        regs=regs, chapters=chapter_list, calculators=calculators,
        readings=law_and_code.grouped(regs, calculators), **editorial), encoding="utf-8")


def nav(regs: list[Regulation], chapter_list: list[dict], calculators: list) -> list:
    items: list = [{"首页": "index.md"}]
    for c in chapters(regs, chapter_list):
        items.append({c["title"]: [{r.title: f"regulations/{r.slug}.md"} for r in c["regulations"]]})
    if calculators:
        items.append({"计算器": [{c.title: f"calculators/{c.name}.md"} for c in calculators]})
    items.append({"编校说明": "editorial.md"})
    return items
