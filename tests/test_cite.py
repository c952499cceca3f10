"""The cite control in real Chromium: one click copies 《title》第十三条, a second click the
citation with the article's text; read back from the clipboard. Over http through the
Clipboard API; from disk (file://) as it comes, and with the Clipboard API missing (old
browsers), where the page falls back to a hidden textarea and execCommand("copy")."""
from __future__ import annotations

from pathlib import Path

import pytest

from handbook import articles, sources

ROOT = Path(__file__).resolve().parent.parent
REGS = {r.slug: r for r in sources.load(ROOT / "regulations")}
SLUG, ANCHOR = "contract-staff", "第十三条"

NO_CLIPBOARD_API = """
Object.defineProperty(Navigator.prototype, "clipboard", {get: function () { return undefined; }});
window.__copied = [];
document.addEventListener("copy", function (e) {
  var t = e.target && e.target.value !== undefined ? e.target.value : String(document.getSelection());
  window.__copied.push(t);
}, true);
"""


def expected() -> tuple[str, str]:
    reg = REGS[SLUG]
    # the title is the editor's (the original has none): the citation says so
    assert reg.meta["title_supplied"]
    cite = f"《{reg.title}》（编者拟题）{articles.labels(reg)[ANCHOR]}"
    return cite, cite + "：" + articles.text_after_label(reg, ANCHOR)


@pytest.fixture
def context(browser, http_root):
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_root.rstrip("/"))
    yield ctx
    ctx.close()


def clipboard(context, http_root: str, put: str | None = None) -> str:
    """The system clipboard, read (after writing `put`) from a page of the site over http."""
    reader = context.new_page()
    reader.goto(http_root + "index.html")
    if put is not None:
        reader.evaluate("t => navigator.clipboard.writeText(t)", put)
    text = reader.evaluate("navigator.clipboard.readText()")
    reader.close()
    return text


def button(pg):
    control = pg.locator(f'[id="{ANCHOR}"] button.cite')
    control.wait_for(state="visible")
    return control


def test_one_click_copies_the_citation_two_the_text_over_http(context, http_root):
    cite, full = expected()
    assert full.startswith("《聘用人员管理办法》（编者拟题）第十三条：病假期间工资待遇：一个月度内，病假3天以内(含3天)")
    pg = context.new_page()
    pg.goto(http_root + f"regulations/{SLUG}.html")
    pg.evaluate("navigator.clipboard.writeText('（别的内容）')")
    control = button(pg)
    assert control.inner_text() == "引用" and control.get_attribute("data-cite") == cite
    control.click()
    pg.wait_for_function("document.querySelector('[id=\"%s\"] button.cite').dataset.copied === 'cite'" % ANCHOR)
    assert pg.evaluate("navigator.clipboard.readText()") == cite
    control.click()
    pg.wait_for_function("document.querySelector('[id=\"%s\"] button.cite').dataset.copied === 'text'" % ANCHOR)
    assert pg.evaluate("navigator.clipboard.readText()") == full
    assert control.inner_text() == "已复制引用和条文"
    # a third click starts again with the citation alone
    control.click()
    pg.wait_for_function("document.querySelector('[id=\"%s\"] button.cite').dataset.copied === 'cite'" % ANCHOR)
    assert pg.evaluate("navigator.clipboard.readText()") == cite


def test_every_citable_heading_gets_its_button(context, http_root):
    pg = context.new_page()
    pg.goto(http_root + "regulations/trial-quality-breakdown.html")
    pg.wait_for_selector("html.cite-ready")
    in_headings = pg.eval_on_selector_all("h2 button.cite, h3 button.cite, h4 button.cite", "els => els.length")
    assert in_headings == len(articles.labels(REGS["trial-quality-breakdown"])) > 0
    assert pg.eval_on_selector_all(".cite-bar", "els => els.length") == 0


@pytest.mark.parametrize("api", ["as-is", "missing"])
def test_copying_from_disk(context, site, http_root, api):
    cite, full = expected()
    pg = context.new_page()
    if api == "missing":
        pg.add_init_script(NO_CLIPBOARD_API)
    pg.goto((site / "regulations" / f"{SLUG}.html").as_uri())
    control = button(pg)
    assert clipboard(context, http_root, put="（别的内容）") == "（别的内容）"   # not left over from before
    control.click()
    pg.wait_for_function("document.querySelector('[id=\"%s\"] button.cite').dataset.copied" % ANCHOR)
    assert control.get_attribute("data-copied") == "cite"
    assert clipboard(context, http_root) == cite
    clipboard(context, http_root, put="（别的内容）")
    control.click()
    pg.wait_for_function("document.querySelector('[id=\"%s\"] button.cite').dataset.copied === 'text'" % ANCHOR)
    assert clipboard(context, http_root) == full
    if api == "missing":
        # the fallback path ran: execCommand("copy") fired a copy event holding each text
        assert pg.evaluate("window.__copied") == [cite, full]


def test_copy_link_right_after_typing_copies_the_latest_input(context, http_root):
    """The calculator writes its link to the address bar once the input rests; 复制链接
    clicked before that copies the latest input all the same."""
    pg = context.new_page()
    pg.goto(http_root + "calculators/leave-pay.html")
    pg.wait_for_function("window.handbookCalc && handbookCalc.state === 'ready'", timeout=60_000)
    pg.fill('#calc-form [name="base_salary"]', "3000")
    pg.fill('#calc-form [name="personal_leave_days"]', "5")
    pg.wait_for_function("window.handbookCalc && handbookCalc.lastResponse && handbookCalc.lastResponse.ok"
                         " && handbookCalc.rendered === handbookCalc.requested", timeout=10_000)
    pg.fill('#calc-form [name="personal_leave_days"]', "7")
    pg.click("#calc-run")
    pg.wait_for_function("window.handbookCalc && handbookCalc.rendered === handbookCalc.requested && handbookCalc.linkPending")
    pg.click("#calc-result .calc-copy-link")
    link = clipboard(context, http_root)
    assert "personal_leave_days=7" in link and "base_salary=3000" in link, link
    assert "personal_leave_days=7" in pg.url
    pg.close()
