"""Step 4b: the Pyodide runtime (npm package, pinned in package.json) and the calculators'
source into the built site, in a form that runs over http AND from a double-clicked file.

Opened from disk (file://) a page may not fetch() anything nor start a worker from a
file, but classic <script src> tags still load. So every asset is written as a classic
script that only hands data to a function (`__pyodideEmbed(head, data)`):

    assets/pyodide/boot.js                    manifest + the worker's source as a string
    assets/pyodide/<asset>.<nn>.<hash>.js     one part of an asset (at most 4 MB each)

assets: loader (pyodide.js, a JS string), asm (pyodide.asm.js, a JS string: 0.29.x ships
it as a classic script, no rewrite needed), lock (pyodide-lock.json without its packages,
text), calculators (every file of the package as JSON text), and in base64, parts cut on
3-byte boundaries so each decodes on its own: wasm (pyodide.asm.wasm, gzip: the head
says "encoding": "gzip"), stdlib (the
trimmed bytecode stdlib that handbook/pyodide_fast.py makes, in place of
python_stdlib.zip) and snapshot (the build's memory snapshot, gzip; optional: the manifest
lists it under "optional", and the worker starts Python the ordinary way without it).

Over http the page's worker (assets/calc/worker.js, same origin; the build writes the
manifest at its top) fetches the part files itself and reads them as data (no eval).
From disk the page loads them with <script> tags and posts each part to a data: URL
worker. Either way the worker feeds Pyodide: `_createPyodideModule` pre-defined (the
loader then skips loading pyodide.asm.js), `lockFileContents` given, the wasm compiled
while its parts arrive (a stream into WebAssembly.compileStreaming) and handed over when
Pyodide instantiates it, and fetch() answered for the stdlib (and the wasm, where
streaming compilation is missing) from the embedded bytes while loadPyodide runs. See
docs/assets/calc/worker.js.

The build asserts everything this relies on (files, versions, the loader's code paths)
and fails loudly when an upgrade of the npm package changes one of them.

Also here: the iframe-worker shim that mkdocs.yml lists in extra.polyfills (the offline
plugin's search on file://), and a plain copy of the calculators package for people who
run the command line from the offline copy.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

from . import pyodide_fast

PART_BYTES = 3 * 1024 * 1024       # raw bytes per part: 3 MiB -> 4 MiB of base64
TEXT_PART_CHARS = 4 * 1024 * 1024  # characters per part of a JS/text asset
OUT = Path("assets") / "pyodide"
# over http the worker fetches the same assets as gzip files (8 MB instead of 19.6 MB of
# base64 parts) and inflates each as it downloads. Only for http: the offline zip leaves
# this folder out (offline_zip.LEAVE_OUT_DIRS).
HTTP_OUT = OUT / "http"
SHIM_OUT = Path("assets") / "vendor" / "iframe-worker" / "shim.js"
PYTHON_OUT = Path("assets") / "calculators-python"

# What the worker relies on in the npm package's loader (pyodide.js). Each must be found
# verbatim; an upgrade that changes one of them fails the build here, not in the browser.
LOADER_FACTS = {
    "skips loading pyodide.asm.js when the factory exists":
        'typeof _createPyodideModule!="function"',
    "takes the lock file's contents": "lockFileContents",
    "fetches the wasm by this name under indexURL": '"pyodide.asm.wasm"',
    "fetches the stdlib by this name under indexURL": '"python_stdlib.zip"',
    "can stream-instantiate a fetched wasm": "WebAssembly.instantiateStreaming",
}


MANIFEST_MARK = "/* manifest: added by handbook/pyodide_assets.py */"
MANIFEST_END = "/* end of manifest */"


def _strip_manifest(source: str) -> str:
    if source.startswith(MANIFEST_MARK):
        return source.split(MANIFEST_END + "\n", 1)[1]
    return source


def _with_manifest(source: str, lines: str) -> str:
    return f"{MANIFEST_MARK}\n{lines}{MANIFEST_END}\n{_strip_manifest(source)}"


class AssetError(RuntimeError):
    """The npm package is missing, of another version, or not shaped as expected."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AssetError(f"pyodide_assets: {message}")


def pinned(root: Path, package: str) -> str:
    spec = json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"][package]
    _require(re.fullmatch(r"\d+\.\d+\.\d+", spec) is not None,
             f"package.json must pin {package} exactly (found '{spec}')")
    return spec


