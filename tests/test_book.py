"""The print book (PDF). A small excerpt (three regulations, one of them the forms) is
rendered here; the whole book is rendered once per build by build.py into dist/, and the
tests marked `whole` read the newest dist/制度汇编-印刷版-*.pdf (skipped when there is
none: run `python3 build.py` or `python3 build.py test` first).

What is checked, on both: pdftotext has every regulation's title and every article label
(第X条) in order; the outline has the chapters → regulations → 章; pdffonts shows every
font embedded, subset and with a ToUnicode map; the table of contents' page numbers are
the pages where the titles fall (the printed number in each page's footer, read with
pdftotext page by page); front matter is numbered apart (I, II …) from the body (1, 2 …)."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from handbook import book, numbering, offline_zip, sources, validate

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT / "regulations"
DIST = ROOT / "dist"
EXCERPT = ("central-group-study", "party-branch-work", "investigation-letter")

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                reason="poppler-utils missing: python3 build.py test installs it")


# ------------------------------------------------------------------ reading a PDF

def page_texts(pdf: Path, raw: bool = True) -> list[str]:
    """The text of each page: in content order (-raw: forms with blanks read right), or
    as pdftotext groups lines (raw=False: a contents line keeps its dot leaders)."""
    out = subprocess.run(["pdftotext", *(["-raw"] if raw else []), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Text without any whitespace: titles and labels may wrap or be spaced by pdftotext."""
    return re.sub(r"\s+", "", text)


FOOTER = re.compile(r"^—\s*(\d+|[IVXLC]+)\s*—$")


def footers(pages: list[str]) -> list[str | None]:
    """The printed page number of each page ("— 12 —", "— II —"), None if none."""
    out = []
    for text in pages:
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        found = [m.group(1) for ln in lines[-2:] if (m := FOOTER.match(ln))]
        out.append(found[-1] if found else None)
    return out


