/* The calculator worker: Pyodide and the calculators package, off the page's main thread.

Started by start.js on calculator pages only (calc.js takes its messages over). The runtime arrives as "parts" in the embed
format written by handbook/pyodide_assets.py (a head object and a JSON string literal):
  - over http (mode "fetch") this worker fetches the assets as plain gzip files (the
    manifest's "http": asset.<hash>.bin), all at once, and inflates each as it downloads
    (DecompressionStream); a browser without DecompressionStream fetches the part files
    below instead (read as data: no eval; the wasm's, gzip, inflated by gunzip());
  - from disk (mode "push", file://, where a worker can fetch nothing) the page loads the
    part files as classic scripts and posts each part here.

Two ways to start Python from those parts:
  - fast ("snapshot"): the memory of a runtime that had already started and imported the
    calculators, made at build time (handbook/pyodide_fast.py), restored with Pyodide's
    private `_loadSnapshot` option. Checked first: the runtime's BUILD_ID, the gzip
    checksum, the length, the magic number; after the restore one example is run and
    must give the answer the build recorded. Random state is reseeded after the restore.
  - ordinary ("fallback"): loadPyodide as usual, then the calculators are imported. Taken
    when the snapshot is missing, corrupt, made for another runtime, refused by the
    browser (no DecompressionStream, the restore throws) or turned off (init.fast false).
Both use the same trimmed, bytecode-compiled stdlib and the same wasm.

Messages in:  {type:"init", mode, siteURL, bootURL | boot, name, fast}   (boot: assets/pyodide/boot.js)
              {type:"part", head, data}            (mode "push")
              {type:"missing", asset, file}        (mode "push": an optional part failed to load)
              {type:"kept", wasm, snapshot, sums}  (mode "push": the page's kept runtime, Blobs; kept.js)
              {type:"run", id, name, payload}      (payload: JSON text of the input)
Messages out: {type:"progress", loaded, total}
              {type:"step", name}                   (a step of the start is done: marks[name])
              {type:"ready", ms, version, path, why, marks}   (path: "snapshot" | "fallback")
              {type:"result", id, text, ms}         (text: calculators.web.handle's answer)
              {type:"fatal", message}
              {type:"keep", key, wasm, snapshot, sums}   (mode "push": Blobs for the page to keep)
              {type:"stored", key}                  (mode "fetch": kept; the page notes the key)
              {type:"dropped"}                      (mode "fetch": what was kept was bad and is
                                                     deleted; the page forgets its note)
              {type:"restart", why}                 (the start from the kept runtime failed:
                                                     the page deletes it and starts a new worker)
*/
"use strict";

var t0 = Date.now();
var assets = {};          // name -> {head, have, parts, data (Uint8Array | string[]), done}
var waiting = {};         // name -> [[resolve, reject]]
var absent = {};          // name -> why an optional asset cannot be had
var optionalAssets = [];  // from the manifest: assets the worker can start without
var failed = null;
var loadedBytes = 0;
var totalBytes = 0;
var handle = null;        // calculators.web.handle (a PyProxy)
var queue = [];           // runs that came before Python was ready
var marks = {};           // ms since the worker started, per step (bench/bench.py reads them)
function mark(name) {
  marks[name] = Date.now() - t0;
  self.postMessage({ type: "step", name: name });   // the page names it if the worker dies
}

function fatal(err) {
  if (failed) return;
  failed = String(err && err.message || err);
  self.postMessage({ type: "fatal", message: failed });
}

function decodeInto(target, offset, b64) {
  if (typeof target.setFromBase64 === "function") {
    target.subarray(offset).setFromBase64(b64);
    return;
  }
  if (typeof Uint8Array.fromBase64 === "function") {
    target.set(Uint8Array.fromBase64(b64), offset);
    return;
  }
  var bin = atob(b64);
  for (var i = 0; i < bin.length; i++) target[offset + i] = bin.charCodeAt(i);
}

/* One part of an asset: the chunk files call this (importScripts is not used, but the
   name is the same on both paths), or onmessage hands it over. */
function ingest(head, data) {
  var a = assets[head.asset];
  if (!a) {
    a = assets[head.asset] = { head: head, have: 0, seen: {},
      data: head.kind === "base64" ? new Uint8Array(head.total) : new Array(head.parts) };
  }
  if (a.seen[head.part]) return;
  a.seen[head.part] = true;
  if (head.kind === "base64") decodeInto(a.data, head.offset, data);
  else a.data[head.part] = data;
  if (head.asset === "wasm" && head.encoding === "gzip") feedGzipWasm(a, head);
  a.have += 1;
  loadedBytes += data.length;
  self.postMessage({ type: "progress", loaded: loadedBytes, total: totalBytes });
  if (a.have === head.parts) {
    if (head.encoding === "gzip") return inflateAsset(head.asset, a);
    mark(head.asset);
    a.done = head.kind === "base64" ? a.data : a.data.join("");
    (waiting[head.asset] || []).forEach(function (w) { w[0](a.done); });
    delete waiting[head.asset];
  }
}

/* A gzip asset whose parts are all in: inflated (by the stream fed meanwhile, else at
   once: DecompressionStream, or gunzip() below where the browser has none), then given
   to whoever waits. */
function inflateAsset(name, a) {
  (a.inflating || inflateBytes(a.data)).then(function (bytes) {
    mark(name);
    a.done = bytes;
    a.data = null;
    (waiting[name] || []).forEach(function (w) { w[0](a.done); });
    delete waiting[name];
  }).catch(function (err) {
    var why = "文件已损坏，无法解压（" + String(err && err.message || err) + "）";
    if (optionalAssets.indexOf(name) >= 0) missing(name, why);
    else fatal(why);
  });
}

/* The wasm is compiled while its parts still arrive (as the stock loader's streaming fetch
   would): `compiled` is what Pyodide's instantiate is then handed (startPython). */
var wasmFeed = { next: 0, ready: {}, writer: null, compiled: null };

/* Whole gzip bytes inflated: by the browser (DecompressionStream), else by gunzip(). */
function inflateBytes(bytes) {
  if (typeof DecompressionStream !== "function") return Promise.resolve().then(function () { return gunzip(bytes); });
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer()
    .then(function (buffer) { return new Uint8Array(buffer); });
}

