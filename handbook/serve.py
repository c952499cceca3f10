"""`python build.py serve`: serve site/ on http://127.0.0.1:8000 and rebuild on change."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

WATCHED = ("regulations", "docs", "calculators", "handbook", "mkdocs.yml")


def _snapshot(root: Path) -> dict:
    out = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for f in files:
            if "__pycache__" not in f.parts:
                out[f] = f.stat().st_mtime
    return out


def run(root: Path, rebuild, site: Path, port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving on http://127.0.0.1:{port}/ — Ctrl-C to stop; rebuilding on change")
    seen = _snapshot(root)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(root)
            if now != seen:
                seen = now
                try:
                    rebuild()
                    print("rebuilt")
                except Exception as err:  # a bad source must not stop the server
                    print(f"build failed: {err}")
    except KeyboardInterrupt:
        server.shutdown()
