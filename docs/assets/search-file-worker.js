/* The search's worker from disk (file://), off the page's thread.
 *
 * Opened from disk, a page cannot start a worker from a file (the browser refuses a
 * file:// worker script), so mkdocs-material falls back to the iframe-worker shim, which
 * runs the worker's code in a hidden iframe: on the page's own thread. Building the index
 * at the first click was then one task of ~110 ms here (several times that on the court's
 * older PCs), and every keystroke's search ran on the page's thread too.
 *
 * This script runs before the shim (mkdocs.yml, extra.polyfills). It keeps the browser's
 * own Worker and lets the shim install its iframe worker behind it. When the theme starts
 * its search worker from disk, it loads `search.<hash>.file.js` (written by
 * handbook/search_patch.py: the same worker code with the lunr language files it imports,
 * as one string) and starts a real worker from a blob: URL. Anything else, or when the
 * blob worker cannot start or fails before it answers, goes to the shim as before; the
 * messages sent meanwhile are replayed to whichever worker runs. Over http nothing here
 * is used (the shim only acts on file://, and then so does this). */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.Worker !== "function") return;
  var Real = window.Worker;
  var Shim = null;                           // set when the iframe-worker shim installs itself
  var SEARCH = /\/workers\/search\.[0-9a-f]+\.min\.js(?:\?.*)?$/;

  function embedUrl(url) { return String(url).replace(/\.min\.js(?:\?.*)?$/, ".file.js"); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  /* A worker that is a blob worker when it can be, else the shim's iframe worker. */
  class SearchWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = String(url);
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];                       // messages posted before a worker runs
      this.sent = [];                        // what the blob worker was sent (replayed on fallback)
      this.inner = null;
      this.answered = false;
      this.dead = false;
      var self = this;
      loadScript(embedUrl(url)).then(function () {
        var src = window.__hbSearchWorkerSource;
        if (typeof src !== "string") throw new Error("no search worker source");
        var blobUrl = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
        self.attach(new Real(blobUrl), true);
      }).catch(function () { self.fallback(); });
    }

    attach(worker, blob) {
      var self = this;
      this.inner = worker;
      this.blob = blob;
      SearchWorker.path = blob ? "blob" : "iframe";      // which one runs (read by the tests)
      worker.addEventListener("message", function (e) {
        if (self.inner !== worker) return;
        self.answered = true;
        self.emit(new MessageEvent("message", {data: e.data}));
      });
      worker.addEventListener("error", function (e) {
        if (self.inner !== worker) return;
        if (blob && !self.answered) { e.preventDefault && e.preventDefault(); self.fallback(); return; }
        var err = new ErrorEvent("error", {message: e.message, error: e.error});
        self.dispatchEvent(err);
        if (self.onerror) self.onerror(err);
      });
      var pending = blob ? this.queue.splice(0) : this.sent.concat(this.queue.splice(0));
      for (var i = 0; i < pending.length; i++) this.post(pending[i]);
    }

    fallback() {
      if (this.dead || (this.inner && !this.blob)) return;
      if (this.inner && this.blob) this.inner.terminate();
      this.inner = null;
      if (!Shim) return;                     // no shim: the theme's search stays without answers
      this.attach(new Shim(this.url), false);
    }

    post(data) {
      if (this.blob) this.sent.push(data);
      this.inner.postMessage(data);
    }

    emit(event) {
      this.dispatchEvent(event);
      if (this.onmessage) this.onmessage(event);
    }

    postMessage(data) {
      if (this.inner) this.post(data); else this.queue.push(data);
    }

    terminate() {
      this.dead = true;
      if (this.inner) this.inner.terminate();
      this.inner = null;
    }
  }

  function Worker(url, options) {
    if (SEARCH.test(String(url))) return new SearchWorker(url);
    return Shim ? new Shim(url, options) : new Real(url, options);
  }

  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: function () { return Worker; },
    set: function (value) { if (value !== Worker) Shim = value; }
  });
  window.HandbookSearchWorker = SearchWorker;
})();
