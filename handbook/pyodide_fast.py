"""Step 4b (part): the calculators' fast start, made once at build time.

The page should not start CPython from scratch nor compile Python from source. Under
Node, with the pinned runtime itself (handbook/pyodide_prebuild.mjs + .py):

- `stdlib.zip`: the standard-library modules the calculators need (what is loaded once
  every module of the package is imported and every example has run, plus every stdlib
  module the sources import anywhere), compiled to bytecode by the runtime's own Python
  (3.13: this machine's CPython is 3.11 and could not). It replaces python_stdlib.zip in
  the site (1.2 MB instead of 2.4 MB) on both paths.
- `snapshot.bin`: the runtime's memory after start, the calculators imported and every
  example run once (private options `_makeSnapshot` / `makeMemorySnapshot()`, restored
  with `_loadSnapshot`: pinned version, asserted here). Restored from it, the page skips
  CPython's start and every import.

The snapshot is shipped gzip-compressed after two transforms: the region of memory that
the wasm's data segment initialises (3.4 MB, 97 % unchanged after start) is XORed with
that segment, so it compresses to almost nothing (4.4 MB -> 3.2 MB gzip), and pages of
zeros are left out (`sparse`: 21 MB of memory, about half of it zero pages, inflates to
11 MB instead of 21 MB, which is what the page's start waits for). The worker undoes both
with the wasm bytes it has anyway (`xor` in the manifest).

Node's run takes ~3 s on 2 cores; the result is cached in .cache/pyodide-fast/<hash of
every input> (runtime files, calculators package, the two prebuild scripts, and the day
the rules in force last changed: the snapshot keeps an import of its own day, which the
page checks against the reader's day after a restore).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from calculators import rules

CACHE = Path(".cache") / "pyodide-fast"
SCRIPT = Path(__file__).with_name("pyodide_prebuild.mjs")
HELPER = Path(__file__).with_name("pyodide_prebuild.py")
# run by the worker right after a restore: what the snapshot froze and must not stay
# frozen. `random`'s state (imported by the runtime's start) is reseeded from the
# browser's crypto. String hashing keeps the build's fixed seed (PYTHONHASHSEED=0): it
# cannot change under live dicts, and no calculator's result depends on it.
AFTER_RESTORE = "import sys\nif 'random' in sys.modules: sys.modules['random'].seed()\n"
MEMORY_BASE = 1024           # where the main module's data lives (pyodide.asm.js relocates by it)
SNAPSHOT_MAGIC = 0x706E7300  # what API.restoreSnapshot checks first
SPARSE_MAGIC = b"HBSP"       # the shipped format (sparse() below); part of the cache key
SPARSE_PAGE = 4096


class FastError(RuntimeError):
    """The runtime no longer supports what the fast start relies on."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise FastError(f"pyodide_fast: {message}")


def package_files(pkg: Path) -> list[Path]:
    """Every file of the calculators package (data files too), no caches."""
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc")


def input_hash(runtime: Path, pkg: Path, today: date | None = None) -> str:
    """The cache key: every input file, and the rules in force `today` (the snapshot keeps
    an import of that day: calculators/rules.py IMPORTED_ON; a build once an amendment is
    in force makes a new one, which the pages restore again)."""
    h = hashlib.sha256(SPARSE_MAGIC + str(SPARSE_PAGE).encode())
    h.update(f"rules in force since {rules.regime(today or date.today(), pkg)}".encode())
    for path in [SCRIPT, HELPER] + [runtime / n for n in ("package.json", "pyodide.js", "pyodide.mjs",
                                                          "pyodide.asm.js", "pyodide.asm.wasm",
                                                          "python_stdlib.zip")] + package_files(pkg):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in package_files(pkg):
        h.update(path.relative_to(pkg).as_posix().encode())
    return h.hexdigest()[:20]


def build_id(runtime: Path) -> str:
    match = re.search(r'BUILD_ID:"([0-9a-f]{64})"', (runtime / "pyodide.js").read_text(encoding="utf-8"))
    _require(match is not None, "pyodide.js no longer carries BUILD_ID (the snapshot check relies on it)")
    return match.group(1)


def check_runtime(runtime: Path) -> None:
    """What the fast start relies on in the pinned runtime: each must be found verbatim."""
    loader = (runtime / "pyodide.js").read_text(encoding="utf-8")
    asm = (runtime / "pyodide.asm.js").read_text(encoding="utf-8")
    for needle, what in [("_loadSnapshot", "the loader takes _loadSnapshot"),
                         ("INITIAL_MEMORY=i.length", "the loader sizes memory by the snapshot"),
                         ("stdLibURL", "the loader takes stdLibURL")]:
        _require(needle in loader, f"pyodide.js changed: {what} (missing {needle!r})")
    for needle, what in [("makeMemorySnapshot", "makeMemorySnapshot exists"),
                         ("Snapshot build id mismatch", "restore checks the build id"),
                         (f"relocateExports(wasmExports,{MEMORY_BASE})", f"data is placed at {MEMORY_BASE}")]:
        _require(needle in asm, f"pyodide.asm.js changed: {what} (missing {needle!r})")


def _leb(data: bytes, i: int) -> tuple[int, int]:
    out = shift = 0
    while True:
        byte = data[i]
        i += 1
        out |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return out, i


