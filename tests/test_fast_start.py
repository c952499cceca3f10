"""The calculators' fast start (handbook/pyodide_fast.py, docs/assets/calc/worker.js) and
what happens when it cannot be used, in headless Chromium over http and from disk:

- the snapshot part broken on purpose (damaged, missing, made for another runtime, or
  restored but answering differently): the page falls back to the ordinary start, says
  why in `handbookCalc.fastWhy`, and still gives the right answer;
- a browser without what the runtime needs (hidden from the page by an init script): a
  Chinese message naming what to do, the rule, its articles and the command line, and
  not one byte of the runtime fetched;
- the build's own checks (the private snapshot options, the XOR transform, the cache).
"""
from __future__ import annotations

import base64
import functools
import gzip
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

import calculators
from handbook import pyodide_fast
from test_calc_pages import SHOWS_FALLBACK, Watch

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "node_modules" / "pyodide"
LEAVE_PAY = "calculators/leave-pay.html#base_salary=3000&personal_leave_days=5"
LEAVE_PAY_FIGURE = "344.83"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def broken_site(site, tmp_path):
    """A copy of the built site to damage, served over http too: (dir, http base)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield copy, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def manifest(site: Path) -> dict:
    boot = (site / "assets" / "pyodide" / "boot.js").read_text(encoding="ascii")
    return json.loads(boot.split("self.__calcBoot = ", 1)[1].split(";\n", 1)[0])


def snapshot_parts(site: Path) -> list[Path]:
    m = manifest(site)
    return [site / m["dir"] / p["file"] for p in m["parts"] if p["asset"] == "snapshot"]


def snapshot_file(site: Path) -> Path:
    """The snapshot as the http path fetches it (one gzip file)."""
    m = manifest(site)
    return site / m["http"]["dir"] / m["http"]["files"]["snapshot"]["file"]


def rewrite_manifest(site: Path, change) -> None:
    """Change the manifest where the page reads it (start.js or boot.js from disk,
    worker.js over http)."""
    for rel in ("assets/pyodide/boot.js", "assets/calc/start.js", "assets/calc/worker.js"):
        path = site / rel
        text = path.read_text(encoding="utf-8")
        marker = "self.__calcBoot = "
        head, rest = text.split(marker, 1)
        old, tail = rest.split(";\n", 1)
        path.write_text(head + marker + json.dumps(change(json.loads(old)), ensure_ascii=True,
                                                   separators=(",", ":")) + ";\n" + tail, encoding="utf-8")


def flip(data: bytes) -> bytes:
    out = bytearray(data)
    for i in range(len(out) // 2, len(out) // 2 + 64):
        out[i] ^= 0x5A
    return bytes(out)


def damage(site: Path) -> None:
    """Flip bytes in the middle of the compressed snapshot (its base64 stays valid), in
    the parts (from disk) and in the file (over http)."""
    part = snapshot_parts(site)[0]
    first, literal, close = part.read_text(encoding="ascii").split("\n", 2)
    data = flip(base64.b64decode(json.loads(literal)))
    part.write_text(first + "\n" + json.dumps(base64.b64encode(data).decode()) + "\n" + close,
                    encoding="ascii")
    snapshot_file(site).write_bytes(flip(snapshot_file(site).read_bytes()))


def remove(site: Path) -> None:
    for part in snapshot_parts(site) + [snapshot_file(site)]:
        part.unlink()


def other_runtime(site: Path) -> None:
    """A snapshot whose header names another runtime build (re-compressed: only the id
    differs), the manifest left as it is."""
    parts = snapshot_parts(site)
    texts = [p.read_text(encoding="ascii").split("\n", 2) for p in parts]
    raw = bytearray(pyodide_fast.unsparse(gzip.decompress(b"".join(base64.b64decode(json.loads(t[1])) for t in texts))))
    raw[16:48] = bytes(32)
    data = gzip.compress(pyodide_fast.sparse(bytes(raw)), 6)
    snapshot_file(site).write_bytes(data)
    size = (len(data) + len(parts) - 1) // len(parts)
    for i, (part, (first, _, close)) in enumerate(zip(parts, texts)):
        chunk = data[i * size:(i + 1) * size]
        head = json.loads(first[len("__pyodideEmbed("):-1])
        head.update({"offset": i * size, "bytes": len(chunk), "total": len(data)})
        part.write_text(f"__pyodideEmbed({json.dumps(head, separators=(',', ':'))},\n"
                        f"{json.dumps(base64.b64encode(chunk).decode())}\n{close}", encoding="ascii")


def wrong_answer(site: Path) -> None:
    """The answer recorded at build time no longer matches: the restored runtime must be
    dropped and Python started again the ordinary way, in the same worker."""
    def change(m):
        m["snapshot"]["probe"]["answer"] += " "
        return m
    rewrite_manifest(site, change)


BREAKAGES = {
    "damaged": (damage, ["gzip", "decompress", "incorrect", "invalid", "corrupt", "network", "failed"]),
    "missing": (remove, ["找不到文件"]),
    "other runtime": (other_runtime, ["another runtime"]),
    "answers differently": (wrong_answer, ["answered the check case differently"]),
}


@pytest.mark.parametrize("transport", ["http", "file"])
@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_snapshot_falls_back_and_still_answers(broken_site, page, breakage, transport):
    copy, http_base = broken_site
    break_it, reasons = BREAKAGES[breakage]
    break_it(copy)
    watch = Watch(page)
    base = http_base if transport == "http" else copy.resolve().as_uri() + "/"
    page.goto(base + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
    state, path, why, error = page.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.fastWhy, handbookCalc.error]")
    assert (state, path) == ("ready", "fallback"), (state, path, why, error)
    assert why and any(r.lower() in why.lower() for r in reasons), why
    assert page.evaluate("handbookCalc.lastResponse.ok")
    assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")
    assert page.get_attribute("#calc", "data-path") == "fallback"
    errors = [e for e in watch.errors if "snapshot" not in e and "找不到文件" not in e
              and "ERR_FILE_NOT_FOUND" not in e and "404" not in e]
    assert not errors, errors


def test_the_intact_snapshot_is_used(site, http_root, page):
    """The control for the cases above: the same page on the built site is restored."""
    page.goto(http_root + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
    assert page.evaluate("[handbookCalc.path, handbookCalc.fastWhy]") == ["snapshot", None]
    assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")


# the reader's day other than the snapshot's: a time zone 14 hours ahead or 12 behind
# (26 hours apart: at any hour one of them has another date than the build's)
OTHER_DAY_ZONES = ("Etc/GMT-14", "Etc/GMT+12")


def test_a_page_read_on_another_day_than_the_build_is_still_restored(site, http_root, browser):
    """The site is built once and read for months: the restored runtime's checks (its
    check case, the rules in force) hold on any day of the same rules, not only on the
    build's. The browser runs in a time zone whose date is not the snapshot's; the result
    is computed for the reader's own day (计算基准日), from the snapshot."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo
    from conftest import CHROMIUM, CHROMIUM_ARGS

    built = date.fromisoformat(json.loads(manifest(site)["snapshot"]["probe"]["payload"])["as_of"])
    zone = next(z for z in OTHER_DAY_ZONES if datetime.now(ZoneInfo(z)).date() != built)
    elsewhere = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                                            env={"TZ": zone})
    try:
        page = elsewhere.new_page()
        page.goto(http_root + LEAVE_PAY, wait_until="domcontentloaded")
        page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')",
                               timeout=90_000)
        assert page.evaluate("[handbookCalc.path, handbookCalc.fastWhy]") == ["snapshot", None]
        summary = page.text_content("#calc-result .calc-summary")
        reader_day = datetime.now(ZoneInfo(zone)).date()
        assert LEAVE_PAY_FIGURE in summary and reader_day.isoformat() in summary, (summary, built, zone)
    finally:
        elsewhere.close()


