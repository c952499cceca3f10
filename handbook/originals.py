"""The originals as registered: a fingerprint of every heading's words in each regulation's
first version (NN-slug.md), kept in regulations/ORIGINALS.txt.

The first version is the court's text as issued; a change of rule is a new version
(`build.py amend`), never an edit of it. An edit of the original file (an editor who forgot
`amend`) used to build silently, the handbook then showing changed wording as the text as
issued, with no 沿革 (living-handbook QA L9). The build compares each original with its
registered fingerprints and fails at the first heading whose words changed, with the file
and line. A correction of a typing error in the original (checked against the paper) is
registered again with `python3 build.py register-originals`; `build.py import` registers the
regulation it drafts. A regulations directory without ORIGINALS.txt (a test fixture) is not
checked."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .seed import normalize
from .sources import BuildError, Regulation, parse

FILE = "ORIGINALS.txt"
HEAD = ("# 各制度初始文本（原文）的登记：每个标题下文字的指纹。由 python3 build.py register-originals 生成，\n"
        "# 请勿手改。修改条文请用 python3 build.py amend，更正原文录入错误后再运行 register-originals。\n")


def _originals(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("[0-9][0-9]-*.md") if p.name.count(".") == 1)


def fingerprints(reg: Regulation) -> list[tuple[str, int, str]]:
    """(heading id, its line, a digest of its words and of what stands under it up to the
    next heading) for every heading of a source, and "" for the words before the first."""
    out, current, line, words = [], "", 1, []
    for block in reg.blocks:
        if block.kind == "heading":
            out.append((current, line, words))
            current, line, words = block.id, block.line, [block.text]
        else:
            words.extend([block.text] + list(block.items))
    out.append((current, line, words))
    return [(anchor, at, hashlib.sha256(normalize("".join(w)).encode("utf-8")).hexdigest()[:16])
            for anchor, at, w in out]


def register(directory: Path, only: Path | None = None) -> Path:
    """Write the fingerprints of every original in `directory`, or of `only` (a regulation
    just imported), the others' kept as registered."""
    target = directory / FILE
    kept = []
    if only is not None and target.exists():
        kept = [row + "\n" for row in target.read_text(encoding="utf-8").splitlines()
                if row and not row.startswith("#") and row.split("\t")[0] != only.name]
    rows = [HEAD] + kept
    for path in ([only] if only is not None else _originals(directory)):
        rows += [f"{path.name}\t{anchor}\t{digest}\n" for anchor, _, digest in fingerprints(parse(path))]
    target.write_text("".join(rows), encoding="utf-8")
    return target


def check(directory: Path) -> None:
    """Raise BuildError at the first heading of an original whose words are not the ones
    registered (or an original not registered)."""
    registered = directory / FILE
    if not registered.exists():
        return
    known: dict[str, dict[str, str]] = {}
    for row in registered.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            name, anchor, digest = (row.split("\t") + ["", ""])[:3]
            known.setdefault(name, {})[anchor] = digest
    for path in _originals(directory):
        rel = f"regulations/{path.name}"
        if path.name not in known:
            raise BuildError(rel, 1, "新的制度原文尚未登记：确认这是原文后，运行 python3 build.py register-originals")
        reg = parse(path)
        mine = fingerprints(reg)
        theirs = known[path.name]
        for anchor, line, digest in mine:
            if theirs.get(anchor) != digest:
                where = anchor or "标题之前的文字"
                raise BuildError(rel, line, f"{where}与登记的原文不一致：这是制度的初始文本（原文），修改条文请用 "
                                            f"python3 build.py amend {reg.slug} --effective 施行日期 另建修改后的文本；"
                                            "若是更正原文的录入错误，改正后运行 python3 build.py register-originals")
        gone = [a for a in theirs if a not in {m[0] for m in mine}]
        if gone:
            raise BuildError(rel, 1, f"登记的原文有“{gone[0] or '标题之前的文字'}”，此文件中没有了：修改条文请用 "
                                     "python3 build.py amend；更正录入错误后运行 python3 build.py register-originals")