def runtime_dir(root: Path) -> Path:
    """node_modules/pyodide, checked against the pin in package.json."""
    version = pinned(root, "pyodide")
    pkg = root / "node_modules" / "pyodide"
    _require((pkg / "package.json").exists(),
             "node_modules/pyodide is missing: run `npm ci` (build.py does it when npm is there)")
    found = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    _require(found == version, f"node_modules has pyodide {found}, package.json pins {version}: run `npm ci`")
    for name in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"):
        _require((pkg / name).is_file(), f"node_modules/pyodide/{name} is missing")
    return pkg


def check_runtime(pkg: Path) -> dict:
    """Assert the shape of the runtime files; returns the facts the manifest carries."""
    asm = (pkg / "pyodide.asm.js").read_text(encoding="utf-8")
    _require(asm.lstrip().startswith('"use strict";') and "var _createPyodideModule" in asm[:200],
             "pyodide.asm.js no longer starts as a classic script defining _createPyodideModule")
    _require(asm.rstrip().endswith("globalThis._createPyodideModule = _createPyodideModule;"),
             "pyodide.asm.js no longer ends by setting globalThis._createPyodideModule")
    _require("import.meta" not in asm and not re.search(r"^\s*export\s", asm, re.M),
             "pyodide.asm.js is an ES module now (import.meta/export): it needs the rewrite "
             "described in shared/notes/pyodide-offline.md")
    loader = (pkg / "pyodide.js").read_text(encoding="utf-8")
    for what, needle in LOADER_FACTS.items():
        _require(needle in loader, f"pyodide.js changed: no longer {what} (missing {needle!r})")
    wasm = (pkg / "pyodide.asm.wasm").read_bytes()
    _require(wasm[:4] == b"\0asm", "pyodide.asm.wasm is not a WebAssembly module")
    stdlib = (pkg / "python_stdlib.zip").read_bytes()
    _require(stdlib[:2] == b"PK", "python_stdlib.zip is not a zip file")
    lock = json.loads((pkg / "pyodide-lock.json").read_text(encoding="utf-8"))
    _require(isinstance(lock.get("info"), dict) and isinstance(lock.get("packages"), dict),
             "pyodide-lock.json has no info/packages")
    version = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    return {"version": version, "python": lock["info"].get("python", "")}


