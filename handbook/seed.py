"""The source text (shared/seed) and the comparison that proves nothing of it was lost."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_2b3ddfab9fc150bb.txt"

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_SPACE = re.compile(r"\s+")

# The only lines the handbook does not carry word for word (seed README, "Personal data"):
# the officer's name, WeChat ID and phone number on the 调查函 become blank fields.
PERSONAL_DATA_MARK = "微信号"


def normalize(text: str) -> str:
    """Text as compared: without Word bookmarks, without any whitespace."""
    return _SPACE.sub("", _BOOKMARK.sub("", text))


def seed_lines(path: Path = SEED) -> list[tuple[int, str]]:
    """(line number, normalized text) of every non-empty seed line."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = normalize(line)
        if text:
            out.append((number, text))
    return out


def missing_lines(haystack: str, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The seed lines not found in the normalized haystack, except the personal-data line."""
    return [(n, t) for n, t in lines if t not in haystack and PERSONAL_DATA_MARK not in t]


_MD_MARKUP = [
    (re.compile(r"^---\n.*?\n---\n", re.S), ""),          # front matter
    (re.compile(r"\{#[^}]*\}"), ""),                        # explicit ids
    (re.compile(r"\[([^\]]*)\]\(reg:[^)]*\)"), r"\1"),      # reg: links -> their words
    (re.compile(r"<[^>]+>"), ""),                           # html tags
    (re.compile(r"^#{1,6} |^- ", re.M), ""),                # heading marks, items
]


def source_text(markdown: str) -> str:
    """The words of a regulation source file, markup removed, for the comparison."""
    for pattern, repl in _MD_MARKUP:
        markdown = pattern.sub(repl, markdown)
    return markdown


def check_sources(directory: Path) -> list[tuple[int, str]]:
    """Seed lines that no regulation source carries (title and issuer lines included)."""
    import yaml

    parts = []
    # the first versions only (NN-slug.md): an amendment (NN-slug.YYYY-MM-DD.md) must not
    # hide a line its first version lost
    for path in sorted(p for p in directory.glob("[0-9][0-9]-*.md") if p.name.count(".") == 1):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}
        parts.append(" ".join(meta.get("issuers") or []) + (meta.get("title") or ""))
        parts.append(source_text(text))
    chapters = directory / "chapters.yml"
    if chapters.exists():
        parts.append(chapters.read_text(encoding="utf-8"))
    return missing_lines(normalize("\n".join(parts)), seed_lines())


if __name__ == "__main__":
    import sys

    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "regulations"
    lo, hi = (int(x) for x in sys.argv[2:4]) if len(sys.argv) >= 4 else (1, 10**9)
    gone = [(n, t) for n, t in check_sources(directory) if lo <= n <= hi]
    for n, t in gone:
        print(f"seed:{n}: missing: {t[:60]}")
    print(f"{len(gone)} seed lines missing in {lo}-{hi}")
    sys.exit(1 if gone else 0)
