"""Labels of the original numbering (第一章, 第三条, 第3条, 一、, （一）, 1、, （1）), the ids
derived from them, and the gaps and repeats in a document's numbering."""
from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100}
CN = "零〇一二三四五六七八九十百两"

# (kind, pattern): kind names a numbering series; the label is the matched text
LABELS = [
    ("章", re.compile(rf"^第([{CN}\d]+)章")),
    ("条", re.compile(rf"^第([{CN}\d]+)条")),
    ("一、", re.compile(rf"^([{CN}]+)、")),
    ("（一）", re.compile(rf"^[（(]([{CN}]+)[）)]")),
    ("1、", re.compile(r"^(\d+)[、.．]")),
    ("（1）", re.compile(r"^[（(](\d+)[）)]")),
]


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21, 一百零三 → 103; digits as digits."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


def parse_label(text: str) -> tuple[str, int, str] | None:
    """(kind, number, label text) of a heading's leading label, or None."""
    for kind, pattern in LABELS:
        match = pattern.match(text)
        if match:
            return kind, cn_number(match.group(1)), match.group(0)
    return None


def label(text: str) -> str:
    parsed = parse_label(text)
    return parsed[2] if parsed else ""


def _bare(label_text: str) -> str:
    """一、 → 一; (一) → （一）; 1． → 1; (1) → （1）."""
    parsed = parse_label(label_text)
    assert parsed
    kind, _, raw = parsed
    core = re.sub(r"[、.．（）()]", "", raw)
    return f"（{core}）" if kind in ("（一）", "（1）") else core


def heading_id(label_text: str, text: str, ancestors: list[str]) -> str:
    """The id of a heading: 章/条 labels stand for themselves; enumerated labels chain with
    their enumerated ancestors; a heading without a label is its own text."""
    if not label_text:
        return re.sub(r"\s+", "", text)
    kind = parse_label(label_text)[0]
    if kind in ("章", "条"):
        return label_text
    chain = [_bare(a) for a in ancestors if a and parse_label(a)[0] not in ("章", "条")]
    return "".join(chain + [_bare(label_text)])


def series_problems(numbers: list[int]) -> list[tuple[str, int]]:
    """Gaps and repeats in one series of numbers: [("gap", n), ("repeat", n)]."""
    out, expected = [], 1
    seen: set[int] = set()
    for n in numbers:
        if n in seen:
            out.append(("repeat", n))
            continue
        for missing in range(expected, n):
            if missing not in seen:
                out.append(("gap", missing))
        seen.add(n)
        expected = max(expected, n + 1)
    return out


# where a label written inside a line may stand: at the start or after punctuation or a
# space (not 依照第四条, 第（一）项 or 11、)
_BEFORE = r"(?:^|(?<=[\s：:；;。，,、）)”“」]))"
OTHER_STYLE = {"一、": "1、", "1、": "一、", "（一）": "（1）", "（1）": "（一）"}


def _written(kind: str, number: int) -> re.Pattern:
    """The label of a number of a series as it may be written: 第四条 or 第4条, 1、 1. 1．,
    （一） or (一)."""
    cn, digits = re.escape(to_cn(number)), str(number)
    core = {"章": rf"第(?:{cn}|{digits})章", "条": rf"第(?:{cn}|{digits})条",
            "一、": rf"{cn}、", "（一）": rf"[（(]{cn}[）)]",
            "1、": rf"{digits}[、.．](?!\d)", "（1）": rf"[（(]\s*{digits}\s*[）)]"}[kind]
    return re.compile(_BEFORE + core)


def written_in(kind: str, number: int, texts: list[str]) -> tuple[str, str]:
    """Whether some text holds the number's label where no heading or item starts with
    it: ("same", label) in the series' own style, ("other", label) in the other style of
    its level (（1） for （一）, 1、 for 一、), ("", "") if neither."""
    for how, style in (("same", kind), ("other", OTHER_STYLE.get(kind))):
        if style is None:
            continue
        pattern = _written(style, number)
        for text in texts:
            match = pattern.search(text)
            if match:
                return how, match.group(0)
    return "", ""


def cn_label(kind: str, number: int) -> str:
    """The label of a number in a series' own style: 条 7 → 第七条, 一、 7 → 七、, 1、 7 → 7、."""
    if kind in ("1、", "（1）"):
        return {"1、": f"{number}、", "（1）": f"（{number}）"}[kind]
    words = to_cn(number)
    return {"章": f"第{words}章", "条": f"第{words}条", "一、": f"{words}、", "（一）": f"（{words}）"}[kind]


def to_cn(number: int) -> str:
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    if number < 20:
        return "十" + (names[number % 10] if number % 10 else "")
    if number < 100:
        return names[number // 10] + "十" + (names[number % 10] if number % 10 else "")
    return str(number)