# ---------------------------------------------------------------- what each transport loads


@pytest.mark.parametrize("transport", ["http", "file"])
def test_each_transport_loads_its_own_files(site, http_root, page, transport):
    """Over http the seven gzip files (and none of the parts); from disk the parts (and
    none of the gzip files). Both restore the snapshot and answer."""
    m = manifest(site)
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    page.goto(base + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
    assert page.evaluate("[handbookCalc.path, handbookCalc.fastWhy]") == ["snapshot", None]
    assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")
    names = {u.split("?")[0].split("#")[0].rsplit("/", 1)[-1] for u in page.requests.urls}
    bins = {f["file"] for f in m["http"]["files"].values()}
    parts = {p["file"] for p in m["parts"]}
    assert len(bins) == 7
    if transport == "http":
        assert bins <= names and not parts & names, (bins - names, parts & names)
    else:
        assert parts <= names and not bins & names, (parts - names, bins & names)


# ---------------------------------------------------------------- the runtime kept for the next visit

# the page's view of the store the runtime is kept in (docs/assets/calc/kept.js)
STORE = """async ([op, key]) => {
  const db = await new Promise((res, rej) => {
    const r = indexedDB.open("handbook-calculators", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("runtime");
    r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
  });
  // one request in a transaction of its own, resolved once the transaction is done
  const one = (mode, fn) => new Promise((res, rej) => {
    const tx = db.transaction("runtime", mode), r = fn(tx.objectStore("runtime"));
    tx.oncomplete = () => res(r.result); tx.onerror = tx.onabort = () => rej(tx.error);
  });
  let result = null;
  if (op === "keys") result = await one("readonly", (s) => s.getAllKeys());
  else if (op === "fresh") {   // the keys whose entry is not one this test broke
    const v = await one("readonly", (s) => s.get(key));
    result = v && !v.brokenByTest ? [key] : [];
  }
  else if (op === "bogus") await one("readwrite", (s) => s.put({wasm: new Blob(["old"]), snapshot: new Blob(["old"])}, key));
  else {   // break what is kept under key: "wasm" (not a wasm at all) or "snapshot" (bytes flipped)
    const v = await one("readonly", (s) => s.get(key));
    if (op === "wasm") v.wasm = new Blob([new Uint8Array(1000).fill(7)]);
    else {
      const bytes = new Uint8Array(await v.snapshot.arrayBuffer());
      for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 4096; i++) bytes[i] ^= 0x5a;
      v.snapshot = new Blob([bytes]);
    }
    v.brokenByTest = true;   // the worker ignores it; wait_kept(fresh=True) looks for its absence
    await one("readwrite", (s) => s.put(v, key));
  }
  db.close();
  return result;
}"""


def kept_key(site: Path, transport: str) -> str:
    """The key the runtime is kept under: the names of the files it came from."""
    m = manifest(site)
    if transport == "http":
        return "http:" + m["http"]["files"]["wasm"]["file"] + "," + m["http"]["files"]["snapshot"]["file"]
    return "file:" + ",".join(p["file"] for p in m["parts"] if p["asset"] in ("wasm", "snapshot"))


def open_leave_pay(context, base: str):
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(base + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')",
                           timeout=90_000)
    return page, urls


def wait_kept(page, key: str, fresh: bool = False) -> list:
    """Until the store holds an entry under key (fresh: one that is not the entry this test
    broke; a start whose read of the store came too late keeps the broken one until it
    keeps a copy of its own, after its first answer)."""
    for _ in range(150):
        keys = page.evaluate(STORE, ["fresh", key] if fresh else ["keys", None])
        if key in keys:
            return keys
        page.wait_for_timeout(100)
    raise AssertionError(f"the runtime was not kept under {key}: {keys}")


def runtime_files(site: Path, urls: list[str]) -> set[str]:
    """The wasm's and the snapshot's files (gzip or parts) among the requested URLs."""
    m = manifest(site)
    big = {m["http"]["files"][a]["file"] for a in ("wasm", "snapshot")}
    big |= {p["file"] for p in m["parts"] if p["asset"] in ("wasm", "snapshot")}
    return big & {u.split("?")[0].split("#")[0].rsplit("/", 1)[-1] for u in urls}


@pytest.mark.parametrize("transport", ["http", "file"])
def test_a_second_visit_starts_from_the_kept_runtime(site, http_root, browser, transport):
    """After a start from the snapshot the runtime is kept in the browser (IndexedDB, in
    place of an older build's); the next visit in the same browser reads the wasm and the
    snapshot from there, fetches neither, and answers the same."""
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    key = kept_key(site, transport)
    context = browser.new_context()
    try:
        # an older build's entry, put before the first visit (a page of the site that
        # starts no calculator): put after it, it raced the first visit's keeping
        older = context.new_page()
        older.goto(base + "index.html")
        older.evaluate(STORE, ["bogus", "http:wasm.0000000000.bin,snapshot.0000000000.bin"])
        older.close()
        first, urls = open_leave_pay(context, base)
        assert first.evaluate("[handbookCalc.path, handbookCalc.kept]") == ["snapshot", False]
        assert runtime_files(site, urls), "the first visit fetched no runtime: nothing tested"
        assert wait_kept(first, key) == [key]          # the older build's entry is gone
        first.close()
        second, urls = open_leave_pay(context, base)
        assert second.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.kept, handbookCalc.fastWhy, "
                               "handbookCalc.keptWhy]") == ["ready", "snapshot", True, None, None]
        assert LEAVE_PAY_FIGURE in second.text_content("#calc-result .calc-summary")
        assert not runtime_files(site, urls), runtime_files(site, urls)
        # a changed input is computed by the restored runtime too
        second.locator('#calc-form [name="personal_leave_days"]').fill("2")   # 2 days: nothing deducted
        second.wait_for_function("document.querySelector('#calc-result .calc-summary').textContent.includes('3000.00')",
                                 timeout=20_000)
    finally:
        context.close()


