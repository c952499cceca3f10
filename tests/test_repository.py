"""The repository itself: no unresolved merge left in a tracked file, no generated output committed."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)
_GENERATED = ("site/", "dist/", "build/", "node_modules/", ".cache/")


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_no_merge_conflict_markers_in_tracked_files():
    bad = []
    for name in _tracked():
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        bad += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in _MARKER.finditer(text)]
    assert not bad, f"unresolved merge markers: {bad}"


def test_no_generated_output_tracked():
    assert not [n for n in _tracked() if n.startswith(_GENERATED)]


def test_the_marker_check_finds_a_marker(tmp_path):
    text = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"
    assert len(_MARKER.findall(text)) == 3