def _pdf_objects(data: bytes) -> dict[int, bytes]:
    """Every object of a PDF written by WeasyPrint/pydyf (one xref stream, object streams,
    Flate), enough to walk the outline. Not a general PDF reader."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))

    def object_at(offset: int) -> bytes:
        head = re.compile(rb"\d+ \d+ obj\s*").match(data, offset)
        body_start = head.end()
        if data.startswith(b"<<", body_start):
            dict_end = _dict_end(data, body_start)
            rest = data[dict_end:dict_end + 20]
            if rest.lstrip().startswith(b"stream"):
                length = int(re.search(rb"/Length (\d+)", data[body_start:dict_end]).group(1))
                s = data.index(b"stream", dict_end) + len(b"stream")
                s += 2 if data[s:s + 2] == b"\r\n" else 1
                return data[body_start:dict_end] + b" stream " + zlib.decompress(data[s:s + length])
            return data[body_start:dict_end]
        return data[body_start:data.index(b"endobj", body_start)]

    xref = object_at(start)
    widths = [int(w) for w in re.search(rb"/W \[(\d+) (\d+) (\d+)\]", xref).groups()]
    index = re.search(rb"/Index \[([\d ]+)\]", xref)
    ranges = [int(v) for v in index.group(1).split()] if index else [0, int(re.search(rb"/Size (\d+)", xref).group(1))]
    table = xref.split(b" stream ", 1)[1]
    entries, pos = [], 0
    for first, count in zip(ranges[::2], ranges[1::2]):
        for number in range(first, first + count):
            fields = []
            for w in widths:
                fields.append(int.from_bytes(table[pos:pos + w], "big") if w else 1)
                pos += w
            entries.append((number, *fields))
    objects: dict[int, bytes] = {}
    streams: dict[int, list[tuple[int, int]]] = {}
    for number, kind, a, b in entries:
        if kind == 1:
            objects[number] = object_at(a)
        elif kind == 2:
            streams.setdefault(a, []).append((number, b))
    for container in streams:
        body = objects[container]
        head, content = body.split(b" stream ", 1)
        first = int(re.search(rb"/First (\d+)", head).group(1))
        numbers = [int(v) for v in content[:first].split()]
        offsets = list(zip(numbers[::2], numbers[1::2]))
        for i, (number, offset) in enumerate(offsets):
            end = offsets[i + 1][1] if i + 1 < len(offsets) else len(content) - first
            objects[number] = content[first + offset:first + end].strip()
    return objects


def _dict_end(data: bytes, start: int) -> int:
    depth, i = 0, start
    while True:
        if data.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif data.startswith(b">>", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1


def _pdf_string(raw: bytes) -> str:
    raw = raw.strip()
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    text = raw[1:-1]
    text = re.sub(rb"\\([()\\])", rb"\1", text)
    if text.startswith(b"\xfe\xff"):
        return text[2:].decode("utf-16-be")
    return text.decode("latin-1")


def outline(pdf: Path) -> list[tuple[int, str]]:
    """The bookmarks as (level, title), depth first: level 1 = top."""
    objects = _pdf_objects(pdf.read_bytes())
    catalog = next(body for body in objects.values() if re.search(rb"/Type\s*/Catalog", body))
    root = re.search(rb"/Outlines (\d+) 0 R", catalog)
    if not root:
        return []
    out: list[tuple[int, str]] = []

    def ref(body: bytes, key: bytes) -> int | None:
        m = re.search(rb"/" + key + rb" (\d+) 0 R", body)
        return int(m.group(1)) if m else None

    def walk(first: int | None, level: int) -> None:
        node = first
        while node is not None:
            body = objects[node]
            title = re.search(rb"/Title\s*(<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))", body, re.S)
            out.append((level, _pdf_string(title.group(1))))
            walk(ref(body, b"First"), level + 1)
            node = ref(body, b"Next")

    walk(ref(objects[int(root.group(1))], b"First"), 1)
    return out


# ------------------------------------------------------------------ what the book should hold

def load_all() -> tuple[list, list, dict]:
    regs = sources.load(REGULATIONS)
    chapters = yaml.safe_load((REGULATIONS / "chapters.yml").read_text(encoding="utf-8"))
    by_slug = {r.slug: r for r in regs}
    findings = [{"regulation": by_slug[f.slug], **f.__dict__}
                for r in regs for f in validate.numbering_findings(r)]
    notes = validate.load_notes(REGULATIONS / "notes", regs)
    return regs, chapters, {"findings": findings, "notes": notes}


def article_labels(reg) -> list[str]:
    return [b.label for b in reg.headings() if numbering.parse_label(b.label or "x")
            and numbering.parse_label(b.label)[0] == "条"]


def check_text(pdf: Path, regs: list) -> None:
    """Every title and every 第X条 of the body, in order (after the table of contents)."""
    pages = page_texts(pdf)
    numbers = footers(pages)
    body_from = next(i for i, n in enumerate(numbers) if n is not None and n.isdigit())
    text = flat("".join(pages[max(body_from - 1, 0):]))
    pos = 0
    for reg in regs:
        at = text.find(flat(reg.title), pos)
        assert at >= 0, f"title of {reg.rel()} not found in order after position {pos}: {reg.title}"
        pos = at + len(flat(reg.title))
        for label in article_labels(reg):
            at = text.find(label, pos)
            assert at >= 0, f"{reg.rel()}: article label {label} missing or out of order"
            pos = at + len(label)


def check_outline(pdf: Path, regs: list, chapters: list) -> None:
    marks = outline(pdf)
    assert marks, "the PDF has no outline (bookmarks)"
    expected: list[tuple[int, str]] = [(1, "目录")]
    for c in chapters:
        members = [r for r in regs if r.meta["chapter"] == c["number"]]
        if not members:
            continue
        # a title the editor supplied is marked in the bookmarks too (seed README)
        expected.append((1, c["title"] + ("（编者拟）" if c.get("title_supplied") else "")))
        for r in members:
            expected.append((2, r.title + ("（编者拟）" if r.meta["title_supplied"] else "")))
            expected += [(3, b.text) for b in r.headings()
                         if b.label and numbering.parse_label(b.label)[0] == "章"]
    expected.append((1, "附录　编校说明"))
    assert [(lv, flat(t)) for lv, t in marks] == [(lv, flat(t)) for lv, t in expected]


def check_fonts(pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name type… encoding emb sub uni object ID: read the three yes/no columns from the right
        cols = row.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), f"font not embedded/subset/ToUnicode: {row}"
        assert "Type 3" not in row, row
        assert "Noto" in cols[0], f"unexpected font {cols[0]}"


TOC_LINE = re.compile(r"^(.*?)\s*(?:\.\s*){3,}(\d+)\s*$")


def toc_entries(pages: list[str], numbers: list) -> list[tuple[str, int]]:
    """(title, printed page) for each line of the table of contents (front pages)."""
    entries, pending = [], ""
    for text, number in zip(pages, numbers):
        if number is None or number.isdigit():
            continue
        for line in text.splitlines():
            line = line.strip()
            if not line or FOOTER.match(line) or flat(line) == "目录":
                continue
            m = TOC_LINE.match(line)
            if m:
                title = (pending + m.group(1)).replace("编者拟", "")
                entries.append((flat(title), int(m.group(2))))
                pending = ""
            else:
                pending += line
    return entries


def check_toc(pdf: Path, regs: list, chapters: list) -> None:
    pages = page_texts(pdf, raw=False)
    numbers = footers(pages)
    front = [n for n in numbers if n and not n.isdigit()]
    body = [(i, int(n)) for i, n in enumerate(numbers) if n and n.isdigit()]
    assert front and front[0] == "I", f"front matter is not numbered I, II …: {front}"
    assert body, "no numbered body pages"
    offsets = {i - n for i, n in body}
    assert len(offsets) == 1, f"body page numbers are not consecutive: {sorted(offsets)}"
    offset = offsets.pop()
    entries = toc_entries(pages, numbers)
    titles = [flat(c["title"]) for c in chapters if any(r.meta["chapter"] == c["number"] for r in regs)]
    expected = []
    for c in chapters:
        members = [r for r in regs if r.meta["chapter"] == c["number"]]
        if members:
            expected += [flat(c["title"])] + [flat(r.title) for r in members]
    expected.append(flat("附录　编校说明"))
    assert [t for t, _ in entries] == expected, "the table of contents lists other titles"
    for title, printed in entries:
        index = printed + offset
        assert 0 <= index < len(pages), f"{title}: page {printed} is not in the book"
        assert flat(pages[index]).startswith(title), \
            f"{title}: the contents say page {printed}, but that page begins {flat(pages[index])[:30]!r}"
        kind = "chapter" if title in titles else "entry"
        if kind == "chapter" or title.startswith("附录"):
            assert index % 2 == 0, f"{title} opens on a left-hand page ({printed})"


# ------------------------------------------------------------------ the excerpt (fast)

@pytest.fixture(scope="module")
def excerpt(tmp_path_factory):
    regs, chapters, editorial = load_all()
    chosen = [r for r in regs if r.slug in EXCERPT]
    assert len(chosen) == len(EXCERPT), "an excerpt regulation is missing from regulations/"
    started = time.perf_counter()
    _, epoch = offline_zip.build_date(ROOT)
    document = book.html(chosen, chapters, editorial, offline_zip.version(ROOT), epoch, readings=[])
    pdf = tmp_path_factory.mktemp("book") / "excerpt.pdf"
    data = book.render_pdf(document)
    pdf.write_bytes(data)
    return {"pdf": pdf, "regs": chosen, "chapters": chapters, "seconds": time.perf_counter() - started,
            "document": document, "bytes": data}


def test_excerpt_renders_quickly(excerpt):
    assert excerpt["seconds"] < 30, f"three regulations took {excerpt['seconds']:.1f} s"


def test_excerpt_titles_and_article_labels_in_order(excerpt):
    check_text(excerpt["pdf"], excerpt["regs"])


def test_excerpt_outline(excerpt):
    check_outline(excerpt["pdf"], excerpt["regs"], excerpt["chapters"])


def test_excerpt_fonts_embedded_and_subset(excerpt):
    check_fonts(excerpt["pdf"])


def test_excerpt_contents_page_numbers(excerpt):
    check_toc(excerpt["pdf"], excerpt["regs"], excerpt["chapters"])


def test_excerpt_a4_and_dated_by_the_commit(excerpt):
    info = subprocess.run(["pdfinfo", "-isodates", str(excerpt["pdf"])], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    _, epoch = offline_zip.build_date(ROOT)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))
    assert re.search(rf"CreationDate:\s+{stamp}", info), info
    assert re.search(rf"ModDate:\s+{stamp}", info), info


def test_excerpt_is_reproducible(excerpt):
    """The same sources and commit give the same bytes (no clock, no random ids)."""
    assert book.render_pdf(excerpt["document"]) == excerpt["bytes"]


def test_excerpt_text_copies_as_chinese(excerpt):
    """ToUnicode maps: the words come out as the source's characters, not glyph ids."""
    text = flat("".join(page_texts(excerpt["pdf"])))
    para = next(b.text for r in excerpt["regs"] for b in r.blocks if b.kind == "para" and len(b.text) > 40)
    assert flat(para) in text


