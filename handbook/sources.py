"""Step 1, sources: read `regulations/*.md` into a model of documents, headings and links.

The format is described in regulations/README.md. Every problem is a BuildError that
names the file and line, so an author can go straight to it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import numbering
from .schema import validate_front_matter


class BuildError(Exception):
    """A malformed source: `file:line: message`."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


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


@dataclass
class Link:
    text: str
    slug: str
    anchor: str
    line: int


@dataclass
class Regulation:
    path: Path
    slug: str
    meta: dict
    blocks: list[Block]
    links: list[Link]

    @property
    def title(self) -> str:
        return self.meta["title"]

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def ids(self) -> dict[str, Block]:
        return {b.id: b for b in self.headings()}

    def rel(self) -> str:
        return self.path.name


FILE_NAME = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
HEADING = re.compile(r"^(#{2,4}) (.+?)(?:\s*\{#([^}\s]+)\})?\s*$")
LINK = re.compile(r"\[([^\]]+)\]\(reg:([a-z0-9-]+)(?:#([^)\s]+))?\)")
BAD_LINK = re.compile(r"\]\((?!reg:)[^)]*\)")


def load(directory: Path) -> list[Regulation]:
    """All regulations of the directory, in book order."""
    regs = [parse(path) for path in sorted(directory.glob("*.md")) if path.name != "README.md"]
    seen: dict[int, Regulation] = {}
    for reg in regs:
        order = reg.meta["order"]
        if order in seen:
            raise BuildError(reg.path, 1, f"order {order} is also used by {seen[order].rel()}")
        seen[order] = reg
    return sorted(regs, key=lambda r: r.meta["order"])


def parse(path: Path) -> Regulation:
    match = FILE_NAME.match(path.name)
    if not match:
        raise BuildError(path, 1, "file name must be NN-slug.md (two digits, ASCII slug)")
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
    return Regulation(path, match.group(2), meta, blocks, links)


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
    marks, text, explicit = match.groups()
    return Block("heading", number, text.strip(), level=len(marks),
                 label=numbering.label(text.strip()), id=explicit or "",
                 explicit_id=bool(explicit))


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
