"""新旧对照: two versions of a regulation compared article by article, the changed words
marked character by character (Chinese has no spaces between words)."""
from __future__ import annotations

import re
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
    number: str = ""     # the heading's numbering label (第十四条, （一）), "" if none

    @property
    def body(self) -> str:
        """The words without the numbering label: what stays when an article is renumbered."""
        return self.text[len(self.number):] if self.number and self.text.startswith(self.number) else self.text


@dataclass
class Row:
    kind: str            # "same" | "changed" | "renumbered" | "added" | "removed"
    id: str
    label: str
    old: Markup
    new: Markup
    old_label: str = ""  # the old heading, when the article was renumbered or rewritten under another number


def units(reg: Regulation) -> list[Unit]:
    out: list[Unit] = []
    current = Unit(PREAMBLE, "序言", "")
    parts: list[str] = []
    for block in reg.blocks:
        if block.kind == "heading":
            if parts or current.id != PREAMBLE:
                out.append(Unit(current.id, current.label, "\n".join(parts), current.number))
            current, parts = Unit(block.id, block.text, "", block.label), [plain(block.text)]
        elif block.kind == "para":
            parts.append(plain(block.text))
        elif block.kind == "items":
            parts.extend(plain(t) for t in block.items)
        else:
            parts.append(block.text)
    if parts or current.id != PREAMBLE:
        out.append(Unit(current.id, current.label, "\n".join(parts), current.number))
    return out


# A number (50%, 3.5, 2027) or a Latin word is compared whole, each other character alone:
# 50%→60% is marked as the figure that changed, not as its first digit (按照[5→6]0%).
TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z]+|.", re.S)


def marked(old: str, new: str) -> tuple[Markup, Markup]:
    """The two texts with what was taken out in <del> (old) and put in in <ins> (new)."""
    x, y = TOKEN.findall(old), TOKEN.findall(new)
    a, b = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op == "equal":
            a.append(escape("".join(x[i1:i2])))
            b.append(escape("".join(y[j1:j2])))
            continue
        if i2 > i1:
            a.append(Markup("<del>%s</del>") % "".join(x[i1:i2]))
        if j2 > j1:
            b.append(Markup("<ins>%s</ins>") % "".join(y[j1:j2]))
    return _lines(Markup("").join(a)), _lines(Markup("").join(b))


def _lines(text: Markup) -> Markup:
    return Markup(str(text).replace("\n", "<br>"))


# Two parts of the versions are the same article when their words (without the number) are
# at least this alike, or when they keep their number: an article inserted or removed
# renumbers the ones after it, which are compared with their own old text, not with the
# article that now bears their old number.
ALIKE = 0.5


def compare(old: Regulation, new: Regulation) -> list[Row]:
    """The rows of the 新旧对照, in the new version's order, removed articles where they stood.
    Articles are paired by their words first (an unchanged article renumbered is found
    again under its new number), then within what differs by likeness and number."""
    a, b = units(old), units(new)
    pairs: dict[int, int] = {}                        # new index → old index
    matcher = SequenceMatcher(None, [u.body for u in a], [u.body for u in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.update({j1 + k: i1 + k for k in range(i2 - i1)})
        elif i2 > i1 and j2 > j1:
            pairs.update(_align(a, b, range(i1, i2), range(j1, j2)))
    # moved: an article unpaired in both versions with the same words or the same id is
    # compared where it now stands
    used = set(pairs.values())
    for j, y in enumerate(b):
        if j in pairs:
            continue
        i = next((i for i, x in enumerate(a) if i not in used and x.body == y.body), None)
        if i is None:
            i = next((i for i, x in enumerate(a) if i not in used and x.id == y.id), None)
        if i is not None:
            pairs[j] = i
            used.add(i)
    rows: list[Row] = []
    old_at = 0                                        # removed articles go where they stood
    for j, y in enumerate(b):
        i = pairs.get(j)
        if i is not None and i >= old_at:
            for k in range(old_at, i):
                if k not in used:
                    rows.append(_removed(a[k]))
            old_at = i + 1
        rows.append(_pair(a[i], y) if i is not None else
                    Row("added", y.id, y.label, Markup(""), _lines(escape(y.text))))
    for k in range(old_at, len(a)):
        if k not in used:
            rows.append(_removed(a[k]))
    return rows


def _removed(x: Unit) -> Row:
    return Row("removed", x.id, x.label, _lines(escape(x.text)), Markup(""))


def _alike(x: Unit, y: Unit) -> float:
    """How alike two parts are, 0 when they should not be paired."""
    matcher = SequenceMatcher(None, x.body, y.body, autojunk=False)
    if x.id != y.id and matcher.real_quick_ratio() < ALIKE:
        return 0.0
    ratio = matcher.ratio()
    if ratio >= ALIKE:
        return 1.0 + ratio
    return 0.5 + ratio / 2 if x.id == y.id else 0.0


def _align(a: list[Unit], b: list[Unit], olds: range, news: range) -> dict[int, int]:
    """The best order-keeping pairing of the old and new parts of one stretch that differs."""
    olds, news = list(olds), list(news)
    score = [[0.0] * (len(news) + 1) for _ in range(len(olds) + 1)]
    alike = {}
    for p in range(len(olds) - 1, -1, -1):
        for q in range(len(news) - 1, -1, -1):
            s = alike[p, q] = _alike(a[olds[p]], b[news[q]])
            score[p][q] = max(score[p + 1][q], score[p][q + 1],
                              score[p + 1][q + 1] + s if s else 0.0)
    out, p, q = {}, 0, 0
    while p < len(olds) and q < len(news):
        s = alike[p, q]
        if s and score[p][q] == score[p + 1][q + 1] + s:
            out[news[q]] = olds[p]
            p, q = p + 1, q + 1
        elif score[p][q] == score[p + 1][q]:
            p += 1
        else:
            q += 1
    return out


def _pair(x: Unit, y: Unit) -> Row:
    if x.text == y.text:
        text = _lines(escape(y.text))
        return Row("same", y.id, y.label, text, text)
    old, new = marked(x.text, y.text)
    kind = "renumbered" if x.body == y.body else "changed"
    return Row(kind, y.id, y.label, old, new, x.label if x.label != y.label else "")


def summary(rows: list[Row]) -> dict[str, int]:
    out = {"same": 0, "changed": 0, "renumbered": 0, "added": 0, "removed": 0}
    for row in rows:
        out[row.kind] += 1
    return out
