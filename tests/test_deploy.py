"""deploy/nginx.conf: the built site served with exactly the headers the sample config
gives (a small http server that reads its add_header rules, location by location, as
nginx applies them), a calculator run under them in Chromium (Content-Security-Policy
included), and the cache rules checked: hashed runtime parts a year and immutable, entry
scripts revalidated, a second visit that fetches none of the parts again."""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import shlex
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_calc_pages import FALLBACK_ONLY, Watch

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx.conf"


# ---------------------------------------------------------------- the config, as nginx reads it

def statements(text: str) -> list:
    """nginx syntax (the subset the sample uses): `name args;` and `name args { ... }`,
    quotes and # comments; `include` resolved by file name next to the config."""
    text = "\n".join(_uncomment(line) for line in text.splitlines())
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";{}")
    lexer.whitespace_split = True
    lexer.commenters = ""
    stack: list[list] = [[]]
    words: list[str] = []
    for token in lexer:
        if token == ";":
            if words[0] == "include":
                stack[-1].extend(statements((CONF.parent / Path(words[1]).name).read_text(encoding="utf-8")))
            else:
                stack[-1].append((words[0], words[1:], None))
            words = []
        elif token == "{":
            block: list = []
            stack[-1].append((words[0], words[1:], block))
            stack.append(block)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced braces or a missing ';' in deploy/nginx.conf"
    return stack[0]


def _uncomment(line: str) -> str:
    """The line without its # comment (a # inside quotes is not one)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i]
    return line


def server_block() -> list:
    servers = [body for name, _, body in statements(CONF.read_text(encoding="utf-8")) if name == "server"]
    assert len(servers) == 1
    return servers[0]


def headers_for(path: str, server: list) -> list[tuple[str, str]]:
    """The add_header lines nginx applies to a request for `path`: the first regex location
    that matches, else the longest prefix location; a location with add_header lines of
    its own does not inherit the server's."""
    regexes = [(args, body) for name, args, body in server if name == "location" and args[0] in ("~", "~*")]
    prefixes = [(args, body) for name, args, body in server if name == "location" and args[0] not in ("~", "~*")]
    chosen = None
    for args, body in regexes:
        if re.search(args[1], path, re.I if args[0] == "~*" else 0):
            chosen = body
            break
    if chosen is None:
        best = max((a for a in prefixes if path.startswith(a[0][-1])), key=lambda a: len(a[0][-1]), default=None)
        chosen = best[1] if best else []
    own = [tuple(args[:2]) for name, args, _ in chosen if name == "add_header"]
    return own or [tuple(args[:2]) for name, args, _ in server if name == "add_header"]


class _ConfHandler(http.server.SimpleHTTPRequestHandler):
    server_conf: list = []
    log: list = []

    def log_message(self, *args):
        pass

    def send_head(self):
        _ConfHandler.log.append(self.path)
        return super().send_head()

    def end_headers(self):
        for name, value in headers_for(self.path.split("?")[0], self.server_conf):
            self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path):
        kind = super().guess_type(path)
        return kind + "; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else kind


@pytest.fixture(scope="module")
def deployed(site):
    _ConfHandler.server_conf = server_block()
    handler = functools.partial(_ConfHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def csp() -> str:
    values = [v for n, v in headers_for("/index.html", server_block()) if n == "Content-Security-Policy"]
    assert len(values) == 1
    return values[0]


# ---------------------------------------------------------------- the rules


def test_cache_rules(site):
    server = server_block()
    parts = sorted((site / "assets" / "pyodide").glob("*.??.*.js")) + sorted((site / "assets" / "pyodide" / "http").glob("*.bin"))
    assert len(parts) > 7
    for part in parts:
        got = dict(headers_for("/" + part.relative_to(site).as_posix(), server))
        assert got["Cache-Control"] == "public, max-age=31536000, immutable", part.name
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundles and dict(headers_for("/" + bundles[0].relative_to(site).as_posix(), server))[
        "Cache-Control"].endswith("immutable")
    for entry in ["/assets/pyodide/boot.js", "/assets/calc/worker.js", "/assets/calc/calc.js",
                  "/assets/calc/start.js", "/assets/handbook.js", "/index.html", "/calculators/leave-pay.html",
                  "/search/search_index.json"]:
        got = dict(headers_for(entry, server))
        assert got["Cache-Control"] == "no-cache", entry
        assert "Content-Security-Policy" in got and got["X-Content-Type-Options"] == "nosniff", entry


def test_what_is_cached_a_year_is_named_by_its_own_content(site):
    """The theme's bundle and search worker, patched by the build, are cached a year as
    immutable under a hashed name: that name's hash is the hash of what the file now holds
    (not the theme's, of the file before the patch), and every page loads it by that name."""
    server = server_block()
    patched = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")) \
        + sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert len(patched) == 2
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in patched:
        assert path.name.split(".")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:8], path.name
        assert dict(headers_for("/" + path.relative_to(site).as_posix(), server))["Cache-Control"].endswith("immutable")
        assert path.name in index
    named = set(re.findall(r"(?:bundle|search)\.[0-9a-f]{8}\.min\.js(?!\.map)", "".join(
        page.read_text(encoding="utf-8") for page in site.rglob("*.html"))))
    assert named == {path.name for path in patched}


