/* The calculator page's controller (loaded by calculator pages only; plain handbook pages
   never load Pyodide).

   Python runs in a Web Worker (worker.js) that start.js started from the page's <head>
   (over http a same-origin worker that fetches the runtime's files itself; from disk a
   data: URL worker fed by the page); this file takes it over, shows its progress and
   failures, and sends it the form's input. The form is generated at build time
   from the calculator's declared fields (handbook/calculator_pages.py). The form's values
   live in the URL fragment, so a result can be linked and reopened, offline too. */
(function () {
  "use strict";

  var root = document.getElementById("calc");
  if (!root) return;
  var NAME = root.getAttribute("data-calc");
  var TITLE = root.getAttribute("data-title") || document.title;
  var SITE = new URL(root.getAttribute("data-root") || "../", location.href);
  var config = window.handbookCalcConfig || {};   // tests shorten the time limits
  var START_TIMEOUT_MS = config.startTimeoutMs || 90000;  // give up on a start that takes longer
  var STALL_TIMEOUT_MS = config.stallTimeoutMs || 30000;  // ... or that reports nothing this long
  var DEBOUNCE_MS = 250;
  var BREAKDOWN_OPEN = 200;   // a longer breakdown (a big table's) is shown folded

  var form = document.getElementById("calc-form");
  var statusBox = document.getElementById("calc-status");
  var resultBox = document.getElementById("calc-result");
  var fallback = document.getElementById("calc-fallback");
  var fields = Array.prototype.slice.call(form.querySelectorAll(".calc-field"));
  var byKey = {};
  fields.forEach(function (f) { byKey[f.getAttribute("data-key")] = f; });

  var api = window.handbookCalc = {
    name: NAME, state: "idle", requested: 0, rendered: 0, lastResponse: null,
    lastInput: null, readyMs: null, firstResultAt: null, error: null,
    linkPending: false,  // the input's link is not yet in the address bar (see flushLink)
    marks: {},   // performance.now() of each step of the start, for bench/bench.py
    workerStep: null,    // the worker's last finished step of the start (its marks)
    workerErrors: [],    // each error event of a worker: its fields and the step before it
    compute: function () { updateVisibility(); return computeNow(true); },
    values: function () { return formValues(); },
    fill: function (values) { applyValues(values); },
    input: function () { return inputJSON(formValues()); },
    call: function (name, payload) { return callPython(name, payload); },
    cellText: function (v) { return cellText(v); },
  };

  var debounceTimer = null;
  var watchdog = null;
  var lastHeard = 0;
  var startedAt = 0;

  // ------------------------------------------------------------------ the form

  function control(field) { return field.querySelector("[name]"); }

  function kindOf(field) { return field.getAttribute("data-kind"); }

  /* A field's value as Python's applies() compares it (str() of the typed value). */
  function conditionValue(key, visible) {
    var f = byKey[key];
    if (!f || !visible[key]) return "None";
    var el = control(f);
    if (kindOf(f) === "bool") return el.checked ? "True" : "False";
    return el.value.trim();
  }

  /* show_if: a field applies only while the fields it names hold one of the listed
     values. Repeated until stable: a condition on a hidden field reads "None". */
  function updateVisibility() {
    var visible = {};
    fields.forEach(function (f) { visible[f.getAttribute("data-key")] = true; });
    for (var round = 0; round < 10; round++) {
      var changed = false;
      fields.forEach(function (f) {
        var rule = f.getAttribute("data-show-if");
        if (!rule) return;
        var cond = JSON.parse(rule);
        var ok = Object.keys(cond).every(function (k) {
          return cond[k].indexOf(conditionValue(k, visible)) >= 0;
        });
        var key = f.getAttribute("data-key");
        if (visible[key] !== ok) { visible[key] = ok; changed = true; }
      });
      if (!changed) break;
    }
    fields.forEach(function (f) {
      var show = visible[f.getAttribute("data-key")];
      f.hidden = !show;
      control(f).disabled = !show;
    });
    // a choice's options that go with another field's value (choices_with: a procedure's
    // own milestones): the others hidden, the one chosen kept (the calculator says why not)
    Array.prototype.forEach.call(form.querySelectorAll("select[data-choices-with]"), function (sel) {
      var other = byKey[sel.getAttribute("data-choices-with")];
      var value = other && isVisible(other) ? control(other).value : "";
      Array.prototype.forEach.call(sel.options, function (o) {
        var w = o.getAttribute("data-with");
        o.hidden = !!value && w !== null && w.split(" ").indexOf(value) < 0 && o.value !== sel.value;
      });
    });
    // grid.js draws a table's columns by the form's choices (shown_with)
    form.dispatchEvent(new CustomEvent("calc:visibility"));
    return visible;
  }

  function isVisible(f) { return !f.hidden; }

  function setPath(obj, dotted, value) {
    var parts = dotted.split(".");
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof obj[parts[i]] !== "object" || obj[parts[i]] === null) obj[parts[i]] = {};
      obj = obj[parts[i]];
    }
    obj[parts[parts.length - 1]] = value;
  }

  /* The form as the page keeps it: dotted key -> text, visible fields only, blanks left
     out (the same shape as Calculator.form_values in Python). */
  function formValues() {
    var out = {};
    fields.forEach(function (f) {
      if (!isVisible(f)) return;
      var el = control(f);
      var key = f.getAttribute("data-key");
      if (kindOf(f) === "bool") { out[key] = el.checked ? "true" : "false"; return; }
      var text = kindOf(f) === "table" ? el.value : el.value.trim();
      if (text.trim() !== "") out[key] = text;
    });
    return out;
  }

  /* The input JSON: nested by dotted keys, booleans as booleans, the rest as text (the
     engine parses numbers as decimals and table text as tab-separated rows). */
  function inputJSON(values) {
    var obj = {};
    Object.keys(values).forEach(function (key) {
      var f = byKey[key];
      var v = values[key];
      if (f && kindOf(f) === "bool") v = v === "true";
      setPath(obj, key, v);
    });
    return obj;
  }

  // what a link or an example may write for a checkbox that is ticked: the grid's words
  // (grid.js, loaded before this file on every calculator page)
  var TRUE_WORDS = window.handbookTrueWords || ["true"];

  function setControl(f, text) {
    var el = control(f);
    var kind = kindOf(f);
    if (kind === "bool") { el.checked = TRUE_WORDS.indexOf(String(text).trim().toLowerCase()) >= 0; return; }
    if (kind === "choice") {
      var found = Array.prototype.some.call(el.options, function (o) { return o.value === text; });
      // a link written by hand with the choice's label (员额法官), as the engine takes it
      // (grid.js choiceOf: also the label without its remark in brackets)
      var choices = Array.prototype.filter.call(el.options, function (o) { return o.value !== ""; })
        .map(function (o) { return [o.value, o.textContent.trim()]; });
      var byLabel = found || !window.handbookChoiceOf ? undefined : window.handbookChoiceOf(choices, text);
      if (byLabel !== undefined) { text = byLabel; found = true; }
      if (!found && text !== "") {
        // a link made with other choices: keep the value so the engine can say what is wrong
        var opt = document.createElement("option");
        opt.value = text;
        opt.textContent = text + "（不是可选的值）";
        opt.setAttribute("data-invalid", "");
        el.appendChild(opt);
      }
    }
    el.value = text;
    if (kind === "table") el.dispatchEvent(new CustomEvent("calc:set"));   // grid.js reads it
  }

  function resetForm() {
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll("option[data-invalid]"), function (o) { o.remove(); });
    updateVisibility();
  }

  /* Fill the form from dotted key -> text (choices first: they decide what applies). */
  function applyValues(values) {
    resetForm();
    var keys = Object.keys(values).filter(function (k) { return byKey[k]; });
    keys.sort(function (a, b) {
      return (kindOf(byKey[a]) === "choice" ? 0 : 1) - (kindOf(byKey[b]) === "choice" ? 0 : 1);
    });
    keys.forEach(function (k) { setControl(byKey[k], values[k]); updateVisibility(); });
  }

  // ------------------------------------------------------------------ the URL fragment

  function readHash() {
    var h = location.hash.replace(/^#/, "");
    if (h.indexOf("=") < 0) return null;
    var params = new URLSearchParams(h);
    var out = {};
    var any = false;
    params.forEach(function (v, k) { if (byKey[k]) { out[k] = v; any = true; } });
    return any ? out : null;
  }

  function hashOf(values) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (k) { params.append(k, values[k]); });
    return "#" + params.toString();
  }

  function writeHash(values) {
    var h = hashOf(values);
    if (h === "#") h = "";
    if (location.hash === h) return;
    var url = location.href.split("#")[0] + h;
    try { history.replaceState(history.state, "", url); } catch (e) { /* some file:// setups */ }
  }

  // ------------------------------------------------------------------ status

  /* The status line: its nodes are made once and only their text changes (each message
     of the start would otherwise rebuild it, a style and layout pass each). While loading
     a bar shows the share of the runtime in: scaled (transform), so it needs no layout,
     and still, so it draws no frame between messages (a spinning icon drew one every
     16 ms on the main thread the start needs). */
  var statusParts = null;
  function setStatus(state, text, detail, share) {
    api.state = state;
    root.setAttribute("data-state", state);
    if (!statusParts) {
      statusBox.textContent = "";
      statusParts = { text: document.createElement("span"), detail: document.createElement("span"),
                      bar: document.createElement("span"), fill: document.createElement("span") };
      statusParts.detail.className = "calc-status-detail";
      statusParts.bar.className = "calc-status-bar";
      statusParts.bar.setAttribute("aria-hidden", "true");
      statusParts.bar.appendChild(statusParts.fill);
      statusBox.appendChild(statusParts.text);
      statusBox.appendChild(statusParts.detail);
      statusBox.appendChild(statusParts.bar);
    }
    var cls = "calc-status calc-status-" + state;
    if (statusBox.className !== cls) statusBox.className = cls;
    if (statusParts.text.textContent !== text) statusParts.text.textContent = text;
    if (statusParts.detail.textContent !== (detail || "")) statusParts.detail.textContent = detail || "";
    statusParts.detail.hidden = !detail;
    statusParts.bar.hidden = state !== "loading";
    statusParts.fill.style.transform = "scaleX(" + Math.max(0.02, Math.min(1, share || 0)) + ")";
  }

  function fail(reason, detail) {
    if (api.state === "failed") return;
    clearInterval(watchdog);
    if (early && early.worker) { try { early.worker.terminate(); } catch (e) { /* gone already */ } early.worker = null; }
    if (early && early.releasePage) early.releasePage();
    api.error = reason;
    setStatus("failed", "计算器无法启动：" + reason + "。", detail ||
      "请改用下方的计算规则手工计算，或在装有 Python 的电脑上用命令行计算（见下方）。"
      + "如使用的是旧版浏览器，请换用新版 Chrome、Edge、360 安全浏览器（极速模式）或 Firefox。");
    fallback.hidden = false;
    updateCommandLine();
    resultBox.setAttribute("data-state", "failed");
    resultBox.textContent = "";
  }

  function updateCommandLine() {
    var pre = document.getElementById("calc-cli-input");
    if (!pre) return;
    var values = formValues();
    if (!Object.keys(values).length) return;
    pre.textContent = JSON.stringify(inputJSON(values), null, 1);
  }

  // ------------------------------------------------------------------ starting Pyodide

  /* start.js (in the page's <head>) checked the browser and started the worker while the
     page was parsed; this page takes the worker over. */
  var UPGRADE = "请升级到 360安全浏览器 14 以上（极速模式）或 QQ浏览器 11.5 以上，或使用 Edge/Chrome 96 以上、"
    + "Firefox 100 以上的浏览器。下方仍可查看计算规则、依据的条文和命令行计算的方法。";

  /* window.__calcStart, or why there is none: a browser that cannot parse start.js (no
     class static blocks, as Pyodide's own scripts need) never ran it; a file that did not
     load is tried once more here. */
  function earlyStart() {
    if (window.__calcStart) return Promise.resolve(window.__calcStart);
    return new Promise(function (resolve) {
      var tag = document.createElement("script");
      tag.src = new URL("assets/calc/start.js", SITE).href;
      tag.onload = function () {
        resolve(window.__calcStart || { missing: ["新版 JavaScript 语法（class static 块）"] });
      };
      tag.onerror = function () {
        resolve({ missing: ["新版 JavaScript 语法（检查文件 assets/calc/start.js 未能加载）"] });
      };
      document.head.appendChild(tag);
    });
  }

  var LOADING_DETAIL = "正在加载 Python 运行环境，通常几秒钟。";
  var early = null;
  function start() {
    if (api.state !== "idle") return;
    startedAt = Date.now();
    lastHeard = startedAt;
    setStatus("loading", "正在启动计算器……", "正在检查浏览器……");
    earlyStart().then(function (got) {
      early = got;
      if (early.marks) Object.keys(early.marks).forEach(function (k) { api.marks[k] = early.marks[k]; });
      api.startAt = api.marks.start || performance.now();
      if (early.missing.length) {
        if (early.releasePage) early.releasePage();
        api.unsupported = early.missing;
        root.setAttribute("data-unsupported", early.missing.join("、"));
        return fail("本浏览器版本过旧，缺少 " + early.missing.join("、"), UPGRADE);
      }
      setStatus("loading", "正在启动计算器……", LOADING_DETAIL);
      watchdog = setInterval(function () {
        var now = Date.now();
        if (now - startedAt > START_TIMEOUT_MS) fail("启动超时（超过 " + START_TIMEOUT_MS / 1000 + " 秒）");
        else if (now - lastHeard > STALL_TIMEOUT_MS) fail("运行环境长时间没有响应（可能被浏览器或安全软件拦截）");
      }, 1000);
      early.listen(onWorkerMessage, onWorkerError);
      postEarly();
    });
  }

  var dying = null;   // a worker whose error reached the page: only its "fatal" counts now
  function onWorkerError(ev) {
    var mine = dying = early.worker;
    var where = ev && ev.filename ? " " + String(ev.filename).slice(0, 60) + ":" + ev.lineno : "";
    var text = "后台线程出错（" + (ev && ev.message || "原因不明") + where + "）";
    // what the event carried and how far the worker had got: a worker that dies without
    // a word (a plain Event, no message) is named by its last step in tests and bench
    api.workerErrors.push({ event: ev && ev.constructor && ev.constructor.name || typeof ev,
      message: ev && ev.message || null, filename: ev && ev.filename ? String(ev.filename).slice(0, 60) : null,
      line: ev && ev.lineno || null, after: api.workerStep, ms: Math.round(performance.now() - api.startAt) });
    // the worker reports its own errors with details ("fatal"); give that a moment
    setTimeout(function () {
      if (early.worker !== mine || api.state === "failed") return;
      // a worker that dies without a word is started once more before the page gives up
      if (api.state === "loading" && !api.retried) {
        api.retried = text;
        api.workerStep = null;
        early.launch();
        return;
      }
      fail(text);
    }, 300);
  }

  function onWorkerMessage(event) {
    var msg = event.data || {};
    lastHeard = Date.now();
    if (api.state === "failed") return;
    if (dying && dying === early.worker && msg.type !== "fatal" && msg.type !== "failed") return;
    if (msg.type === "step") {
      api.workerStep = msg.name;
    } else if (msg.type === "progress") {
      // a part that arrives after the start (the snapshot, when the ordinary start did
      // not wait for it) changes nothing: the calculator is ready
      if (api.state !== "loading") return;
      if (!api.marks.firstPart) api.marks.firstPart = performance.now();
      api.marks.lastPart = performance.now();
      var pct = msg.total ? Math.min(99, Math.round(100 * msg.loaded / msg.total)) : 0;
      setStatus("loading", "正在启动计算器…… " + pct + "%", LOADING_DETAIL, pct / 100);
    } else if (msg.type === "ready") {
      api.marks.ready = performance.now();
      api.workerMarks = msg.marks;
      api.path = msg.path;          // "snapshot" (the fast start) or "fallback"
      api.fastWhy = msg.why;        // why the fast start was not used
      api.kept = !!msg.kept;        // the runtime came from this browser's store (kept.js)
      api.keptWhy = msg.keptWhy || early.keptWhy || early.restarted || null;   // why what was kept was not used
      root.setAttribute("data-path", msg.path);
      clearInterval(watchdog);
      api.readyMs = Date.now() - startedAt;
      setStatus("ready", "计算器已就绪。", "修改输入后自动重新计算；也可点“计算”。");
      if (pendingRun) {
        var run = pendingRun;
        pendingRun = null;
        if (!(earlySent && earlySent.worker === early.worker && earlySent.id === run.id)) early.worker.postMessage(run);
      }
      else early.releasePage();   // the theme's script runs now (start.js held it)
    } else if (msg.type === "result") {
      if (calls[msg.id]) { calls[msg.id](msg.text); delete calls[msg.id]; return; }
      onResult(msg);
    } else if (msg.type === "fatal") {
      fail("Python 运行环境未能加载（" + msg.message + "）");
    } else if (msg.type === "failed") {   // start.js: a file of the runtime did not load
      fail(msg.message);
    }
  }

  // ------------------------------------------------------------------ computing

  var pendingRun = null;
  var lastExplicit = true;

  /* The first input, posted to the worker while it still loads: the worker holds it and
     answers it right after its "ready" (worker.js run), without waiting for this thread
     to take that message and post the input back (8-22 ms of a second visit, measured).
     One input per worker: one typed later waits for "ready" as before (the worker would
     answer every input it holds; the page shows only the latest). A worker started again
     (start.js restart, a worker that died) gets the latest input when it is ready. */
  var earlySent = null;
  function postEarly() {
    if (!pendingRun || !early || !early.worker || api.state !== "loading") return;
    if (earlySent && earlySent.worker === early.worker) return;
    earlySent = { worker: early.worker, id: pendingRun.id };
    early.worker.postMessage(pendingRun);
  }

  /* explicit: the button, a link; otherwise a recompute while typing, which does not
     flag the fields that are still empty as errors (it lists them instead). */
  var hashTimer = null;
  var pendingLink = null;
  var LINK_IDLE_MS = 250;
  function flushLink() {
    clearTimeout(hashTimer);
    if (pendingLink) writeHash(pendingLink);
    pendingLink = null;
    api.linkPending = false;
  }
  // a link not yet written when the page is left or hidden: now
  window.addEventListener("pagehide", flushLink);
  document.addEventListener("visibilitychange", function () { if (document.hidden) flushLink(); });

  function computeNow(explicit) {
    clearTimeout(debounceTimer);
    var t0 = performance.now();
    lastExplicit = explicit !== false;
    var values = formValues();
    // the link in the address bar: written once the input rests (LINK_IDLE_MS), not on
    // every recompute: each history.replaceState of the long URL costs the page's thread
    // ~2 ms and makes the browser ask the server for the page's icon again
    clearTimeout(hashTimer);
    pendingLink = values;
    api.linkPending = true;
    hashTimer = setTimeout(flushLink, LINK_IDLE_MS);
    var payload = JSON.stringify(inputJSON(values));
    api.requested += 1;
    api.lastInput = values;
    api.lastPayload = payload;
    var msg = { type: "run", id: api.requested, name: NAME, payload: payload };
    resultBox.setAttribute("data-pending", String(api.requested));
    if (api.state === "failed") { updateCommandLine(); return; }
    if (api.state !== "ready") {
      pendingRun = msg;
      postEarly();
      if (!api.rendered) showWaiting();
      return;
    }
    api.timing = { collect: performance.now() - t0, sent: performance.now() };
    early.worker.postMessage(msg);
  }

  /* Other calls to Python (grid.js: reading and writing files), in their own id space. */
  var calls = {};
  var callSeq = 0;
  function callPython(name, payload) {
    return new Promise(function (resolve, reject) {
      function send() {
        if (api.state === "failed") return reject(new Error("计算器未能启动（" + api.error + "）"));
        if (api.state !== "ready") return setTimeout(send, 100);
        var id = "call-" + (++callSeq);
        calls[id] = resolve;
        early.worker.postMessage({ type: "run", id: id, name: name, payload: payload });
      }
      send();
    });
  }

  function scheduleCompute() {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(function () { computeNow(false); }, DEBOUNCE_MS);
  }

  function showWaiting() {
    resultBox.setAttribute("data-state", "waiting");
    resultBox.textContent = "";
    var p = document.createElement("p");
    p.className = "calc-waiting";
    p.textContent = "计算器启动后将立即给出结果……";
    resultBox.appendChild(p);
  }

  /* A table's errors name its rows as the grid numbers them (grid.js rowNumbers). */
  function gridRowNumbers(errors) {
    var grids = window.handbookGrids || {};
    Object.keys(errors).forEach(function (k) {
      var grid = grids[k.split(".")[0]];
      if (grid && grid.rowNumbers) errors[k] = grid.rowNumbers(errors[k]);
    });
  }

  function onResult(msg) {
    if (msg.id !== api.requested) return;          // a newer input is on its way
    var t1 = performance.now();
    if (api.timing) api.timing.roundtrip = t1 - api.timing.sent;
    var response;
    try { response = JSON.parse(msg.text); } catch (e) {
      response = { ok: false, error: "计算器的输出无法读取", errors: {} };
    }
    api.lastResponse = response;
    api.lastMs = msg.ms;
    // (a copy: handbookCalc.lastResponse stays what the calculator answered)
    var errors = response.ok ? {} : Object.assign({}, response.errors || {});
    gridRowNumbers(errors);
    var missing = lastExplicit ? [] : blankFieldErrors(errors);
    missing.forEach(function (k) { delete errors[k]; });
    // while the reader is still filling in, only “请继续填写” below: no list of 必须填写 on top
    var stillFilling = missing.length && !Object.keys(errors).length;
    api.shownErrors = errors;   // what the fields show (grid.js marks its cells with these)
    showErrors(errors, response.ok || stillFilling ? "" : response.error);
    if (response.ok) renderResult(response.result);
    else if (response.partial) {
      renderResult(response.partial);
      resultBox.insertBefore(failureBox(response), resultBox.firstChild);
      resultBox.setAttribute("data-state", "partial");
    }
    else if (missing.length && !Object.keys(errors).length) renderIncomplete(missing);
    else renderFailure({ error: response.error, errors: errors });
    if (api.timing) api.timing.render = performance.now() - t1;
    api.rendered = msg.id;
    if (api.firstResultAt === null) { api.firstResultAt = performance.now(); early.releasePage(); }
    resultBox.setAttribute("data-seq", String(msg.id));
    root.dispatchEvent(new CustomEvent("calc:rendered", { detail: { id: msg.id, ok: response.ok } }));
  }

  // ------------------------------------------------------------------ errors next to fields

  /* The field an error key belongs to: the key itself, or the table it is a row of
     ("people.3.score" -> "people"); "" and unknown keys go to the top of the form. */
  function ownerOf(key) {
    if (byKey[key]) return key;
    var best = "";
    Object.keys(byKey).forEach(function (k) {
      if (key.indexOf(k + ".") === 0 && k.length > best.length) best = k;
    });
    return best;
  }

  /* Each field's error line and aria-invalid, changed only where they differ from what is
     shown: a recompute that gives the same errors touches no element (a table's form would
     otherwise be laid out again after every keystroke). */
  function showErrors(errors, general) {
    var want = new Map(), invalid = new Set();
    var keys = Object.keys(errors);
    keys.forEach(function (key) {
      var owner = ownerOf(key);
      var box = form.querySelector('.calc-error[data-error-for="' + cssEscape(owner) + '"]');
      if (!box) return;
      if (!want.has(box)) want.set(box, []);
      want.get(box).push([key, errors[key]]);
      if (owner && byKey[owner]) invalid.add(control(byKey[owner]));
    });
    var top = form.querySelector('.calc-error[data-error-for=""]');
    if (!keys.length && general && top) want.set(top, general);
    Array.prototype.forEach.call(form.querySelectorAll(".calc-error"), function (box) {
      var lines = want.get(box) || [];
      var shown = JSON.stringify(lines);
      if (box.handbookShown === shown) return;
      box.handbookShown = shown;
      box.textContent = "";
      if (typeof lines === "string") box.textContent = lines;   // the general message
      else lines.forEach(function (kv) {
        var line = document.createElement("span");
        line.className = "calc-error-line";
        line.setAttribute("data-key", kv[0]);
        line.textContent = kv[1];
        box.appendChild(line);
      });
      box.hidden = !lines.length;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      if (!invalid.has(el)) el.removeAttribute("aria-invalid");
    });
    invalid.forEach(function (el) {
      if (el.getAttribute("aria-invalid") !== "true") el.setAttribute("aria-invalid", "true");
    });
  }

  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, "\\$&"); }

  // ------------------------------------------------------------------ rendering a result

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* An article of the result, linked to the version of its regulation in force on the
     result's 计算基准日 / 考核年度 (data-versions: handbook/calculator_pages.py
     cited_versions), not always to today's text. */
  var VERSIONS = JSON.parse(root.getAttribute("data-versions") || "{}");
  function resultDay(r) {
    var day = null;
    (r.summary || []).forEach(function (p) {
      if (p[0] === "计算基准日" && /^\d{4}-\d\d-\d\d$/.test(p[1])) day = p[1];
      var y = p[0] === "考核年度" && /^(\d{4})/.exec(p[1]);
      if (y) day = y[1] + "-12-31";
    });
    return day;
  }
  function articleHref(article, day) {
    var list = VERSIONS[article.regulation];
    if (!list || !day) return article.href;
    var chosen = null;
    list.forEach(function (v) { if (v[0] === null || v[0] <= day) chosen = v; });
    if (!chosen || chosen === list[list.length - 1]) return article.href;
    return "../regulations/" + chosen[1] + (article.anchor ? "#" + encodeURIComponent(article.anchor) : "");
  }

  function link(href, text, cls) {
    var a = el("a", cls, text);
    a.href = href;
    return a;
  }

  /* Errors on fields the reader has not filled in yet (while typing). */
  function blankFieldErrors(errors) {
    return Object.keys(errors).filter(function (key) {
      var f = byKey[key];
      return f && kindOf(f) !== "bool" && control(f).value.trim() === "";
    });
  }

  function renderIncomplete(keys) {
    resultBox.setAttribute("data-state", "incomplete");
    resultBox.textContent = "";
    var labels = keys.map(function (k) { return byKey[k].getAttribute("data-label"); });
    resultBox.appendChild(el("p", "calc-incomplete", "请继续填写：" + labels.join("、") + "。填完后自动计算。"));
  }

  function renderFailure(response) {
    resultBox.setAttribute("data-state", "error");
    resultBox.textContent = "";
    resultBox.appendChild(failureBox(response));
  }

  /* A table mode's bad rows: the good rows' result is shown under this box. */
  function failureBox(response) {
    var box = el("div", "calc-input-errors");
    box.appendChild(el("p", "calc-input-errors-title", response.partial
      ? "以下各行有错误，未计算（表中标红）；其余 " + response.partial.count + " 行的结果见下方："
      : "请更正输入后再计算："));
    var ul = el("ul");
    var errors = response.errors || {};
    var keys = Object.keys(errors);
    if (!keys.length) ul.appendChild(el("li", null, response.error || "输入有误"));
    keys.forEach(function (k) { ul.appendChild(el("li", null, errors[k])); });
    box.appendChild(ul);
    return box;
  }

  function renderResult(r) {
    var day = resultDay(r);
    resultBox.setAttribute("data-state", "ok");
    resultBox.textContent = "";
    resultBox.appendChild(el("h2", "calc-result-title", "计算结果"));

    var summary = el("dl", "calc-summary");
    (r.summary || []).forEach(function (pair) {
      var item = el("div", "calc-summary-item");
      item.appendChild(el("dt", null, pair[0]));
      item.appendChild(el("dd", null, pair[1]));
      summary.appendChild(item);
    });
    resultBox.appendChild(summary);

    var readingsById = {};
    (r.readings || []).forEach(function (rd) { readingsById[rd.id] = rd; });

    if ((r.breakdown || []).length) {
      resultBox.appendChild(el("h3", null, "计算过程"));
      var ol = el("ol", "calc-breakdown");
      var fillSteps = function () { r.breakdown.forEach(function (line) {
        var li = el("li");
        li.appendChild(el("span", "calc-line-label", line.label));
        if (line.amount !== null && line.amount !== undefined) {
          li.appendChild(el("span", "calc-line-amount", line.amount));
        }
        if (line.article) {
          var cite = el("span", "calc-line-cite");
          cite.appendChild(document.createTextNode("依据："));
          cite.appendChild(link(articleHref(line.article, day), line.article.label, "calc-article"));
          li.appendChild(cite);
        }
        if (line.reading && readingsById[line.reading]) {
          var rr = el("span", "calc-line-reading");
          rr.appendChild(document.createTextNode("理解："));
          rr.appendChild(link("#calc-reading-" + line.reading, readingsById[line.reading].title));
          li.appendChild(rr);
        }
        ol.appendChild(li);
      }); };
      if (r.breakdown.length <= BREAKDOWN_OPEN) {
        fillSteps();
        resultBox.appendChild(ol);
      } else {
        // a whole table's steps (hundreds of lines): built when opened, not on every keystroke
        var more = el("details", "calc-breakdown-more");
        more.appendChild(el("summary", null, "展开全部 " + r.breakdown.length + " 个计算步骤"));
        more.appendChild(ol);
        more.addEventListener("toggle", function () { if (more.open && !ol.firstChild) fillSteps(); });
        resultBox.appendChild(more);
      }
    }

    if (r.table && r.table.rows && r.table.rows.length) {
      resultBox.appendChild(el("h3", null, "明细表"));
      var wrap = el("div", "calc-table-wrap");
      var table = el("table", "calc-table");
      var thead = el("thead");
      var hr = el("tr");
      r.table.columns.forEach(function (c) { hr.appendChild(el("th", null, c[1])); });
      thead.appendChild(hr);
      table.appendChild(thead);
      var tbody = el("tbody");
      r.table.rows.forEach(function (row) {
        var tr = el("tr");
        r.table.columns.forEach(function (c) { tr.appendChild(el("td", null, cellText(row[c[0]]))); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      wrap.appendChild(table);
      resultBox.appendChild(wrap);
    }

    if ((r.readings || []).length) {
      resultBox.appendChild(el("h3", null, "本次计算采用的理解"));
      var rl = el("div", "calc-readings");
      r.readings.forEach(function (rd) {
        var box = el("div", "reading calc-reading");
        box.id = "calc-reading-" + rd.id;
        box.appendChild(el("strong", null, rd.title));
        box.appendChild(document.createTextNode("："));
        box.appendChild(document.createTextNode(rd.text + " "));
        var more = el("span", "calc-reading-links");
        if (rd.article) more.appendChild(link(articleHref(rd.article, day), rd.article.label));
        more.appendChild(document.createTextNode(" · "));
        more.appendChild(link(rd.href, "编校说明"));
        box.appendChild(more);
        rl.appendChild(box);
      });
      resultBox.appendChild(rl);
    }

    if ((r.warnings || []).length) {
      resultBox.appendChild(el("h3", null, "提示"));
      var wl = el("ul", "calc-warnings");
      r.warnings.forEach(function (w) { wl.appendChild(el("li", null, w)); });
      resultBox.appendChild(wl);
    }

    var tools = el("div", "calc-tools");
    tools.appendChild(button("复制结果", "calc-copy", function (b) { copyText(resultText(r), b); }));
    tools.appendChild(button("复制链接", "calc-copy-link", function (b) { flushLink(); copyText(location.href, b); }));
    if (r.table && r.table.rows && r.table.rows.length) {
      // a table calculator's export is its table's (every input and result column, the
      // 合计 row: calculators/table.py export_rows); the result table alone otherwise
      tools.appendChild(button("导出 CSV（Excel）", "calc-csv", function () {
        var grids = window.handbookGrids || {}, keys = Object.keys(grids);
        if (keys.length === 1) grids[keys[0]].exportAs("csv");
        else downloadCSV(r.table);
      }));
    }
    tools.appendChild(button("打印计算单", "calc-print", function () {
      if (window.handbookSheet) window.handbookSheet.print(r); else window.print();
    }));
    resultBox.appendChild(tools);
  }

  function cellText(v) {
    if (v === null || v === undefined) return "";
    if (v === true) return "是";
    if (v === false) return "否";
    if (Array.isArray(v)) return v.map(cellText).join("；");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function button(text, cls, onclick) {
    var b = el("button", "md-button " + cls, text);
    b.type = "button";
    b.addEventListener("click", function () { onclick(b); });
    return b;
  }

  // ------------------------------------------------------------------ copy, CSV

  function resultText(r) {
    var out = [TITLE, ""];
    out.push("输入：");
    // as the calculator read them (4350.00 元, not “4,350元 元” as typed): engine.shown_inputs
    (r.inputs || []).forEach(function (p) { out.push("  " + p[0] + "：" + p[1]); });
    fields.forEach(function (f) {   // a table as the form holds it (the result lists its rows)
      var key = f.getAttribute("data-key");
      var v = api.lastInput && api.lastInput[key];
      if (isVisible(f) && kindOf(f) === "table" && v !== undefined) out.push("  " + f.getAttribute("data-label") + "：\n" + v);
    });
    out.push("", "结果：");
    (r.summary || []).forEach(function (p) { out.push("  " + p[0] + "：" + p[1]); });
    if ((r.breakdown || []).length) {
      out.push("", "计算过程：");
      r.breakdown.forEach(function (line, i) {
        var s = "  " + (i + 1) + ". " + line.label;
        if (line.amount !== null && line.amount !== undefined) s += "：" + line.amount;
        if (line.article) s += "（" + line.article.label + "）";
        out.push(s);
      });
    }
    if (r.table && r.table.rows && r.table.rows.length) {
      out.push("", "明细：");
      out.push(r.table.columns.map(function (c) { return c[1]; }).join("\t"));
      r.table.rows.forEach(function (row) {
        out.push(r.table.columns.map(function (c) { return cellText(row[c[0]]); }).join("\t"));
      });
    }
    if ((r.readings || []).length) {
      out.push("", "采用的理解：");
      r.readings.forEach(function (rd) { out.push("  " + rd.title + "：" + rd.text); });
    }
    if ((r.warnings || []).length) {
      out.push("", "提示：");
      r.warnings.forEach(function (w) { out.push("  " + w); });
    }
    out.push("", "链接：" + location.href);
    return out.join("\n");
  }

  function copyText(text, btn) {
    function done(ok) {
      var old = btn.getAttribute("data-text") || btn.textContent;
      btn.setAttribute("data-text", old);
      btn.textContent = ok ? "已复制" : "复制失败，请手工选择复制";
      setTimeout(function () { btn.textContent = old; }, 1500);
    }
    function legacy() {
      var ta = el("textarea");
      ta.value = text;
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      ta.remove();
      done(ok);
    }
    api.copied = text;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, legacy);
    } else {
      legacy();
    }
  }

  function csvCell(v) {
    var s = cellText(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /* CSV for Excel: a UTF-8 byte order mark (else Excel reads Chinese as GBK), CRLF. */
  function csvText(table) {
    var lines = [table.columns.map(function (c) { return csvCell(c[1]); }).join(",")];
    table.rows.forEach(function (row) {
      lines.push(table.columns.map(function (c) { return csvCell(row[c[0]]); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  api.csvText = csvText;

  function downloadCSV(table) {
    var blob = new Blob([csvText(table)], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = TITLE + "-结果.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // ------------------------------------------------------------------ wiring

  form.addEventListener("submit", function (ev) { ev.preventDefault(); computeNow(true); });
  form.addEventListener("input", function () { updateVisibility(); scheduleCompute(); });
  form.addEventListener("change", function () { updateVisibility(); scheduleCompute(); });
  document.getElementById("calc-reset").addEventListener("click", function () {
    resetForm();
    showErrors({}, "");
    pendingLink = {};          // an empty link now, and no pending one after it
    flushLink();
    resultBox.textContent = "";
    resultBox.setAttribute("data-state", "empty");
  });
  Array.prototype.forEach.call(form.querySelectorAll("[data-example-for]"), function (b) {
    b.addEventListener("click", function () {
      var f = byKey[b.getAttribute("data-example-for")];
      // a page's own table: the example's other inputs too (人员类别, 奖金标准), where the
      // form has none yet, so that the example answers; a one-person form keeps its own
      var others = JSON.parse(b.getAttribute("data-example-form") || "{}");
      Object.keys(others).forEach(function (k) {
        var g = byKey[k];
        if (g && kindOf(g) !== "bool" && isVisible(g) && control(g).value.trim() === "") {
          setControl(g, others[k]);
          updateVisibility();
        }
      });
      setControl(f, b.getAttribute("data-example"));
      scheduleCompute();
    });
  });
  window.addEventListener("hashchange", function () {
    var values = readHash();
    if (values) { applyValues(values); computeNow(true); }
  });

  var initial = readHash();
  if (initial) applyValues(initial); else updateVisibility();
  if (initial) computeNow(true);

  // start.js started the runtime already; take it over now
  setStatus("idle", "正在准备计算器……");
  start();
})();