def offline_lock(pkg: Path) -> str:
    """The lock file with no packages: nothing beyond the core and the stdlib zip ships
    (the calculators are standard library only), so nothing can ever be fetched."""
    lock = json.loads((pkg / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, ensure_ascii=True)


def calculator_sources(root: Path) -> dict[str, str]:
    """The calculators package as {relative path: text}: every file of it (data files
    too, e.g. parameter tables), not only the .py files; no caches."""
    pkg = root / "calculators"
    out = {}
    for path in pyodide_fast.package_files(pkg):
        rel = "calculators/" + path.relative_to(pkg).as_posix()
        try:
            out[rel] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise AssetError(f"pyodide_assets: {rel} is not UTF-8 text ({err}): the page's "
                             "worker writes the package's files as text") from None
    _require("calculators/web.py" in out and "calculators/engine.py" in out,
             "calculators/web.py or engine.py is missing")
    return out


def _js(value) -> str:
    """A JS literal (JSON, ASCII only: the file's encoding cannot matter)."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _part_file(head: dict, literal: str) -> str:
    # Three lines: the call and its head, the data literal, the close. The worker reads
    # the same file as data over http (line 2 is a JSON string), the page runs it as a
    # script from disk.
    return f"__pyodideEmbed({_js(head)},\n{literal}\n);\n"


def _binary_parts(asset: str, data: bytes, mime: str, encoding: str | None = None) -> list[tuple[dict, str]]:
    """`encoding` "gzip": data is the gzip of the asset (the worker inflates it)."""
    parts = [data[i:i + PART_BYTES] for i in range(0, len(data), PART_BYTES)] or [b""]
    out = []
    for n, chunk in enumerate(parts):
        head = {"asset": asset, "kind": "base64", "part": n, "parts": len(parts),
                "offset": n * PART_BYTES, "bytes": len(chunk), "total": len(data), "type": mime}
        if encoding:
            head["encoding"] = encoding
        out.append((head, '"' + base64.b64encode(chunk).decode("ascii") + '"'))
    return out


def _text_parts(asset: str, text: str, kind: str) -> list[tuple[dict, str]]:
    pieces = [text[i:i + TEXT_PART_CHARS] for i in range(0, len(text), TEXT_PART_CHARS)] or [""]
    return [({"asset": asset, "kind": kind, "part": n, "parts": len(pieces), "total": len(text)},
             _js(piece)) for n, piece in enumerate(pieces)]


def install(root: Path, site: Path, calculators: list, extra: dict[str, str] | None = None) -> dict:
    """Write the runtime and the calculators into site/ (with `extra` files the build adds
    to the package, e.g. calculators/amendments.toml); returns figures for the report."""
    site_calc = site / "assets" / "calc"
    shim = vendor_shim(root, site)
    figures: dict = {"shim": str(shim.relative_to(site))}
    if not calculators:
        return figures
    pkg = runtime_dir(root)
    facts = check_runtime(pkg)
    worker_src = site_calc / "worker.js"
    _require(worker_src.is_file() and (site_calc / "calc.js").is_file() and (site_calc / "start.js").is_file(),
             "site/assets/calc/worker.js, start.js or calc.js is missing (docs/assets/calc/ not copied?)")
    worker = _strip_manifest(worker_src.read_text(encoding="utf-8"))
    # the runtime kept in the browser for the next visit: the same few functions in the
    # http worker and in the page (from disk the page keeps it: a data: worker cannot; the
    # data: worker too has them, for the sums of what it hands over to be kept)
    kept_src = site_calc / "kept.js"
    _require(kept_src.is_file(), "site/assets/calc/kept.js is missing (docs/assets/calc/ not copied?)")
    kept = kept_src.read_text(encoding="utf-8")
    kept_src.unlink()
    _require("__pyodideEmbed" in worker and "_createPyodideModule" in worker,
             "assets/calc/worker.js does not implement the embed protocol")

    out = site / OUT
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    sources = {**calculator_sources(root), **(extra or {})}
    fast = pyodide_fast.make(root, pkg, extra)
    report = fast["report"]
    assets: list[tuple[dict, str]] = []
    # order matters for the file:// path: the page inserts the scripts in this order and
    # the worker starts evaluating the JS while the big parts still arrive
    assets += _text_parts("loader", (pkg / "pyodide.js").read_text(encoding="utf-8"), "script")
    assets += _text_parts("asm", (pkg / "pyodide.asm.js").read_text(encoding="utf-8"), "script")
    assets += _text_parts("lock", offline_lock(pkg), "text")
    assets += _text_parts("calculators", json.dumps(sources, ensure_ascii=False), "text")
    assets += _binary_parts("snapshot", fast["snapshot_gz"], "application/gzip")
    # the wasm as gzip (3.8 MB of base64 instead of 11.5 MB: 0.9 MB less in the zip, and
    # less for the page to read and hand over); the worker inflates it as its parts arrive
    # and compiles what comes out meanwhile (DecompressionStream; a small inflate of its
    # own where the browser has none)
    wasm_gz = gzip.compress((pkg / "pyodide.asm.wasm").read_bytes(), 9, mtime=0)
    assets += _binary_parts("wasm", wasm_gz, "application/wasm", encoding="gzip")
    # the trimmed bytecode stdlib (handbook/pyodide_fast.py), on both paths
    assets += _binary_parts("stdlib", fast["stdlib"], "application/zip")

    files = []
    total = 0
    for head, literal in assets:
        body = _part_file(head, literal)
        digest = hashlib.sha256(body.encode("ascii")).hexdigest()[:10]
        name = f"{head['asset']}.{head['part']:02d}.{digest}.js"
        (out / name).write_text(body, encoding="ascii")
        files.append({"file": name, "asset": head["asset"], "size": len(body)})
        total += len(body)
    http = _write_http(site / HTTP_OUT, {
        "loader": (pkg / "pyodide.js").read_bytes(),
        "asm": (pkg / "pyodide.asm.js").read_bytes(),
        "lock": offline_lock(pkg).encode("ascii"),
        "calculators": json.dumps(sources, ensure_ascii=False).encode("utf-8"),
        "snapshot": fast["snapshot_gz"],      # gzip already
        "wasm": wasm_gz,                      # gzip already
        "stdlib": fast["stdlib"],
    })
    manifest = {
        "version": facts["version"], "python": facts["python"],
        "dir": OUT.as_posix() + "/", "parts": files, "bytes": total,
        "assets": sorted({f["asset"] for f in files}),
        "calculators": sorted(c.name for c in calculators),
        # the fast path (worker.js): may be missing or refused; the worker then starts
        # Python the ordinary way from the same parts
        "optional": ["snapshot"],
        "http": http,
        "snapshot": {"build_id": report["build_id"], "bytes": report["raw_bytes"],
                     "xor": report["xor"], "probe": report["probe"],
                     "after_restore": pyodide_fast.AFTER_RESTORE},
    }
    boot = ("/* Generated by handbook/pyodide_assets.py: the manifest of the embedded Pyodide "
            f"{facts['version']} runtime and the calculator worker's source. */\n"
            f"self.__calcBoot = {_js(manifest)};\n"
            f"self.__calcBoot.worker = {_js(worker + kept)};\n")
    (out / "boot.js").write_text(boot, encoding="ascii")
    # over http the worker is started from its own URL: give it the manifest right away
    # (one request less before the parts are asked for)
    worker_src.write_text(_with_manifest(worker, f"self.__calcBoot = {_js(manifest)};\n" + kept), encoding="utf-8")
    # from disk the page's early start (start.js, in <head>) starts the worker at once:
    # the manifest and the worker's source with it, no boot.js to wait for
    start_src = site_calc / "start.js"
    start_src.write_text(_with_manifest(start_src.read_text(encoding="utf-8"), boot.split("\n", 1)[1] + kept),
                         encoding="utf-8")
    _verify(out, files)

    plain = site / PYTHON_OUT
    if plain.exists():
        shutil.rmtree(plain)
    (plain / "calculators").mkdir(parents=True)
    for rel, text in sources.items():
        (plain / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / rel).write_text(text, encoding="utf-8")
    (plain / "使用说明.txt").write_text(PYTHON_README, encoding="utf-8")
    figures.update({"pyodide": facts["version"], "pyodide_parts": len(files),
                    "pyodide_bytes": total, "snapshot_gz": len(fast["snapshot_gz"]),
                    "stdlib": len(fast["stdlib"])})
    return figures


def _write_http(out: Path, raw: dict[str, bytes]) -> dict:
    """The assets as plain gzip files for the http path (the worker inflates them as they
    download): asset.<hash>.bin, content-hashed like the parts, so a server may cache them
    for a year. Named .bin, not .gz: a server that marks .gz files Content-Encoding: gzip
    would have the browser inflate them first (the page accepts that too)."""
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for asset, data in raw.items():
        gz = data if data[:2] == b"\x1f\x8b" else gzip.compress(data, 6, mtime=0)
        name = f"{asset}.{hashlib.sha256(gz).hexdigest()[:10]}.bin"
        (out / name).write_bytes(gz)
        files[asset] = {"file": name, "bytes": len(gz)}
    return {"dir": HTTP_OUT.as_posix() + "/", "files": files,
            "bytes": sum(f["bytes"] for f in files.values())}


def _verify(out: Path, files: list[dict]) -> None:
    """Read back what was written: every part parses as data, every asset is complete."""
    seen: dict[str, set] = {}
    for f in files:
        text = (out / f["file"]).read_text(encoding="ascii")
        first, literal, close = text.split("\n", 2)
        _require(first.startswith("__pyodideEmbed(") and first.endswith(",") and close == ");\n",
                 f"{f['file']}: not in the embed format")
        head = json.loads(first[len("__pyodideEmbed("):-1])
        json.loads(literal)
        seen.setdefault(head["asset"], set()).add(head["part"])
        _require(len(seen[head["asset"]]) <= head["parts"], f"{f['file']}: too many parts")
    for asset in ("loader", "asm", "lock", "calculators", "snapshot", "wasm", "stdlib"):
        _require(asset in seen, f"asset {asset} was not written")


def vendor_shim(root: Path, site: Path) -> Path:
    """mkdocs-material's offline plugin would add the iframe-worker shim from unpkg; the
    local copy named in mkdocs.yml (extra.polyfills) makes it skip that."""
    version = pinned(root, "iframe-worker")
    pkg = root / "node_modules" / "iframe-worker"
    _require((pkg / "package.json").exists(), "node_modules/iframe-worker is missing: run `npm ci`")
    found = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    _require(found == version, f"node_modules has iframe-worker {found}, package.json pins {version}")
    src = pkg / "shim" / "index.js"
    _require(src.is_file(), "node_modules/iframe-worker/shim/index.js is missing")
    target = site / SHIM_OUT
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    return target


PYTHON_README = """计算器的 Python 源程序（与网页中运行的完全相同，只用 Python 标准库）

在装有 Python 3.11 或更高版本的电脑上，进入本文件夹（含 calculators 子文件夹的这一层），运行：

    python -m calculators 计算器名称 输入.json 的内容

例如（命令提示符 cmd）：先把输入存为 input.json，再运行

    python -m calculators leave-pay < input.json

不带参数运行 python -m calculators 可列出所有计算器的名称；python -m calculators 计算器名称 --help
列出该计算器的各项输入（键名、单位、范围、默认值）和一个可运行的示例。每个计算器页面都写有可直接复制的命令。
"""