/* The wasm as gzip parts (from disk): each part, in order, into a DecompressionStream
   whose output is compiled as it comes (compileStreaming) and kept (the snapshot's XOR
   and a plain instantiate need the bytes). Without DecompressionStream the bytes are
   inflated once all are in (inflateAsset). */
function feedGzipWasm(a, head) {
  if (typeof DecompressionStream !== "function") return;
  try {
    if (!wasmFeed.writer) {
      var inflate = new DecompressionStream("gzip");
      wasmFeed.writer = inflate.writable.getWriter();
      var both = inflate.readable.tee();
      if (typeof WebAssembly.compileStreaming === "function") {
        wasmFeed.compiled = WebAssembly.compileStreaming(
          new Response(both[0], { headers: { "Content-Type": "application/wasm" } }));
        wasmFeed.compiled.then(function () { mark("wasm compiled"); }, function () {});
      } else {
        both[0].cancel();
      }
      a.inflating = new Response(both[1]).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
    }
    wasmFeed.ready[head.part] = head;
    while (wasmFeed.ready[wasmFeed.next]) {
      var h = wasmFeed.ready[wasmFeed.next];
      wasmFeed.writer.write(a.data.slice(h.offset, h.offset + h.bytes)).catch(function () {});
      delete wasmFeed.ready[wasmFeed.next];
      wasmFeed.next += 1;
    }
    if (wasmFeed.next === head.parts) wasmFeed.writer.close().catch(function () {});
  } catch (err) {
    console.warn("streaming inflate abandoned: " + err);   // inflateAsset takes over
    a.inflating = null;
    wasmFeed.compiled = null;
  }
}

/* gzip inflated in plain JS (RFC 1951/1952), for a browser without DecompressionStream
   (Firefox before 113): slow next to the browser's own, but only there. Checks the
   length the gzip trailer records. */
var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
  2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
var CLORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
function gunzip(src) {
  if (src.length < 18 || src[0] !== 0x1f || src[1] !== 0x8b || src[2] !== 8) throw new Error("不是 gzip 数据");
  var flags = src[3], pos = 10;
  if (flags & 4) pos += 2 + (src[pos] | src[pos + 1] << 8);
  if (flags & 8) while (src[pos++]) { /* file name */ }
  if (flags & 16) while (src[pos++]) { /* comment */ }
  if (flags & 2) pos += 2;
  var n = src.length;
  var size = (src[n - 4] | src[n - 3] << 8 | src[n - 2] << 16 | src[n - 1] << 24) >>> 0;
  var out = new Uint8Array(size), op = 0, bitbuf = 0, bitcnt = 0;
  function bits(need) {
    while (bitcnt < need) {
      if (pos >= n) throw new Error("数据不完整");
      bitbuf |= src[pos++] << bitcnt;
      bitcnt += 8;
    }
    var v = bitbuf & ((1 << need) - 1);
    bitbuf >>>= need;
    bitcnt -= need;
    return v;
  }
  function table(lengths, count) {   // canonical Huffman: codes per length, symbols in order
    var h = { count: new Uint16Array(16), symbol: new Uint16Array(count) }, offs = new Uint16Array(16), i;
    for (i = 0; i < count; i++) h.count[lengths[i]]++;
    h.count[0] = 0;
    for (i = 1; i < 16; i++) offs[i] = offs[i - 1] + h.count[i - 1];
    for (i = 0; i < count; i++) if (lengths[i]) h.symbol[offs[lengths[i]]++] = i;
    return h;
  }
  function decode(h) {
    var code = 0, first = 0, index = 0;
    for (var len = 1; len < 16; len++) {
      code |= bits(1);
      var count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error("编码无效");
  }
  var fixedLit = null, fixedDist = null, last;
  do {
    last = bits(1);
    var type = bits(2), i, lit, dist;
    if (type === 0) {
      bitbuf = 0;
      bitcnt = 0;
      var len = src[pos] | src[pos + 1] << 8;
      if ((len ^ 0xffff) !== (src[pos + 2] | src[pos + 3] << 8) || pos + 4 + len > n) throw new Error("存储块无效");
      out.set(src.subarray(pos + 4, pos + 4 + len), op);
      pos += 4 + len;
      op += len;
      continue;
    }
    if (type === 1) {
      if (!fixedLit) {
        var l = new Uint8Array(288);
        for (i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        fixedLit = table(l, 288);
        fixedDist = table(new Uint8Array(30).fill(5), 30);
      }
      lit = fixedLit;
      dist = fixedDist;
    } else if (type === 2) {
      var nlit = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4;
      var cl = new Uint8Array(19);
      for (i = 0; i < ncode; i++) cl[CLORDER[i]] = bits(3);
      var clTable = table(cl, 19), lengths = new Uint8Array(nlit + ndist), at = 0;
      while (at < nlit + ndist) {
        var sym = decode(clTable);
        if (sym < 16) { lengths[at++] = sym; continue; }
        var value = 0, rep;
        if (sym === 16) {
          if (!at) throw new Error("长度重复无效");
          value = lengths[at - 1];
          rep = 3 + bits(2);
        } else rep = sym === 17 ? 3 + bits(3) : 11 + bits(7);
        if (at + rep > nlit + ndist) throw new Error("长度过多");
        while (rep--) lengths[at++] = value;
      }
      lit = table(lengths.subarray(0, nlit), nlit);
      dist = table(lengths.subarray(nlit), ndist);
    } else throw new Error("块类型无效");
    for (;;) {
      var s = decode(lit);
      if (s < 256) { out[op++] = s; continue; }
      if (s === 256) break;
      s -= 257;
      if (s >= 29) throw new Error("长度码无效");
      var length = LBASE[s] + bits(LEXT[s]);
      var d = decode(dist);
      if (d >= 30) throw new Error("距离码无效");
      var back = DBASE[d] + bits(DEXT[d]);
      if (back > op) throw new Error("距离过远");
      for (var k = 0; k < length; k++, op++) out[op] = out[op - back];
    }
  } while (!last);
  if (op !== size) throw new Error("解压后的长度不符");
  return out;
}
self.__pyodideEmbed = ingest;

/* An asset that arrived whole (the http path): as ingest() does for the last part. */
function provide(name, value, size) {
  var a = assets[name] = { done: value };
  loadedBytes += size || 0;
  self.postMessage({ type: "progress", loaded: loadedBytes, total: totalBytes });
  mark(name);
  (waiting[name] || []).forEach(function (w) { w[0](a.done); });
  delete waiting[name];
}

/* Over http: every asset fetched at once as a gzip file (the manifest's "http"),
   inflated as it downloads. The two big ones (the wasm and the snapshot: 6.4 MB in, 30 MB
   out) are fetched and inflated by a helper, this same file started as a nested worker
   (#role=inflate), so that this thread meanwhile runs Pyodide's scripts; without nested
   workers, or if the helper fails, here. A required asset that fails is fatal; the
   snapshot (optional) only closes the fast path. */
var snapshotXored = false;
function fetchFiles(http, dir, xor, askKept) {
  var wanted = Object.keys(http.files).filter(function (asset) { return !absent[asset]; });
  var big = wanted.filter(function (asset) { return asset === "wasm" || asset === "snapshot"; });
  wanted.forEach(function (asset) { if (big.indexOf(asset) < 0) fetchHere(http, dir, asset); });
  if (!big.length) return;
  function fromFiles() {
    var helped = inflateElsewhere(http, dir, big, xor);
    big.forEach(function (asset) { if (helped.indexOf(asset) < 0) fetchHere(http, dir, asset); });
    return helped.length ? helperStarted : null;
  }
  if (!askKept || big.length !== 2) {
    helperFetching = Promise.resolve().then(fromFiles);
    return;
  }
  // the big two from this browser's store when it has them (kept.js), else from the files
  var kept = keptElsewhere(keepKey);
  helperFetching = kept.started;   // Pyodide's scripts run once the helper has its job
  useKept(kept.got).then(function (ok) {
    if (ok) return;
    // what was kept is deleted: the page forgets its note (start.js), so that the next
    // visit does not ask the store for it, unless this start keeps a good copy again
    if (keptFound) self.postMessage({ type: "dropped" });
    var files = keptFound ? keptClear().then(fromFiles) : Promise.resolve().then(fromFiles);
    // the scripts wait for the files' helper too, if they have not run yet
    helperFetching = files;
  });
}

/* The wasm and the snapshot from the Blobs kept by an earlier visit (kept.js): as they
   were handed to Pyodide then (inflated, the snapshot whole), read and checked against
   the sums kept with them (sum32). `checked` resolves with {wasm, snapshot} (ArrayBuffers)
   or null; false then, and nothing of them is used (the start takes the files). */
var keptUsed = false;
var keptFound = false; // the store had an entry (it is deleted when it is not used)
var keptWhy = null;    // why what was kept was not used
var assetBytes = {};   // what each asset counts for in the progress (its file's or parts' size)
function useKept(checked) {
  return checked.then(function (got) {
    if (!got) {
      keptWhy = keptWhy || KEPT_BAD;
      return false;
    }
    keptUsed = true;
    snapshotInflated = snapshotXored = true;
    mark("kept");
    receiveFile("wasm", got.wasm, assetBytes.wasm, got.module);
    provide("snapshot", new Uint8Array(got.snapshot), assetBytes.snapshot);
    return true;
  });
}

/* Over http: the kept runtime under key read from the store and checked (checkKept) by
   the helper (#role=inflate), which hands the two buffers over (transfer), while this
   thread runs Pyodide's scripts; the helper is started at once and opens the store
   itself, so that its start and the store's answer overlap. Without nested workers,
   here. {started: resolved once the helper has its job, got: {wasm, snapshot} or null}. */
function keptElsewhere(key) {
  function here() {
    return keptGet(key).then(function (hit) { return found(hit) ? checkKept(hit) : null; });
  }
  function found(hit) {
    keptFound = !!hit;
    if (!hit) keptWhy = "kept runtime not found, or not read within " + KEPT_WAIT_MS + " ms";
    return hit;
  }
  var helper;
  try {
    // the key in its URL: the helper reads the store as it starts. A message posted to it
    // now would reach it only once this thread is free, after Pyodide's scripts have run
    helper = typeof Worker === "function"
      ? new Worker(self.location.href.split("#")[0] + "#role=inflate&kept=" + encodeURIComponent(key)) : null;
  } catch (err) {
    helper = null;
  }
  if (!helper) return { started: Promise.resolve(), got: here() };
  var begun;
  var started = helperStarted = new Promise(function (resolve) { begun = resolve; setTimeout(resolve, 500); });
  var got = new Promise(function (resolve) {
    helper.onmessage = function (event) {
      var m = event.data || {};
      if (m.up) { begun(); return; }   // reading the store already
      helper.terminate();
      found(m.found);
      resolve(m.kept || null);
    };
    helper.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      begun();
      helper.terminate();
      here().then(resolve);
    };
  });
  return { started: started, got: got };
}

/* The helper's side of keptElsewhere. The wasm is compiled here too, while the snapshot
   is summed, and the module handed over with the bytes: the worker would compile it only
   once Pyodide's module has been made (its thread is busy until then), and then wait for
   it (~20 ms of a second visit; the instance then takes ~10 ms longer: README, step 3). A
   compile that fails here is left to the worker (which fails the start and says why). */
function keptHelp(key) {
  var compiling = null;
  keptGet(key).then(function (hit) {
    if (!hit) return { found: false, kept: null };
    return checkKept(hit, function (wasm) {
      compiling = WebAssembly.compile(wasm).catch(function () { return null; });
    }).then(function (got) {
      return got && compiling ? compiling.then(function (module) { got.module = module; return got; }) : got;
    }).then(function (got) { return { found: true, kept: got }; });
  }).then(function (m) {
    var buffers = m.kept ? [m.kept.wasm, m.kept.snapshot] : [];
    try {
      self.postMessage(m, buffers);
    } catch (err) {   // a browser that will not hand a module over: the bytes alone
      delete m.kept.module;
      self.postMessage(m, buffers);
    }
  });
}

function fetchHere(http, dir, asset) {
  var f = http.files[asset];
  fetchInflated(dir + f.file, f.file).then(function (buffer) {
    receiveFile(asset, buffer, f.bytes);
  }).catch(function (err) { fileFailed(asset, f.file, err); });
}

function fileFailed(asset, file, err) {
  var why = String(err && err.message || err);
  if (optionalAssets.indexOf(asset) >= 0) missing(asset, why);
  else fatal(why.indexOf(file) >= 0 ? why : "无法读取文件 " + file + "（" + why + "）");
}

function fetchInflated(url, file) {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error("找不到文件 " + file + "（HTTP " + r.status + "）");
    return inflated(r.body);
  }, function () {
    throw new Error("无法读取文件 " + file + "（网络中断？）");
  }).then(function (stream) {
    return new Response(stream).arrayBuffer();
  });
}

