"""Step 1, sources: read `regulations/*.md` into a model of documents, headings and links.

The format is described in regulations/README.md. Every problem is a BuildError that
names the file and line, so an author can go straight to it.

A regulation is one work with dated versions: `NN-slug.md` is its first version,
`NN-slug.YYYY-MM-DD.md` the version in force from that date (made by `build.py amend`).
`load` returns one Regulation per work, the version current on `today`; every version
of the work is in its `.versions` (see handbook/versions.py)."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import numbering, versions
from .schema import validate_front_matter


class BuildError(Exception):
    """A malformed source: `file:line: message`."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


SUPPLIED = "（编者拟）"   # after a title or chapter name the original does not have


def shown_title(title: str, supplied: bool) -> str:
    return title + SUPPLIED if supplied else title


def shown_chapter_title(chapter: dict) -> str:
    """A chapter's name (chapters.yml) where it stands alone, marked when supplied."""
    return shown_title(chapter["title"], chapter.get("title_supplied", False))


@dataclass
class Block:
    kind: str            # "heading" | "para" | "items" | "html"
    line: int            # first line in the source file
    text: str = ""       # heading text / paragraph / html
    items: list[str] = field(default_factory=list)
    level: int = 0       # heading level (2–4)
    label: str = ""      # the heading's label (第一条, 一、, （一）, 1、 …) or ""
    id: str = ""         # the heading's id
    explicit_id: bool = False
    supplied: bool = False   # a heading the editor added (not in the original): marked 编者加


@dataclass
class Link:
    text: str
    slug: str
    anchor: str
    line: int


@dataclass(eq=False)           # a version is itself: compared by identity
class Regulation:
    """One version of a regulation (the first one unless `version` is a date)."""

    path: Path
    slug: str
    meta: dict
    blocks: list[Block]
    links: list[Link]
    version: str = ""                    # "" for the first version, else its date (file name)
    versions: list["Regulation"] = field(default_factory=list, repr=False)  # the work's, by date
    end: datetime.date | None = None     # the day it stops being in force (next version, repeal)
    as_of: datetime.date | None = None   # the day `load` took as today

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def shown_title(self) -> str:
        """The title where it stands alone (sidebar, browser tab, the book's bookmarks):
        marked when the editor supplied it (seed README: never as if the court wrote it)."""
        return shown_title(self.meta["title"], self.meta.get("title_supplied", False))

    @property
    def effective(self) -> datetime.date | None:
        """施行日期 of this version; None when the text does not give it (未载明)."""
        return self.meta.get("effective_date")

    @property
    def repealed(self) -> datetime.date | None:
        return self.meta.get("repealed")

    @property
    def key(self) -> str:
        """The version's name in URLs: `original` for the first, else its date."""
        return self.version or "original"

    def article_text(self, anchor: str) -> str:
        """The plain words of a heading's part (an article, an item with an id): the heading,
        then every block up to the next heading of the same or a higher level; reg: links
        as their words. KeyError when the version has no such id."""
        start = next((i for i, b in enumerate(self.blocks) if b.kind == "heading" and b.id == anchor), None)
        if start is None:
            raise KeyError(f"{self.rel()} has no id '{anchor}'")
        head = self.blocks[start]
        lines = [plain(head.text)]
        for n, block in enumerate(self.blocks[start + 1:]):
            if block.kind == "heading" and block.level <= head.level:
                break
            if block.kind == "heading":
                lines.append(plain(block.text))
            elif block.kind == "para" and n == 0:
                # heading + the paragraph after it = one source line (第一条　为了……)
                lines[0] += ("　" if head.text == head.label else "") + plain(block.text)
            elif block.kind == "para":
                lines.append(plain(block.text))
            elif block.kind == "items":
                lines.extend(plain(t) for t in block.items)
            else:
                lines.append(_TAGS.sub("", block.text).strip())
        return "\n".join(line for line in lines if line)

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def ids(self) -> dict[str, Block]:
        return {b.id: b for b in self.headings()}

    def rel(self) -> str:
        return self.path.name


