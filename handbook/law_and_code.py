"""The law and its code, each declared once and shown from one place.

- Which calculators apply which regulation is derived from the calculators' citations
  (handbook/articles.py, cross_refs), never listed in a regulation's front matter.
- A reading is registered once (its id; two readings with one id fail the build) and
  shown once per page: on the editorial page grouped by the article it reads, under that
  article on the regulation's page, and linked from the side-by-side view.
- Side by side: for each calculator, every article it applies, in the article's order,
  with the article's words, the parameters taken from it (calculators/<slug>.toml, the
  values and the quoted words) and the readings of it. The calculator page and the book's
  appendix render the same data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from calculators import rules

from .parameters import article_text
from .sources import LINK, BuildError, Regulation


def _cites(calc) -> list:
    return list(calc.cites) + [r.cite for r in calc.readings]


@dataclass
class Registered:
    """One reading, once, with the calculators that may apply it."""

    reading: object
    calculators: list = field(default_factory=list)


def readings(regs: list[Regulation], calcs: list) -> list[Registered]:
    """Every reading once, in book order (regulation, then article); a second reading
    under an id already taken fails the build."""
    seen: dict[str, Registered] = {}
    for calc in calcs:
        for r in calc.readings:
            known = seen.get(r.id)
            if known is None:
                seen[r.id] = known = Registered(r)
            elif known.reading != r:
                raise BuildError(f"calculators/{calc.name}", 0,
                                 f"reading id '{r.id}' is already used by another reading")
            if calc not in known.calculators:
                known.calculators.append(calc)
    order = {r.slug: (r.meta["order"], list(r.ids())) for r in regs}

    def key(reg: Registered):
        slug, anchor = reg.reading.cite.regulation, reg.reading.cite.anchor
        place, ids = order.get(slug, (99, []))
        return place, ids.index(anchor) if anchor in ids else len(ids)
    return sorted(seen.values(), key=key)


def grouped(regs: list[Regulation], calcs: list) -> list[tuple[Regulation, list[Registered]]]:
    """The readings once each, by regulation in book order (for the editorial page)."""
    by_slug = {r.slug: r for r in regs}
    out: list[tuple[Regulation, list[Registered]]] = []
    for reg in readings(regs, calcs):
        target = by_slug[reg.reading.cite.regulation]
        if not out or out[-1][0] is not target:
            out.append((target, []))
        out[-1][1].append(reg)
    return out


def by_article(regs: list[Regulation], calcs: list) -> dict[tuple[str, str], list[Registered]]:
    out: dict[tuple[str, str], list[Registered]] = {}
    for reg in readings(regs, calcs):
        out.setdefault((reg.reading.cite.regulation, reg.reading.cite.anchor), []).append(reg)
    return out


def reading_notes(registered: list[Registered], prefix: str = "") -> list[str]:
    """The readings of one article as the regulation page shows them under it: folded,
    linked to the calculators and the editorial page, out of the search index."""
    out = []
    for n in registered:
        r = n.reading
        users = "".join(f'<a href="{prefix}../calculators/{c.name}.html">{escape(c.title)}</a>、'
                        for c in n.calculators)
        out.append(f'<details class="art-links article-reading" data-search-exclude><summary>计算器的理解：'
                   f'{escape(r.title)}</summary><p>{escape(r.text)}（{users}'
                   f'<a href="{prefix}../editorial.html#reading-{r.id}">编校说明</a>）</p></details>')
    return out


# ---------------------------------------------------------------- side by side


@dataclass
class Quoted:
    """A value's words and the figures beside them in the parameter file."""

    quotes: list[str]
    figures: list[tuple[str, str]]


@dataclass
class ParamView:
    name: str
    where: str                 # calculators/<slug>.toml [key]
    values: list[tuple[str, list[Quoted]]]   # (effective, the quoted words with figures)


@dataclass
class ArticleView:
    regulation: Regulation
    anchor: str
    heading: str
    words: list[str]
    params: list[ParamView]
    readings: list


def _quoted(node, out: list[Quoted]) -> None:
    if isinstance(node, dict):
        if "quote" in node:
            quotes = node["quote"] if isinstance(node["quote"], list) else [node["quote"]]
            figures = [(k, _show(v)) for k, v in node.items()
                       if k not in ("quote", "part") and not isinstance(v, (dict, list))]
            figures += [(k, "、".join(_show(x) for x in v)) for k, v in node.items()
                        if k != "quote" and isinstance(v, list) and v and not isinstance(v[0], dict)]
            out.append(Quoted(quotes, figures))
        for k, v in node.items():
            if k != "quote" and isinstance(v, (dict, list)):
                _quoted(v, out)
    elif isinstance(node, list):
        for item in node:
            _quoted(item, out)


def _show(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    try:
        return rules.num(value)
    except Exception:
        return str(value)


def _article_words(reg: Regulation, anchor: str) -> tuple[str, list[str]]:
    blocks = reg.blocks
    start = next(i for i, b in enumerate(blocks) if b.kind == "heading" and b.id == anchor)
    level = blocks[start].level
    words = []
    for b in blocks[start + 1:]:
        if b.kind == "heading" and b.level <= level:
            break
        if b.kind == "heading":
            words.append(b.text)
        elif b.kind == "items":
            words.extend(b.items)
        elif b.kind == "para":
            words.append(b.text)
    clean = [LINK.sub(lambda m: m.group(1), w) for w in words]
    return LINK.sub(lambda m: m.group(1), blocks[start].text), clean


def side_by_side(regs: list[Regulation], calc, files: list | None = None) -> list[ArticleView]:
    """The articles a calculator applies, in book order, each with its words, the
    parameters taken from it and the readings of it."""
    by_slug = {r.slug: r for r in regs}
    files = rules.files() if files is None else files
    wanted = {(c.regulation, c.anchor) for c in _cites(calc)}
    views: dict[tuple[str, str], ArticleView] = {}
    for slug, anchor in wanted:
        reg = by_slug.get(slug)
        if reg is None or article_text(reg, anchor) is None:
            continue
        heading, words = _article_words(reg, anchor)
        views[(slug, anchor)] = ArticleView(reg, anchor, heading, words, [], [])
    cited = set(_cites(calc))
    exact = {(p.regulation, p.article) for f in files for p in f.params.values() if p.cite in cited}
    for pfile in files:
        for param in pfile.params.values():
            view = views.get((param.regulation, param.article))
            # a parameter the calculator cites by its clause; where it cites only the
            # article, every parameter of the article
            if view is None or ((param.regulation, param.article) in exact and param.cite not in cited):
                continue
            values = []
            for value in param.values:
                quoted: list[Quoted] = []
                _quoted(value.data, quoted)
                when = value.effective.isoformat() if value.effective else rules.ORIGINAL
                values.append((when, quoted))
            view.params.append(ParamView(param.name, f"calculators/{pfile.path.name} [{param.key}]", values))
    for r in calc.readings:
        view = views.get((r.cite.regulation, r.cite.anchor))
        if view is not None:
            view.readings.append(r)
    order = {r.slug: (r.meta["order"], list(r.ids())) for r in regs}
    return sorted(views.values(), key=lambda v: (v.regulation.slug != calc.regulation,
                                                 order[v.regulation.slug][0],
                                                 order[v.regulation.slug][1].index(v.anchor)))
