"""Command line: python -m calculators NAME ['{json}'], or the JSON object on stdin;
NAME --help (or NAME alone at a terminal) lists the calculator's inputs and an example.
Prints one JSON object; on bad input prints {"error": …} and exits with status 2 (status 1
with a Chinese message if the calculator itself fails; never a traceback).

Batches: python -m calculators NAME --csv FILE.csv | --xlsx FILE.xlsx ['{json}'] computes
every row of the file (the optional JSON gives the calculator's other inputs, e.g. the
bonus standard of team-grading) and prints CSV (UTF-8 with BOM) to standard output: the
input columns plus the results, Chinese headers, and a 合计 row where the calculator has
totals (工资表's 扣发/应发, bankruptcy-year's 工作量, team-grading's 奖金). Any bad row: exit 2, a Chinese message
on standard error naming every bad row by its line in the file and its column, no figures."""
from __future__ import annotations

import json
import os
import sys

from . import MODULES, get
from .describe import describe
from .engine import InputError, load_json, run_json
from .rules import ParamError
from .web import INTERNAL

USAGE = ("用法：python -m calculators 名称 ['{JSON}']\n"
         "      python -m calculators 名称 --help      （列出该计算器的输入和示例）\n"
         "      python -m calculators 名称 --csv 文件.csv | --xlsx 文件.xlsx ['{其他输入的JSON}']\n"
         "名称：" + "、".join(MODULES))


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    name = argv[0]
    amendments_of_the_work_tree()
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _fail(f"没有名为“{name[:40]}”的计算器（可用：{'、'.join(MODULES)}）")
    except ParamError as err:   # an edited parameter file that cannot be read: where and why
        return _fail(f"计算器的参数文件有误：{err}")
    if len(argv) > 1 and argv[1] in ("--csv", "--xlsx"):
        return batch(calculator, argv[1:])
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(describe(calculator))
        return 0
    if len(argv) == 1 and sys.stdin.isatty():   # nothing given and nothing piped: no silent wait
        print(describe(calculator))
        return 2
    text = argv[1] if len(argv) > 1 else sys.stdin.buffer.read()
    try:
        result = run_json(calculator, text)
    except InputError as err:
        return _fail(str(err), err.errors)
    except Exception as err:  # a defect: a message, not a traceback
        _out({"error": INTERNAL, "errors": {}, "internal": type(err).__name__})
        return 1
    _out(result, indent=1)
    return 0


def amendments_of_the_work_tree() -> None:
    """Run from the work tree (this package beside regulations/ and handbook/), the
    package has no amendments.toml (the build writes it into the shipped copy only): the
    articles amended with no parameter dated for them are found from the sources, as the
    build finds them (handbook.parameters), so that a date from such an amendment is
    refused here too, never computed with the figures before it. Sources that cannot be
    read (a draft being written) leave a warning; the calculation goes on as before."""
    from . import available, rules

    root = rules.HERE.parent
    if (rules.HERE / rules.AMENDMENTS_FILE).exists() or not (
            (root / "regulations" / "chapters.yml").is_file() and (root / "handbook" / "parameters.py").is_file()):
        return
    import contextlib
    import io

    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        from handbook import parameters, sources
        with contextlib.redirect_stderr(io.StringIO()):   # the build's own warnings
            stale = parameters.check(sources.load(root / "regulations"), available())
    except Exception as err:  # noqa: BLE001 (a draft that does not parse: say so, go on)
        print(f"注意：未能读取 regulations/ 中的修改情况（{str(err)[:200]}），按 calculators/*.toml 计算",
              file=sys.stderr)
        return
    rules.AMENDED.update({(s.regulation, s.article): s.amended for s in stale})
    rules.MOVED.update({(s.regulation, s.article): s.moved for s in stale if s.moved})


def batch(calculator, args: list[str]) -> int:
    from . import sheet_io, table

    def refuse(message: str) -> int:
        sys.stderr.write(message + "\n")
        return 2

    if len(args) < 2:
        return refuse(f"{args[0]} 后面应写文件名")
    path = args[1]
    f = table.main_table(calculator)
    if f is None:
        other_name = table.TABLE_MODES.get(calculator.name)
        hint = f"；整表计算请用 python -m calculators {other_name} {args[0]} 文件" if other_name else ""
        return refuse(f"“{calculator.title}”没有表格输入，不能按文件批量计算{hint}")
    other: dict = {}
    if len(args) > 2:
        try:
            other = load_json(args[2])
        except InputError as err:
            return refuse(f"文件名后面的其他输入：{err}")
        if not isinstance(other, dict):
            return refuse("文件名后面的其他输入应为 JSON 对象")
    try:
        with open(path, "rb") as fh:
            data = fh.read(sheet_io.MAX_FILE_BYTES + 1)
    except OSError as err:
        return refuse(f"无法读取文件 {path}：{err.strerror or err}")
    try:
        loaded = table.load(calculator, data, path)
    except sheet_io.SheetError as err:
        return refuse(f"无法读取 {path}：{err}")
    if loaded.where():
        sys.stderr.write(f"提示：{loaded.where()}\n")
    if loaded.ignored:
        sys.stderr.write(f"提示：以下列不是本计算器的输入，已忽略：{'、'.join(loaded.ignored)}\n")
    if loaded.skipped_note():
        sys.stderr.write(f"提示：{loaded.skipped_note()}\n")
    raw = dict(other)
    raw[f.key] = loaded.rows
    try:
        result = calculator.run(raw)
        columns, rows, totals = table.export_rows(calculator, raw, result)
    except InputError as err:
        messages = table.file_errors(calculator, err, loaded)
        return refuse(f"{path} 有{len(messages)}处错误，未输出任何结果：\n" + "\n".join(messages))
    except Exception as err:  # a defect: a message, not a traceback
        sys.stderr.write(f"{INTERNAL}（{type(err).__name__}）\n")
        return 1
    sys.stdout.flush()
    sys.stdout.buffer.write(sheet_io.write_csv(columns, rows, totals))
    sys.stdout.buffer.flush()
    return 0


def _fail(message: str, errors: dict | None = None) -> int:
    _out({"error": message, "errors": errors or {}})
    return 2


def _out(obj: dict, indent: int | None = None) -> None:
    """One JSON object on stdout, UTF-8 (a lone surrogate from the input becomes "?")."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    sys.stdout.buffer.flush()


def run(argv: list[str]) -> int:
    """main, quiet when the reader of standard output goes away (`--help | head`): a
    closed pipe is not an error of ours, and never a traceback."""
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # the interpreter flushes stdout again at exit: point it at nothing first
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
