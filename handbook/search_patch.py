"""Step 4c: the handbook's search, put into mkdocs-material's client-side search worker.

The theme (pinned, pyproject.toml) builds a lunr index in a worker from the documents of
search_index.json (jieba segments their Han text at build time; words joined by U+200B)
and answers each keystroke there. Its own query handling does not fit Chinese as staff
type it (the query's words only matched the start of indexed words, one-character words
and the last word were dropped, 3天 never met 三天, results were grouped by page so that
one page's weak sections pushed the answering article of another page down). This step
therefore replaces the worker's `search()` method: it keeps the theme's lunr index, its
highlighting helpers and its message protocol, and routes the query to
`handbook/search_worker.js` (how queries become concepts, synonyms, numbers, article-level
ranking: see that file), which is prepended to the worker with its data (HB_DATA):
the synonym table and question words (`handbook/search_synonyms.yml`, checked by
`handbook/search_synonyms.py`) and which entries must follow which (calculator pages after
the articles they cite; the editorial page and the home page after the regulations).

From disk (file://) the worker runs off the page's thread too: `docs/assets/search-file-worker.js`
starts it from a blob: URL made of `search.<hash>.file.js`, written here: the patched worker's
code with the lunr language files it imports, as one string (a worker started from a blob
cannot import files from disk).

Two small patches to the page bundle: it shows the text of a result whose first entry is a
section (every item is one article now), as the theme already does for page entries; and
it reads the query on every `input` event of the box, not only on keyup (pasted, dropped or
dictated text searches at once).

Every replacement must match exactly once, or the build fails loudly instead of shipping
a silently worse search.

Both patched files are renamed by the hash of what they then hold and the pages pointed at
the new names: the theme's names hash its own content, and deploy/nginx.conf caches such
names for a year as immutable."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from . import search_synonyms
from .sources import BuildError

HERE = Path(__file__).resolve().parent
WORKER_JS = HERE / "search_worker.js"

# mkdocs-material 9.8.2, assets/javascripts/workers/search.*.min.js: the worker's search()
# method, from its start to its end (replaced whole; the helpers it used stay)
_SEARCH_START = 'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),'
_SEARCH_END = 'typeof i!="undefined"&&{suggest:i})}'
# oe/q: the theme's highlighting of one string / a list of strings by token positions
_SEARCH_NEW = 'search(e){return HB.search(this,e,oe,q)}'

# lunr's BM25 without length normalisation (b = 0) lets a long section that repeats a word
# outrank the short article about it; normalise by length as BM25 usually does.
_LENGTH = 'this.metadataWhitelist=["position"],this.b(0),'
_LENGTH_FIXED = 'this.metadataWhitelist=["position"],this.b(%s),'
LENGTH_NORMALISATION = 0.75    # BM25's usual b

# assets/javascripts/bundle.*.min.js, the rendering of one result item: its first entry
# shows its text only when it is the page itself (n = 0); show it for a section too (n = -1)
_ITEM_TEXT = 'p=[oo(i,2|+(!n&&s===0))'
_ITEM_TEXT_FIXED = 'p=[oo(i,2|+(n<1&&s===0))'

# … and the query: the theme reads the box's value on keyup (and focus), so text that comes
# without a key (right-click → 粘贴, drag and drop, handwriting, voice, autofill, an IME that
# commits without a key-up) ran no search until the next key. Read it on `input` too: the
# value then passes the theme's distinctUntilChanged (Y()) once, and the keyup of the same
# keystroke, finding the value unchanged, sends nothing more to the worker.
_QUERY_EVENTS = 'L(t.pipe(Re(zt)),h(e,"keyup"),o).pipe(m(()=>e.value),Y())'
_QUERY_EVENTS_FIXED = 'L(t.pipe(Re(zt)),h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value),Y())'


def follow_rules(calcs) -> dict[str, list[str]]:
    """Entries (by location prefix) that must not stand above the entries listed: a
    calculator's page after the articles it cites (and their page); the editorial page and
    the home page after every regulation entry."""
    rules: dict[str, list[str]] = {"editorial.html": ["regulations/"], "index.html": ["regulations/"]}
    for calc in calcs or []:
        cited = []
        for cite in calc.cites:
            href = cite.href().removeprefix("../")
            cited += [href, href.split("#")[0]]
        rules[f"calculators/{calc.name}.html"] = sorted(set(cited))
    return rules


def _one(code: str, old: str, name: str) -> None:
    if code.count(old) != 1:
        raise BuildError("handbook/search_patch.py", 1,
                         f"{name}: the search fix no longer applies (pinned mkdocs-material changed?): {old[:50]}…")


def worker_code(code: str, data: dict) -> str:
    """The theme's worker with its search() routed to search_worker.js."""
    _one(code, _SEARCH_START, "search worker")
    _one(code, _SEARCH_END, "search worker")
    start = code.index(_SEARCH_START)
    end = code.index(_SEARCH_END, start) + len(_SEARCH_END)
    code = code[:start] + _SEARCH_NEW + code[end:]
    _one(code, _LENGTH, "search worker")
    code = code.replace(_LENGTH, _LENGTH_FIXED % LENGTH_NORMALISATION)
    head = ("var HB_DATA=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"
            + WORKER_JS.read_text(encoding="utf-8") + "\n")
    return head + code


