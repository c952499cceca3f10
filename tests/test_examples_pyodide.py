"""Every example case run in real Pyodide under Node (tests/pyodide_examples.mjs), from
node_modules/pyodide — the runtime the site embeds — with every fetch refused: the
calculators give the same answers there as in CPython. Three ways: the stock runtime, and
the two ways the site starts it (handbook/pyodide_fast.py): restored from the site's
memory snapshot ("snapshot") and started the ordinary way on the site's trimmed bytecode
stdlib ("fallback")."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_examples_cpython import case_id, cases, check

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "pyodide_examples.mjs"


PATHS = ["stock", "snapshot", "fallback"]


@pytest.fixture(scope="module", params=PATHS)
def pyodide_run(request, site) -> dict:
    if not shutil.which("node"):
        pytest.fail("node is missing: install Node.js (the build needs npm for Pyodide)")
    if not (ROOT / "node_modules" / "pyodide" / "package.json").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` (python3 build.py test does)")
    extra = [] if request.param == "stock" else ["--site", str(site), "--path", request.param]
    proc = subprocess.run(["node", str(SCRIPT), *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["path"] == request.param
    # the snapshot really was restored: the package is in memory before its files are written
    assert out["preloaded"] is (request.param == "snapshot")
    return out


def test_the_runtime_is_the_pinned_one(pyodide_run):
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    assert pyodide_run["pyodide"] == pinned
    assert pyodide_run["python"].startswith("3.")


def test_random_is_reseeded_after_a_restore(pyodide_run):
    """The snapshot freezes random's state (the build seeds it with 0: every restore would
    draw the same numbers); the code the worker runs after a restore reseeds it."""
    import random

    if pyodide_run["path"] != "snapshot":
        assert pyodide_run["random"] is None
        return
    frozen, after = pyodide_run["random"]
    assert frozen == random.Random(0).random()
    assert after != frozen


def test_nothing_was_fetched(pyodide_run):
    assert pyodide_run["fetches"] == []


@pytest.mark.parametrize("item", cases(), ids=case_id)
def test_example_in_pyodide(pyodide_run, item):
    name, index, case = item
    got = [r for r in pyodide_run["results"] if r["name"] == name and r["index"] == index]
    assert len(got) == 1, f"{name}-{index} was not run"
    check(case, got[0]["response"])


# ---------------------------------------------------------------- the embedded runtime


def read_parts(site: Path) -> dict[str, bytes | str]:
    """Reassemble every asset of site/assets/pyodide from its part files, as the worker
    does over http (the parts read as data)."""
    import base64
    import gzip

    boot = (site / "assets" / "pyodide" / "boot.js").read_text(encoding="ascii")
    manifest = json.loads(boot.split("self.__calcBoot = ", 1)[1].split(";\n", 1)[0])
    pieces: dict[str, dict[int, tuple[dict, str]]] = {}
    for part in manifest["parts"]:
        text = (site / manifest["dir"] / part["file"]).read_text(encoding="ascii")
        first, literal, _ = text.split("\n", 2)
        head = json.loads(first[len("__pyodideEmbed("):-1])
        pieces.setdefault(head["asset"], {})[head["part"]] = (head, json.loads(literal))
    out: dict[str, bytes | str] = {}
    for asset, parts in pieces.items():
        heads = [parts[i][0] for i in sorted(parts)]
        assert sorted(parts) == list(range(heads[0]["parts"])), asset
        if heads[0]["kind"] == "base64":
            out[asset] = b"".join(base64.b64decode(parts[i][1]) for i in sorted(parts))
            if heads[0].get("encoding") == "gzip":
                out[asset] = gzip.decompress(out[asset])
        else:
            out[asset] = "".join(parts[i][1] for i in sorted(parts))
    return out


def test_the_site_embeds_the_runtime_byte_for_byte(site):
    runtime = ROOT / "node_modules" / "pyodide"
    assets = read_parts(site)
    assert assets["wasm"] == (runtime / "pyodide.asm.wasm").read_bytes()
    assert assets["asm"] == (runtime / "pyodide.asm.js").read_text(encoding="utf-8")
    assert assets["loader"] == (runtime / "pyodide.js").read_text(encoding="utf-8")
    assert json.loads(assets["lock"])["packages"] == {}
    sources = json.loads(assets["calculators"])
    files = [p for p in (ROOT / "calculators").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert {f"calculators/{p.relative_to(ROOT / 'calculators').as_posix()}" for p in files} == set(sources)
    for path in files:
        assert sources[f"calculators/{path.relative_to(ROOT / 'calculators').as_posix()}"] == path.read_text(encoding="utf-8")


def test_the_stdlib_is_trimmed_bytecode_of_the_runtimes_python(site):
    """The site's stdlib: only .pyc (no source to compile in the page), all with one magic
    number, not this machine's CPython's (the runtime's own interpreter compiled them),
    holding what the calculators import and much less than the whole stdlib."""
    import importlib.util
    import io
    import zipfile

    data = read_parts(site)["stdlib"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names and all(n.endswith(".pyc") for n in names), [n for n in names if not n.endswith(".pyc")][:5]
    zf = zipfile.ZipFile(io.BytesIO(data))
    magics = {zf.read(n)[:4] for n in names}
    assert len(magics) == 1 and magics != {importlib.util.MAGIC_NUMBER}
    for needed in ("decimal.pyc", "json/__init__.pyc", "dataclasses.pyc"):
        assert needed in names
    full = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").namelist()
    assert len(names) < len(full) / 3
    assert len(data) < (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").stat().st_size * 0.6


def test_plain_pages_do_not_reference_pyodide(site):
    for page in [site / "index.html", *sorted((site / "regulations").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        assert "assets/calc/" not in text and "assets/pyodide/" not in text, page.name


def test_the_build_refuses_a_changed_runtime(tmp_path):
    """An upgrade that turns pyodide.asm.js into an ES module, or changes the loader's code
    paths the worker relies on, fails the build instead of the page."""
    from handbook import pyodide_assets

    runtime = ROOT / "node_modules" / "pyodide"
    pkg = tmp_path / "pyodide"
    shutil.copytree(runtime, pkg)
    assert pyodide_assets.check_runtime(pkg)["version"]
    asm = (pkg / "pyodide.asm.js").read_text(encoding="utf-8")
    (pkg / "pyodide.asm.js").write_text(asm + "\nexport default _createPyodideModule;\n", encoding="utf-8")
    with pytest.raises(pyodide_assets.AssetError):
        pyodide_assets.check_runtime(pkg)
    (pkg / "pyodide.asm.js").write_text(asm, encoding="utf-8")
    loader = (pkg / "pyodide.js").read_text(encoding="utf-8")
    (pkg / "pyodide.js").write_text(loader.replace("lockFileContents", "lockFile"), encoding="utf-8")
    with pytest.raises(pyodide_assets.AssetError, match="lock"):
        pyodide_assets.check_runtime(pkg)


def test_the_offline_search_shim_is_local(site):
    shim = site / "assets" / "vendor" / "iframe-worker" / "shim.js"
    assert shim.is_file() and "IFrameWorker" in shim.read_text(encoding="utf-8")
    assert "unpkg.com" not in (site / "index.html").read_text(encoding="utf-8")
