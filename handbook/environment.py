"""Step 0: install what the build (and the tests) need where it is missing, or say
clearly what is missing. Python packages from pyproject.toml (pinned), the Pyodide
runtime from npm (package-lock.json), Debian packages (pango, CJK fonts, Chromium)."""
from __future__ import annotations

import ctypes.util
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Debian package -> how to tell it is there
DEBIAN_BUILD = {
    "libpango-1.0-0": lambda: ctypes.util.find_library("pango-1.0"),
    "libpangoft2-1.0-0": lambda: ctypes.util.find_library("pangoft2-1.0"),
    "libharfbuzz-subset0": lambda: ctypes.util.find_library("harfbuzz-subset"),
    "fonts-noto-cjk": lambda: _has_font("Noto Serif CJK SC"),
}
DEBIAN_TEST = {
    "chromium": lambda: shutil.which("chromium"),
    "poppler-utils": lambda: shutil.which("pdftotext"),
}


def _has_font(name: str) -> bool:
    try:
        out = subprocess.run(["fc-list", name], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return False
    return bool(out.strip())


def _pins(tests: bool) -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    sections = ["dependencies = ["] + (["test = ["] if tests else [])
    pins = []
    for head in sections:
        block = text.split(head, 1)[1].split("]", 1)[0]
        pins += re.findall(r'"([^"]+)"', block)
    return pins


def _missing_python(pins: list[str]) -> list[str]:
    missing = []
    for pin in pins:
        name, _, version = pin.partition("==")
        try:
            if importlib.metadata.version(name) != version:
                missing.append(pin)
        except importlib.metadata.PackageNotFoundError:
            missing.append(pin)
    return missing


def _run(cmd: list[str], what: str) -> None:
    print(f"setup: {what}: {' '.join(cmd)}", file=sys.stderr)
    if subprocess.call(cmd, cwd=ROOT) != 0:
        sys.exit(f"setup failed: {what}. Run the command above by hand to see why.")


def ensure(tests: bool = False) -> None:
    wanted = dict(DEBIAN_BUILD, **(DEBIAN_TEST if tests else {}))
    apt = [name for name, present in wanted.items() if not present()]
    if apt:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.call(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
            print(f"setup: installing Debian packages {' '.join(apt)}", file=sys.stderr)
            if subprocess.call(["apt-get", "install", "-y", "-q", *apt], env=env,
                               stdout=subprocess.DEVNULL) != 0:
                sys.exit(f"setup failed: apt-get install {' '.join(apt)}")
        else:
            sys.exit(f"missing Debian packages: {' '.join(apt)} (install them as root: "
                     f"apt-get install {' '.join(apt)})")
    pins = _missing_python(_pins(tests))
    if pins:
        _run([sys.executable, "-m", "pip", "install", "-q", *pins], "Python packages")
    if not (ROOT / "node_modules" / "pyodide" / "package.json").exists() and (ROOT / "package-lock.json").exists():
        if not shutil.which("npm"):
            sys.exit("missing: npm (Node.js), needed to install the Pyodide runtime")
        _run(["npm", "ci", "--no-audit", "--no-fund"], "the Pyodide runtime (npm ci)")
