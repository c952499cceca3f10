"""The synonym table of the search (handbook/search_synonyms.yml): the words staff type
(辞职, 老赖, 收红包) for the words the regulations use (解除劳动合同, 被执行人, 财物), and the
question words a query may carry (怎么, 多久, 吗) that the search drops.

Each entry: `staff` (one word or a short phrase as typed), `text` (one or more words or
phrases that occur in the regulations, word for word), `note` (where and why). The build
fails with file:line when an entry is malformed, repeated, or names a text word that no
regulation contains: the table stays drawn from the 28 texts."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .sources import BuildError

HERE = Path(__file__).resolve().parent
TABLE = HERE / "search_synonyms.yml"
REGULATIONS = HERE.parent / "regulations"
_REL = "handbook/search_synonyms.yml"


class _Loader(yaml.SafeLoader):
    """Keeps the line of each mapping (for error messages)."""


def _mapping(loader, node):
    out = loader.construct_mapping(node, deep=True)
    out["__line__"] = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def corpus(regulations: Path = REGULATIONS) -> str:
    """The regulations' text as one string, without Markdown's line breaks and markup
    that would split a phrase (a phrase may not run across paragraphs)."""
    parts = []
    for path in sorted(regulations.glob("[0-9][0-9]-*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        parts.append(re.sub(r"<[^>]+>|\]\(reg:[^)]*\)|[#\[\]]", "", body))
    return "\n".join(parts)


def load(path: Path = TABLE, regulations: Path = REGULATIONS) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict) or not isinstance(data.get("synonyms"), list) \
            or not isinstance(data.get("question_words"), list):
        raise BuildError(_REL, 1, "expected the keys question_words (a list) and synonyms (a list)")
    text = corpus(regulations)
    seen: dict[str, int] = {}
    entries = []
    for e in data["synonyms"]:
        line = e.get("__line__", 1) if isinstance(e, dict) else 1
        if not isinstance(e, dict) or set(e) - {"staff", "text", "note", "__line__"}:
            raise BuildError(_REL, line, "an entry has the keys staff, text, note")
        staff, forms, note = e.get("staff"), e.get("text"), e.get("note")
        forms = [forms] if isinstance(forms, str) else forms
        if not isinstance(staff, str) or not staff.strip() or not isinstance(note, str) or not note.strip() \
                or not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f for f in forms):
            raise BuildError(_REL, line, f"entry {staff!r}: staff (a word), text (words), note (text) are required")
        if staff in seen:
            raise BuildError(_REL, line, f"{staff} is listed twice (first on line {seen[staff]})")
        seen[staff] = line
        missing = [f for f in forms if f not in text]
        if missing:
            raise BuildError(_REL, line, f"{staff}: not in any regulation: {'、'.join(missing)}")
        if staff in forms:
            raise BuildError(_REL, line, f"{staff}: a word is not its own synonym")
        entries.append({"staff": staff.lower(), "text": [f.lower() for f in forms], "note": note, "line": line})
    words = [w for w in data["question_words"] if isinstance(w, str) and w]
    if len(words) != len(data["question_words"]):
        raise BuildError(_REL, 1, "question_words: a list of words")
    hints = data.get("question_hints") or {}
    hints.pop("__line__", None)
    for word, forms in hints.items():
        if word not in words:
            raise BuildError(_REL, 1, f"question_hints: {word} is not in question_words")
        if not isinstance(forms, list) or not all(isinstance(f, str) and f in text for f in forms):
            missing = [f for f in forms if not isinstance(f, str) or f not in text] if isinstance(forms, list) else forms
            raise BuildError(_REL, 1, f"question_hints: {word}: not in any regulation: {missing}")
    rewrites = []
    for r in data.get("rewrites") or []:
        line = r.get("__line__", 1) if isinstance(r, dict) else 1
        if not isinstance(r, dict) or set(r) - {"from", "to", "note", "__line__"} \
                or not all(isinstance(r.get(k), str) and r.get(k) for k in ("from", "to", "note")):
            raise BuildError(_REL, line, "a rewrite has the keys from (a pattern), to (the text's words), note")
        try:
            re.compile(r["from"])
        except re.error as err:
            raise BuildError(_REL, line, f"rewrite {r['from']!r}: {err}") from None
        if r["to"] not in text:
            raise BuildError(_REL, line, f"rewrite {r['from']!r}: not in any regulation: {r['to']}")
        rewrites.append({"from": r["from"], "to": r["to"], "note": r["note"], "line": line})
    return {"synonyms": entries, "question_words": words, "question_hints": hints, "rewrites": rewrites}


def worker_data(path: Path = TABLE, regulations: Path = REGULATIONS) -> dict:
    """What search_worker.js needs: staff word → text words; the question words."""
    table = load(path, regulations)
    return {"synonyms": {e["staff"]: e["text"] for e in table["synonyms"]},
            "stop": table["question_words"], "hints": table["question_hints"],
            "rewrites": [[r["from"], r["to"]] for r in table["rewrites"]]}