def test_excerpt_marks_and_forms(excerpt):
    pages = page_texts(excerpt["pdf"])
    text = flat("".join(pages))
    supplied = [r for r in excerpt["regs"] if r.meta["title_supplied"]]
    for r in supplied:
        assert flat(r.title) + "编者拟" in text, f"{r.title}: no 编者拟 mark"
    # the forms: every printed word of the 调查函, the personal data blank
    letter = next(r for r in excerpt["regs"] if r.slug == "investigation-letter")
    for words in ("邮寄回单联粘贴处", "以上回复保证真实。", "（单位印章）", "承办人：", "065001"):
        assert words in text, words
    assert "18031600090" not in text and "V8598925" not in text
    for block in letter.blocks:
        if block.kind == "html":
            for words in re.findall(r">([^<>]+)<", block.text):
                assert flat(words) in text, f"form words missing: {words}"


def test_excerpt_regulations_start_on_new_pages(excerpt):
    pages = page_texts(excerpt["pdf"])
    starts = [i for i, p in enumerate(pages) if "发布单位" in p]
    assert len(starts) == len(excerpt["regs"])
    for i, reg in zip(starts, excerpt["regs"]):
        assert flat(pages[i]).startswith(flat(reg.title)), f"{reg.title} does not begin its page"


# ------------------------------------------------------------------ the whole book (built by build.py)

