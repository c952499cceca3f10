"""Step 6: the print book (PDF) with WeasyPrint."""
from __future__ import annotations

from pathlib import Path


def write(root: Path, regs: list, chapters: list, editorial: dict, dist: Path, site: Path) -> Path:
    return dist
