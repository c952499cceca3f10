"""Command line: python -m calculators NAME ['{json}'], or the JSON object on stdin.
Prints one JSON object; on bad input prints {"error": …} and exits with status 2 (status 1
with a Chinese message if the calculator itself fails; never a traceback)."""
from __future__ import annotations

import json
import sys

from . import MODULES, get
from .engine import InputError, run_json
from .web import INTERNAL


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] in ("-h", "--help"):
        print("用法：python -m calculators 名称 ['{JSON}']；名称：" + "、".join(MODULES))
        return 0 if argv else 2
    name = argv[0]
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _fail(f"没有名为“{name[:40]}”的计算器（可用：{'、'.join(MODULES)}）")
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


def _fail(message: str, errors: dict | None = None) -> int:
    _out({"error": message, "errors": errors or {}})
    return 2


def _out(obj: dict, indent: int | None = None) -> None:
    """One JSON object on stdout, UTF-8 (a lone surrogate from the input becomes "?")."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
