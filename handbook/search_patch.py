"""Step 4c: two fixes to mkdocs-material's client-side search, applied to the built
worker script. The theme is pinned (pyproject.toml); if a replacement does not match
exactly once, the build fails loudly instead of shipping a silently worse search.

1. The query segmenter never tries the word that ends the query (an off-by-one):
   四类案件 was searched as 四* 类案*. Let it reach the end of the query.
2. A stray single character left by segmentation (四 of 四类案件) is OR-ed into the
   query and, with the title boost, ranks every "四、…" heading first. Drop one-character
   segments when longer ones exist."""
from __future__ import annotations

from pathlib import Path

from .sources import BuildError

PATCHES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
     "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)",
     "n[a]&&a<t.length&&(i[s++]=a)"),
    ('[...fe(s,this.index.invertedIndex)].join("* ")',
     '[...fe(s,this.index.invertedIndex)].filter((w,_,a)=>w.length>1||a.every(x=>x.length<2)).join("* ")'),
]


def apply(site: Path) -> Path:
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise BuildError("handbook/search_patch.py", 1, f"expected one search worker, found {len(workers)}")
    path = workers[0]
    code = path.read_text(encoding="utf-8")
    for old, new in PATCHES:
        if code.count(old) != 1:
            raise BuildError("handbook/search_patch.py", 1,
                             f"{path.name}: the search fix no longer applies (pinned mkdocs-material changed?): {old[:50]}…")
        code = code.replace(old, new)
    path.write_text(code, encoding="utf-8")
    return path
