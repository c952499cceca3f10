"""Worker starts from disk, counted: every calculator page opened from file:// N times
(snapshot and fallback starts), with each error event of any worker logged (its class,
message, file, time) - for the flaky "后台线程出错（原因不明）". Run it under load, e.g.
next to 6-8 `timeout 300 python3 -c "while True: pass"` processes:

    python3 bench/worker_start_flake.py . 3 both
"""
import json, sys, time
from pathlib import Path
from playwright.sync_api import sync_playwright
ROOT = Path(sys.argv[1]).resolve(); N = int(sys.argv[2]); fast = sys.argv[3] if len(sys.argv) > 3 else "both"
names = sorted(p.stem for p in (ROOT / "site/calculators").glob("*.html") if p.stem != "index")
HOOK = """
(() => { const W = window.Worker; if (!W || W.__hooked) return;
  const H = function (url, opts) { const w = new W(url, opts);
    w.addEventListener('error', e => console.log('WORKERERR ' + JSON.stringify({cls: e.constructor.name, message: e.message, filename: String(e.filename||'').slice(0,50), lineno: e.lineno, colno: e.colno, error: String(e.error), t: performance.now()})));
    w.addEventListener('messageerror', e => console.log('WORKERMSGERR'));
    return w; };
  H.prototype = W.prototype; H.__hooked = true; window.Worker = H; })();
"""
res = {"ok": 0, "fail": 0, "retried": 0}
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
    for i in range(N):
        for start in (["snapshot", "fallback"] if fast == "both" else [fast]):
            ctx = b.new_context(); pg = ctx.new_page(); logs = []
            pg.add_init_script(HOOK)
            if start == "fallback":
                pg.add_init_script("window.handbookCalcConfig = Object.assign(window.handbookCalcConfig || {}, {fast: false});")
            pg.on("console", lambda m: logs.append(f"{m.type}: {m.text[:300]}"))
            pg.on("pageerror", lambda e: logs.append(f"pageerror: {e}"))
            pg.on("worker", lambda w: (logs.append("worker started " + w.url[:40]), w.on("close", lambda w: logs.append("worker closed"))))
            pg.on("crash", lambda: logs.append("PAGE CRASH"))
            for name in names:
                t = time.time()
                try:
                    pg.goto((ROOT / f"site/calculators/{name}.html").as_uri(), wait_until="domcontentloaded")
                    pg.wait_for_function("window.handbookCalc && ['ready', 'failed'].includes(handbookCalc.state)", timeout=120_000)
                    st = pg.evaluate("[handbookCalc.state, handbookCalc.error, handbookCalc.path, handbookCalc.retried || null]")
                except Exception as e:
                    st = ["exception", str(e)[:200], None, None]
                dt = time.time() - t
                if st[3]: res["retried"] += 1
                if st[0] == "ready": res["ok"] += 1
                else: res["fail"] += 1
                if st[0] != "ready" or st[3]:
                    print(f"[{i}] {start} {name} {dt:.1f}s {st}", flush=True)
                    for l in logs[-30:]: print("   ", l, flush=True)
                logs.clear()
            ctx.close()
        print(i, res, flush=True)
    b.close()
print("RESULT", json.dumps(res))
