"""Step 5, book: the regulation model → HTML (templates/book.html.j2 + book.css) → the
print-ready PDF (A4) with WeasyPrint.

The book is written to dist/ under a name carrying the version and the build date, and
copied into the site as downloads/court-handbook.pdf (a stable ASCII path the home page
links to; the offline zip, made after the book, carries it). The build date is the
commit's date and is also the PDF's creation and modification date, so two builds of
the same commit give the same bytes."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import COURT, law_and_code, numbering, offline_zip, versions
from .sources import LINK, Block, Regulation, shown_chapter_title

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STYLESHEET = HERE / "book.css"
SITE_PATH = "downloads/court-handbook.pdf"     # the site's link to the book (stable)
KINDS = {"gap": "缺漏", "repeat": "重复", "contradiction": "矛盾", "typo": "疑似笔误", "other": "其他"}

_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   autoescape=True, trim_blocks=True, lstrip_blocks=True)
_env.filters["cn"] = numbering.to_cn          # 4 → 四 (chapter counts)
SUPPLIED_CITE = "（编者拟题）"                 # after 《title》 where the editor supplied the title (as 引用)


def with_page(text: str, href: str, link: bool = False) -> Markup:
    """The words (linked to href if link) and （第N页） after them; the last characters and
    the page reference kept on one line, so that a page number never stands alone on a
    line (blind book QA 9: 《党组理论学习中心组学习制度》's ended its line and was taken
    for missing)."""
    text = str(text)
    if not href:
        return escape(text)
    head, tail = text[:-3], text[-3:]

    def words(part: str) -> Markup:
        return Markup('<a href="#%s">%s</a>') % (href, part) if link and part else escape(part)
    return words(head) + Markup('<span class="nobr">%s<a class="page-ref" href="#%s"></a></span>') % (
        words(tail), href)


_env.globals["with_page"] = with_page


def file_name(root: Path) -> str:
    """制度汇编-印刷版-v1.0.0-20261101.pdf: the version and the commit's date."""
    date, _ = offline_zip.build_date(root)
    return f"制度汇编-印刷版-v{offline_zip.version(root)}-{date}.pdf"


def write(root: Path, regs: list, chapters: list, editorial: dict, dist: Path, site: Path) -> Path:
    """Render the whole book; returns the PDF's path in dist/."""
    date, epoch = offline_zip.build_date(root)
    pdf = render_pdf(html(regs, chapters, editorial, offline_zip.version(root), epoch))
    dist.mkdir(parents=True, exist_ok=True)
    for old in dist.glob("制度汇编-印刷版-*.pdf"):
        old.unlink()
    target = dist / file_name(root)
    target.write_bytes(pdf)
    copy = site / SITE_PATH
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, copy)
    return target


def render_pdf(document: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=document, base_url=str(HERE)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))])


def html(regs: list[Regulation], chapters: list[dict], editorial: dict, version: str,
         epoch: int, readings: list | None = None) -> str:
    """The book as one HTML document (regs may be any subset, e.g. in tests)."""
    anchors = _anchors(regs)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    day = time.gmtime(epoch)
    groups = [{**c, "anchor": f"chapter-{c['number']}",
               "shown_title": shown_chapter_title(c),
               "regulations": [_regulation(r, anchors, c) for r in regs
                               if r.meta["chapter"] == c["number"]]}
              for c in chapters]
    groups = [g for g in groups if g["regulations"]]
    if readings is None:
        readings = _readings()
    return _env.get_template("book.html.j2").render(
        court=COURT, version=f"v{version}", stamp=stamp,
        date=f"{day.tm_year}年{day.tm_mon}月{day.tm_mday}日",
        chapters=groups, count=len(regs),
        appendix=_appendix(regs, chapters, editorial, anchors, readings))


# ------------------------------------------------------------------ the model as print

def _anchors(regs: list[Regulation]) -> dict[tuple[str, str], str]:
    """(slug, heading id or "") → an ASCII anchor in the book: reg-07, reg-07-12."""
    out: dict[tuple[str, str], str] = {}
    for reg in regs:
        base = f"reg-{reg.meta['order']:02d}"
        out[(reg.slug, "")] = base
        for i, block in enumerate(reg.headings(), 1):
            out[(reg.slug, block.id)] = f"{base}-{i}"
    return out


_HALF = re.compile(r"[0-9().%]+")


def _text(text: str) -> Markup:
    """Escaped words; runs of ASCII digits, parentheses and points set half an em wide
    (class "hw"), so that lines mixing them with Chinese still fill the 28-character
    grid (WeasyPrint stretches lines only at ASCII spaces)."""
    out, pos = [], 0
    for m in _HALF.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<span class="hw">%s</span>') % m.group(0))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _inline(text: str, anchors: dict) -> Markup:
    """The words (see _text); reg: links become links inside the book, set as text."""
    out, pos = [], 0
    for m in LINK.finditer(text):
        out.append(_text(text[pos:m.start()]))
        target = anchors.get((m.group(2), m.group(3) or "")) or anchors.get((m.group(2), ""))
        words = _text(m.group(1))
        out.append(Markup('<a class="ref" href="#%s">%s</a>') % (target, words) if target else words)
        pos = m.end()
    out.append(_text(text[pos:]))
    return Markup("").join(out)