/* Resolved once the helper has started its downloads (or is not coming): this thread then
   runs Pyodide's scripts (~0.1 s of one task). A nested worker starts, and gets the
   messages posted to it before it started, only when this thread is free: were the
   scripts run first, the helper's downloads would wait for them. */
var helperFetching = Promise.resolve();
var helperStarted = null;

/* The helper: returns the assets it took over. */
function inflateElsewhere(http, dir, big, xor) {
  if (typeof Worker !== "function") return [];
  var helper;
  try {
    helper = new Worker(self.location.href.split("#")[0] + "#role=inflate");
  } catch (err) {
    return [];
  }
  var fetching;
  helperStarted = new Promise(function (resolve) {
    fetching = resolve;
    setTimeout(resolve, 500);   // a helper that does not answer is not waited for longer
  });
  var job = { type: "inflate", xor: xor,
    jobs: big.map(function (asset) { return { asset: asset, url: dir + http.files[asset].file, file: http.files[asset].file }; }) };
  var left = big.slice();
  function done(asset) {
    left = left.filter(function (a) { return a !== asset; });
    if (!left.length) helper.terminate();
  }
  helper.onmessage = function (event) {
    var m = event.data || {};
    if (m.up) { helper.postMessage(job); return; }     // posted now: delivered at once
    if (m.fetching) { fetching(); return; }
    if (left.indexOf(m.asset) < 0) return;
    if (m.error) fileFailed(m.asset, http.files[m.asset].file, m.error);
    else {
      if (m.asset === "snapshot") snapshotXored = !!m.xored;
      receiveFile(m.asset, m.data, http.files[m.asset].bytes);
    }
    done(m.asset);
  };
  helper.onerror = function (event) {   // the helper died: what it had not sent, here
    if (event && event.preventDefault) event.preventDefault();
    fetching();
    left.splice(0).forEach(function (asset) { fetchHere(http, dir, asset); });
    helper.terminate();
  };
  return big;
}

/* The helper's side (#role=inflate): fetch, inflate, put the snapshot's data segment back
   (it has both), hand each over (transferred). */
function inflateJobs(msg) {
  var x = msg.xor;
  var wantsWasm = msg.jobs.some(function (j) { return j.asset === "wasm"; });
  var seg = null;          // the wasm's data segment (kept: the wasm itself is handed over)
  var snapshot = null;
  var wasmFailed = false;
  function send(out, buffer) { self.postMessage(out, [buffer]); }
  function sendSnapshot() {
    if (!snapshot) return;
    if (x && wantsWasm && !seg && !wasmFailed) return;   // waits for the wasm
    var buffer = snapshot;
    snapshot = null;
    var xored = false;
    if (x && seg) {
      try {
        var whole = unsparse(new Uint8Array(buffer));
        unxor(whole, seg, { wasm_offset: 0, length: x.length, snapshot_offset: x.snapshot_offset });
        buffer = whole.buffer;
        xored = true;
      } catch (err) {
        self.postMessage({ asset: "snapshot", error: String(err.message || err) });
        return;
      }
    }
    send({ asset: "snapshot", data: buffer, xored: xored }, buffer);
  }
  var requests = msg.jobs.map(function (job) { return fetchInflated(job.url, job.file); });
  self.postMessage({ fetching: true });
  msg.jobs.forEach(function (job, i) {
    requests[i].then(function (buffer) {
      if (job.asset === "wasm") {
        if (x && x.wasm_offset + x.length <= buffer.byteLength) {
          seg = new Uint8Array(buffer, x.wasm_offset, x.length).slice();
        }
        wasmFailed = !seg;
        send({ asset: "wasm", data: buffer }, buffer);
      } else {
        snapshot = buffer;
      }
      sendSnapshot();
    }).catch(function (err) {
      self.postMessage({ asset: job.asset, error: String(err && err.message || err) });
      if (job.asset === "wasm") { wasmFailed = true; sendSnapshot(); }
    });
  });
}

/* The body inflated as it arrives; one that is not gzip (a server that sent the file with
   Content-Encoding: gzip, so the browser inflated it already) passes as it is. */
function inflated(body) {
  var reader = body.getReader();
  return reader.read().then(function (first) {
    var head = first.value || new Uint8Array(0);
    var rest = new ReadableStream({
      start: function (c) { if (first.done) c.close(); else c.enqueue(head); },
      pull: function (c) {
        return reader.read().then(function (r) { if (r.done) c.close(); else c.enqueue(r.value); });
      },
    });
    var gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    return gzip ? rest.pipeThrough(new DecompressionStream("gzip")) : rest;
  });
}

/* One whole asset, inflated (the http path). */
var TEXT_ASSETS = { loader: true, lock: true, calculators: true };   // asm: kept as bytes (runScript)
var snapshotInflated = false;
function receiveFile(asset, buffer, size, module) {
  var bytes = new Uint8Array(buffer);
  if (TEXT_ASSETS[asset]) return provide(asset, new TextDecoder().decode(bytes), size);
  if (asset === "asm") return provide(asset, bytes, size);
  if (asset === "wasm") {
    // (module: compiled by the helper from these bytes, keptHelp)
    wasmFeed.compiled = module instanceof WebAssembly.Module ? Promise.resolve(module) : WebAssembly.compile(bytes);
    wasmFeed.compiled.then(function () { mark("wasm compiled"); }, function () {});
  }
  if (asset === "snapshot") snapshotInflated = true;
  provide(asset, bytes, size);
}