@pytest.mark.parametrize("transport", ["http", "file"])
@pytest.mark.parametrize("broken", ["wasm", "snapshot"])
def test_a_damaged_kept_runtime_is_dropped_and_the_files_used(site, http_root, browser, transport, broken):
    """What is kept is broken (the wasm replaced by junk; the snapshot's bytes flipped, as
    a damaged disk would): the start from it fails its checks, the page deletes it, starts
    the worker once more from the files, answers right, and keeps a good copy again."""
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    key = kept_key(site, transport)
    context = browser.new_context()
    try:
        first, _ = open_leave_pay(context, base)
        wait_kept(first, key)
        first.evaluate(STORE, [broken, key])
        first.close()
        second, urls = open_leave_pay(context, base)
        state, path, kept, why = second.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.kept, handbookCalc.keptWhy]")
        assert (state, path, kept) == ("ready", "snapshot", False), (state, path, kept, why)
        assert why and why.startswith("kept runtime"), why
        assert LEAVE_PAY_FIGURE in second.text_content("#calc-result .calc-summary")
        assert runtime_files(site, urls)               # the files, this time
        wait_kept(second, key, fresh=True)
        second.close()
        third, urls = open_leave_pay(context, base)    # and the good copy is used again
        assert third.evaluate("[handbookCalc.path, handbookCalc.kept, handbookCalc.keptWhy]") == ["snapshot", True, None]
        assert LEAVE_PAY_FIGURE in third.text_content("#calc-result .calc-summary")
    finally:
        context.close()