FILE_NAME = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(\d{4}-\d\d-\d\d))?\.md$")
HEADING = re.compile(r"^(#{2,4}) (.+?)(?:\s*\{(?=[^}]*\S)\s*(?:#([^}\s]+))?\s*(supplied)?\s*\})?\s*$")
LINK = re.compile(r"\[([^\]]+)\]\(reg:([a-z0-9-]+)(?:#([^)\s]+))?\)")
BAD_LINK = re.compile(r"\]\((?!reg:)[^)]*\)")
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A line of source as read: reg: links become their words."""
    return LINK.sub(lambda m: m.group(1), text).strip()


def load(directory: Path, today: datetime.date | None = None) -> list[Regulation]:
    """The regulations of the directory, in book order: per work the version current on
    `today` (default: the real today), with all its versions in `.versions`."""
    today = today or datetime.date.today()
    files = [parse(path) for path in sorted(directory.glob("*.md")) if path.name != "README.md"]
    works: dict[str, list[Regulation]] = {}
    for reg in files:
        works.setdefault(reg.slug, []).append(reg)
    chapters = _chapter_numbers(directory)
    current = []
    for slug, group in works.items():
        group.sort(key=lambda r: r.version)        # "" (the first version) before any date
        _check_versions(group)
        for reg in group:
            if chapters is not None and reg.meta["chapter"] not in chapters:
                raise BuildError(reg.path, _meta_line(reg.path, "chapter"),
                                 f"chapter {reg.meta['chapter']} is not in chapters.yml "
                                 f"({', '.join(map(str, sorted(chapters)))})")
            reg.versions, reg.as_of = group, today
        current.append(versions.current(group, today))
    seen: dict[int, Regulation] = {}
    for reg in current:
        order = reg.meta["order"]
        if order in seen:
            raise BuildError(reg.path, 1, f"order {order} is also used by {seen[order].rel()}")
        seen[order] = reg
    return sorted(current, key=lambda r: r.meta["order"])


def _chapter_numbers(directory: Path) -> set[int] | None:
    path = directory / "chapters.yml"
    if not path.exists():
        return None
    try:
        return {int(c["number"]) for c in yaml.safe_load(path.read_text(encoding="utf-8")) or []}
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise BuildError(path, 1, f"chapters.yml must be a list of {{number, title}}: {err}") from None


def _meta_line(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1) if "---" in lines[1:] else len(lines)
    return _key_line(lines[:end], key)


def _check_versions(group: list[Regulation]) -> None:
    """One first version; later versions dated by their file name, each after the one
    before; a repeal only on the last version, not before it takes effect. Sets `.end`."""
    first = group[0]
    if first.version:
        raise BuildError(first.path, 1, f"a dated version needs the first version "
                                        f"{first.path.name.split('.')[0]}.md beside it")
    for before, reg in zip(group, group[1:]):
        date = reg.effective
        if date is None or date.isoformat() != reg.version:
            raise BuildError(reg.path, _meta_line(reg.path, "effective_date"),
                             f"effective_date must be {reg.version}, the date in the file name")
        if before.effective is not None and date <= before.effective:
            raise BuildError(reg.path, _meta_line(reg.path, "effective_date"),
                             f"effective_date {date} is not after {before.effective}, "
                             f"the date of {before.rel()}")
        if reg.meta["order"] != first.meta["order"]:
            raise BuildError(reg.path, _meta_line(reg.path, "order"), "a version keeps its work's order")
        before.end = date
    for reg in group[:-1]:
        if reg.repealed:
            raise BuildError(reg.path, _meta_line(reg.path, "repealed"),
                             f"only the last version can be repealed ({group[-1].rel()})")
    last = group[-1]
    if last.repealed:
        if last.effective is not None and last.repealed < last.effective:
            raise BuildError(last.path, _meta_line(last.path, "repealed"),
                             f"repealed {last.repealed} is before effective_date {last.effective}")
        last.end = last.repealed


def parse(path: Path) -> Regulation:
    match = FILE_NAME.match(path.name)
    if not match:
        raise BuildError(path, 1, "file name must be NN-slug.md (two digits, ASCII slug), or "
                                  "NN-slug.YYYY-MM-DD.md for a later version (build.py amend)")
    if match.group(3):
        try:
            datetime.date.fromisoformat(match.group(3))
        except ValueError:
            raise BuildError(path, 1, f"the date {match.group(3)} in the file name is not a date "
                                      "of the calendar (NN-slug.YYYY-MM-DD.md)") from None
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        raise BuildError(path, 1, "front matter missing: the file must start with '---'")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise BuildError(path, 1, "front matter not closed by a '---' line") from None
    front = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise BuildError(path, line, f"front matter is not valid YAML: {getattr(err, 'problem', err)}") from None
    except ValueError as err:   # a date that does not exist (2027-02-30): YAML reads it, the calendar not
        bad = next((n for n, text in enumerate(lines[1:end], 2) if re.search(r"\d{4}-\d\d-\d\d", text)), 1)
        raise BuildError(path, bad, f"front matter: not a date of the calendar ({err})") from None
    problem = validate_front_matter(meta)
    if problem:
        key, message = problem
        raise BuildError(path, _key_line(lines[:end], key), message)
    if int(match.group(1)) != meta["order"]:
        raise BuildError(path, _key_line(lines[:end], "order"),
                         f"order {meta['order']} does not match the file name's {match.group(1)}")
    blocks = _blocks(path, lines, end + 1)
    _assign_ids(path, blocks)
    links = [Link(m.group(1), m.group(2), m.group(3) or "", b.line)
             for b in blocks for m in LINK.finditer(b.text + "\n".join(b.items))]
    return Regulation(path, match.group(2), meta, blocks, links, version=match.group(3) or "")


def _key_line(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _blocks(path: Path, lines: list[str], start: int) -> list[Block]:
    blocks: list[Block] = []
    i = start
    while i < len(lines):
        line = lines[i]
        number = i + 1
        if not line.strip():
            i += 1
            continue
        if line.startswith("<"):
            # raw HTML (forms): up to the line that closes the first <div>, or to a blank line
            depth, chunk = 0, []
            while i < len(lines):
                depth += lines[i].count("<div") - lines[i].count("</div")
                chunk.append(lines[i])
                i += 1
                if depth <= 0 and (chunk[0].startswith("<div") or i >= len(lines) or not lines[i].strip()):
                    break
            if depth > 0:
                raise BuildError(path, number, "HTML block: a <div> is never closed")
            blocks.append(Block("html", number, "\n".join(chunk)))
            continue
        chunk = []
        while i < len(lines) and lines[i].strip():
            chunk.append(lines[i])
            i += 1
        if chunk[0].startswith("#"):
            if len(chunk) > 1:
                raise BuildError(path, number + 1, "a heading must stand alone: leave a blank line after it")
            blocks.append(_heading(path, number, chunk[0]))
        elif chunk[0].startswith("- "):
            if not all(c.startswith("- ") for c in chunk):
                bad = next(j for j, c in enumerate(chunk) if not c.startswith("- "))
                raise BuildError(path, number + bad, "a list item must start with '- ' (or leave a blank line)")
            blocks.append(Block("items", number, items=[c[2:].strip() for c in chunk]))
        else:
            if len(chunk) > 1:
                raise BuildError(path, number + 1, "one source line is one paragraph: leave a blank line between them")
            blocks.append(Block("para", number, chunk[0].strip()))
        for offset, text in enumerate(chunk):
            if BAD_LINK.search(text):
                raise BuildError(path, number + offset, "only reg: links are allowed (reg:slug or reg:slug#id)")
    return blocks


def _heading(path: Path, number: int, line: str) -> Block:
    match = HEADING.match(line)
    if not match:
        raise BuildError(path, number, "a heading is '## text', '### text' or '#### text' (levels 2–4)")
    marks, text, explicit, supplied = match.groups()
    if "{" in text:
        raise BuildError(path, number, "a heading ends with {#id}, {supplied} or {#id supplied}: "
                         f"cannot read '{text[text.index('{'):]}'")
    return Block("heading", number, text.strip(), level=len(marks),
                 label=numbering.label(text.strip()), id=explicit or "",
                 explicit_id=bool(explicit), supplied=bool(supplied))


def _assign_ids(path: Path, blocks: list[Block]) -> None:
    """Ids read as themselves: 第一条 → 第一条; 一、 → 一; （二） under 三、 → 三（二）."""
    stack: list[Block] = []          # open headings, by level
    seen: dict[str, Block] = {}
    for block in blocks:
        if block.kind != "heading":
            continue
        stack = [b for b in stack if b.level < block.level]
        if not block.explicit_id:
            block.id = numbering.heading_id(block.label, block.text,
                                            [b.label for b in stack])
        if block.id in seen:
            other = seen[block.id]
            hint = ("" if block.explicit_id else
                    "; if the original repeats this number, give this heading an id by hand: {#id}")
            raise BuildError(path, block.line,
                             f"duplicate id '#{block.id}' (also at line {other.line}){hint}")
        seen[block.id] = block
        stack.append(block)
