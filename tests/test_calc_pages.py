"""The calculator pages in headless Chromium, over http AND opened from disk (file://): for
every example case of every calculator the form is filled as a person would (from
Calculator.form_values), the result read off the page and compared with the case's
expect and with CPython; bad input shows the engine's message next to its field. No
request leaves the site, no page error. Each page is loaded once per transport (the
Pyodide start costs seconds) and all its cases run by changing the form.

Timings are not asserted here: bench/bench.py measures them."""
from __future__ import annotations

import json
import warnings
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

import calculators
from calculators import web
from test_examples_cpython import cases, check, run_cpython

TRANSPORTS = ["http", "file"]
# the two ways the page starts Python (docs/assets/calc/worker.js): restored from the
# build's memory snapshot, or the ordinary start it falls back to
STARTS = ["snapshot", "fallback"]
READY_MS = 90_000
FALLBACK_ONLY = "window.handbookCalcConfig = Object.assign(window.handbookCalcConfig || {}, {fast: false});"


def calc_names() -> list[str]:
    names = sorted({name for name, _, _ in cases()})
    return [n for n in names if n in calculators.MODULES]


def base_url(transport: str, site: Path, http_root: str) -> str:
    return http_root if transport == "http" else site.resolve().as_uri() + "/"


class Watch:
    """Page errors and console errors of a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))


def use_start(page, start: str) -> None:
    """Before the page loads: make it start Python the given way."""
    if start == "fallback":
        page.add_init_script(FALLBACK_ONLY)


def open_calc(page, url: str, start: str = "snapshot") -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && ['ready', 'failed'].includes(handbookCalc.state)",
                           timeout=READY_MS)
    state = page.evaluate("[handbookCalc.state, handbookCalc.error, handbookCalc.path, handbookCalc.fastWhy,"
                          " handbookCalc.workerErrors, handbookCalc.workerStep]")
    # a flaky start names the worker's error events and its last step (docs/assets/calc/calc.js)
    assert state[0] == "ready", f"the calculator did not start: {state[1]} {state[4]} after {state[5]}"
    assert state[2] == start, f"started by {state[2]}, not {start} ({state[3]})"


def fill(page, calc, values: dict[str, str]) -> None:
    """Reset the form, then set each value the way a person would: choices first (they
    decide which fields apply), checkboxes ticked, text typed, table text pasted."""
    page.click("#calc-reset")
    kinds = {f.key: f.kind for f in calc.fields}
    for key in sorted(values, key=lambda k: kinds[k] != "choice"):
        if kinds[key] == "table":
            paste_into_grid(page, key, values[key])
            continue
        loc = page.locator(f'#calc-form [name="{key}"]')
        assert loc.is_visible(), f"field {key} is hidden for this input (show_if)"
        value = values[key]
        if kinds[key] == "bool":
            loc.set_checked(value == "true")
        elif kinds[key] == "choice":
            options = loc.evaluate("el => Array.from(el.options).map(o => o.value)")
            if value not in options:
                # not one of the choices (an error case): the page keeps such a value when
                # it comes in a link; a person cannot pick it, so add it as a link would
                loc.evaluate("""(el, v) => { const o = document.createElement('option');
                    o.value = v; o.textContent = v; o.setAttribute('data-invalid', '');
                    el.appendChild(o); }""", value)
            loc.select_option(value)
        else:
            loc.fill(value)


PASTE = """([key, text, row, col]) => {
    const cells = document.querySelectorAll(`.calc-grid[data-grid-for="${key}"] tbody tr`)[row]
        .querySelectorAll('[data-col]:not(td)');
    const cell = cells[col];
    cell.focus();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    cell.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def paste_into_grid(page, key: str, text: str, row: int = 0, col: int = 0) -> None:
    """A block pasted into a cell of the table grid as from Excel's clipboard."""
    grid = page.locator(f'.calc-grid[data-grid-for="{key}"]')
    assert grid.is_visible(), f"no grid for table {key}"
    page.evaluate(PASTE, [key, text, row, col])


def same_table(calc, key: str, a: str, b: str) -> bool:
    """Two texts of a table field hold the same rows (the grid writes choices as codes,
    yes/no as 是, and leaves out empty columns)."""
    from calculators import engine

    f = next(f for f in calc.fields if f.key == key)

    def rows(text):
        try:
            return engine.parse_table(f, text)
        except engine.InputError as err:
            return sorted(err.errors)
    return rows(a) == rows(b)


def compute(page) -> dict:
    before = page.evaluate("handbookCalc.requested")
    page.click("#calc-run")
    page.wait_for_function(f"handbookCalc.requested > {before} && handbookCalc.rendered === handbookCalc.requested",
                           timeout=30_000)
    return page.evaluate("handbookCalc.lastResponse")


def shown_summary(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#calc-result .calc-summary-item",
        "items => items.map(i => [i.querySelector('dt').textContent, i.querySelector('dd').textContent])")


def shown_amounts(page) -> list[str]:
    return page.eval_on_selector_all("#calc-result .calc-breakdown li",
                                      "lis => lis.map(li => (li.querySelector('.calc-line-amount') || {}).textContent || null)")


def cpython_answer(name: str, payload: str) -> dict:
    """What CPython answers to the very JSON text the page sent its worker."""
    return json.loads(web.handle(name, payload))


def answer(response: dict) -> dict:
    """A response less the echo of the inputs as typed (result "inputs", for 复制结果): the
    form also sends the fields it shows with their defaults (0 次 批评), which the echo lists
    and the case's input leaves out; the answer itself must not differ."""
    out = dict(response)
    if isinstance(out.get("result"), dict):
        out["result"] = {k: v for k, v in out["result"].items() if k != "inputs"}
    return out


def outcome(response: dict):
    return (True, None) if response["ok"] else (False, sorted(response["errors"]))


def check_against_case(name: str, case: dict, page_payload: str, response: dict, title: str) -> None:
    """The case's expect, unless the form cannot carry its input (then say so): the page
    sends what a person can type, e.g. a table as tab-separated text."""
    direct = run_cpython(name, json.loads(json.dumps(case["input"]), parse_float=Decimal))
    via_form = cpython_answer(name, page_payload)
    if outcome(direct) != outcome(via_form) or (direct["ok"] and answer(direct) != answer(via_form)):
        warnings.warn(f"{title}: the form cannot express this input exactly "
                      f"(CPython on the input: {outcome(direct)}, on the form's text: {outcome(via_form)})")
        return
    check(case, response)


def check_shown(page, name: str, response: dict, title: str) -> None:
    """What the page shows agrees with CPython on the same input: summary figures,
    breakdown amounts and links, readings, warnings, the field messages for bad input."""
    expected = cpython_answer(name, page.evaluate("handbookCalc.lastPayload"))
    assert response == expected, f"{title}: Pyodide and CPython differ"
    if response["ok"]:
        assert page.get_attribute("#calc-result", "data-state") == "ok", title
        assert shown_summary(page) == expected["result"]["summary"], title
        assert shown_amounts(page) == [line["amount"] for line in expected["result"]["breakdown"]], title
        for line in expected["result"]["breakdown"]:
            if line["article"]:
                href = line["article"]["href"]
                assert page.locator(f'#calc-result a.calc-article[href="{href}"]').count() >= 1, (title, href)
        for reading in expected["result"]["readings"]:
            box = page.locator(f"#calc-result #calc-reading-{reading['id']}")
            assert box.is_visible(), (title, reading["id"])
            assert box.locator(f'a[href="{reading["href"]}"]').count() == 1, (title, reading["href"])
        assert page.locator("#calc-result .calc-warnings li").count() == len(expected["result"]["warnings"])
        return
    # a table mode with good rows shows their result under the errors
    state = "partial" if expected.get("partial") else "error"
    assert page.get_attribute("#calc-result", "data-state") == state, title
    for key, message in expected["errors"].items():
        line = page.locator(f'#calc-form .calc-error .calc-error-line[data-key="{key}"]')
        assert line.count() == 1 and line.is_visible(), (title, key)
        assert line.text_content() == message, (title, key)
        owner = line.evaluate("el => el.closest('.calc-field') && el.closest('.calc-field').dataset.key")
        assert owner and (key == owner or key.startswith(owner + ".")), (title, key, owner)


def drawn_only(calc, key: str, text: str, values: dict[str, str]) -> str:
    """A table's text without the columns the grid does not draw for these form values
    (a column's shown_with: trial-quality-team draws the chosen role's indicators only,
    and sends only what it draws)."""
    f = next(f for f in calc.fields if f.key == key)
    hidden = set()
    for c in f.columns:
        if c.shown_with and not all(values.get(k, "") in v for k, v in c.shown_with.items()):
            hidden |= {c.key, c.label}
    lines = [line.split("\t") for line in text.split("\n")]
    if not hidden or not lines:
        return text
    keep = [i for i, head in enumerate(lines[0]) if head not in hidden]
    return "\n".join("\t".join(cells[i] for i in keep if i < len(cells)) for cells in lines)


def check_fragment(page, values: dict[str, str], title: str, calc=None) -> None:
    page.wait_for_function("!handbookCalc.linkPending", timeout=5_000)   # written once the input rests
    kept = dict(parse_qsl(urlsplit(page.url).fragment, keep_blank_values=True))
    tables = {f.key for f in calc.fields if f.kind == "table"} if calc else set()
    for key, value in values.items():
        if key in tables:
            value = drawn_only(calc, key, value, values)
            assert same_table(calc, key, kept.get(key, ""), value), (title, key, kept.get(key), value)
            continue
        assert kept.get(key) == value, (title, key, kept.get(key), value)


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("name", calc_names())
def test_examples_on_the_page(site, http_root, page, name, transport, start):
    base = base_url(transport, site, http_root)
    assert (site / "calculators" / f"{name}.html").exists(), f"no page for {name}"
    watch = Watch(page)
    calc = calculators.get(name)
    use_start(page, start)
    open_calc(page, base + f"calculators/{name}.html", start)
    failures = []
    table_checked = False
    for cname, index, case in cases():
        if cname != name:
            continue
        title = f"{name}-{index} {case['title']}"
        try:
            values = calc.form_values(case["input"])
            fill(page, calc, values)
            response = compute(page)
            check_against_case(name, case, page.evaluate("handbookCalc.lastPayload"), response, title)
            check_shown(page, name, response, title)
            check_fragment(page, values, title, calc)
            if response["ok"] and response["result"].get("table") and not table_checked:
                check_csv(page, response["result"]["table"], calc)
                table_checked = True
        except AssertionError as err:
            failures.append(f"{title}: {err}")
    assert not failures, "\n".join(failures)
    assert page.evaluate("handbookCalc.state") == "ready"
    assert not page.requests.foreign(base), page.requests.foreign(base)[:10]
    assert not watch.errors, watch.errors[:10]


def check_csv(page, table: dict, calc) -> None:
    """The CSV export: UTF-8 with a byte order mark (Excel then reads Chinese right), a
    header of the Chinese column labels, one line per row. On a page with a table input
    it is that table's export (as its own 导出 .csv): its input columns, every result
    column, and a 合计 row where the calculator has totals."""
    from calculators.table import EXPORT_TOTALS, TOTAL_LABEL, main_table

    with page.expect_download() as info:
        page.click("#calc-result .calc-csv")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = [ln for ln in data[3:].decode("utf-8").split("\r\n") if ln]
    if page.evaluate("Object.keys(window.handbookGrids || {}).length") == 1:
        rows = [ln for ln in lines[1:] if not ln.startswith(TOTAL_LABEL + ",")]
        assert len(rows) == len(table["rows"]), lines
        header = lines[0].split(",")
        inputs = {c.key for c in main_table(calc).columns}   # a result column repeating an input is not written twice
        missing = [lbl for key, lbl in table["columns"]
                   if key not in inputs and lbl not in header and f"{lbl}（结果）" not in header]
        assert not missing, (missing, header)
        assert any(c.label in header for c in main_table(calc).columns), header   # the inputs too
        if calc.name in EXPORT_TOTALS or getattr(calc, "totals", ()):
            assert lines[-1].startswith(TOTAL_LABEL + ","), lines[-1]
        return
    assert lines[0].split(",")[0] == table["columns"][0][1]
    assert len(lines) == 1 + len(table["rows"])


def first_table_calculator() -> str:
    for name in calc_names():
        if any(f.kind == "table" for f in calculators.get(name).fields):
            return name
    return calc_names()[0]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_link_reopens_the_result(site, http_root, page, transport):
    """The inputs live in the URL fragment: opening the link (offline too) gives the same
    result without touching the form; copying the result gives its figures as text."""
    name = first_table_calculator()
    calc = calculators.get(name)
    base = base_url(transport, site, http_root)
    case = next(c for n, _, c in cases() if n == name and "error_keys" not in c["expect"])
    values = calc.form_values(case["input"])
    from urllib.parse import urlencode
    page.goto(base + f"calculators/{name}.html#" + urlencode(values), wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=READY_MS)
    response = page.evaluate("handbookCalc.lastResponse")
    check(case, response)
    for key, value in values.items():
        kind = calc.fields[[f.key for f in calc.fields].index(key)].kind
        if kind == "table":
            assert same_table(calc, key, page.locator(f'#calc-form [name="{key}"]').input_value(), value)
        elif kind == "bool":
            assert page.locator(f'#calc-form [name="{key}"]').is_checked() == (value == "true")
        else:
            assert page.locator(f'#calc-form [name="{key}"]').input_value() == value
    page.click("#calc-result .calc-copy")
    copied = page.evaluate("handbookCalc.copied")
    for label, figure in response["result"]["summary"]:
        assert f"{label}：{figure}" in copied
    assert not page.requests.foreign(base)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_plain_page_loads_no_pyodide(site, http_root, page, transport):
    base = base_url(transport, site, http_root)
    for rel in ["index.html", "editorial.html"] + sorted(
            p.relative_to(site).as_posix() for p in (site / "regulations").glob("*.html"))[:3]:
        page.goto(base + rel, wait_until="load")
        page.wait_for_timeout(300)
    loaded = [u for u in page.requests.urls if "/assets/pyodide/" in u or "/assets/calc/" in u]
    assert loaded == []
    assert page.evaluate("typeof window.handbookCalc") == "undefined"


SHOWS_FALLBACK = """() => {
  const fb = document.getElementById('calc-fallback');
  return !!window.handbookCalc && handbookCalc.state === 'failed' && !fb.hidden && fb.offsetParent !== null;   // calc.js is async
}"""


@pytest.mark.parametrize("breakage,reason", [
    ("delete window.WebAssembly;", "WebAssembly"),
    # a worker that never answers: the page must give up, not spin forever
    ("window.handbookCalcConfig = {stallTimeoutMs: 1500};"
     "window.Worker = function () { this.postMessage = function () {}; this.terminate = function () {}; };",
     "没有响应"),
])
def test_when_python_cannot_start_the_page_says_so(site, http_root, page, breakage, reason):
    page.add_init_script(breakage)
    page.goto(http_root + "calculators/leave-pay.html", wait_until="domcontentloaded")
    page.wait_for_function(SHOWS_FALLBACK, timeout=20_000)
    status = page.text_content("#calc-status")
    assert "计算器无法启动" in status and reason in status, status
    assert "python -m calculators leave-pay" in page.text_content("#calc-fallback")
    assert calculators.get("leave-pay").formula in page.text_content("#calc-formula")
    assert page.locator("#calc-status .calc-status-detail").is_visible()


def test_missing_runtime_files_are_reported(site, page, tmp_path):
    """From disk, a part file that is missing (a zip extracted in part) is named plainly."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    missing = sorted((copy / "assets" / "pyodide").glob("wasm.*.js"))[-1]
    missing.unlink()
    page.goto(copy.as_uri() + "/calculators/leave-pay.html", wait_until="domcontentloaded")
    page.wait_for_function(SHOWS_FALLBACK, timeout=30_000)
    status = page.text_content("#calc-status")
    assert "找不到文件" in status and missing.name in status, status


# the worker from boot.js, made to die outside its own error handling once the loader part
# is in: a worker that dies without reporting ("fatal") as seen now and then under load
DYING_WORKER = """
Object.defineProperty(window, "__calcBoot", { configurable: true,
  get: function () { return this._boot; },
  set: function (boot) {   // boot.js sets boot.worker next
    var source = null;
    Object.defineProperty(boot, "worker", { enumerable: true,
      get: function () { return source + ';var realMark = mark; mark = function (n) { realMark(n);' +
        ' if (n === "loader") setTimeout(function () { self.onerror = null; throw new Error("test: worker died"); }); };'; },
      set: function (s) { source = s; } });
    this._boot = boot;
  } });
"""


def test_a_worker_that_dies_is_restarted_once_then_reported(site, page):
    """From disk, a worker that dies outside its own error handling: started once more,
    then the page gives up with the Chinese message and the fallback; each error event
    is recorded with the worker's last step (so a flaky CI failure names where it died)."""
    page.add_init_script(DYING_WORKER)
    page.goto(site.resolve().as_uri() + "/calculators/leave-pay.html", wait_until="domcontentloaded")
    page.wait_for_function(SHOWS_FALLBACK, timeout=60_000)
    assert "后台线程出错" in page.text_content("#calc-status")
    calc = page.evaluate("({retried: handbookCalc.retried, errors: handbookCalc.workerErrors})")
    assert calc["retried"] and "test: worker died" in calc["retried"]
    # steps arrive while the timer that throws waits: "loader" or a later one, never none
    assert len(calc["errors"]) == 2 and all(e["after"] for e in calc["errors"]), calc["errors"]
    assert all("test: worker died" in e["message"] and e["event"] == "ErrorEvent" for e in calc["errors"])


def test_the_form_is_generated_from_the_fields(site):
    from bs4 import BeautifulSoup

    for name in calc_names():
        calc = calculators.get(name)
        soup = BeautifulSoup((site / "calculators" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        form = soup.select_one("#calc-form")
        for f in calc.fields:
            box = form.select_one(f'.calc-field[data-key="{f.key}"]')
            assert box is not None, (name, f.key)
            assert f.label in box.get_text(), (name, f.key)
            control = box.select_one(f'[name="{f.key}"]')
            expected_tag = {"choice": "select", "table": "textarea"}.get(f.kind, "input")
            assert control.name == expected_tag, (name, f.key)
            if f.kind == "bool":
                assert control["type"] == "checkbox"
                assert control.has_attr("checked") == bool(f.default)
            if f.kind == "choice":
                assert [o["value"] for o in control.select("option") if o["value"]] == [c[0] for c in f.choices]
            if f.show_if:
                assert json.loads(box["data-show-if"]) == {k: list(v) for k, v in f.show_if.items()}
            if f.kind == "table":
                assert box.select_one("[data-example]") is not None
        assert calc.formula in soup.select_one("#calc-formula").get_text()
        assert f"python -m calculators {name}" in soup.select_one("noscript").get_text()
        links = {a["href"] for a in soup.select("article a[href]")}
        for cite in calc.cites:
            assert cite.href() in links, (name, cite.href())
        for reading in calc.readings:
            assert reading.href() in links, (name, reading.href())


def test_typing_recomputes_and_flags_only_what_is_wrong(http_root, page):
    """Without the button: a result follows the typing (debounced); a bad value gets its
    message next to its field; a field not yet filled is listed, not flagged."""
    watch = Watch(page)
    open_calc(page, http_root + "calculators/leave-pay.html")
    salary = page.locator('#calc-form [name="base_salary"]')
    salary.fill("3000")
    page.locator('#calc-form [name="personal_leave_days"]').fill("5")
    page.wait_for_function("window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok "
                           "&& handbookCalc.rendered === handbookCalc.requested", timeout=10_000)
    assert "344.83" in page.text_content("#calc-result .calc-summary")
    page.wait_for_function("!handbookCalc.linkPending", timeout=5_000)
    assert "base_salary=3000" in page.url and "personal_leave_days=5" in page.url
    salary.fill("三千")
    page.wait_for_selector('.calc-error[data-error-for="base_salary"]:not([hidden])', timeout=10_000)
    assert "「月基本工资」应为数字" in page.text_content('.calc-error[data-error-for="base_salary"]')
    assert salary.get_attribute("aria-invalid") == "true"
    salary.fill("")
    page.wait_for_selector('#calc-result[data-state="incomplete"]', timeout=10_000)
    assert "月基本工资" in page.text_content("#calc-result")
    assert page.locator('.calc-error[data-error-for="base_salary"]').is_hidden()
    page.click("#calc-run")          # the button flags it
    page.wait_for_selector('.calc-error[data-error-for="base_salary"]:not([hidden])', timeout=10_000)
    assert "必须填写" in page.text_content('.calc-error[data-error-for="base_salary"]')
    assert not watch.errors, watch.errors


def test_fields_follow_the_chosen_option(site, page):
    """show_if: a field shows only while the option it depends on is chosen, and a hidden
    field is left out of the input."""
    calc = next((calculators.get(n) for n in calc_names()
                 if any(f.show_if for f in calculators.get(n).fields)), None)
    if calc is None:
        pytest.skip("no calculator has conditional fields")
    page.goto(site.resolve().as_uri() + f"/calculators/{calc.name}.html", wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc")
    for f in calc.fields:
        if not f.show_if or len(f.show_if) != 1:
            continue
        (key, allowed), = f.show_if.items()
        controller = next(c for c in calc.fields if c.key == key)
        if controller.kind != "choice" or controller.show_if:
            continue
        other = [v for v, _ in controller.choices if v not in allowed]
        box = page.locator(f'.calc-field[data-key="{f.key}"]')
        page.select_option(f'#calc-form [name="{key}"]', allowed[0])
        assert box.is_visible(), (f.key, allowed[0])
        if other:
            page.select_option(f'#calc-form [name="{key}"]', other[0])
            assert box.is_hidden(), (f.key, other[0])
            assert f.key not in page.evaluate("handbookCalc.values()")
        return
    pytest.skip("no field depends on a single top-level choice")


SKIPPED = """sel => [...document.querySelectorAll(sel)].map(e =>
  [getComputedStyle(e).contentVisibility, e.firstElementChild.checkVisibility({contentVisibilityAuto: true})])"""


def test_the_text_below_the_calculator_is_laid_out_when_reached(http_root, page):
    """The rule, its articles, the side-by-side text and the readings below the form are left
    out of the page's first layouts (content-visibility: auto, docs/assets/calc/calc.css),
    laid out once scrolled to, and printed in full."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(http_root + "calculators/trial-quality-team.html", wait_until="load")
    below = page.evaluate(SKIPPED, "section.side-by-side, div.reading")
    assert below and all(cv == "auto" for cv, _ in below)
    assert not below[-1][1], "the text far below the form is laid out at once"
    page.evaluate("document.getElementById('calc-readings').scrollIntoView()")
    page.wait_for_function("""() => [...document.querySelectorAll('div.reading')].slice(0, 3)
      .every(e => e.firstElementChild.checkVisibility({contentVisibilityAuto: true}) && e.offsetHeight > 20)""",
                           timeout=5_000)
    page.emulate_media(media="print")
    assert all(cv == "visible" for cv, _ in page.evaluate(SKIPPED, "section.side-by-side, div.reading"))


ACTIVE_IN_SIDEBAR = """() => {
  const wrap = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
  const link = wrap && wrap.querySelector('a.md-nav__link--active');
  if (!link) return false;
  const w = wrap.getBoundingClientRect(), r = link.getBoundingClientRect();
  return r.height > 0 && r.top >= w.top && r.bottom <= w.bottom;
}"""


def test_the_sidebar_shows_the_calculators_own_entry(http_root, page):
    """The sidebar's other chapters are left out of the first layouts (calc.css): the theme
    must still scroll the sidebar to this page's entry (the last calculator: far down)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(http_root + "calculators/annual-assessment-team.html", wait_until="load")
    assert page.evaluate("""() => getComputedStyle(document.querySelector(
      '.md-nav--primary > .md-nav__list > .md-nav__item--section:not(.md-nav__item--active) > .md-nav'))
      .contentVisibility""") == "auto"
    page.wait_for_function(ACTIVE_IN_SIDEBAR, timeout=15_000)


def test_a_tables_result_is_laid_out_when_scrolled_to(http_root, page):
    """The result table of a whole table (calc.css: content-visibility) still shows its
    rows when the reader scrolls to it, and prints."""
    page.set_viewport_size({"width": 1280, "height": 720})
    name, case = next((n, c) for n, _, c in cases() if n == "leave-pay-month" and "error_keys" not in c["expect"])
    page.goto(http_root + "calculators/leave-pay-month.html", wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && handbookCalc.state === 'ready'", timeout=READY_MS)
    page.evaluate("v => handbookCalc.fill(v)", calculators.get(name).form_values(case["input"]))
    page.evaluate("handbookCalc.compute()")
    page.wait_for_function("document.querySelector('#calc-result table.calc-table tbody tr')", timeout=20_000)
    assert page.evaluate("getComputedStyle(document.querySelector('#calc-result .calc-table-wrap'))"
                         ".contentVisibility") == "auto"
    page.evaluate("document.querySelector('#calc-result .calc-table-wrap').scrollIntoView()")
    page.wait_for_function("""() => { const td = document.querySelector('#calc-result table.calc-table tbody td');
      return td.checkVisibility({contentVisibilityAuto: true}) && td.getBoundingClientRect().height > 0; }""",
                           timeout=5_000)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('#calc-result .calc-table-wrap'))"
                         ".contentVisibility") == "visible"


def test_skipped_text_has_a_height_in_older_chromium():
    """Chromium 85–94 (360/QQ browsers) know content-visibility but not the `auto` keyword
    of contain-intrinsic-size: every rule that skips text gives a plain size first."""
    import re
    css = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "calc" / "calc.css").read_text(encoding="utf-8")
    rules = re.findall(r"\{([^{}]*content-visibility:\s*auto[^{}]*)\}", css)
    assert len(rules) >= 3
    for body in rules:
        sizes = re.findall(r"contain-intrinsic-size:\s*([^;}]+)", body)
        assert len(sizes) == 2 and not sizes[0].strip().startswith("auto") and sizes[1].strip().startswith("auto"), body


def test_chinese_text_is_drawn_by_a_font_the_page_names(http_root, page):
    """The page's font list names Chinese fonts (handbook.css), so the browser draws Chinese
    text without searching the system's fonts for each run of characters (the costliest
    step of a calculator page's first layout): the font that drew the title and the form's
    labels is one of the list's, by the browser's own account (DevTools protocol)."""
    page.goto(http_root + "calculators/bankruptcy-year.html", wait_until="load")
    named = page.evaluate("getComputedStyle(document.body).fontFamily")
    listed = {f.strip().strip('"').lower() for f in named.split(",")}
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("article h1", "#calc-form label"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert fonts and all(f["familyName"].lower() in listed for f in fonts), (selector, fonts, named)


def settled(page) -> None:
    page.wait_for_function("handbookCalc.rendered === handbookCalc.requested && handbookCalc.rendered > 0",
                           timeout=20_000)


def test_what_court_staff_met_on_the_forms(http_root, browser):
    """The page QA's findings, as a person meets them (each failed before its change):
    a one-person form's 分段考核 table does not come back for the next person; 填入示例 of a
    table page fills the form's empty inputs too and answers; while a form is being filled
    no list of 必须填写 stands above it; 复制结果 gives the inputs as the calculator read them;
    a link naming a choice by its label (员额法官) opens with that choice."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_root.rstrip("/"))
    page = context.new_page()
    watch = Watch(page)
    # 1. person A's 分段考核, then the page opened again for person B: no segments
    open_calc(page, http_root + "calculators/annual-assessment.html")
    page.click('[data-example-for="segments"]')
    page.wait_for_function("document.querySelector('[name=\"segments\"]').value.trim() !== ''")
    page.wait_for_timeout(600)          # the grid's save delay: it is saved (and not restored)
    open_calc(page, http_root + "calculators/annual-assessment.html")
    assert page.evaluate("document.querySelector('[name=\"segments\"]').value.trim()") == ""
    # 2. 填入示例 on trial-quality-team and team-grading: a result, not 请继续填写
    for name in ("trial-quality-team", "team-grading"):
        open_calc(page, http_root + f"calculators/{name}.html")
        page.click(".calc-example-button")
        page.wait_for_selector('#calc-result[data-state="ok"]', timeout=20_000)
    # 3. choosing 法官助理 on a fresh form: no red list above the form
    open_calc(page, http_root + "calculators/annual-assessment.html")
    page.select_option('#calc-form [name="category"]', "assistant")
    page.wait_for_selector('#calc-result[data-state="incomplete"]', timeout=20_000)
    assert page.locator('.calc-error[data-error-for=""]').is_hidden()
    # 4. typed as people type: copied as read
    open_calc(page, http_root + "calculators/leave-pay.html")
    page.locator('#calc-form [name="base_salary"]').fill("4,350元")
    page.locator('#calc-form [name="personal_leave_days"]').fill("３天")
    page.wait_for_selector('#calc-result[data-state="ok"]', timeout=20_000)
    settled(page)
    page.click(".calc-copy")
    # the copy is written asynchronously; the button says 已复制 once it is (read before,
    # the clipboard still held another page's result, copied by an earlier test)
    page.wait_for_function("document.querySelector('#calc-result .calc-copy').textContent === '已复制'",
                           timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "月基本工资：4350.00 元" in copied and "事假天数：3 天" in copied, copied
    assert "元 元" not in copied and "天 天" not in copied
    # 5. a link written with the choice's label
    page.goto("about:blank")
    open_calc(page, http_root + "calculators/annual-assessment.html#category=员额法官&baseline_cases=200"
                                "&court_closure_rate=93&cases_closed=200&quality_score=40")
    page.wait_for_selector('#calc-result[data-state="ok"]', timeout=20_000)
    assert page.evaluate("document.querySelector('#calc-form [name=\"category\"]').value") == "judge"
    # … and with the label's short name, its remark in brackets left out (员额法官 for
    # 员额法官（刑事、民商事、行政审判团队）), as the engine reads it
    page.goto("about:blank")
    open_calc(page, http_root + "calculators/trial-quality.html#role=员额法官")
    page.wait_for_selector('#calc-result[data-state]', timeout=20_000)
    assert page.evaluate("document.querySelector('#calc-form [name=\"role\"]').value") == "judge"
    # 6. a procedure's own milestones only (第四条): 强制清算 offers its 12, not all 29
    from calculators import bankruptcy_workload as bw
    open_calc(page, http_root + "calculators/bankruptcy-workload.html")
    page.select_option('#calc-form [name="case_type"]', "强清")
    page.select_option('#calc-form [name="procedure"]', "强制清算")
    offered = page.evaluate("Array.from(document.querySelectorAll('#calc-form [name=\"milestone\"] option'))"
                            ".filter(o => !o.hidden && o.value).map(o => o.value)")
    assert offered == [name for name, _ in bw.LIST_COMPULSORY.milestones]   # in its own order
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.parametrize("name", ["annual-assessment", "trial-quality", "bankruptcy-workload"])
def test_the_form_is_written_as_it_first_shows(site, http_root, page, name):
    """The fields a form shows before anything is chosen are the ones the page is written
    with (the others hidden in the HTML): calc.js's first updateVisibility changes none, so
    the page is not laid out twice while Python loads (handbook/calculator_pages.py)."""
    html = BeautifulSoup((site / "calculators" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    written = sorted(f["data-key"] for f in html.select(".calc-field") if f.has_attr("hidden"))
    assert written, name
    open_calc(page, http_root + f"calculators/{name}.html")
    shown = sorted(page.evaluate("Array.from(document.querySelectorAll('.calc-field[hidden]')).map(f => f.dataset.key)"))
    assert shown == written