# the lunr files the worker imports for the index's languages (mkdocs-material 9.8.2,
# workers/search: Ie()): the stemmer support, one file a language but English, the multi-
# language file for more than one, and a segmenter for ja / hi / th
_LUNR_SEGMENTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


def lunr_imports(langs: list[str]) -> list[str]:
    files = ["min/lunr.stemmer.support.min.js"]
    files += [_LUNR_SEGMENTERS[lang] for lang in langs if lang in _LUNR_SEGMENTERS]
    files += [f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
    if len(langs) > 1:
        files.append("min/lunr.multi.min.js")
    return list(dict.fromkeys(files))


def file_worker(code: str, lunr_dir: Path, langs: list[str]) -> str:
    """The search worker as one script for a blob: URL, with its lunr imports inside:
    importScripts(url) runs the embedded file of that name. Set as a string on the page
    (window.__hbSearchWorkerSource) by the script this returns."""
    files = {}
    for rel in lunr_imports(langs):
        src = lunr_dir / rel
        if not src.is_file():
            raise BuildError("handbook/search_patch.py", 1, f"the search worker imports {rel}, missing in the theme")
        files[src.name] = src.read_text(encoding="utf-8")
    table = ",\n".join(f"{json.dumps(name)}: function () {{\n{text}\n}}" for name, text in files.items())
    source = ("var __hbLunrFiles = {\n" + table + "\n};\n"
              "self.importScripts = function () {\n"
              "  for (var i = 0; i < arguments.length; i++) {\n"
              "    var name = String(arguments[i]).split('/').pop(), run = __hbLunrFiles[name];\n"
              "    if (!run) throw new Error('importScripts: ' + arguments[i] + ' is not embedded');\n"
              "    run.call(self);\n"
              "  }\n"
              "};\n" + code)
    return "window.__hbSearchWorkerSource = " + json.dumps(source, ensure_ascii=False) + ";\n"


def apply(site: Path, calcs=None) -> Path:
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(workers) != 1 or len(bundles) != 1:
        raise BuildError("handbook/search_patch.py", 1,
                         f"expected one search worker and one bundle, found {len(workers)} and {len(bundles)}")
    data = search_synonyms.worker_data()
    data["follow"] = follow_rules(calcs)
    path = workers[0]
    code = worker_code(path.read_text(encoding="utf-8"), data)
    bundle = bundles[0].read_text(encoding="utf-8")
    _one(bundle, _ITEM_TEXT, bundles[0].name)
    _one(bundle, _QUERY_EVENTS, bundles[0].name)
    bundle = bundle.replace(_ITEM_TEXT, _ITEM_TEXT_FIXED).replace(_QUERY_EVENTS, _QUERY_EVENTS_FIXED)
    renamed = {path: content_named(path, code), bundles[0]: content_named(bundles[0], bundle)}
    point_pages_at(site, {old.name: new.name for old, new in renamed.items()})
    worker = renamed[path]
    langs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
    worker.with_name(worker.name.replace(".min.js", ".file.js")).write_text(
        file_worker(code, site / "assets" / "javascripts" / "lunr", langs), encoding="utf-8")
    return worker


def content_named(path: Path, text: str) -> Path:
    """`text` written under the theme's name with its hash swapped for the hash of `text`
    (search.a7633da7.min.js → search.<sha-256, 8 digits>.min.js). The theme's hash names the
    theme's own content, which a patched file no longer is, and deploy/nginx.conf caches
    such names for a year as immutable: under the old name a changed search or synonym
    table would never reach a browser that had the old file."""
    match = re.fullmatch(r"(.+)\.[0-9a-f]{8}\.min\.js", path.name)
    if not match:
        raise BuildError("handbook/search_patch.py", 1, f"{path.name}: not a name with the theme's hash")
    new = path.with_name(f"{match.group(1)}.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}.min.js")
    new.write_text(text, encoding="utf-8")
    if new != path:
        path.unlink()
    return new


def point_pages_at(site: Path, names: dict[str, str]) -> None:
    """Every page's reference to a renamed file (the theme's config names the search
    worker, each page loads the bundle) changed to its new name."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        changed = html
        for old, new in names.items():
            changed = changed.replace(old, new)
        if changed != html:
            page.write_text(changed, encoding="utf-8")
