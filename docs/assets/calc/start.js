/* The calculator page's early start: loaded in <head> by calculator pages only (the
   theme override handbook/theme/main.html), before the theme's styles, scripts and the
   page's long body, so that Python starts loading while the page is still being parsed.

   1. Checks what the runtime needs from the browser, before anything of it is fetched
      (Pyodide 0.29: Chromium 96, Firefox 100, Safari 16.4): this file's own syntax
      (class static blocks, as in Pyodide's scripts: a parser without them never runs this
      file, and calc.js says so), WebAssembly exception handling, reference types, BigInt
      and workers. Tiny WebAssembly modules are only validated, never compiled.
   2. Starts the worker (worker.js): over http a same-origin worker that fetches the
      runtime itself (off this thread: inflating it here made tasks of 70 ms); from disk
      (file://) a data: URL worker fed by this page, which loads the part files as classic
      scripts (the only way a double-clicked page can read files).
      The native Worker is taken here, before the theme's offline shim (iframe-worker)
      replaces window.Worker on file://.
   3. Lets the theme's script wait (about 0.25 s of CPU, and the search index it builds
      another 0.4 s; from disk on the page's own thread) until the calculator has
      answered or failed, or the reader turns to the search box (handbook.js loads it;
      at the latest 3 s after the page is parsed).

   calc.js takes over when it runs: window.__calcStart.listen(onMessage, onError) gets the
   worker's messages (those that came before first), launch() starts again (a worker that
   died), releasePage() lets the theme's script run. */
