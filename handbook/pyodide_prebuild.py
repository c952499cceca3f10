"""Run INSIDE Pyodide (under Node) by handbook/pyodide_prebuild.mjs; never imported by the
build's own CPython. Two jobs, both done by the runtime's own interpreter so that the
bytecode has its magic number (Python 3.13 for Pyodide 0.29.x, not this machine's 3.11):

- `trace(home)`: import every module of the calculators package, run every example case
  through calculators.web.handle (plus the error paths), and list the standard-library
  modules that are then loaded, together with every stdlib module the package's sources
  import anywhere (function-level imports too: modulefinder), transitively.
- `trimmed_stdlib(modules, target)`: write those modules, compiled to bytecode (unchecked
  hash-based .pyc: no timestamps, the same bytes on every build), into a zip.
"""
import importlib
import importlib.util
import json
import os
import sys
import zipfile

def _stdlib_zip() -> str:
    for entry in sys.path:
        if entry.endswith(".zip"):
            return entry
    raise RuntimeError("no stdlib zip on sys.path")


def _zip_member(module) -> str | None:
    """The module's path inside the stdlib zip, or None when it is not from there."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or ""
    prefix = _stdlib_zip() + os.sep
    if origin.startswith(prefix):
        return origin[len(prefix):]
    return None


def exercise(home: str) -> list:
    """Import the whole package and run every example; returns the answers (the same
    cases are run again after a snapshot restore and compared)."""
    if home not in sys.path:
        sys.path.insert(0, home)
    import pkgutil

    import calculators
    import calculators.web

    for info in pkgutil.walk_packages(calculators.__path__, "calculators."):
        if info.name != "calculators.__main__":
            importlib.import_module(info.name)
    answers = []
    examples = os.path.join(home, "calculators", "examples")
    for file in sorted(os.listdir(examples)) if os.path.isdir(examples) else []:
        if not file.endswith(".json"):
            continue
        name = file[:-5]
        with open(os.path.join(examples, file), encoding="utf-8") as fh:
            cases = json.load(fh)
        for case in cases:
            answers.append(calculators.web.handle(name, json.dumps(case["input"], ensure_ascii=False)))
    # the error paths: an unknown calculator, text that is not JSON
    answers.append(calculators.web.handle("no-such-calculator", "{}"))
    for name in sorted(calculators.MODULES):
        answers.append(calculators.web.handle(name, "not json"))
        answers.append(calculators.web.handle(name, "{}"))
    return answers


def trace(home: str) -> str:
    exercise(home)
    needed = set()
    for module in list(sys.modules.values()):
        member = _zip_member(module)
        if member:
            needed.add(member)
    # every stdlib module the package's sources may import, anywhere
    import modulefinder

    finder = modulefinder.ModuleFinder(path=[home] + [p for p in sys.path if p != ""])
    pkg = os.path.join(home, "calculators")
    for file in sorted(os.listdir(pkg)):
        if file.endswith(".py"):
            stem = file[:-3]
            finder.import_hook("calculators" if stem == "__init__" else "calculators." + stem)
    for name in finder.modules:
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except Exception:  # noqa: BLE001 (a platform module Pyodide lacks)
                continue
        member = _zip_member(module)
        if member:
            needed.add(member)
    # the packages that hold them
    for member in list(needed):
        parts = member.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            init = "/".join(parts[:i]) + "/__init__.py"
            needed.add(init)
    return json.dumps(sorted(needed))


def trimmed_stdlib(members_json: str, target: str) -> str:
    from importlib._bootstrap_external import _code_to_hash_pyc

    members = json.loads(members_json)
    source_zip = zipfile.ZipFile(_stdlib_zip())
    names = set(source_zip.namelist())
    written = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member in sorted(members):
            if member not in names:
                continue
            source = source_zip.read(member)
            if member.endswith(".py"):
                code = compile(source, "/lib/python%d.%d/%s" % (sys.version_info[:2] + (member,)),
                               "exec", dont_inherit=True)
                data = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))
                member = member[:-3] + ".pyc"
            else:
                data = source
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
            written.append(member)
    return json.dumps(written)