function need(name) {
  var a = assets[name];
  if (a && a.done !== undefined) return Promise.resolve(a.done);
  if (absent[name]) return Promise.reject(new Error(absent[name]));
  return new Promise(function (resolve, reject) { (waiting[name] = waiting[name] || []).push([resolve, reject]); });
}

/* An optional asset (the snapshot) that cannot be had: whoever waits for it moves on. */
function missing(name, why) {
  if (absent[name]) return;
  absent[name] = why;
  (waiting[name] || []).forEach(function (w) { w[1](new Error(why)); });
  delete waiting[name];
}

/* Run a JS source (a string, or its UTF-8 bytes as they came over http: no decoding and
   encoding again of Pyodide's 1 MB script, ~15 ms) as a classic script of this worker (a
   blob URL it makes itself works in http, blob: and data: workers alike); eval as the last
   resort. */
function runScript(source, name) {
  var url = null;
  try {
    url = URL.createObjectURL(new Blob([source, "\n//# sourceURL=" + name], { type: "text/javascript" }));
    importScripts(url);
  } catch (err) {
    (0, eval)(typeof source === "string" ? source : new TextDecoder().decode(source));
  } finally {
    if (url) URL.revokeObjectURL(url);
  }
}

/* Over http: fetch every part file at once and read it as data. A required part that
   fails is fatal; an optional one (the snapshot) only closes the fast path. */
function fetchParts(base, parts, optional) {
  return Promise.all(parts.map(function (part) {
    var file = part.file;
    return fetch(base + file).then(function (r) {
      if (!r.ok) throw new Error("找不到文件 " + file + "（HTTP " + r.status + "）");
      return r.text();
    }, function () {
      throw new Error("无法读取文件 " + file + "（网络中断？）");
    }).then(function (text) {
      var nl1 = text.indexOf("\n");
      var nl2 = text.indexOf("\n", nl1 + 1);
      var head = JSON.parse(text.slice("__pyodideEmbed(".length, nl1 - 1));
      var literal = text.slice(nl1 + 1, nl2);
      ingest(head, head.kind === "base64" ? literal.slice(1, -1) : JSON.parse(literal));
    }).catch(function (err) {
      if (optional.indexOf(part.asset) < 0) throw err;
      missing(part.asset, err.message);
    });
  }));
}

async function start(init) {
  var boot = init.boot || self.__calcBoot;   // the build puts the manifest at the top of this file
  if (!boot) {
    try {
      importScripts(init.bootURL);
    } catch (err) {
      throw new Error("找不到文件 assets/pyodide/boot.js");
    }
    boot = self.__calcBoot;
  }
  if (!boot || !boot.parts) throw new Error("运行环境清单损坏（assets/pyodide/boot.js）");
  totalBytes = boot.bytes;
  var optional = optionalAssets = boot.optional || [];
  var dir = new URL(boot.dir, init.siteURL).href;
  if (init.fast === false) {
    optional.forEach(function (name) { missing(name, "turned off"); });
    boot.parts.forEach(function (p) { if (absent[p.asset]) totalBytes -= p.size; });
  }
  var files = init.mode === "fetch" && boot.http && typeof DecompressionStream === "function"
    && typeof ReadableStream === "function";
  boot.parts.forEach(function (p) { assetBytes[p.asset] = (assetBytes[p.asset] || 0) + p.size; });
  if (files) {
    totalBytes = boot.http.bytes;
    Object.keys(boot.http.files).forEach(function (a) { assetBytes[a] = boot.http.files[a].bytes; });
    // the store is read when the page says it holds this runtime (kept=1), and written
    // only where a fast start is possible
    keepKey = init.fast !== false && typeof keptKey === "function" ? keptKey(boot, "http") : null;
    var asked = init.kept === true && typeof keptGet === "function" && !!keepKey;
    fetchFiles(boot.http, new URL(boot.http.dir, init.siteURL).href, boot.snapshot && boot.snapshot.xor, asked);
  } else {
    keepKey = init.keptKey || null;   // from disk: the page keeps the runtime (kept.js)
    if (init.mode === "fetch") {
      var wanted = boot.parts.filter(function (p) { return !absent[p.asset]; });
      fetchParts(dir, wanted, optional).catch(fatal);
    }
  }
  init.indexURL = dir;

  var loaderSource = await need("loader");
  runScript(loaderSource, "pyodide.js");
  var asmSource = await need("asm");
  await helperFetching;
  runScript(asmSource, "pyodide.asm.js");
  mark("scripts run");
  if (typeof self.loadPyodide !== "function" || typeof self._createPyodideModule !== "function") {
    throw new Error("Pyodide 的脚本没有定义 loadPyodide / _createPyodideModule");
  }
  var lock = await need("lock");
  var runtimeId = (/BUILD_ID:"([0-9a-f]+)"/.exec(loaderSource) || [])[1];
  var sources = JSON.parse(await need("calculators"));
  var pyodide = null;
  var path = "fallback";
  var why = null;
  try {
    // Pyodide's own start (~50 ms of this thread before it asks for the wasm's instance)
    // runs while the snapshot still arrives: it needs only its length until the restore
    var snapshot = snapshotSoon(boot.snapshot, runtimeId);
    snapshot.ready.then(function (bytes) {
      mark("snapshot ready");
      if (!keptUsed && keepKey) {   // for the next visit (keepSoon)
        toKeep = { snapshot: bytes, wasm: null };
        need("wasm").then(function (wasm) { toKeep.wasm = wasm; }, function () {});
      }
    }, function () {});
    pyodide = await startPython(init, lock, snapshot);
    snapshot = null;
    mark("snapshot restored");
    prepare(pyodide, sources, init.name, boot.snapshot);
    path = "snapshot";
  } catch (err) {
    why = String(err && err.message || err);
    if (keptUsed) {   // the kept runtime may be what failed: the page deletes it, starts again
      self.postMessage({ type: "restart", why: "kept runtime: " + why });
      return;
    }
    if (why !== "turned off") console.warn("calculator fast start not used: " + why);
    pyodide = null;
    handle = null;
  }
  if (!pyodide) {
    pyodide = await startPython(init, lock, null);
    mark("pyodide loaded");
    prepare(pyodide, sources, init.name, null);
  }
  mark("calculators imported");
  // drop the big buffers: Pyodide has copied what it needs
  assets = {};
  self.postMessage({ type: "ready", ms: Date.now() - t0, version: pyodide.version, path: path, why: why,
                     marks: marks, kept: keptUsed, keptWhy: keptWhy });
  // (set before the inputs held are answered: the first answer's run() schedules it)
  if (path === "snapshot" && toKeep) keepSoon(init.mode, toKeep);
  toKeep = null;
  queue.splice(0).forEach(run);
  warmSoon(pyodide, init.name);
}