SERIES = {"章": "zhang", "条": "tiao", "一、": "l1", "（一）": "l2", "1、": "l3", "（1）": "l4"}


def _kind(block: Block) -> str:
    """The label's series as a CSS class: 条 → tiao, 一、 → l1, （一） → l2 …"""
    parsed = numbering.parse_label(block.label) if block.label else None
    return SERIES[parsed[0]] if parsed else ""


_FILL_P = re.compile(r'<p>((?:(?!</p>).)*)<span class="blank"( data-label="[^"]*")?></span>\s*</p>')


def _width(text: str) -> float:
    """Width in ems of printed words: CJK characters one em, the rest about half."""
    return sum(1.0 if ord(ch) > 0x2e80 else 0.5 for ch in text)


def _form(raw: str) -> Markup:
    """A form as printed words and blank fields. A blank that ends its paragraph runs to
    the right margin so there is room to write; an answer (答：) gets a second line."""
    raw = raw.replace(' markdown="1"', "").replace(" markdown>", ">")

    def fill(m: re.Match) -> str:
        before, label = m.group(1), m.group(2) or ""
        css = ' class="fill answer"' if 'data-label="答"' in label else ' class="fill"'
        if "<" in before or _width(before) > 12:
            return f'<p{css}>{before}<span class="blank"{label}></span></p>'
        width = f"calc(100% - {_width(before) + 0.5:g}em)"
        return f'<p{css}>{before}<span class="blank"{label} style="width: {width}"></span></p>'

    return Markup(_FILL_P.sub(fill, raw))


def _regulation(reg: Regulation, anchors: dict, chapter: dict) -> dict:
    """A regulation as print items: 章 headings (bookmarked), article labels run into
    their first paragraph, other headings, paragraphs, items, forms."""
    meta = reg.meta
    items: list[dict] = []
    blocks = reg.blocks
    heading_no = {id(b): i for i, b in enumerate(reg.headings(), 1)}
    base = anchors[(reg.slug, "")]
    i = 0
    first_form = True
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "heading":
            anchor = f"{base}-{heading_no[id(b)]}"
            kind = _kind(b)
            label = b.label
            rest = b.text[len(label):] if label and b.text.startswith(label) else b.text
            if nxt is not None and nxt.kind == "html":
                items.append({"kind": "form-title", "id": anchor, "text": _inline(b.text, anchors),
                              "new_page": not first_form, "supplied": b.supplied})
                first_form = False
            elif kind == "zhang":
                items.append({"kind": "chapter", "id": anchor, "text": _inline(b.text, anchors),
                              "plain": b.text})
            elif label and nxt is not None and nxt.kind == "para" and (
                    not rest.strip() or rest.rstrip().endswith(("：", ":"))):
                # 第一条 + its first paragraph (one source line): the label set apart
                items.append({"kind": "article", "id": anchor, "label": _text(label),
                              "rest": _inline(rest.strip(), anchors),
                              "text": _inline(nxt.text, anchors), "series": kind})
                i += 2
                continue
            elif label and not rest.strip():
                items.append({"kind": "article", "id": anchor, "label": _text(label), "rest": "",
                              "text": "", "series": kind})
            else:
                items.append({"kind": "heading", "id": anchor, "level": b.level,
                              "label": _text(label), "rest": _inline(rest.strip() if label else b.text, anchors),
                              "series": kind, "supplied": b.supplied})
        elif b.kind == "para":
            items.append({"kind": "para", "text": _inline(b.text, anchors)})
        elif b.kind == "items":
            items.append({"kind": "items", "items": [_inline(t, anchors) for t in b.items]})
        else:
            items.append({"kind": "form", "html": _form(b.text)})
        i += 1
    effective_label = ""
    if meta.get("effective_at"):
        effective_label = meta["effective_at"]
    status = versions.status(reg)
    return {"anchor": base, "slug": reg.slug, "title": meta["title"], "shown_title": reg.shown_title,
            "status_text": status, "status_class": versions.STATUS_CLASS[status],
            "effective_day": versions.day(reg.effective),
            "end_day": versions.day(reg.end) if reg.end else "",
            "history": _history(reg),
            "title_supplied": meta["title_supplied"], "chapter": shown_chapter_title(chapter),
            "issuers": meta["issuers"], "issuers_supplied": meta.get("issuers_supplied", False),
            "status": meta.get("status"), "effective": meta.get("effective"),
            "effective_at": effective_label,
            "effective_href": anchors.get((reg.slug, meta.get("effective_at") or ""), base),
            "items": items}


