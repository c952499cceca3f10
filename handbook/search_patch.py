"""Step 4c: fixes to mkdocs-material's client-side search, applied to the built search
worker. The theme is pinned (pyproject.toml); every replacement must match exactly once,
or the build fails loudly instead of shipping a silently worse search.

At build time jieba segments the Han runs of the text (words joined by U+200B; Latin
letters and digits stay apart: U盘 is indexed as u + 盘). In the browser the worker
segments a Chinese query against the words of the index (`fe`) and ORs the words, each
with a trailing wildcard. As shipped (9.8.2):

1. the segmenter never tried the word that ends the query (off by one): 四类案件 was
   searched as 四* 类案*;
2. it gave up at the first character that begins no indexed word: 改IP地址, 装游戏,
   开介绍信 were searched as one unknown word and found nothing;
3. it only read runs of Han characters, so Latin letters stayed glued to them: 改IP地址
   was one token although the index has ip and 地址;
4. it ORed stray single characters into the query (四 of 四类案件), which ranked every
   "四、…" heading first;
5. its words were joined with "* " and the theme appends another "*": every word but the
   last was searched as 考核**, which the theme's own bookkeeping no longer recognised —
   an entry holding all the words counted as holding only the last one (ranking) and
   only the last one was highlighted.

The replacement segmenter reads runs of Han, Latin letters and digits (lower-cased, as
the index is), takes at each place the longest piece that begins an indexed word (so
陪审员 still finds 陪审员适用率 through the wildcard), skips characters that begin none,
keeps overlapping readings as the original does, and drops one-character words when
longer ones exist. A run that yields nothing is passed on unchanged (it then finds
nothing, as before).

Two ranking fixes follow (see PATCHES)."""
from __future__ import annotations

from pathlib import Path

from .sources import BuildError

# mkdocs-material 9.8.2, assets/javascripts/workers/search.*.min.js
_SEGMENTER = (
    'function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;s++)'
    'for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;s>0;)'
    '{let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i[s++]=o+u);'
    'let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}return r.has("")?new Set([t]):r}')

_SEGMENTER_FIXED = (
    'function fe(t,e){t=t.toLowerCase();let n=new Uint16Array(t.length);'
    # the words of the index, sorted once, and "is x the start of an indexed word?"
    'fe.e!==e&&(fe.e=e,fe.k=Object.keys(e).sort());let k=fe.k,'
    'p=x=>{let a=0,b=k.length;for(;a<b;){let m=a+b>>1;k[m]<x?a=m+1:b=m}return a<k.length&&k[a].startsWith(x)};'
    # n[s]: length of the longest piece at s that starts an indexed word (the query words
    # get a trailing wildcard: 陪审员 finds 陪审员适用率), up to the end of the query
    'for(let s=0;s<t.length;s++)for(let o=s+1;o<=t.length&&p(t.slice(s,o));o++)n[s]=o-s;'
    'let r=new Set,i=[0],v=new Set;'
    'for(;i.length;){let o=i.pop();if(o>=t.length||v.has(o))continue;v.add(o);'
    # no indexed word starts here: skip this character, go on with the next
    'if(!n[o]){i.push(o+1);continue}'
    # a longer word starts inside this one: keep both readings
    'for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i.push(o+u));'
    'r.add(t.slice(o,o+n[o]));i.push(o+n[o])}'
    'let w=[...r],l=w.filter(x=>x.length>1);return l.length?l:w.length?w:[t]}')

_CALL = 'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))'
_CALL_FIXED = ('e=e.replace(new RegExp("[\\\\p{sc=Han}A-Za-z0-9]*\\\\p{sc=Han}[\\\\p{sc=Han}A-Za-z0-9]*","gu"),'
               's=>" "+fe(s,this.index.invertedIndex).join(" ")+" ")')

# Ranking: score × (1 + g²), g = page bonus + share of the query words the entry has.
# A page's own entry (its title and the text before the first heading) got the page
# bonus for any word of its preamble (发布单位, 所属章 …) and so outranked the article
# that answers the query; give it only when the query hits the page's title.
_PAGE_BONUS = 'let g=+!c.parent+Object.values(f).filter(l=>l).length/Object.keys(f).length;'
_PAGE_BONUS_FIXED = ('let g=+(!c.parent&&Object.values(u.metadata).some(d=>d.title))'
                     '+Object.values(f).filter(l=>l).length/Object.keys(f).length;')

# lunr's BM25 without length normalisation (b = 0) lets a long section that repeats a word
# outrank the short article about it; normalise by length as BM25 usually does.
_LENGTH = 'this.metadataWhitelist=["position"],this.b(0),'
_LENGTH_FIXED = 'this.metadataWhitelist=["position"],this.b(%s),'

LENGTH_NORMALISATION = 0.5

PATCHES = [
    (_SEGMENTER, _SEGMENTER_FIXED),
    (_CALL, _CALL_FIXED),
    (_PAGE_BONUS, _PAGE_BONUS_FIXED),
    (_LENGTH, _LENGTH_FIXED % LENGTH_NORMALISATION),
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