/* After the first answer, while the reader reads it: the page's own examples, then each
   with every other value of the choices that shape the form (web.warm_payloads: the
   岗位 switched with another 岗位's table in, as a reader does), run once each, one per
   task, their answers dropped, so that V8 has compiled the wasm's code on their paths
   before the reader's own edits take them. A path's first run costs more:
   trial-quality-team's first switch to a role took 17-23 ms in the worker, later ones
   2-9 ms; with the examples alone the bench's edits (a role with another role's table)
   still met first runs (warm p95 33 ms; 16 ms once they had all run). A reader's run
   waits for one of these at most (2-20 ms); the warming stops at the first sign of
   trouble. */
var WARM_AFTER_MS = 400, WARM_EVERY_MS = 30;
function warmSoon(pyodide, name) {
  if (!handle || !name) return;
  var payloads;
  try {
    payloads = JSON.parse(pyodide.pyimport("calculators.web").warm_payloads(name));
  } catch (err) {
    return;
  }
  function next() {
    if (sourcesLater) sourcesLater();   // no answer asked for yet: the sources go in now
    if (!payloads.length) return;
    try {
      handle(name, payloads.shift());
    } catch (err) {
      return;
    }
    setTimeout(next, WARM_EVERY_MS);
  }
  setTimeout(next, WARM_AFTER_MS);
}

/* The runtime this start used, kept for the next visit (kept.js), just after the first
   answer has gone out (the sums and the Blobs' copies take ~60 ms of this thread), or 2 s
   after the start if no answer is asked for. Over http here; from disk by the page (this
   data: worker has no storage). The page then notes the key (localStorage), so that the
   next visit reads the store only when it has something: a first visit does not wait
   for it. */
var keepKey = null, toKeep = null, keeping = null;
function keepSoon(mode, keep) {
  keeping = function () {
    keeping = null;
    if (!keep.wasm || !keep.snapshot) return;
    var sums = { wasm: sum32(keep.wasm), snapshot: sum32(keep.snapshot) };
    if (mode === "fetch") {
      if (typeof keptPut !== "function") return;
      keptPut(keepKey, keep.wasm, keep.snapshot, sums).then(function (ok) {
        if (ok) self.postMessage({ type: "stored", key: keepKey });
      });
      return;
    }
    self.postMessage({ type: "keep", key: keepKey, wasm: new Blob([keep.wasm]), snapshot: new Blob([keep.snapshot]),
                       sums: sums });
  };
  setTimeout(function () { if (keeping) keeping(); }, 2000);
}

/* The snapshot to come: {bytes: its length, ready: a promise of the checked bytes
   (snapshotBytes), value: those bytes once there}. Throws at once where no snapshot can be
   had. */
function snapshotSoon(info, runtimeId) {
  if (!info) throw new Error("this build has no snapshot");
  if (!runtimeId || info.build_id !== runtimeId) throw new Error("snapshot made for another runtime");
  if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream in this browser");
  if (absent.snapshot) throw new Error(absent.snapshot);
  var soon = { bytes: info.bytes, value: null, ready: snapshotBytes(info, runtimeId) };
  soon.ready.then(function (bytes) { soon.value = bytes; }, function () {});
  return soon;
}

/* The snapshot's bytes, checked: made for this very runtime (its BUILD_ID), complete (the
   gzip checksum and the length), in the expected format; then the data-segment region is
   XORed back with the wasm's data segment (handbook/pyodide_fast.py). Rejects otherwise. */
async function snapshotBytes(info, runtimeId) {
  var got = await need("snapshot");
  var raw = got;
  if (!snapshotInflated) raw = await inflateBytes(got);   // the parts' paths: gzip bytes
  if (!snapshotXored) raw = unsparse(raw);   // the helper has done both
  if (raw.length !== info.bytes || raw.length % 4) throw new Error("snapshot has the wrong length");
  var head = new Uint32Array(raw.buffer, 0, 12);
  if (head[0] !== 0x706e7300) throw new Error("snapshot has the wrong magic number");
  var id = Array.prototype.map.call(head.subarray(4, 12), function (x) { return x.toString(16).padStart(8, "0"); }).join("");
  if (id !== runtimeId) throw new Error("snapshot header names another runtime");
  if (!snapshotXored) unxor(raw, await need("wasm"), info.xor);
  return raw;
}

/* The shipped snapshot without its pages of zeros (handbook/pyodide_fast.py sparse()):
   magic "HBSP", length, page size, page count (u32 each), a bitmap of the pages
   present, those pages. Returns the whole memory image (the zero pages are free). */
function unsparse(bytes) {
  if (bytes.length < 16 || bytes[0] !== 72 || bytes[1] !== 66 || bytes[2] !== 83 || bytes[3] !== 80) {
    throw new Error("snapshot is not in the expected format");
  }
  var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  var total = dv.getUint32(4, true), page = dv.getUint32(8, true), pages = dv.getUint32(12, true);
  if (!page || pages !== Math.ceil(total / page)) throw new Error("snapshot has the wrong length");
  var pos = 16 + ((pages + 7) >> 3);
  var out = new Uint8Array(total);
  for (var i = 0; i < pages; i++) {
    if (bytes[16 + (i >> 3)] & (1 << (i & 7))) {
      var start = i * page, n = Math.min(page, total - start);
      if (pos + n > bytes.length) throw new Error("snapshot has the wrong length");
      out.set(bytes.subarray(pos, pos + n), start);
      pos += n;
    }
  }
  if (pos !== bytes.length) throw new Error("snapshot has the wrong length");
  return out;
}

