"""Step 4b: the Pyodide runtime (npm package) and the calculators' source into the site."""
from __future__ import annotations

from pathlib import Path


def install(root: Path, site: Path, calculators: list) -> None:
    return None