(function () {
  "use strict";

  class SyntaxProbe { static { SyntaxProbe.ok = true; } }   // Chrome 94, Firefox 93, Safari 16.4

  var script = document.currentScript;
  var SITE = new URL("../../", script.src);     // this file is assets/calc/start.js
  var FILE = location.protocol === "file:";
  var NativeWorker = window.Worker;

  // legacy exception handling (try / catch_all): Chrome 95, Firefox 100;
  // reference types (ref.null func): Chrome 96, Firefox 79;
  // an i64 export (handed to JavaScript as BigInt): Chrome 85, Firefox 78
  var WASM_PROBES = [
    ["WebAssembly 异常处理", [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]],
    ["WebAssembly 引用类型", [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 7, 1, 5, 0, 208, 112, 26, 11]],
    ["WebAssembly 64 位整数（BigInt）", [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 126, 1, 126, 3, 2, 1, 0, 7, 5, 1, 1, 98, 0, 0, 10, 6, 1, 4, 0, 32, 0, 11]],
  ];

  function missingFeatures() {
    if (!SyntaxProbe.ok) return ["新版 JavaScript 语法（class static 块）"];
    if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") return ["WebAssembly"];
    var out = [];
    WASM_PROBES.forEach(function (probe) {
      var ok = false;
      try { ok = WebAssembly.validate(new Uint8Array(probe[1])); } catch (e) { ok = false; }
      if (!ok) out.push(probe[0]);
    });
    if (typeof BigInt !== "function" || typeof BigInt64Array !== "function") out.push("BigInt");
    if (typeof NativeWorker !== "function") out.push("Web Worker");
    return out;
  }

  var early = window.__calcStart = {
    missing: missingFeatures(),
    marks: {},          // performance.now() of the start's steps on this page (bench/bench.py)
    worker: null,
    launch: launch,
    listen: listen,
    releasePage: releasePage,
  };
  var inbox = [];       // [kind, event] that came before calc.js listened
  var listeners = null;

  function deliver(kind, event) {
    if (listeners) listeners[kind](event);
    else inbox.push([kind, event]);
  }
  function listen(onMessage, onError) {
    listeners = { message: onMessage, error: onError };
    inbox.splice(0).forEach(function (item) { deliver(item[0], item[1]); });
  }
  /* A failure of this page's part of the start (a file that cannot be loaded), told to
     calc.js as the worker's own failures are. */
  function failed(message) { deliver("message", { data: { type: "failed", message: message } }); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { s.remove(); resolve(); };
      s.onerror = function () { s.remove(); reject(new Error("找不到文件 " + src.replace(SITE.href, ""))); };
      document.head.appendChild(s);
    });
  }

  function makeWorker(url) {
    var worker;
    try {
      worker = new NativeWorker(url);
    } catch (err) {
      throw new Error("浏览器不允许启动后台线程（" + (err && err.name || err) + "）");
    }
    early.marks.worker = performance.now();
    worker.onmessage = function (event) {
      if (early.worker !== worker) return;
      var msg = event.data || {};
      if (msg.type === "keep") {   // kept.js: from disk this page keeps the runtime
        keptPut(msg.key, msg.wasm, msg.snapshot, msg.sums).then(function (ok) { if (ok) keptNote(msg.key); });
        return;
      }
      if (msg.type === "stored") { keptNote(msg.key); return; }   // over http the worker kept it
      if (msg.type === "dropped") { keptNote(null); return; }     // … or deleted what it found bad
      if (msg.type === "restart") { restart(msg.why); return; }
      deliver("message", event);
    };
    worker.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      if (early.worker === worker) deliver("error", event);
    };
    return early.worker = worker;
  }

  /* The start from the runtime kept by an earlier visit failed (kept.js): it is deleted,
     and the worker started once more, from the files. */
  function restart(why) {
    if (early.restarted) { failed("Python 运行环境未能加载（" + why + "）"); return; }
    early.restarted = why;
    keptNote(null);
    keptClear().then(launch);
  }

  /* Which runtime this browser keeps (kept.js), noted where it can be read at once: a
     visit reads the store only when it holds this build's runtime, so a first visit does
     not wait for the store before it fetches. */
  var KEPT_NOTE = "handbook-calculators-kept";
  function keptNote(key) {
    try {
      if (key) localStorage.setItem(KEPT_NOTE, key); else localStorage.removeItem(KEPT_NOTE);
    } catch (err) { /* no storage: nothing is read from the store either */ }
  }
  function keptNoted(key) {
    try { return !!key && localStorage.getItem(KEPT_NOTE) === key; } catch (err) { return false; }
  }

  /* Start (or start again) the runtime's worker. */
  function launch() {
    var config = window.handbookCalcConfig || {};   // tests turn the snapshot off: {fast: false}
    var fast = config.fast !== false;
    var readKept = fast && !early.restarted;   // kept.js: may read the kept runtime (it is kept after anyway)
    var name = script.getAttribute("data-calc");
    var bootURL = new URL("assets/pyodide/boot.js", SITE).href;
    if (early.worker) { try { early.worker.terminate(); } catch (e) { /* gone already */ } }
    early.worker = null;
    early.marks.start = early.marks.start || performance.now();
    if (!FILE) {
      try {
        // name and fast in its URL: it starts without waiting for the message below
        var worker = makeWorker(new URL("assets/calc/worker.js#name=" + encodeURIComponent(name || "")
          + (fast ? "" : "&fast=0") + (readKept && keptNoted(keptKey(window.__calcBoot, "http")) ? "&kept=1" : ""),
          SITE).href);
      } catch (err) {
        failed(err.message);
        return;
      }
      // the worker reads the manifest (at its top) and fetches the runtime itself
      worker.postMessage({ type: "init", mode: "fetch", siteURL: SITE.href, bootURL: bootURL, name: name, fast: fast });
      return;
    }
    // from disk: only classic scripts load; this page reads the parts and posts them. The
    // build puts the manifest (boot.js's content) at the top of this file.
    (window.__calcBoot ? Promise.resolve() : loadScript(bootURL)).then(function () {
      early.marks.boot = performance.now();
      var boot = window.__calcBoot;
      if (!boot || !boot.parts) throw new Error("运行环境清单损坏（assets/pyodide/boot.js）");
      var worker = makeWorker("data:text/javascript;charset=utf-8," + encodeURIComponent(boot.worker));
      var dir = new URL(boot.dir, SITE).href;
      var optional = boot.optional || [];
      // the wasm and the snapshot: from this browser's store if an earlier visit kept them
      // (kept.js; this page keeps them, the data: worker has no storage), else their parts
      var big = boot.parts.filter(function (p) { return p.asset === "wasm" || p.asset === "snapshot"; });
      var key = fast ? keptKey(boot, "file") : null;
      worker.postMessage({ type: "init", mode: "push", siteURL: SITE.href, boot: boot, name: name, fast: fast,
                           keptKey: key });
      window.__pyodideEmbed = function (head, data) {
        if (early.worker) early.worker.postMessage({ type: "part", head: head, data: data });
      };
      function load(part) {
        var isOptional = optional.indexOf(part.asset) >= 0;
        if (isOptional && !fast) return;
        loadScript(dir + part.file).catch(function (err) {
          // the snapshot is optional: without it the worker starts Python the ordinary way
          if (isOptional) {
            if (early.worker === worker) worker.postMessage({ type: "missing", asset: part.asset, file: part.file });
            return;
          }
          failed(err.message + "（离线包可能不完整，请重新解压）");
        });
      }
      boot.parts.forEach(function (part) { if (big.indexOf(part) < 0) load(part); });
      // read back and checked against their sums here (kept.js checkKept: ~12 ms of this
      // thread's time, in two tasks), while the worker runs Pyodide's scripts; the worker
      // gets the two buffers (transferred, not copied). What fails its sums is deleted,
      // and the start takes the files.
      keptGet(readKept && keptNoted(key) ? key : null).then(function (hit) {
        return hit ? checkKept(hit).then(function (got) {
          if (!got) {
            early.keptWhy = KEPT_BAD;
            keptNote(null);
            keptClear();
          }
          return got;
        }) : null;
      }).then(function (got) {
        if (early.worker !== worker) return;
        if (got) worker.postMessage({ type: "kept", wasm: got.wasm, snapshot: got.snapshot }, [got.wasm, got.snapshot]);
        else big.forEach(load);
      });
    }).catch(function (err) { failed(err.message || String(err)); });
  }

  // ---------------------------------------------------------------- the theme, later

  /* The theme's script waits (handbook/theme/main.html writes it as a held tag that
     handbook.js loads): on this page the calculator gets the CPU first. Released when
     the calculator has answered or failed, when the reader turns to the search box, or
     by handbook.js's own time limit. */
  function releasePage() {
    if (early.released) return;
    early.released = true;   // handbook.js looks here if it runs later
    if (window.handbookTheme) window.handbookTheme.load();
  }
  function onSearchIntent(event) {
    var t = event.target;
    if (event.type === "keydown" ? /^[/sSfF]$/.test(event.key || "") : t && t.closest && t.closest(".md-search, [for=__search]")) {
      releasePage();
    }
  }
  document.addEventListener("focusin", onSearchIntent, true);
  document.addEventListener("pointerdown", onSearchIntent, true);
  document.addEventListener("keydown", onSearchIntent, true);

  if (!early.missing.length) launch();
  else releasePage();
})();