class _Encoding(http.server.SimpleHTTPRequestHandler):
    """A server that sends the runtime's .bin files with Content-Encoding: gzip (as one
    that marks compressed files so would): the browser inflates them before the page."""
    def log_message(self, *args):
        pass

    def end_headers(self):
        if self.path.endswith(".bin"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def test_a_server_that_sends_the_files_gzip_encoded(site, page):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Encoding, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/" + LEAVE_PAY, wait_until="domcontentloaded")
        page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
        assert page.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.fastWhy]") == ["ready", "snapshot", None]
        assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")
    finally:
        server.shutdown()


def test_without_decompression_streams_over_http(site, http_root, page):
    """A browser without DecompressionStream (Firefox before 113): over http the worker
    reads the uncompressed parts instead, starts Python the ordinary way, and answers."""
    page.add_init_script("delete window.DecompressionStream;")
    page.route("**/assets/calc/worker.js*", lambda route: route.fulfill(
        status=200, content_type="text/javascript",
        body="delete self.DecompressionStream;\n" + (site / "assets" / "calc" / "worker.js").read_text(encoding="utf-8")))
    page.goto(http_root + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
    state, path, why = page.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.fastWhy]")
    assert (state, path) == ("ready", "fallback") and "DecompressionStream" in why, (state, path, why)
    assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")
    names = " ".join(page.requests.urls)
    assert "/assets/pyodide/http/" not in names and "/assets/pyodide/wasm.00." in names