/* The data-segment region of the snapshot XORed back with the wasm's data segment
   (handbook/pyodide_fast.py). */
function unxor(raw, wasm, x) {
  if (x.wasm_offset + x.length > wasm.length || x.snapshot_offset + x.length > raw.length) {
    throw new Error("snapshot does not fit this wasm");
  }
  // word by word where the snapshot's region is aligned (it is: 4-byte pages), on a copy
  // of the segment (aligned too), then the few bytes left
  var seg = wasm.slice(x.wasm_offset, x.wasm_offset + x.length);
  var start = raw.byteOffset + x.snapshot_offset;
  var words = start % 4 === 0 ? x.length >> 2 : 0;
  if (words) {
    var a = new Uint32Array(raw.buffer, start, words), b = new Uint32Array(seg.buffer, 0, words);
    for (var w = 0; w < words; w++) a[w] ^= b[w];
  }
  var region = raw.subarray(x.snapshot_offset, x.snapshot_offset + x.length);
  for (var i = words * 4; i < region.length; i++) region[i] ^= seg[i];
}

/* The snapshot as Pyodide 0.29 takes it before it starts (loadPyodide's prepareSnapshot:
   a typed array, for its length) while its bytes are still on their way: a view that
   answers with the length from the manifest, and, once fill(bytes) has been called, with
   those bytes for what the restore reads (API.restoreSnapshot: buffer, byteOffset,
   byteLength, subarray). No 21 MB buffer of its own, no copy. Read before it is filled
   (not possible: startPython gives the instance back only after) it throws, and the start
   falls back; a later Pyodide that read it otherwise would fail the snapshot's magic
   number, and fall back too (test_fast_start: the intact snapshot is used). */
function snapshotLater(length) {
  var bytes = null;
  class Later extends Uint8Array {
    get length() { return bytes ? bytes.length : length; }
    get buffer() { return bytes.buffer; }
    get byteOffset() { return bytes.byteOffset; }
    get byteLength() { return bytes.byteLength; }
    subarray(begin, end) { return bytes.subarray(begin, end); }
  }
  return { view: new Later(0), fill: function (got) { bytes = got; } };
}

/* loadPyodide from the embedded parts (fetch of the wasm and the stdlib answered from
   them), restored from `snapshot` (snapshotSoon) when given. Pyodide takes the snapshot
   before it starts and reads it only once the wasm is instantiated (its restore): a
   snapshot still on its way is handed over as a view its bytes fill (snapshotLater)
   before the instance is given back. */
async function startPython(init, lock, snapshot) {
  var wasmURL = new URL("pyodide.asm.wasm", init.indexURL).href;
  var stdlibURL = new URL("python_stdlib.zip", init.indexURL).href;
  var realFetch = self.fetch;
  var realInstantiateStreaming = WebAssembly.instantiateStreaming;
  var PRECOMPILED = {};
  self.fetch = function (input, options) {
    var href = String(input && input.url ? input.url : input);
    // (the module compiled meanwhile, once all the bytes are in; or those bytes)
    if (href === wasmURL) return need("wasm").then(function (bytes) {
      if (wasmFeed.compiled) return PRECOMPILED;
      return new Response(bytes, { headers: { "Content-Type": "application/wasm" } });
    });
    if (href === stdlibURL) return need("stdlib").then(function (bytes) {
      return new Response(bytes, { headers: { "Content-Type": "application/zip" } });
    });
    return realFetch.call(self, input, options);
  };
  // Pyodide instantiates what it fetched: hand it the module compiled meanwhile. An
  // instantiation that fails (out of memory on an old PC) Pyodide only logs, and waits for
  // ever: it fails the start here instead (instantiateFailed, raced below)
  var failInstantiate;
  var instantiateFailed = new Promise(function (resolve, reject) { failInstantiate = reject; });
  instantiateFailed.catch(function () {});
  function instantiated(attempt) {
    return attempt.catch(function (err) {
      failInstantiate(new Error("WebAssembly 模块无法实例化（" + String(err && err.message || err) +
                                "；可能是浏览器可用内存不足，请关闭其他标签页后重试）"));
      throw err;
    });
  }
  var filled = Promise.resolve();   // the snapshot's bytes are behind what Pyodide was given
  var given = null;
  if (snapshot) {
    given = snapshot.value;
    if (!given) {
      var later = snapshotLater(snapshot.bytes);
      given = later.view;
      filled = snapshot.ready.then(later.fill);
    }
  }
  WebAssembly.instantiateStreaming = function (source, imports) {
    // a snapshot that did not come (or failed its checks) fails this start with its
    // reason, once Emscripten has come this far: it is left waiting here for ever (no
    // fallback of its own, nothing of it running beside the start that follows)
    var parked = filled.catch(function (err) { failInstantiate(err); return new Promise(function () {}); });
    return Promise.all([source, parked]).then(function (got) {
      var response = got[0];
      mark("instantiate asked");
      if (response !== PRECOMPILED) return instantiated(realInstantiateStreaming.call(WebAssembly, response, imports));
      return wasmFeed.compiled.then(function (module) {
        return instantiated(WebAssembly.instantiate(module, imports)).then(function (instance) {
          mark("instantiated");
          return { module: module, instance: instance };
        });
      }, function () {   // streaming compile refused: compile the bytes instead
        return need("wasm").then(function (bytes) { return instantiated(WebAssembly.instantiate(bytes, imports)); });
      });
    });
  };
  var options = {
    indexURL: init.indexURL,
    lockFileContents: lock,
    packageBaseUrl: init.indexURL,
    stdout: function () {},
    stderr: function (line) { console.warn(line); },
  };
  if (given) options._loadSnapshot = given;
  // a wasm that does not compile (kept bytes gone bad) would leave loadPyodide waiting
  // for ever (Emscripten's fallback fetch gets no Response): it fails the start instead
  var refused = need("wasm").then(function () { return wasmFeed.compiled; }).then(function () {
    return new Promise(function () {});
  }, function (err) {
    throw new Error("WebAssembly 模块无法编译（" + String(err && err.message || err) + "）");
  });
  try {
    return await Promise.race([self.loadPyodide(options), refused, instantiateFailed]);
  } finally {
    self.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiateStreaming;
  }
}

