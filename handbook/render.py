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

from . import articles, diff, versions
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


def page_path(version: Regulation) -> str:
    """Where a version's page is, from the site's root (.md, as MkDocs takes it)."""
    if versions.is_current(version):
        return f"regulations/{version.slug}.md"
    return f"regulations/{version.slug}/{version.key}.md"


def compare_path(old: Regulation, new: Regulation) -> str:
    return f"regulations/{old.slug}/compare-{old.key}-{new.key}.md"


def _href(path: str, prefix: str) -> str:
    """A page path (regulations/….md) as a link from a page in regulations/ (+ prefix)."""
    return prefix + path[len("regulations/"):-3] + ".html"


def status_view(version: Regulation) -> dict:
    status = versions.status(version)
    return {"status": status, "css": versions.STATUS_CLASS[status],
            "effective": versions.day(version.effective),
            "end": versions.day(version.end) if version.end else "",
            "end_kind": "废止日期" if version.repealed and version.end == version.repealed else "失效日期"}


def history(version: Regulation, prefix: str) -> list[dict]:
    """The 沿革 list: every version with its dates and status, and the 新旧对照 links."""
    out = []
    group = version.versions or [version]
    for i, v in enumerate(group):
        row = {**status_view(v), "label": versions.label(v), "this": v is version,
               "href": _href(page_path(v), prefix), "compare": "",
               "kind": "制定" if i == 0 else "修改", "current": versions.is_current(v)}
        if i:
            row["compare"] = _href(compare_path(group[i - 1], v), prefix)
        out.append(row)
    if group[-1].repealed:
        out.append({"label": versions.day(group[-1].repealed), "kind": "废止", "this": False,
                    "href": "", "compare": "", "current": False, **status_view(group[-1])})
    return out


def segments(version: Regulation, regs: list[Regulation], refs: dict, prefix: str) -> list[dict]:
    """The page's body in order: each block, the cite control after each citable heading,
    the 法条联想 of a heading's part before the next heading (current versions only)."""
    labels = articles.labels(version)
    current = versions.is_current(version)
    out: list[dict] = []
    open_id = ""

    def close() -> None:
        if current and open_id:
            html = articles.refs_html(regs, refs.get((version.slug, open_id)), prefix)
            if html:
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


def _resolver(regs: list[Regulation]):
    """reg: link → the page of the target: its current version, or, for an id the current
    version no longer has, the latest version that has it."""
    by_slug = {r.slug: r for r in regs}

    def resolve(slug: str, anchor: str) -> str:
        target = by_slug[slug]
        if not anchor or anchor in target.ids():
            return f"{slug}.md"
        holder = next((v for v in reversed(target.versions) if anchor in v.ids()), target)
        return page_path(holder)[len("regulations/"):]
    return resolve


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
    by_name = {c.name: c for c in calculators}
    by_number = {c["number"]: c for c in chapter_list}
    refs = articles.cross_refs(regs, calculators)
    resolve = _resolver(regs)
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
                current_href=_href(page_path(reg), prefix), current_view=status_view(reg),
                segments=segments(version, regs, refs, prefix), version_label=versions.short_label(version),
                boost=OLD_VERSION_BOOST)
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_text(page, encoding="utf-8")
        for old, new in versions.pairs(reg):
            rows = diff.compare(old, new)
            (out / compare_path(old, new)).write_text(_env.get_template("compare.md.j2").render(
                old=old, new=new, old_label=versions.short_label(old), new_label=versions.short_label(new),
                old_href=_href(page_path(old), "../"), new_href=_href(page_path(new), "../"),
                rows=rows, counts=diff.summary(rows), runs=_runs(rows)), encoding="utf-8")
    (out / "index.md").write_text(_env.get_template("index.md.j2").render(
        chapters=chapters(regs, chapter_list), calculators=calculators,
        book_name=book_name, status_view=status_view), encoding="utf-8")
    (out / "editorial.md").write_text(_env.get_template("editorial.md.j2").render(
        regs=regs, chapters=chapter_list, calculators=calculators, **editorial), encoding="utf-8")


# An earlier (or not yet effective) version ranks below the current text in search; the
# 新旧对照 pages are left out of the index (their words are the versions' words).
OLD_VERSION_BOOST = 0.1


def _calculators(reg: Regulation, refs: dict, by_name: dict) -> list:
    """The calculators of a regulation: those its front matter names, then every other
    one that cites one of its articles (derived from the calculators' own citations)."""
    out = [by_name[n] for n in reg.meta.get("calculators", []) if n in by_name]
    for block in reg.headings():
        found = refs.get((reg.slug, block.id))
        for calc in found.calculators if found else []:
            if calc not in out:
                out.append(calc)
    return out


def _runs(rows: list) -> list[dict]:
    """The rows with consecutive unchanged articles gathered into one folded run."""
    out: list[dict] = []
    for row in rows:
        if row.kind == "same" and out and out[-1]["kind"] == "same":
            out[-1]["rows"].append(row)
        else:
            out.append({"kind": row.kind, "rows": [row]})
    return out


def nav(regs: list[Regulation], chapter_list: list[dict], calculators: list) -> list:
    items: list = [{"首页": "index.md"}]
    for c in chapters(regs, chapter_list):
        items.append({c["title"]: [{r.title: f"regulations/{r.slug}.md"} for r in c["regulations"]]})
    if calculators:
        items.append({"计算器": [{c.title: f"calculators/{c.name}.md"} for c in calculators]})
    items.append({"编校说明": "editorial.md"})
    return items