def data_segment(wasm: bytes) -> tuple[int, int]:
    """(offset in the wasm file, length) of its one active data segment, placed at
    __memory_base (`global.get 0`)."""
    i = 8
    while i < len(wasm):
        section = wasm[i]
        size, i = _leb(wasm, i + 1)
        if section == 11:
            count, j = _leb(wasm, i)
            _require(count == 1, f"the wasm has {count} data segments, the XOR transform expects 1")
            flags, j = _leb(wasm, j)
            _require(flags == 0 and wasm[j:j + 3] == b"\x23\x00\x0b",
                     "the wasm's data segment is no longer placed at __memory_base")
            length, j = _leb(wasm, j + 3)
            return j, length
        i += size
    raise FastError("pyodide_fast: the wasm has no data section")


def xor_region(snapshot: bytes, wasm: bytes) -> tuple[bytes, dict]:
    """The snapshot with its data-segment region XORed with the segment (an involution:
    the worker applies the same to undo it)."""
    magic, header = int.from_bytes(snapshot[0:4], "little"), int.from_bytes(snapshot[4:8], "little")
    _require(magic == SNAPSHOT_MAGIC, "the snapshot's magic number changed")
    offset, length = data_segment(wasm)
    start = header + MEMORY_BASE
    _require(start + length <= len(snapshot), "the snapshot is smaller than the data segment")
    region = int.from_bytes(snapshot[start:start + length], "little") ^ int.from_bytes(
        wasm[offset:offset + length], "little")
    out = snapshot[:start] + region.to_bytes(length, "little") + snapshot[start + length:]
    return out, {"wasm_offset": offset, "length": length, "snapshot_offset": start}


def sparse(data: bytes, page: int = SPARSE_PAGE) -> bytes:
    """`data` without its pages of zeros: magic, length, page size, page count (u32 little
    endian each), a bitmap of the pages present (bit i of byte i // 8), then those pages
    in order (the last one may be short). The worker's unsparse() reverses it."""
    pages = (len(data) + page - 1) // page
    bitmap = bytearray((pages + 7) // 8)
    kept = []
    zero = bytes(page)
    for i in range(pages):
        chunk = data[i * page:(i + 1) * page]
        if chunk != zero[:len(chunk)]:
            bitmap[i // 8] |= 1 << (i % 8)
            kept.append(chunk)
    head = SPARSE_MAGIC + b"".join(n.to_bytes(4, "little") for n in (len(data), page, pages))
    return head + bytes(bitmap) + b"".join(kept)


def unsparse(blob: bytes) -> bytes:
    """The inverse of sparse() (the build checks its own output with it)."""
    _require(blob[:4] == SPARSE_MAGIC, "not a sparse snapshot")
    total, page, pages = (int.from_bytes(blob[i:i + 4], "little") for i in (4, 8, 12))
    pos = 16 + (pages + 7) // 8
    out = bytearray(total)
    for i in range(pages):
        if blob[16 + i // 8] >> (i % 8) & 1:
            n = min(page, total - i * page)
            out[i * page:i * page + n] = blob[pos:pos + n]
            pos += n
    _require(pos == len(blob), "sparse snapshot has trailing bytes")
    return bytes(out)


def make(root: Path, runtime: Path, extra: dict[str, str] | None = None) -> dict:
    """The fast-start parts (cached): {"stdlib": bytes, "snapshot_gz": bytes, "snapshot": {...}}.
    `extra`: files the build adds to the package ({"calculators/name": text}, e.g. the
    amendments the parameters are not yet dated for): the snapshot is made with them."""
    if extra:
        with tempfile.TemporaryDirectory() as staged:
            pkg = Path(staged) / "calculators"
            shutil.copytree(root / "calculators", pkg, ignore=shutil.ignore_patterns("__pycache__"))
            for rel, text in extra.items():
                (pkg / rel.removeprefix("calculators/")).write_text(text, encoding="utf-8")
            return _make(root, runtime, pkg)
    return _make(root, runtime, root / "calculators")


def _make(root: Path, runtime: Path, pkg: Path) -> dict:
    check_runtime(runtime)
    key = input_hash(runtime, pkg)
    cache = root / CACHE / key
    if not (cache / "report.json").exists():
        _require(shutil.which("node") is not None, "node is missing (it makes the snapshot)")
        tmp = cache.with_name(key + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        args = {"runtime": str(runtime.resolve()), "package": str(pkg.resolve()), "out": str(tmp)}
        proc = subprocess.run(["node", str(SCRIPT), json.dumps(args)], cwd=root, capture_output=True,
                              text=True, timeout=300)
        _require(proc.returncode == 0, "making the snapshot under Node failed:\n" + proc.stderr[-3000:])
        report = json.loads(proc.stdout)
        snapshot = (tmp / "snapshot.bin").read_bytes()
        encoded, xor = xor_region(snapshot, (runtime / "pyodide.asm.wasm").read_bytes())
        shipped = sparse(encoded)
        _require(unsparse(shipped) == encoded, "the sparse snapshot does not read back")
        (tmp / "snapshot.xor.gz").write_bytes(gzip.compress(shipped, 9, mtime=0))
        (tmp / "snapshot.bin").unlink()
        report.update({"xor": xor, "raw_bytes": len(snapshot), "sparse_bytes": len(shipped),
                       "sha256": hashlib.sha256(snapshot).hexdigest()})
        (tmp / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
        for old in (root / CACHE).glob("*"):
            if old.name != key + ".tmp":
                shutil.rmtree(old, ignore_errors=True)
        tmp.rename(cache)
    report = json.loads((cache / "report.json").read_text(encoding="utf-8"))
    _require(report["build_id"] == build_id(runtime), "the cached snapshot was made for another runtime")
    return {"stdlib": (cache / "stdlib.zip").read_bytes(),
            "snapshot_gz": (cache / "snapshot.xor.gz").read_bytes(),
            "report": report}
