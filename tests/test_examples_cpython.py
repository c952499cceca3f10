"""Every example case (calculators/examples/*.json) in CPython, through the calculator's
own run(): the output holds what the case expects. The same cases run in Pyodide under
Node (test_examples_pyodide.py) and in the pages in Chromium (test_calc_pages.py); the
helpers here are shared by those two."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import calculators
from calculators.engine import InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "calculators" / "examples"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def cases() -> list[tuple[str, int, dict]]:
    """(calculator name, index, case) for every example case."""
    out = []
    for path in example_files():
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append((path.stem, index, case))
    return out


def case_id(item) -> str:
    return f"{item[0]}-{item[1]}"


def mismatches(expect, got, where: str = "") -> list[str]:
    """Where `got` differs from `expect`, read as a subset: dict keys of expect must be in got
    (recursively), lists match element by element, anything else must be equal."""
    if isinstance(expect, dict):
        if not isinstance(got, dict):
            return [f"{where or '.'}: expected an object, got {got!r}"]
        out = []
        for key, value in expect.items():
            if key not in got:
                out.append(f"{where}.{key}: missing")
            else:
                out += mismatches(value, got[key], f"{where}.{key}")
        return out
    if isinstance(expect, list):
        if not isinstance(got, list) or len(got) != len(expect):
            return [f"{where}: expected {len(expect)} items, got {got!r}"[:300]]
        out = []
        for i, (e, g) in enumerate(zip(expect, got)):
            out += mismatches(e, g, f"{where}[{i}]")
        return out
    return [] if expect == got else [f"{where}: expected {expect!r}, got {got!r}"]


def check(case: dict, response: dict) -> None:
    """response: the web.handle answer ({"ok", "result"} or {"ok": false, "errors"})."""
    expect = case["expect"]
    if "error_keys" in expect:
        assert response["ok"] is False, f"{case['title']}: expected errors, got a result"
        assert set(response["errors"]) == set(expect["error_keys"]), (case["title"], response["errors"])
        for key, message in response["errors"].items():
            assert message.strip(), (case["title"], key)
        return
    assert response["ok"] is True, (case["title"], response.get("errors") or response.get("error"))
    problems = mismatches(expect, response["result"])
    assert not problems, f"{case['title']}: " + "; ".join(problems[:10])


def run_cpython(name: str, raw: dict) -> dict:
    try:
        result = calculators.get(name).run(raw)
    except InputError as err:
        return {"ok": False, "error": str(err), "errors": err.errors}
    return {"ok": True, "result": json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str))}


def test_there_are_examples_for_every_calculator():
    names = {p.stem for p in example_files()}
    for calc in calculators.available():
        assert calc.name in names, f"calculators/examples/{calc.name}.json is missing"
    for name in names:
        assert name in calculators.MODULES, f"examples for an unknown calculator: {name}"
    assert any("error_keys" in c["expect"] for _, _, c in cases())


@pytest.mark.parametrize("item", cases(), ids=case_id)
def test_example_in_cpython(item):
    name, _, case = item
    raw = json.loads(json.dumps(case["input"]), parse_float=Decimal)   # as web.handle reads it
    check(case, run_cpython(name, raw))


@pytest.mark.parametrize("name", sorted(p.stem for p in example_files()))
def test_the_worker_warms_with_the_examples_as_the_page_sends_them(name):
    """web.examples: the first of what the page's worker runs once each after its first
    answer (worker.js warmSoon, web.warm_payloads), written as the form sends them (a
    table as its text). Each must give its case's own result through web.handle (an error
    case: an error; the form may name its fields in another order of checks), or the
    warming would take other paths."""
    from calculators import web

    payloads = json.loads(web.examples(name))
    own = [case for cname, _, case in cases() if cname == name]
    assert len(payloads) == len(own) > 0
    for payload, case in zip(payloads, own):
        sent = json.loads(payload)
        assert all(isinstance(v, (str, bool, dict)) for v in sent.values()), sent   # form text, not rows
        response = json.loads(web.handle(name, payload))
        if "error_keys" in case["expect"]:
            assert response["ok"] is False and response["errors"], (case["title"], response)
        else:
            check(case, response)
    assert web.examples("no-such-calculator") == "[]"


@pytest.mark.parametrize("name", sorted(p.stem for p in example_files()))
def test_the_warming_switches_each_shaping_choice_of_each_example(name):
    """web.warm_payloads: the examples first, then each example with every other value of
    a choice that decides which fields or columns apply (a show_if or shown_with names
    it), as a reader switches it with the rest of the form filled in. Every one is
    answered (a result or a Chinese error, never the internal-error answer); none sends
    a field the form hides for the value it switched to; at most WARM_MAX."""
    from calculators import web
    from calculators.engine import _get

    calculator = calculators.get(name)
    examples = json.loads(web.examples(name))
    payloads = json.loads(web.warm_payloads(name))
    assert payloads[:len(examples)] == examples
    assert len(payloads) <= web.WARM_MAX
    assert len(set(payloads)) == len(payloads)
    shaping = {k for f in calculator.fields for k in (f.show_if or {})} | {
        k for f in calculator.fields for c in f.columns for k in (c.shown_with or {})}
    for payload in payloads:
        sent = json.loads(payload)
        response = json.loads(web.handle(name, payload))
        assert response.get("ok") in (True, False) and "internal" not in response, (payload, response)
        if not response["ok"]:
            assert response["error"], response
        for f in calculator.fields:
            if _get(sent, f.key) is None:
                continue
            for key, allowed in (f.show_if or {}).items():
                if key in shaping and _get(sent, key) is not None:
                    shown = str(_get(sent, key))
                    assert shown in allowed, (f.key, key, shown, payload)
    assert web.warm_payloads("no-such-calculator") == "[]"


def test_the_warming_puts_each_role_with_each_examples_table():
    """trial-quality-team (the page the bench found slow on its first switches of 岗位):
    every 岗位 of the form's choice is warmed with every example's table of people."""
    from calculators import web

    calculator = calculators.get("trial-quality-team")
    roles = [c[0] for c in next(f for f in calculator.fields if f.key == "role").choices]
    assert len(roles) >= 3
    sent = [json.loads(p) for p in json.loads(web.warm_payloads("trial-quality-team"))]
    tables = {json.loads(p)["people"] for p in json.loads(web.examples("trial-quality-team"))}
    for role in roles:
        for table in tables:
            assert any(p["role"] == role and p["people"] == table for p in sent), (role, table[:20])