def newest_book() -> Path:
    books = sorted(DIST.glob("制度汇编-印刷版-*.pdf"), key=lambda p: p.stat().st_mtime)
    if not books:
        pytest.skip("no dist/制度汇编-印刷版-*.pdf: the whole book is built by `python3 build.py` "
                    "(or `python3 build.py test`), not by the tests")
    return books[-1]


@pytest.fixture(scope="module")
def whole():
    pdf = newest_book()
    regs, chapters, _ = load_all()
    return {"pdf": pdf, "regs": regs, "chapters": chapters}


def test_book_name_has_version_and_date(whole):
    assert re.fullmatch(r"制度汇编-印刷版-v\d+\.\d+\.\d+-\d{8}\.pdf", whole["pdf"].name)
    assert whole["pdf"].name == book.file_name(ROOT), "dist/ holds a book of another commit: rebuild"


def test_book_titles_and_article_labels_in_order(whole):
    check_text(whole["pdf"], whole["regs"])


def test_book_outline(whole):
    check_outline(whole["pdf"], whole["regs"], whole["chapters"])


def test_book_fonts_embedded_and_subset(whole):
    check_fonts(whole["pdf"])


def test_book_contents_page_numbers(whole):
    check_toc(whole["pdf"], whole["regs"], whole["chapters"])


def test_book_is_in_the_site_and_the_offline_zip(whole):
    copy = ROOT / "site" / book.SITE_PATH
    if not copy.exists():
        pytest.skip(f"site/{book.SITE_PATH} missing: the site was rebuilt without the book")
    assert copy.read_bytes() == whole["pdf"].read_bytes()
    # the home page of a build that made the book links it (a `build.py site` run does not)
    home = (ROOT / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="{book.SITE_PATH}"' in home
    zips = sorted(DIST.glob("制度汇编-离线版-*.zip"), key=lambda p: p.stat().st_mtime)
    if not zips:
        pytest.skip("no offline zip in dist/")
    with zipfile.ZipFile(zips[-1]) as zf:
        assert zf.read(book.SITE_PATH) == whole["pdf"].read_bytes()