def _history(reg: Regulation) -> str:
    """The 沿革 note of a regulation with more than one version or a repeal: every
    version with its date, the one printed marked."""
    group = reg.versions or [reg]
    if len(group) == 1 and not reg.repealed:
        return ""
    parts = []
    for i, v in enumerate(group):
        words = f"{versions.label(v)}（{'制定' if i == 0 else '修改'}）"
        parts.append(words + ("，本书所印" if v is reg else ""))
    if group[-1].repealed:
        parts.append(f"{versions.day(group[-1].repealed)}废止")
    return "；".join(parts) + "。"


# ------------------------------------------------------------------ the appendix

def _readings() -> list:
    """The calculators' readings of unclear articles (as on the site's 编校说明 page);
    none when the calculators cannot be loaded."""
    try:
        import calculators

        return [c for c in calculators.available() if getattr(c, "readings", None)]
    except Exception:  # the book does not depend on the calculators
        return []


def _appendix(regs: list[Regulation], chapters: list[dict], editorial: dict,
              anchors: dict, readings: list) -> dict:
    by_slug = {r.slug: r for r in regs}

    def ref(slug: str, anchor: str) -> str:
        return anchors.get((slug, anchor or "")) or anchors.get((slug, ""), "")

    def cite(reg: Regulation) -> str:
        """《title》 as a citation writes it: marked （编者拟题） where the editor supplied it."""
        return f"《{reg.title}》" + (SUPPLIED_CITE if reg.meta["title_supplied"] else "")

    findings = [{"title": cite(f["regulation"]), "anchor": f.get("anchor", ""),
                 "href": ref(f["slug"], f.get("anchor", "")), "text": f["text"]}
                for f in editorial.get("findings", []) if f["slug"] in by_slug]
    # the notes under their regulation's title (marked 编者拟 as in the body), each note
    # by its article: the title is not repeated over a hundred times
    notes: list[dict] = []
    for n in editorial.get("notes", []):
        if n["slug"] not in by_slug:
            continue
        reg = n["regulation"]
        if not notes or notes[-1]["slug"] != n["slug"]:
            notes.append({"slug": n["slug"], "title": reg.title, "supplied": reg.meta["title_supplied"],
                          "href": ref(n["slug"], ""), "notes": []})
        notes[-1]["notes"].append({"anchor": n.get("anchor", ""), "href": ref(n["slug"], n.get("anchor", "")),
                                   "kind": KINDS.get(n["kind"], n["kind"]), "text": n["text"]})
    calc = []
    try:
        registered = law_and_code.grouped(regs, readings) if readings else []
    except Exception:  # the book does not depend on the calculators
        registered = []
    for reg, group in registered:       # each reading once, by the article it reads
        rows = [{"title": n.reading.title, "label": n.reading.cite.label,
                 "href": ref(reg.slug, n.reading.cite.anchor),
                 "calculators": "、".join(c.title for c in n.calculators), "text": n.reading.text}
                for n in group]
        calc.append({"title": reg.title, "supplied": reg.meta["title_supplied"], "readings": rows})
    sides, seen = [], {}
    for c in readings or []:
        try:
            articles = law_and_code.side_by_side(regs, c)
        except Exception:
            continue
        key = tuple((a.regulation.slug, a.anchor, tuple(p.where for p in a.params)) for a in articles)
        if key in seen:
            sides.append({"title": c.title, "same_as": seen[key], "groups": [], "files": ""})
            continue
        seen[key] = c.title
        # a reader's view of the calculator page's side by side: the regulation named once
        # over its articles (a supplied title marked there), each article's words, each
        # parameter by its name with its dates, quoted words and values; the parameter
        # files named once (blind book QA 6: 33 pages of file names and key = value lines)
        groups: list[dict] = []
        files: list[str] = []
        for a in articles:
            if not groups or groups[-1]["slug"] != a.regulation.slug:
                groups.append({"slug": a.regulation.slug, "cite": cite(a.regulation), "articles": []})
            params = []
            for p in a.params:
                path = p.where.split(" [")[0].removeprefix("calculators/")
                if path not in files:
                    files.append(path)
                params.append({"name": p.name, "values": [
                    {"when": f"自{when}起",
                     "quoted": [{"quotes": q.quotes,
                                 "figures": [f"{k} = {v}" for k, v in q.figures]} for q in quoted]}
                    for when, quoted in p.values]})
            groups[-1]["articles"].append(
                {"label": a.heading, "href": ref(a.regulation.slug, a.anchor), "words": a.words,
                 "params": params, "readings": "、".join(r.title for r in a.readings)})
        sides.append({"title": c.title, "same_as": None, "groups": groups, "files": "、".join(files)})
    letter = by_slug.get("investigation-letter")
    return {"supplied_chapters": [c for c in chapters if c.get("title_supplied")],
            "supplied": [{"title": r.title, "href": ref(r.slug, "")}
                         for r in regs if r.meta["title_supplied"]],
            "findings": findings, "notes": notes, "calculators": calc, "sides": sides,
            "letter": {"title": letter.title, "href": ref(letter.slug, "")} if letter else None}
