#!/usr/bin/env python3
"""The handbook's one entry point: sources → validate → render → site → book → zip.

    python3 build.py          install what is missing, build site/, the zip and the book
    python3 build.py site     the site only (no zip, no book)
    python3 build.py serve    build, serve on http://127.0.0.1:8000, rebuild on change
    python3 build.py test     install what the tests need, build everything, run pytest

Editing the regulations (messages in Chinese, for the 政治处's editor):
    python3 build.py amend SLUG --effective YYYY-MM-DD    next version as a new file, to edit
    python3 build.py repeal SLUG --effective YYYY-MM-DD   mark the regulation repealed
    python3 build.py import FILE.docx|FILE.txt [--slug NAME] [--chapter N]
                                                          draft a new regulation's source file
    python3 build.py register-originals                   register the originals' words again
                                                          (after correcting a typing error)
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REGULATIONS = ROOT / "regulations"
DOCS = ROOT / "docs"
BUILD_DOCS = ROOT / "build" / "docs"
SITE = ROOT / "site"
DIST = ROOT / "dist"


def build(zip_and_book: bool = True, site_dir: Path = SITE, regulations: Path = REGULATIONS,
          today=None, docs_out: Path = BUILD_DOCS, calcs: list | None = None) -> dict:
    """Run the pipeline; returns figures for the report. Raises BuildError on bad sources.
    `today` (a date; default the real one) decides which version is current (时效性)."""
    import yaml

    import calculators
    from handbook import (book, calculator_pages, offline_zip, originals, parameters, pyodide_assets, render,
                          search_patch, site, sources, validate)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    # 1. sources (an original edited in place, not amended, stops here: originals.py)
    originals.check(regulations)
    regs = sources.load(regulations, today)
    chapter_list = yaml.safe_load((regulations / "chapters.yml").read_text(encoding="utf-8"))
    calcs = calculators.available() if calcs is None else calcs
    step("sources")
    # 2. validate
    cited_by = validate.check_links(regs)
    validate.check_amendments(regs)
    validate.check_drafts(regs)
    validate.check_calculators(regs, calcs)
    # quotes bound to the text (enforced on the handbook's own regulations); stale parameters warned
    amended = parameters.check(regs, calcs, strict=regulations.resolve() == REGULATIONS.resolve())
    notes = validate.load_notes(regulations / "notes", regs)
    findings = [f for r in regs for f in validate.findings_of(r)]
    by_slug = {r.slug: r for r in regs}
    for f in findings:
        print(f"note: {by_slug[f.slug].rel()}:{f.line}: {f.text}", file=sys.stderr)
    step("validate")
    # 3. render
    editorial = {"findings": [{"regulation": by_slug[f.slug], **f.__dict__} for f in findings],
                 "notes": notes}
    # the home page links the book only when this run makes it (`build.py site` does not)
    render.write_docs(DOCS, docs_out, regs, chapter_list, cited_by, calcs, editorial,
                      book.file_name(ROOT) if zip_and_book else None)
    calculator_pages.write(docs_out, calcs, regs)
    step("render")
    # 4. site
    site.build_site(ROOT / "mkdocs.yml", render.nav(regs, chapter_list, calcs), site_dir, docs_out)
    search_patch.apply(site_dir, calcs)
    pyodide_assets.install(ROOT, site_dir, calcs, extra=parameters.runtime_files(amended))
    step("site")
    figures = {"regulations": len(regs), "ids": sum(len(r.ids()) for r in regs),
               "findings": len(findings), "notes": len(notes)}
    if zip_and_book:
        # 5. book (before the zip: the zip carries it)
        figures["book"] = str(book.write(ROOT, regs, chapter_list, editorial, DIST, site_dir))
        step("book")
        # 6. zip
        figures["zip"] = str(offline_zip.write(ROOT, site_dir, DIST))
        step("zip")
    figures["timings"] = {k: round(v, 2) for k, v in timings.items()}
    return figures


# argparse's own messages, in the words the editor reads (anything else passes as it is)
_ARGPARSE_ZH = [
    (r"the following arguments are required: (.+)", "缺少参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面应写一个值"),
    (r"argument (\S+): invalid int value: '(.*)'", "参数 {0} 应为整数，而不是“{1}”"),
    (r"argument (\S+): ambiguous option: (.+)", "参数 {0} 不明确（{1}）"),
]


def _chinese_argparse(message: str) -> str:
    for pattern, text in _ARGPARSE_ZH:
        match = re.fullmatch(pattern, message)
        if match:
            return text.format(*match.groups())
    return message


def edit(command: str, args: list[str]) -> int:
    """amend / repeal / import: change the sources (handbook/amend.py, docx_import.py)."""
    import argparse

    from handbook import amend, docx_import, originals

    class Parser(argparse.ArgumentParser):
        def error(self, message):          # the editor reads Chinese: say what to type
            usage = self.format_usage().replace("usage:", "用法：", 1)
            self.exit(2, f"未完成：命令参数有误（{_chinese_argparse(message)}）\n{usage}")

    parser = Parser(prog=f"build.py {command}")
    parser.add_argument("target", help="SLUG" if command != "import" else "FILE.docx|FILE.txt")
    parser.add_argument("--regulations", type=Path, default=REGULATIONS, help=argparse.SUPPRESS)
    if command == "import":
        parser.add_argument("--slug")
        parser.add_argument("--chapter", type=int)
    else:
        parser.add_argument("--effective", required=True, help="YYYY-MM-DD")
    opts = parser.parse_args(args)
    try:
        if command == "import":
            path, report = docx_import.import_file(Path(opts.target), opts.regulations, opts.slug, opts.chapter)
            if (opts.regulations / originals.FILE).exists():
                originals.register(opts.regulations, only=path)
            print(f"已生成草稿 {path}：请核对标题、发布单位、章节、施行日期和各条编号"
                  "（核对改正后运行 python3 build.py register-originals 登记为原文）。")
            for line in report:
                print(line)
        else:
            date = amend.parse_date(opts.effective)
            if command == "amend":
                path = amend.amend(opts.regulations, opts.target, date)
                print(f"已生成新版本 {path}（{date} 起施行）：请在此文件中修改条文；原文件未改动。")
            else:
                path = amend.repeal(opts.regulations, opts.target, date)
                print(f"已在 {path} 中标注 {date} 废止。")
    except amend.EditError as err:
        print(f"未完成：{err}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command in ("amend", "repeal", "import"):
        return edit(command, argv[1:])
    if command == "register-originals":   # after correcting a typing error in an original
        from handbook import originals

        where = Path(argv[1]) if len(argv) > 1 else REGULATIONS
        print(f"已登记各制度的原文：{originals.register(where)}")
        return 0
    if command not in ("all", "site", "serve", "test"):
        print(__doc__)
        return 2
    from handbook import environment

    environment.ensure(tests=command == "test")
    from calculators.rules import ParamError
    from handbook.sources import BuildError

    started = time.perf_counter()
    try:
        figures = build(zip_and_book=command in ("all", "test"))
    except (BuildError, ParamError) as err:   # a source or a parameter file: its file and line
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    print(f"built in {time.perf_counter() - started:.1f} s: {figures}")
    if command == "serve":
        from handbook import serve

        serve.run(ROOT, lambda: build(zip_and_book=False), SITE)
    if command == "test":
        import subprocess

        return subprocess.call([sys.executable, "-m", "pytest", "-q", "tests"], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