/* The calculators' files into the runtime's file system, then the package imported.
   After a restore (`snapshot`: the manifest's entry) the package is imported already,
   every module of it (the build imports them all before the snapshot: pyodide_prebuild.py
   exercise()), so only its data files (parameters, examples: read when asked) go in now,
   and its Python sources (for a traceback's lines only) once the first answer has gone
   out (sourcesLater). Then what the snapshot froze is reset (its after_restore code:
   random state reseeded), and one example run: its answer must be the one the build
   recorded. */
var HOME = "/home/pyodide/handbook";
var sourcesLater = null;   // a restored start's Python sources, written after the first answer
function writeSources(pyodide, sources, which) {
  var FS = pyodide.FS;
  // as bytes: Emscripten's own UTF-8 encoding of a string is ~10x slower (~20 ms here)
  var utf8 = typeof TextEncoder === "function" ? new TextEncoder() : null;
  Object.keys(sources).filter(which).forEach(function (rel) {
    var path = HOME + "/" + rel;
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, utf8 ? utf8.encode(sources[rel]) : sources[rel]);
  });
}
function isPython(rel) { return /\.py$/.test(rel); }
function prepare(pyodide, sources, name, snapshot) {
  var probe = snapshot && snapshot.probe;
  if (snapshot) {
    writeSources(pyodide, sources, function (rel) { return !isPython(rel); });
    sourcesLater = function () {
      sourcesLater = null;
      try { writeSources(pyodide, sources, isPython); } catch (err) { console.warn("calculator sources not written: " + err); }
    };
  } else {
    sourcesLater = null;   // (a restored start's, if this is the fallback after it)
    writeSources(pyodide, sources, function () { return true; });
  }
  pyodide.runPython(
    "import sys\n" +
    "if " + JSON.stringify(HOME) + " not in sys.path: sys.path.insert(0, " + JSON.stringify(HOME) + ")\n" +
    "import calculators, calculators.web\n" +
    (snapshot ? snapshot.after_restore : "") +
    (name ? "calculators.get(" + JSON.stringify(name) + ")\n" : ""));
  // what the snapshot's import worked out (the forms' limits, choices, help) stands for the
  // rules in force on the day it was made: an amendment in force since then needs an
  // import of today's (calculators/rules.py still_current)
  if (snapshot && !pyodide.runPython("calculators.rules.still_current()")) {
    throw new Error("the rules in force changed since the snapshot was made (an amendment took effect)");
  }
  handle = pyodide.pyimport("calculators.web").handle;
  if (probe && handle(probe.name, probe.payload) !== probe.answer) {
    throw new Error("the restored runtime answered the check case differently");
  }
}

function run(msg) {
  if (!handle) { queue.push(msg); return; }
  var started = performance.now();
  var text;
  try {
    text = handle(msg.name, msg.payload);
  } catch (err) {
    text = JSON.stringify({ ok: false, error: "计算出错：" + String(err && err.message || err), errors: {} });
  }
  self.postMessage({ type: "result", id: msg.id, text: text, ms: performance.now() - started });
  if (sourcesLater) setTimeout(function () { if (sourcesLater) sourcesLater(); }, 0);
  if (keeping) setTimeout(function () { if (keeping) keeping(); }, 100);
}

self.onmessage = function (event) {
  var msg = event.data || {};
  try {
    if (msg.type === "init") { if (!started) { started = true; start(msg).catch(fatal); } }
    else if (msg.type === "part") {
      try {
        ingest(msg.head, msg.data);
      } catch (err) {   // a damaged optional part only closes the fast path
        if (optionalAssets.indexOf(msg.head && msg.head.asset) < 0) throw err;
        missing(msg.head.asset, "damaged part: " + err.message);
      }
    }
    else if (msg.type === "missing") missing(msg.asset, "找不到文件 " + msg.file);
    else if (msg.type === "kept") {   // from disk: the page's kept runtime (checked there), instead of those parts
      useKept(Promise.resolve(msg.wasm && msg.snapshot ? { wasm: msg.wasm, snapshot: msg.snapshot } : null)).then(function (ok) {
        if (!ok) self.postMessage({ type: "restart", why: "kept runtime unreadable" });
      });
    }
    else if (msg.type === "run") run(msg);
  } catch (err) {
    fatal(err);
  }
};
// a worker's global onerror gets (message, source, line, column, error); returning true
// keeps the error from reaching the page without its details (a data: worker's are hidden)
self.onerror = function (message, source, line, column, error) {
  fatal((error && error.stack) || (message + " @" + line + ":" + column));
  return true;
};
self.onunhandledrejection = function (event) {
  var why = event.reason && (event.reason.stack || event.reason.message) || String(event.reason);
  if (handle) console.warn("unhandled rejection: " + why);   // running already: keep going
  else fatal("unhandled rejection: " + why);
};

/* Over http the worker starts at once, from its own URL (worker.js#name=NAME[&fast=0]):
   the page's "init" message would only arrive after the page's thread is free again
   (the theme's scripts keep it busy for ~0.2 s), and the manifest is at the top of this
   file. From disk the page posts "init" with the manifest. */
var started = false;
(function () {
  if (!self.__calcBoot || !/^https?:$/.test(self.location.protocol)) return;
  var opts = new URLSearchParams(self.location.hash.slice(1));
  if (opts.get("role") === "inflate") {   // the helper of fetchFiles
    started = true;
    if (opts.get("kept")) keptHelp(opts.get("kept"));   // keptElsewhere
    self.postMessage({ up: true });
    self.onmessage = function (event) {
      var msg = event.data || {};
      if (msg.type === "inflate") inflateJobs(msg);
    };
    return;
  }
  started = true;
  start({ type: "init", mode: "fetch", siteURL: new URL("../../", self.location.href).href,
          name: opts.get("name"), fast: opts.get("fast") !== "0", kept: opts.get("kept") === "1" }).catch(fatal);
})();
