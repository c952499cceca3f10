"""The one schema every regulation's front matter follows (regulations/README.md)."""
from __future__ import annotations

import datetime
from typing import Any

# key: (allowed types, required, check or None, what it must be)
def _str_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, str) and x.strip() for x in v)


def _day(v: Any) -> bool:
    """A calendar date written YYYY-MM-DD (YAML reads it as a date; a time of day is refused)."""
    return isinstance(v, datetime.date) and not isinstance(v, datetime.datetime)


def _lines(v: Any) -> bool:
    return (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v)
            and 1 <= v[0] <= v[1])


SCHEMA: dict[str, tuple[tuple[type, ...], bool, Any, str]] = {
    "title": ((str,), True, lambda v: bool(v.strip()), "a non-empty string"),
    "title_supplied": ((bool,), True, None, "true or false (编者拟)"),
    "chapter": ((int,), True, lambda v: v >= 1, "a chapter number of chapters.yml"),
    "order": ((int,), True, lambda v: 1 <= v <= 99, "the place in the book, 1–99"),
    "issuers": ((list,), True, _str_list, "a list of issuing bodies"),
    "issuers_supplied": ((bool,), False, None, "true or false"),
    "status": ((str, type(None)), True, None, "试行/暂行 as the text gives it, or null"),
    "effective": ((str, type(None)), True, None, "the effective clause as written, or null"),
    "effective_at": ((str, type(None)), False, None, "a heading id, or null"),
    # versions (regulations/README.md, "Versions"): the date this version takes effect
    # (施行日期; null = the text does not give it, shown as 未载明), and the date the
    # regulation is repealed (废止, only on its last version)
    "effective_date": ((datetime.date, type(None)), False, _day,
                       "a date YYYY-MM-DD (施行日期), or null when the text does not give it"),
    "repealed": ((datetime.date,), False, _day, "the date of repeal, YYYY-MM-DD (废止日期)"),
    "source_lines": ((list,), False, _lines, "[first, last] line numbers in the seed"),
}


def _date_hint(value: Any) -> str:
    """What to do about a date YAML did not read as one: quotes around a right date, or
    the form (2027-1-1, 2027年1月1日, 2027/01/01 are not YYYY-MM-DD)."""
    if not isinstance(value, str):
        return ""
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return "; write it as YYYY-MM-DD with two-digit month and day, e.g. 2027-01-01"
    if len(value.strip()) == 10:
        return "; write the date without quotes"
    return "; write it as YYYY-MM-DD, e.g. 2027-01-01"


def validate_front_matter(meta: Any) -> tuple[str, str] | None:
    """None when valid, else (key, message)."""
    if not isinstance(meta, dict):
        return "", "front matter must be a mapping of keys"
    for key in meta:
        if key not in SCHEMA:
            return key, f"unknown front-matter key '{key}' (allowed: {', '.join(SCHEMA)})"
    for key, (types, required, check, what) in SCHEMA.items():
        if key not in meta:
            if required:
                return "", f"front matter lacks '{key}' ({what})"
            continue
        value = meta[key]
        if isinstance(value, bool) and bool not in types:
            return key, f"'{key}' must be {what}"
        if not isinstance(value, types) or (check and value is not None and not check(value)):
            hint = _date_hint(value) if check is _day else ""
            return key, f"'{key}' must be {what}, not {value!r}{hint}"
    return None
