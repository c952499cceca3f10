/* The runtime kept in this browser, for the next visit (issue 12: a second visit).

   After a start from the snapshot, the wasm and the snapshot as Pyodide takes them
   (inflated: 8.6 + 21 MB) are kept in IndexedDB as two Blobs, under a key made of the
   names of the files they came from (content-hashed, so a new build's runtime is a new
   key; storing it deletes the old one). The next visit reads them back (~35 ms for the
   30 MB) instead of fetching and inflating 6.4 MB of gzip (~0.15 s of CPU on a helper
   thread here, more on an old PC). The kept bytes go through the same checks as fetched
   ones (build id, length, magic number, the probe example after the restore); if a start
   from them fails, they are deleted and the worker is started once more, from the files.

   The build puts this file at the top of worker.js (over http the worker keeps and reads
   the runtime itself) and of start.js (from disk the page does it: a data: URL worker has
   no storage; it posts the Blobs, which cost nothing to post). Storage that is missing,
   refused (a private window, a policy), full or slower than KEPT_WAIT_MS (it answers in
   5-30 ms; only a visit whose page noted a kept runtime asks) is not used:
   the start goes on from the files, as without it. */
var KEPT_DB = "handbook-calculators", KEPT_STORE = "runtime", KEPT_WAIT_MS = 1000;
// why a kept runtime was not used, when it did not read back or match its sums (checkKept)
var KEPT_BAD = "kept runtime unreadable or not matching its sums";

/* The key of the runtime a manifest (boot.js) describes, per path: the names of the files
   the wasm and the snapshot come from (content-hashed). */
function keptKey(boot, path) {
  if (!boot || !boot.snapshot) return null;
  if (path === "http") {
    var f = boot.http && boot.http.files;
    return f && f.wasm && f.snapshot ? "http:" + f.wasm.file + "," + f.snapshot.file : null;
  }
  var big = (boot.parts || []).filter(function (p) { return p.asset === "wasm" || p.asset === "snapshot"; });
  return big.length ? "file:" + big.map(function (p) { return p.file; }).join(",") : null;
}

/* fn(store) inside one transaction of mode; resolves with the value of the request it
   returns, once the transaction has completed. */
function keptTransaction(mode, fn) {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(KEPT_DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(KEPT_STORE); };
    open.onblocked = function () { reject(new Error("storage blocked")); };
    open.onerror = function () { reject(open.error); };
    open.onsuccess = function () {
      var db = open.result;
      try {
        var tx = db.transaction(KEPT_STORE, mode);
        var request = fn(tx.objectStore(KEPT_STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error || new Error("transaction aborted")); };
      } catch (err) {
        db.close();
        reject(err);
      }
    };
  });
}

/* {wasm: Blob, snapshot: Blob, sums} kept under key, or null (none, no storage, too slow). */
function keptGet(key) {
  if (typeof indexedDB === "undefined" || !key) return Promise.resolve(null);
  var get = keptTransaction("readonly", function (store) { return store.get(key); }).then(function (value) {
    return value && value.wasm instanceof Blob && value.snapshot instanceof Blob && value.sums ? value : null;
  }, function () { return null; });
  var late = new Promise(function (resolve) { setTimeout(resolve, KEPT_WAIT_MS, null); });
  return Promise.race([get, late]);
}

/* Keeps the two (Blobs, or bytes made into Blobs) and their sums (sum32, below: the
   store has no checksum of its own) under key, alone. Never throws. */
function keptPut(key, wasm, snapshot, sums) {
  if (typeof indexedDB === "undefined" || !key || !sums) return Promise.resolve(false);
  var value = { wasm: wasm instanceof Blob ? wasm : new Blob([wasm]),
                snapshot: snapshot instanceof Blob ? snapshot : new Blob([snapshot]), sums: sums };
  return keptTransaction("readwrite", function (store) {
    store.clear();
    store.put(value, key);
  }).then(function () { return true; }, function () { return false; });
}

function keptClear() {
  if (typeof indexedDB === "undefined") return Promise.resolve(false);
  return keptTransaction("readwrite", function (store) { store.clear(); })
    .then(function () { return true; }, function () { return false; });
}

/* {wasm, snapshot} (ArrayBuffers) if both Blobs read back and match their sums, else null.
   The two sums in tasks of their own: from disk the page checks (start.js), on its own
   thread, while the worker runs Pyodide's scripts. onWasm(buffer), if given, is called
   with the wasm once it has matched its sum, before the snapshot is summed. */
function checkKept(hit, onWasm) {
  return Promise.all([hit.wasm.arrayBuffer(), hit.snapshot.arrayBuffer()]).then(function (got) {
    var sums = hit.sums || {};
    if (sum32(new Uint8Array(got[0])) !== sums.wasm) return null;
    if (onWasm) onWasm(got[0]);
    return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
      return sum32(new Uint8Array(got[1])) === sums.snapshot ? { wasm: got[0], snapshot: got[1] } : null;
    });
  }, function () { return null; });
}

/* A Fletcher-style sum of the bytes, kept with them: the store has no checksum of its
   own, and a kept byte gone bad must not reach Python. Four interleaved 32-bit lanes
   (each a running sum and a sum of those), so that the loop is not one chain of
   dependent additions: ~12 ms for the 30 MB, where one lane took ~35 ms. */
function sum32(bytes) {
  var n = bytes.byteLength >> 4, a0 = 1, a1 = 1, a2 = 1, a3 = 1, b0 = 0, b1 = 0, b2 = 0, b3 = 0, i, j;
  var w = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, n << 2)
    : new Int32Array(bytes.slice(0, n << 4).buffer);
  for (i = 0, j = 0; i < n; i++, j += 4) {
    a0 = (a0 + w[j]) | 0; b0 = (b0 + a0) | 0;
    a1 = (a1 + w[j + 1]) | 0; b1 = (b1 + a1) | 0;
    a2 = (a2 + w[j + 2]) | 0; b2 = (b2 + a2) | 0;
    a3 = (a3 + w[j + 3]) | 0; b3 = (b3 + a3) | 0;
  }
  for (i = n << 4; i < bytes.byteLength; i++) { a0 = (a0 + bytes[i]) | 0; b0 = (b0 + a0) | 0; }
  return [a0, a1, a2, a3, b0, b1, b2, b3].map(function (x) { return (x >>> 0).toString(16); }).join(":") +
    ":" + bytes.byteLength;
}
