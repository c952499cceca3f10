"""`build.py import FILE.docx|FILE.txt`: a draft source file for a new regulation, read
from a Word document (python-docx) or plain text, for the editor to check.

Each paragraph (line) of the file is placed by its label (handbook/numbering.py):
- before the first label: the issuing body's line (…法院, 党组 …), the title, a preamble;
- 第X章 → a `##` heading; 第X条 → a heading with the article's words as its paragraph;
- in a document with 条: （一）, 1、, （1）… are items (`- `) of the article;
- in a document without 条: 一、 → `##`, the next kind down → `###`, then `####`
  (a short title up to the first “：” stays in the heading), deeper ones are items;
- other lines are paragraphs (款). The effective clause (本办法自…起施行) fills
  `effective` / `effective_at`, and `effective_date` when it names a date.

What it cannot place is reported with its line (paragraph number in a .docx) and left out
of the draft: dates standing alone (the signature's date), lines the source format would
read as markup (#, - , <, ---), tables, Word's automatic numbering (its numbers are not
in the text). Repeated numbers get an id by hand ({#…-2}) and are reported."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import COURT, numbering, sources
from .amend import EditError

_ISSUER = re.compile(r"(法院|检察院|党组|委员会|公安分局|公安局|税务局|管理所|政府|管委会)$")
_DATE_LINE = re.compile(r"^[0-9〇零一二三四五六七八九十○Ｏ]{2,4}年[0-9〇零一二三四五六七八九十○]{1,2}月"
                        r"[0-9〇零一二三四五六七八九十○]{1,3}日$")
_EFFECTIVE = re.compile(r"本\S{0,10}?自.{0,24}?(施行|实施|试行|执行)")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MARKUP = re.compile(r"^(#|- |<|---)|\]\(")
_SPACE = re.compile(r"^[\s\u3000]+|[\s\u3000]+$")


@dataclass
class Draft:
    text: str                                        # the source file's content
    report: list[tuple[int, str]] = field(default_factory=list)   # (line, message)


def read(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]], str]:
    """(number, text) of each non-empty line or paragraph, what could not be read
    (number, message), and the unit of the numbers ("行" or "段")."""
    if path.suffix.lower() == ".docx":
        return (*_read_docx(path), "段")
    if path.suffix.lower() != ".txt":
        raise EditError(f"只能导入 .docx 或 .txt 文件：{path.name}")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise EditError(f"{path.name} 不是 UTF-8 或 GBK 编码的文本")
    lines = [(n, _SPACE.sub("", line)) for n, line in enumerate(text.splitlines(), 1)]
    return [(n, t) for n, t in lines if t], [], "行"


# what the draft says where the document had a table (handbook/validate.py refuses it)
TABLE_LEFT_OUT = "【导入时此处有一个表格，未能导入：请按表格格式补入表格，并删去本行】"


def _read_docx(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises several kinds for a bad file
        raise EditError(f"{path.name} 不是可读取的 Word（.docx）文件：{err}") from None
    lines, problems = [], []
    number = 0
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            problems.append((number, "此段之后有一个表格，未导入：请在草稿中按表格格式（HTML）补入"))
            # a mark in the draft where the table stood, which the build refuses until the
            # editor puts the table in (living-handbook QA L6: the draft built without it)
            lines.append((number, TABLE_LEFT_OUT))
            continue
        if child.tag != qn("w:p"):
            continue
        number += 1
        paragraph = docx.text.paragraph.Paragraph(child, document)
        text = _SPACE.sub("", paragraph.text)
        num = child.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if num is None and paragraph.style is not None:
            style_num = paragraph.style.element.find(qn("w:pPr") + "/" + qn("w:numPr"))
            num = style_num
        if num is not None and text:
            problems.append((number, "Word 自动编号：编号不在文字中，未导入编号，请在草稿中补上原编号"))
        if text:
            lines.append((number, text))
    return lines, problems


def draft(lines: list[tuple[int, str]], *, title: str, chapter: int, order: int) -> Draft:
    """The source text of a new regulation from its lines."""
    report: list[tuple[int, str]] = []
    labelled = [(n, t, numbering.parse_label(t)) for n, t in lines]
    has_tiao = any(p and p[0] == "条" for _, _, p in labelled)
    has_zhang = any(p and p[0] == "章" for _, _, p in labelled)
    first_label = next((i for i, (_, _, p) in enumerate(labelled) if p), len(labelled))
    last_label = max((i for i, (_, _, p) in enumerate(labelled) if p), default=-1)

    meta = {"title": None, "title_supplied": False, "chapter": chapter, "order": order,
            "issuers": [], "issuers_supplied": False, "status": None, "effective": None,
            "effective_at": None, "effective_date": None}
    blocks: list[tuple[str, str]] = []           # (kind, markdown) kind: head/para/item
    ids: dict[str, int] = {}
    stack: list[tuple[str, str]] = []           # (kind, label) of open enumerated headings
    article = ""                                 # the id of the heading the text is under

    def heading(level: int, text: str, label: str, n: int) -> str:
        ancestors = [lab for _, lab in stack[:-1]] if stack else []
        hid = numbering.heading_id(label, text, ancestors if not has_tiao else [])
        explicit = ""
        if hid in ids:
            ids[hid] += 1
            explicit = f" {{#{hid}-{ids[hid]}}}"
            report.append((n, f"编号重复：{label}（已在第{ids[hid] - 1}处出现），已给此处标识 {hid}-{ids[hid]}，原文照录"))
            hid = f"{hid}-{ids[hid]}"
        else:
            ids[hid] = 1
        blocks.append(("head", f"{'#' * level} {text}{explicit}"))
        return hid

    for index, (n, text, parsed) in enumerate(labelled):
        if _MARKUP.search(text):
            report.append((n, f"此行会被当作标记（#、- 、<、---、链接），未放入草稿：{text[:30]}"))
            continue
        if _DATE_LINE.match(text):
            report.append((n, f"单独成行的日期（落款日期？），未放入正文：{text}；施行日期请核对后写入 effective_date"))
            continue
        if index < first_label and not parsed:
            if _ISSUER.search(text) and len(text) <= 40 and "。" not in text:
                meta["issuers"].append(text)
                continue
            if meta["title"] is None and len(text) <= 60 and "。" not in text:
                meta["title"] = text
                continue
            blocks.append(("para", text))
            continue
        if index > last_label and not parsed and _ISSUER.search(text) and len(text) <= 40 and "。" not in text:
            if text not in meta["issuers"]:
                meta["issuers"].append(text)
            report.append((n, f"落款单位，记入 issuers（发布单位）：{text}"))
            continue
        kind = parsed[0] if parsed else None
        if kind == "章":
            stack = []
            article = heading(2, text, parsed[2], n)
        elif kind == "条":
            stack = []
            label = parsed[2]
            article = heading(3 if has_zhang else 2, label, label, n)
            rest = _SPACE.sub("", text[len(label):])
            if rest:
                blocks.append(("para", rest))
                text = rest
        elif kind and has_tiao:
            if not article:
                report.append((n, f"编号项“{parsed[2]}”不在任何条之下，已作为列表项放入，请核对"))
            blocks.append(("item", text))
        elif kind:
            kinds = [k for k, _ in stack]
            if kind in kinds:
                stack = stack[:kinds.index(kind)]
            stack.append((kind, parsed[2]))
            level = 1 + len(stack)
            if level > 4:
                stack.pop()
                blocks.append(("item", text))
            else:
                head, rest = _split_heading(text, parsed[2])
                article = heading(level, head, parsed[2], n)
                if rest:
                    blocks.append(("para", rest))
        else:
            blocks.append(("para", text))
        clause = _EFFECTIVE.search(text)
        if clause and meta["effective"] is None:
            clause_text = text[len(parsed[2]):].strip() if parsed and kind != "条" else text
            meta["effective"] = clause_text.rstrip("。")     # as the 28 carry it: no full stop
            meta["effective_at"] = article or None
            date = _DATE.search(text)
            if date:
                import datetime

                try:
                    meta["effective_date"] = datetime.date(*map(int, date.groups()))
                except ValueError:
                    report.append((n, f"施行日期“{date.group(0)}”不是有效日期，effective_date 未填"))
    if meta["title"] is None:
        meta["title"], meta["title_supplied"] = title, True
        report.append((0, f"未找到标题，暂以“{title}”为题并标为编者拟（title_supplied: true），请核对"))
    if not meta["issuers"]:
        meta["issuers"], meta["issuers_supplied"] = [COURT], True
        report.append((0, f"未找到发布单位，暂按“{COURT}”补出（编者补），请核对"))
    for mark in ("试行", "暂行"):
        if mark in meta["title"]:
            meta["status"] = mark
    if meta["effective"] is None:
        report.append((0, "未找到施行条款（本……自……施行），effective 与 effective_date 为 null（未载明）"))
    return Draft(_front(meta) + _body(blocks), sorted(report))


def _split_heading(text: str, label: str) -> tuple[str, str]:
    """A heading's text and the paragraph after it: a short title up to “：” stays in the
    heading; a short line is all heading; otherwise the label alone."""
    rest = text[len(label):]
    colon = rest.find("：")
    if 0 <= colon < 20:
        return label + rest[:colon + 1], _SPACE.sub("", rest[colon + 1:])
    if len(rest) <= 20 and "。" not in rest:
        return text, ""
    return label, _SPACE.sub("", rest)


def _front(meta: dict) -> str:
    def value(v) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int,)):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
        if hasattr(v, "isoformat"):
            return v.isoformat()
        return json.dumps(v, ensure_ascii=False)

    return "---\n" + "".join(f"{k}: {value(v)}\n" for k, v in meta.items()) + "---\n"


def _body(blocks: list[tuple[str, str]]) -> str:
    out: list[str] = []
    for i, (kind, text) in enumerate(blocks):
        if kind == "item":
            out.append(f"- {text}")
            if i + 1 < len(blocks) and blocks[i + 1][0] == "item":
                continue
        else:
            out.append(text)
        out.append("")
    return "\n" + "\n".join(out)


def import_file(source: Path, directory: Path, slug: str | None = None,
                chapter: int | None = None) -> tuple[Path, list[str]]:
    """Write the draft as the next regulation of `directory`; returns its path and the
    report lines (`FILE:N: message`)."""
    if not source.exists():
        raise EditError(f"找不到文件：{source}")
    lines, problems, unit = read(source)
    if not lines:
        raise EditError(f"{source.name} 中没有文字")
    existing = sorted(directory.glob("[0-9][0-9]-*.md"))
    order = max((int(p.name[:2]) for p in existing), default=0) + 1
    if order > 99:
        raise EditError("已有 99 件制度，文件编号 NN 已用完")
    chapters = yaml.safe_load((directory / "chapters.yml").read_text(encoding="utf-8")) or []
    numbers = [int(c["number"]) for c in chapters]
    if chapter is None:
        chapter = numbers[-1] if numbers else 1
    if numbers and chapter not in numbers:
        raise EditError(f"第{chapter}章不在 chapters.yml 中（现有：{'、'.join(map(str, numbers))}）；新的一章请先加入 chapters.yml")
    slug = slug or f"regulation-{order:02d}"
    if not sources.FILE_NAME.match(f"{order:02d}-{slug}.md"):
        raise EditError(f"名称“{slug}”须为小写英文字母、数字和连字符，例如 leave-rules")
    if any(sources.FILE_NAME.match(p.name).group(2) == slug for p in existing if sources.FILE_NAME.match(p.name)):
        raise EditError(f"名称“{slug}”已被另一件制度使用")
    result = draft(lines, title=source.stem, chapter=chapter, order=order)
    target = directory / f"{order:02d}-{slug}.md"
    target.write_text(result.text, encoding="utf-8")
    try:
        sources.parse(target)
    except sources.BuildError as err:
        target.unlink()
        raise EditError(f"草稿未通过源文件检查（请报告此问题）：{err}") from None
    report = [f"{source.name}:{n}: {message}" if n else f"{source.name}: {message}"
              for n, message in sorted(problems + result.report)]
    return target, report
