"""The one entry point the page's Web Worker calls: JSON text in, JSON text out."""
from __future__ import annotations

import json
from decimal import Decimal

from . import get
from .engine import InputError


def handle(name: str, payload: str) -> str:
    try:
        calculator = get(name)
    except KeyError:
        return json.dumps({"ok": False, "error": f"没有名为“{name}”的计算器", "errors": {}},
                          ensure_ascii=False)
    try:
        raw = json.loads(payload, parse_float=Decimal)
        result = calculator.run(raw)
    except InputError as err:
        return json.dumps({"ok": False, "error": str(err), "errors": err.errors},
                          ensure_ascii=False)
    except ValueError:
        return json.dumps({"ok": False, "error": "输入不是有效的 JSON", "errors": {}},
                          ensure_ascii=False)
    return json.dumps({"ok": True, "result": result.to_json()}, ensure_ascii=False)
