"""Command line: python -m calculators NAME ['{json}'], or the JSON object on stdin.
Prints one JSON object; on bad input prints {"error": …} and exits with status 2."""
from __future__ import annotations

import json
import sys
from decimal import Decimal

from . import MODULES, get
from .engine import InputError


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] in ("-h", "--help"):
        print("用法：python -m calculators 名称 ['{JSON}']；名称：" + "、".join(MODULES))
        return 0 if argv else 2
    name = argv[0]
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _fail(f"没有名为“{name}”的计算器（可用：{'、'.join(MODULES)}）")
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


def _fail(message: str, errors: dict | None = None) -> int:
    print(json.dumps({"error": message, "errors": errors or {}}, ensure_ascii=False))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
