"""The one entry point the page's Web Worker calls: JSON text in, JSON text out. It never
raises: bad input is an error object with a Chinese message (engine.run_json)."""
from __future__ import annotations

import json

from . import get
from .engine import InputError, run_json

INTERNAL = "计算器内部出错，结果未算出；请把输入（页面上的命令行）发给维护人员"


def handle(name: str, payload: str) -> str:
    try:
        calculator = get(name)
    except (KeyError, ModuleNotFoundError):
        return _dump({"ok": False, "error": f"没有名为“{str(name)[:40]}”的计算器", "errors": {}})
    try:
        result = run_json(calculator, payload)
    except InputError as err:
        return _dump({"ok": False, "error": str(err), "errors": err.errors})
    except Exception as err:  # a defect, not the user's: say so, never a traceback
        return _dump({"ok": False, "error": INTERNAL, "errors": {}, "internal": type(err).__name__})
    return _dump({"ok": True, "result": result})


def _dump(obj: dict) -> str:
    """JSON text; a lone surrogate from the input (a bad key) becomes "?"."""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
