"""The pages of a regulation's versions: where each version's page and each 新旧对照 page
is, the 时效性 shown on them, the 沿革 list, and which version a reg: link lands on."""
from __future__ import annotations

from markupsafe import Markup

from . import diff, versions
from .sources import Regulation


def page_path(version: Regulation) -> str:
    """Where a version's page is, from the site's root (.md, as MkDocs takes it)."""
    if versions.is_current(version):
        return f"regulations/{version.slug}.md"
    return f"regulations/{version.slug}/{version.key}.md"


def compare_path(old: Regulation, new: Regulation) -> str:
    return f"regulations/{old.slug}/compare-{old.key}-{new.key}.md"


def href(path: str, prefix: str) -> str:
    """A page path (regulations/….md) as a link from a page in regulations/ (+ prefix)."""
    return prefix + path[len("regulations/"):-3] + ".html"


def status_view(version: Regulation) -> dict:
    status = versions.status(version)
    return {"status": status, "css": versions.STATUS_CLASS[status], "dates": status_dates(version),
            "effective": versions.day(version.effective),
            "end": versions.day(version.end) if version.end else "",
            # a version ends by a repeal, or by the amended text that takes its place (it is
            # not void then: the regulation goes on in its new words)
            "end_kind": "废止日期" if version.repealed and version.end == version.repealed else "修改后的文本施行日期"}


def status_dates(version: Regulation) -> str:
    """The dates a status follows, as attributes of its <span class="reg-status">:
    assets/handbook.js works the status out again for the reader's day (a site or the
    offline copy is read for months after it was built: an amendment takes effect, a
    repeal comes due). The rule is versions.status's."""
    def iso(day):
        return day.isoformat() if day else ""
    return Markup(f'data-from="{iso(version.effective)}" data-end="{iso(version.end)}" '
                  f'data-repealed="{iso(version.repealed)}" data-built="{iso(version.as_of)}"')


def history(version: Regulation, prefix: str) -> list[dict]:
    """The 沿革 list: every version with its dates and status, and the 新旧对照 links."""
    out = []
    group = version.versions or [version]
    for i, v in enumerate(group):
        row = {**status_view(v), "label": versions.label(v), "this": v is version,
               "href": href(page_path(v), prefix), "compare": "",
               "kind": "制定" if i == 0 else "修改", "current": versions.is_current(v)}
        if i:
            row["compare"] = href(compare_path(group[i - 1], v), prefix)
        out.append(row)
    if group[-1].repealed:
        out.append({"label": versions.day(group[-1].repealed), "kind": "废止", "this": False,
                    "href": "", "compare": "", "current": False, **status_view(group[-1])})
    return out


def changes(regs: list[Regulation]) -> list[dict]:
    """Every amendment and repeal of the handbook, newest first, for the home page's
    修改和废止记录: the day, the regulation, 修改 (with its 新旧对照) or 废止."""
    out = []
    for reg in regs:
        group = reg.versions or [reg]
        for old, new in zip(group, group[1:]):
            out.append({"date": new.effective, "day": versions.day(new.effective), "title": reg.title,
                        "kind": "修改", "href": compare_path(old, new), "page": page_path(new)})
        if group[-1].repealed:
            out.append({"date": group[-1].repealed, "day": versions.day(group[-1].repealed), "title": reg.title,
                        "kind": "废止", "href": "", "page": page_path(reg)})
    return sorted(out, key=lambda c: c["date"], reverse=True)


def resolver(regs: list[Regulation]):
    """reg: link → the page of the target: its current version, or, for an id the current
    version no longer has, the latest version that has it."""
    by_slug = {r.slug: r for r in regs}

    def resolve(slug: str, anchor: str) -> str:
        target = by_slug[slug]
        if not anchor or anchor in target.ids():
            return f"{slug}.md"
        holder = next((v for v in reversed(target.versions) if anchor in v.ids()), target)
        return page_path(holder)[len("regulations/"):]
    return resolve


# An earlier (or not yet effective) version ranks below the current text in search; the
# 新旧对照 pages are left out of the index (their words are the versions' words).
OLD_VERSION_BOOST = 0.1


def runs(rows: list) -> list[dict]:
    """The rows with consecutive unchanged articles gathered into one folded run."""
    out: list[dict] = []
    for row in rows:
        if row.kind == "same" and out and out[-1]["kind"] == "same":
            out[-1]["rows"].append(row)
        else:
            out.append({"kind": row.kind, "rows": [row]})
    return out


def compare_context(old: Regulation, new: Regulation) -> tuple[str, dict]:
    """The 新旧对照 page of two consecutive versions: its path and what its template needs."""
    rows = diff.compare(old, new)
    return compare_path(old, new), {
        "old": old, "new": new, "old_label": versions.short_label(old), "new_label": versions.short_label(new),
        "old_href": href(page_path(old), "../"), "new_href": href(page_path(new), "../"),
        "rows": rows, "counts": diff.summary(rows), "runs": runs(rows)}
