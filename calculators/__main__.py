"""Command line: python -m calculators NAME ['{json}'], or the JSON object on stdin.
Prints one JSON object; on bad input prints {"error": …} and exits with status 2.

Batches: python -m calculators NAME --csv FILE.csv | --xlsx FILE.xlsx ['{json}'] computes
every row of the file (the optional JSON gives the calculator's other inputs, e.g. the
bonus standard of team-grading) and prints CSV (UTF-8 with BOM) to standard output: the
input columns plus the results, Chinese headers. Any bad row: exit 2, a Chinese message
on standard error naming every bad row by its line in the file and its column, no figures."""
from __future__ import annotations

import json
import sys
from decimal import Decimal

from . import MODULES, get
from .engine import InputError

USAGE = ("用法：python -m calculators 名称 ['{JSON}']\n"
         "      python -m calculators 名称 --csv 文件.csv | --xlsx 文件.xlsx ['{其他输入的JSON}']\n"
         "名称：" + "、".join(MODULES))


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    name = argv[0]
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _fail(f"没有名为“{name}”的计算器（可用：{'、'.join(MODULES)}）")
    if len(argv) > 1 and argv[1] in ("--csv", "--xlsx"):
        return batch(calculator, argv[1:])
    text = argv[1] if len(argv) > 1 else sys.stdin.read()
    try:
        raw = json.loads(text, parse_float=Decimal)
    except ValueError:
        return _fail("输入不是有效的 JSON 对象")
    try:
        result = calculator.run(raw)
    except InputError as err:
        return _fail(str(err), err.errors)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    return 0


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
            other = json.loads(args[2], parse_float=Decimal)
        except ValueError:
            return refuse("文件名后面的其他输入不是有效的 JSON 对象")
        if not isinstance(other, dict):
            return refuse("文件名后面的其他输入应为 JSON 对象")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        return refuse(f"无法读取文件 {path}：{err.strerror or err}")
    try:
        loaded = table.load(calculator, data, path)
    except sheet_io.SheetError as err:
        return refuse(f"无法读取 {path}：{err}")
    if loaded.ignored:
        sys.stderr.write(f"提示：以下列不是本计算器的输入，已忽略：{'、'.join(loaded.ignored)}\n")
    raw = dict(other)
    raw[f.key] = loaded.rows
    try:
        result = calculator.run(raw)
    except InputError as err:
        messages = table.file_errors(calculator, err, loaded)
        return refuse(f"{path} 有{len(messages)}处错误，未输出任何结果：\n" + "\n".join(messages))
    columns, rows, _ = table.export_rows(calculator, raw, result)
    sys.stdout.flush()
    sys.stdout.buffer.write(sheet_io.write_csv(columns, rows))
    sys.stdout.buffer.flush()
    return 0


def _fail(message: str, errors: dict | None = None) -> int:
    print(json.dumps({"error": message, "errors": errors or {}}, ensure_ascii=False))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
