"""新旧对照: two versions of a regulation compared article by article, the changed words
marked character by character (Chinese has no spaces between words)."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from .sources import Regulation, plain

PREAMBLE = ""     # the id of the text before the first heading


@dataclass
class Unit:
    """A heading's own part of the text: the heading and the blocks up to the next heading."""

    id: str
    label: str
    text: str


@dataclass
class Row:
    kind: str            # "same" | "changed" | "added" | "removed"
    id: str
    label: str
    old: Markup
    new: Markup


def units(reg: Regulation) -> list[Unit]:
    out: list[Unit] = []
    current = Unit(PREAMBLE, "序言", "")
    parts: list[str] = []
    for block in reg.blocks:
        if block.kind == "heading":
            if parts or current.id != PREAMBLE:
                out.append(Unit(current.id, current.label, "\n".join(parts)))
            current, parts = Unit(block.id, block.text, ""), [plain(block.text)]
        elif block.kind == "para":
            parts.append(plain(block.text))
        elif block.kind == "items":
            parts.extend(plain(t) for t in block.items)
        else:
            parts.append(block.text)
    if parts or current.id != PREAMBLE:
        out.append(Unit(current.id, current.label, "\n".join(parts)))
    return out


def marked(old: str, new: str) -> tuple[Markup, Markup]:
    """The two texts with what was taken out in <del> (old) and put in in <ins> (new)."""
    a, b = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            a.append(escape(old[i1:i2]))
            b.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            a.append(Markup("<del>%s</del>") % old[i1:i2])
        if j2 > j1:
            b.append(Markup("<ins>%s</ins>") % new[j1:j2])
    return _lines(Markup("").join(a)), _lines(Markup("").join(b))


def _lines(text: Markup) -> Markup:
    return Markup(str(text).replace("\n", "<br>"))


def compare(old: Regulation, new: Regulation) -> list[Row]:
    """The rows of the 新旧对照, in the new version's order, removed articles where they stood."""
    a, b = units(old), units(new)
    by_old = {u.id: u for u in a}
    new_ids = {u.id for u in b}
    rows: list[Row] = []
    matcher = SequenceMatcher(None, [u.id for u in a], [u.id for u in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2]):
                rows.append(_pair(x, y))
            continue
        for x in a[i1:i2]:
            if x.id not in new_ids:
                rows.append(Row("removed", x.id, x.label, _lines(escape(x.text)), Markup("")))
        for y in b[j1:j2]:
            x = by_old.get(y.id)
            if x is not None:                     # moved: compared where it now stands
                rows.append(_pair(x, y))
            else:
                rows.append(Row("added", y.id, y.label, Markup(""), _lines(escape(y.text))))
    return rows


def _pair(x: Unit, y: Unit) -> Row:
    if x.text == y.text:
        text = _lines(escape(y.text))
        return Row("same", y.id, y.label, text, text)
    old, new = marked(x.text, y.text)
    return Row("changed", y.id, y.label, old, new)


def summary(rows: list[Row]) -> dict[str, int]:
    out = {"same": 0, "changed": 0, "added": 0, "removed": 0}
    for row in rows:
        out[row.kind] += 1
    return out