def test_the_policy_names_every_inline_script(site):
    """Each inline script of the built site is allowed by its hash, and nothing else is
    allowed inline: no 'unsafe-inline', no 'unsafe-eval' for scripts."""
    policy = dict(d.strip().split(" ", 1) for d in csp().split(";") if d.strip())
    script_src = policy["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    missing = set()
    for page in site.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script"):
            if tag.get("src") or tag.get("type") not in (None, "text/javascript", "module"):
                continue
            digest = base64.b64encode(hashlib.sha256((tag.string or "").encode("utf-8")).digest()).decode()
            if f"'sha256-{digest}'" not in script_src:
                missing.add(f"'sha256-{digest}' ({page.relative_to(site)}: {(tag.string or '')[:50]!r})")
    assert not missing, "add to deploy/handbook-security.conf script-src:\n" + "\n".join(sorted(missing))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"


VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def wait_started(page, timeout_s: float = 90) -> None:
    """Poll with evaluate (Playwright's wait_for_function evaluates a string, which the
    policy rightly refuses)."""
    import time

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if page.evaluate("window.handbookCalc ? handbookCalc.rendered > 0 || handbookCalc.state === 'failed' : false"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the calculator gave no result in time")


@pytest.mark.parametrize("start", ["snapshot", "fallback"])
def test_a_calculator_runs_under_the_headers(deployed, browser, start):
    """leave-pay from the first visit (fresh profile) to a result under the sample's
    headers, no policy violation; then a second visit in the same profile fetches no
    runtime part again (immutable) and revalidates the entry scripts."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(VIOLATIONS)
        if start == "fallback":
            page.add_init_script(FALLBACK_ONLY)
        watch = Watch(page)
        url = deployed + "calculators/leave-pay.html#base_salary=3000&personal_leave_days=5"
        response = page.goto(url, wait_until="domcontentloaded")
        assert response.headers.get("content-security-policy") == csp()
        assert response.headers.get("cache-control") == "no-cache"
        wait_started(page)
        state = page.evaluate("[handbookCalc.state, handbookCalc.error, handbookCalc.path]")
        assert state == ["ready", None, start], state
        assert "344.83" in page.text_content("#calc-result .calc-summary")
        assert page.evaluate("window.__cspViolations") == []
        assert not watch.errors, watch.errors
        if start != "snapshot":
            return
        _ConfHandler.log.clear()
        page2 = context.new_page()
        page2.add_init_script(VIOLATIONS)
        page2.goto(deployed + "calculators/leave-pay.html#base_salary=3000&personal_leave_days=5",
                   wait_until="domcontentloaded")
        wait_started(page2)
        assert page2.evaluate("[handbookCalc.state, handbookCalc.path]") == ["ready", "snapshot"]
        assert page2.evaluate("window.__cspViolations") == []
        again = [p for p in _ConfHandler.log if p.startswith("/assets/pyodide/")]
        assert again == [], f"the second visit fetched runtime parts again: {again}"
        assert "/assets/calc/worker.js" in _ConfHandler.log   # revalidated (no-cache)
    finally:
        context.close()
