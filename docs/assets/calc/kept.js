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

/* Keeps the two (Blobs, or bytes made into Blobs) and their sums (worker.js sum32: the
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
