"""Bare stock Pyodide loads of two versions, alternating cold loads over http in one
headless Chromium: the pinned one (node_modules/pyodide) and another fetched from the npm
registry into a temporary folder (the README's "Pyodide version" figures).

    python3 bench/pyodide_versions.py [VERSION] [N]      # default 314.0.7, 8 loads each
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as B  # noqa: E402


def main(argv: list[str]) -> int:
    other = argv[0] if argv else "314.0.7"
    n = int(argv[1]) if len(argv) > 1 else 8
    from playwright.sync_api import sync_playwright

    pinned = json.loads((B.ROOT / "node_modules/pyodide/package.json").read_text(encoding="utf-8"))["version"]
    root = Path(tempfile.mkdtemp())
    subprocess.run(["npm", "install", f"pyodide@{other}", "--prefix", str(root / "npm"), "--no-audit", "--no-fund"],
                   check=True, capture_output=True)
    pages = {pinned: B.ROOT / "node_modules/pyodide", other: root / "npm/node_modules/pyodide"}
    for i, (version, folder) in enumerate(pages.items()):
        os.symlink(folder, root / f"v{i}")
        (root / f"v{i}.html").write_text(B.BARE_STOCK.replace("stock/", f"v{i}/"), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(B.Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    times: dict[str, list[float]] = {v: [] for v in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=B.CHROMIUM, headless=True, args=B.ARGS)
        for round_ in range(n + 1):                 # the first round warms the disk cache only
            for i, version in enumerate(pages):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + f"v{i}.html", wait_until="commit")
                page.wait_for_function("window.done || window.failed", timeout=120_000, polling=100)
                done, failed, result = page.evaluate("[window.done, window.failed || null, window.result]")
                context.close()
                if failed or result != 2:
                    print(f"Pyodide {version} failed to start: {failed}", file=sys.stderr)
                    return 1
                if round_:
                    times[version].append(done)
        browser.close()
    server.shutdown()
    for version, xs in times.items():
        sizes = {f.name: f.stat().st_size for f in pages[version].iterdir()
                 if f.name.startswith("pyodide.asm") or f.name == "python_stdlib.zip"}
        print(f"Pyodide {version}: bare stock cold median {statistics.median(xs):.0f} ms "
              f"({', '.join(f'{x:.0f}' for x in xs)}); {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