class _SlowSnapshot(_Quiet):
    """A server that sends the snapshot's part files 4 s late (a slow disk or network)."""
    def do_GET(self):
        if "/assets/pyodide/snapshot." in self.path:
            import time

            time.sleep(4)
        super().do_GET()


def test_a_part_that_arrives_after_the_answer_changes_nothing(site, page):
    """Without DecompressionStream the ordinary start does not wait for the snapshot's
    parts; when they arrive after the answer, the page stays ready (it went back to
    “正在启动” once)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SlowSnapshot, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.add_init_script("delete window.DecompressionStream;")
        page.route("**/assets/calc/worker.js*", lambda route: route.fulfill(
            status=200, content_type="text/javascript",
            body="delete self.DecompressionStream;\n" + (site / "assets" / "calc" / "worker.js").read_text(encoding="utf-8")))
        late = []
        page.on("requestfinished", lambda r: late.append(r.url) if "/assets/pyodide/snapshot." in r.url else None)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/" + LEAVE_PAY, wait_until="domcontentloaded")
        page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
        assert len(late) < 2, "the snapshot's parts came before the answer: nothing tested"
        for _ in range(300):
            if len(late) >= 2:
                break
            page.wait_for_timeout(100)
        assert len(late) >= 2, late
        page.wait_for_timeout(300)
        assert page.evaluate("[handbookCalc.state, handbookCalc.path]") == ["ready", "fallback"]
        assert "计算器已就绪" in page.text_content("#calc-status")
        assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")
    finally:
        server.shutdown()


def test_without_decompression_streams_from_disk(site, page, tmp_path):
    """From disk the wasm parts are gzip: a browser without DecompressionStream inflates
    them with the worker's own gunzip, starts Python the ordinary way, and answers."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    start = copy / "assets" / "calc" / "start.js"
    text = start.read_text(encoding="utf-8")
    marker = 'self.__calcBoot.worker = "'
    assert text.count(marker) == 1
    start.write_text(text.replace(marker, marker + "delete self.DecompressionStream;\\n"), encoding="utf-8")
    page.add_init_script("delete window.DecompressionStream;")
    page.goto(copy.as_uri() + "/" + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && (handbookCalc.rendered > 0 || handbookCalc.state === 'failed')", timeout=90_000)
    state, path, why = page.evaluate("[handbookCalc.state, handbookCalc.path, handbookCalc.fastWhy]")
    assert (state, path) == ("ready", "fallback") and "DecompressionStream" in why, (state, path, why)
    assert LEAVE_PAY_FIGURE in page.text_content("#calc-result .calc-summary")


def test_a_damaged_wasm_part_is_reported_not_hung(site, page, tmp_path):
    """A wasm part whose gzip is damaged (a bad copy from a USB stick) stops the start
    with a plain message, from disk."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    part = sorted((copy / "assets" / "pyodide").glob("wasm.00.*.js"))[0]
    first, literal, close = part.read_text(encoding="ascii").split("\n", 2)
    middle = len(literal) // 2
    damaged = literal[:middle] + ("A" if literal[middle] != "A" else "B") * 4000 + literal[middle + 4000:]
    part.write_text("\n".join([first, damaged, close]), encoding="ascii")
    page.goto(copy.as_uri() + "/" + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function(SHOWS_FALLBACK, timeout=60_000)
    status = page.text_content("#calc-status")
    assert "计算器无法启动" in status and "损坏" in status, status



def test_a_wasm_that_cannot_be_instantiated_is_reported_not_hung(site, http_root, page):
    """An instantiation that fails (an old PC out of memory for the wasm's memory): Pyodide
    only logs it and would wait for ever (the page's stall timeout said, after 30 s, that
    the runtime did not answer). The start fails at once, on both paths, and says why."""
    source = (site / "assets" / "calc" / "worker.js").read_text(encoding="utf-8")
    real = "WebAssembly.instantiate(module, imports)"
    assert source.count(real) == 1
    oom = 'Promise.reject(new RangeError("WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory"))'
    page.route("**/assets/calc/worker.js*", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=source.replace(real, oom)))
    page.goto(http_root + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && handbookCalc.state === 'failed'", timeout=20_000)
    status = page.text_content("#calc-status")
    assert "计算器无法启动" in status and "无法实例化" in status and "内存" in status, status


# ---------------------------------------------------------------- the page around the start


def test_only_calculator_pages_start_early_and_hold_the_theme(site):
    """start.js stands in <head> before the styles and the theme's shim, and the theme's
    bundle is held (a tag that does not run), on calculator pages only."""
    from bs4 import BeautifulSoup

    for rel in ["calculators/leave-pay.html", "calculators/annual-assessment-team.html", "index.html",
                "regulations/" + sorted(p.name for p in (site / "regulations").glob("*.html"))[0]]:
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        calc = rel.startswith("calculators/")
        head = soup.head.find_all(["script", "link"])
        starts = [i for i, t in enumerate(head) if t.name == "script" and "assets/calc/start.js" in (t.get("src") or "")]
        bundles = [t for t in soup.find_all("script") if "bundle." in (t.get("src") or t.get("data-later-src") or "")]
        assert len(bundles) == 1, rel
        if calc:
            blocking = [i for i, t in enumerate(head) if i not in starts and
                        (t.name == "script" or "stylesheet" in (t.get("rel") or []))]
            assert len(starts) == 1 and starts[0] < min(blocking), rel
            assert bundles[0].get("type") == "text/plain" and not bundles[0].get("src"), rel
        else:
            assert not starts and bundles[0].get("src") and not bundles[0].get("type"), rel


@pytest.mark.parametrize("transport", ["http", "file"])
def test_the_theme_runs_after_the_first_answer_and_search_works(site, http_root, page, transport):
    """The theme's script is fetched only once the calculator has answered; after that the
    theme works as on any page: the search box finds an article."""
    watch = Watch(page)
    # the theme's bundle defines window.document$ when it runs: note when
    page.add_init_script("""Object.defineProperty(window, "document$", { configurable: true,
      get() { return this.__doc; }, set(v) { window.__themeAt = performance.now(); this.__doc = v; } });""")
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    page.goto(base + LEAVE_PAY, wait_until="domcontentloaded")
    page.wait_for_function("window.handbookCalc && handbookCalc.rendered > 0", timeout=90_000)   # calc.js may not have run at DOMContentLoaded
    page.wait_for_function("window.__themeAt > 0", timeout=10_000)
    theme_at, result_at = page.evaluate("[window.__themeAt, handbookCalc.firstResultAt]")
    assert theme_at >= result_at, (theme_at, result_at)
    page.click(".md-search__input")
    page.fill(".md-search__input", "病假工资")
    page.keyboard.press("End")   # a key as typing gives: the theme reads the box on keyup
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert page.locator(".md-search-result__item").count() > 0
    assert not watch.errors, watch.errors


# ---------------------------------------------------------------- browsers that cannot run it

# WebAssembly.validate answers false for the feature checks' tiny modules (what a browser
# without exception handling / reference types answers); the runtime itself is never
# validated this way, so nothing else changes.
HIDE_WASM_FEATURES = """
(() => {
  const real = WebAssembly.validate;
  WebAssembly.validate = function (bytes) {
    const b = new Uint8Array(bytes.buffer || bytes);
    if (b.length < 64) return false;
    return real.apply(this, arguments);
  };
})();
"""
# only the module with an i64 export (value type 0x7e): a browser without BigInt
# integration (Playwright itself needs BigInt64Array, so that cannot be deleted)
HIDE_BIGINT = """
(() => {
  const real = WebAssembly.validate;
  WebAssembly.validate = function (bytes) {
    const b = new Uint8Array(bytes.buffer || bytes);
    if (b.length < 64 && b.indexOf(0x7e) >= 0) return false;
    return real.apply(this, arguments);
  };
})();
"""


def check_unsupported(page, must_name: list[str]) -> None:
    page.wait_for_function(SHOWS_FALLBACK, timeout=20_000)
    status = page.text_content("#calc-status")
    assert "计算器无法启动" in status, status
    assert "360安全浏览器 14" in status and "Edge/Chrome 96" in status, status
    for what in must_name:
        assert what in status, (what, status)
    calc = calculators.get("leave-pay")
    assert calc.formula in page.text_content("#calc-formula")
    assert "python -m calculators leave-pay" in page.text_content("#calc-fallback")
    assert page.locator("#calc-fallback").is_visible()
    cites = page.locator("ul.calc-cites a")
    assert cites.count() == len(calc.cites) and cites.first.is_visible()
    fetched = [u for u in page.requests.urls if "/assets/pyodide/" in u or "/assets/calc/worker.js" in u]
    assert fetched == [], f"runtime files were fetched before the check: {fetched}"


@pytest.mark.parametrize("transport", ["http", "file"])
def test_without_wasm_exceptions_and_reference_types(site, http_root, page, transport):
    page.add_init_script(HIDE_WASM_FEATURES)
    base = http_root if transport == "http" else site.resolve().as_uri() + "/"
    page.goto(base + "calculators/leave-pay.html", wait_until="domcontentloaded")
    check_unsupported(page, ["WebAssembly 异常处理", "WebAssembly 引用类型"])
    assert page.evaluate("handbookCalc.unsupported").count("WebAssembly 异常处理") == 1


def test_without_bigint(http_root, page):
    page.add_init_script(HIDE_BIGINT)
    page.goto(http_root + "calculators/leave-pay.html", wait_until="domcontentloaded")
    check_unsupported(page, ["WebAssembly 64 位整数（BigInt）"])
    assert page.evaluate("handbookCalc.unsupported") == ["WebAssembly 64 位整数（BigInt）"]


def test_without_class_static_blocks(site, http_root, page):
    """A parser without class static blocks (Chromium < 94) fails on start.js (it has one)
    as it would on Pyodide's own scripts: served here as such a parser would see it."""
    source = (site / "assets" / "calc" / "start.js").read_text(encoding="utf-8")
    assert "static {" in source
    broken = source.replace("static {", "static } {", 1)
    page.route("**/assets/calc/start.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=broken))
    page.goto(http_root + "calculators/leave-pay.html", wait_until="domcontentloaded")
    check_unsupported(page, ["class static"])


def test_without_webassembly_at_all(http_root, page):
    page.add_init_script("delete window.WebAssembly;")
    page.goto(http_root + "calculators/leave-pay.html", wait_until="domcontentloaded")
    check_unsupported(page, ["WebAssembly"])


# ---------------------------------------------------------------- the build's checks


def test_the_build_refuses_a_runtime_without_the_snapshot_options(tmp_path):
    pkg = tmp_path / "pyodide"
    shutil.copytree(RUNTIME, pkg)
    pyodide_fast.check_runtime(pkg)
    loader = (pkg / "pyodide.js").read_text(encoding="utf-8")
    (pkg / "pyodide.js").write_text(loader.replace("_loadSnapshot", "_restoreMemory"), encoding="utf-8")
    with pytest.raises(pyodide_fast.FastError, match="_loadSnapshot"):
        pyodide_fast.check_runtime(pkg)
    (pkg / "pyodide.js").write_text(loader, encoding="utf-8")
    asm = (pkg / "pyodide.asm.js").read_text(encoding="utf-8")
    (pkg / "pyodide.asm.js").write_text(asm.replace("relocateExports(wasmExports,1024)",
                                                    "relocateExports(wasmExports,2048)"), encoding="utf-8")
    with pytest.raises(pyodide_fast.FastError, match="1024"):
        pyodide_fast.check_runtime(pkg)


def test_the_xor_transform_undoes_itself_and_shrinks_the_snapshot(site):
    """The shipped snapshot, decoded as the worker decodes it, is the one Node made (its
    digest), and its data-segment region differs from the wasm's segment in few bytes;
    the pages of zeros are left out (about half the memory), and the http file is the
    same bytes as the parts."""
    m = manifest(site)
    parts = snapshot_parts(site)
    gz = b"".join(base64.b64decode(json.loads(p.read_text(encoding="ascii").split("\n")[1])) for p in parts)
    assert snapshot_file(site).read_bytes() == gz
    sparse = gzip.decompress(gz)
    shipped = pyodide_fast.unsparse(sparse)
    assert len(sparse) < 0.7 * len(shipped)
    assert pyodide_fast.sparse(shipped) == sparse
    wasm = (RUNTIME / "pyodide.asm.wasm").read_bytes()
    restored, xor = pyodide_fast.xor_region(shipped, wasm)
    assert xor == m["snapshot"]["xor"]
    report = pyodide_fast.make(ROOT, RUNTIME)["report"]
    import hashlib

    assert hashlib.sha256(restored).hexdigest() == report["sha256"]
    region = shipped[xor["snapshot_offset"]:xor["snapshot_offset"] + xor["length"]]
    assert region.count(0) > 0.9 * len(region)
    assert pyodide_fast.xor_region(restored, wasm)[0] == shipped
    assert m["snapshot"]["build_id"] == pyodide_fast.build_id(RUNTIME)


def test_the_fast_parts_come_from_the_cache(monkeypatch):
    """A second build with the same inputs does not run Node again (it would fail here:
    node is hidden), and gets the same bytes."""
    first = pyodide_fast.make(ROOT, RUNTIME)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    second = pyodide_fast.make(ROOT, RUNTIME)
    assert first["snapshot_gz"] == second["snapshot_gz"] and first["stdlib"] == second["stdlib"]


def test_the_cache_key_follows_every_file_of_the_package(tmp_path):
    pkg = tmp_path / "calculators"
    shutil.copytree(ROOT / "calculators", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = pyodide_fast.input_hash(RUNTIME, pkg)
    (pkg / "rates.toml").write_text("rate = 1\n", encoding="utf-8")
    assert pyodide_fast.input_hash(RUNTIME, pkg) != before


def test_a_calculator_that_fails_in_the_snapshot_step_is_named_by_its_python_error(tmp_path):
    """A calculator that raises on import (or an example that fails) stops the snapshot
    step under Node: the build's message ends with the Python error, not with Node's stack
    through the runtime's minified JavaScript (what the message showed before)."""
    pkg = tmp_path / "calculators"
    shutil.copytree(ROOT / "calculators", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    with (pkg / "leave_pay.py").open("a", encoding="utf-8") as fh:
        fh.write('\nraise RuntimeError("试验：这个计算器导入时出错")\n')
    with pytest.raises(pyodide_fast.FastError) as err:
        pyodide_fast._make(tmp_path, RUNTIME, pkg)
    message = str(err.value)
    assert "试验：这个计算器导入时出错" in message, message[-800:]
    assert "leave_pay.py" in message, message[-800:]
