/* Handbook pages: clicking an article's permalink (¶) copies the link to that article;
   the 引用 button of an article copies its citation (《title》第十三条), and a second click
   the citation with the article's text. */
window.handbookReady = true;

/* Calculator pages hold the theme's script (handbook/theme/main.html: a tag with
   data-later-src that does not run) so that the calculator gets the CPU first; this loads
   it when docs/assets/calc/start.js says the calculator has answered or failed, at once
   where start.js did not run (a browser too old for it), and at the latest 3 s after the
   page was parsed. The theme starts on DOMContentLoaded, which has passed by then: while
   its script runs, a DOMContentLoaded listener it adds is called at once (as the event
   would have). */
window.handbookTheme = (function () {
  var done = false;
  function load() {
    if (done) return;
    done = true;
    var tags = Array.prototype.slice.call(document.querySelectorAll("script[data-later-src]"));
    if (!tags.length) return;
    var add = document.addEventListener;
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded" && document.readyState !== "loading" && listener) {
        setTimeout(function () {
          var ev = new Event("DOMContentLoaded");
          if (typeof listener === "function") listener.call(document, ev);
          else if (listener.handleEvent) listener.handleEvent(ev);
        }, 0);
        return;
      }
      return add.apply(this, arguments);
    };
    (function next(i) {
      if (i >= tags.length) { document.addEventListener = add; return; }
      var s = document.createElement("script");
      s.src = tags[i].getAttribute("data-later-src");
      s.onload = s.onerror = function () { next(i + 1); };
      document.body.appendChild(s);
    })(0);
  }
  if (document.querySelector("script[data-later-src]")) {
    var early = window.__calcStart;
    if (!early || early.released || (early.missing && early.missing.length)) load();
    else setTimeout(load, 3000);
  }
  return { load: load };
})();
(function () {
  /* Copy text; calls done(true|false). The Clipboard API where the page may use it,
     else (file:// on some browsers, old 360/QQ/IE-based browsers) a hidden textarea and
     document.execCommand("copy"), which runs inside the click. */
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    area.style.opacity = "0";
    var focused = document.activeElement;
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (focused && focused.focus) focused.focus();
    return ok;
  }

  function copy(text, done) {
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }
  window.handbookCopy = copy;

  var SECOND_CLICK_MS = 10000;   /* a second click within this time adds the text */

  function cite(button) {
    var now = Date.now();
    var last = Number(button.getAttribute("data-copied-at") || 0);
    var full = last && now - last < SECOND_CLICK_MS && button.getAttribute("data-copied") === "cite";
    var text = button.getAttribute("data-cite");
    if (full) text += "：" + button.getAttribute("data-cite-text");
    copy(text, function (ok) {
      clearTimeout(button._reset);
      if (!ok) {
        button.setAttribute("data-copied", "failed");
        button.textContent = "复制失败";
        button.title = "浏览器不允许复制，请手工选择文字复制：" + text;
      } else if (full) {
        button.setAttribute("data-copied", "text");
        button.textContent = "已复制引用和条文";
        button.removeAttribute("data-copied-at");
      } else {
        button.setAttribute("data-copied", "cite");
        button.setAttribute("data-copied-at", String(now));
        button.textContent = "已复制引用 · 再点复制条文";
      }
      button._reset = setTimeout(function () {
        button.removeAttribute("data-copied");
        button.removeAttribute("data-copied-at");
        button.textContent = "引用";
        button.title = "复制引用（再点一次：连同条文）";
      }, SECOND_CLICK_MS);
    });
  }

  /* the cite button goes into its heading, beside the permalink */
  function place() {
    var bars = document.querySelectorAll(".cite-bar");
    for (var i = 0; i < bars.length; i++) {
      var bar = bars[i], heading = bar.previousElementSibling;
      var button = bar.firstElementChild;
      button.textContent = "引用";
      if (heading && /^H[2-4]$/.test(heading.tagName)) {
        heading.appendChild(button);
        bar.parentNode.removeChild(bar);
      }
    }
    document.documentElement.className += " cite-ready";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
  else place();

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest && target.closest("button.cite");
    if (button) {
      event.preventDefault();
      cite(button);
      return;
    }
    var link = target.closest && target.closest("a.headerlink");
    if (!link) return;
    copy(link.href, function (ok) {
      if (!ok) return;
      link.setAttribute("data-copied", "已复制");
      link.title = "已复制本条链接";
      setTimeout(function () { link.removeAttribute("data-copied"); }, 1500);
    });
  });
})();

/* 时效性 on the reader's day. The build writes each status as of the day it ran, with the
   dates it follows (handbook/version_pages.py status_dates); a site, and above all the
   offline copy, is read for months after: an amendment takes effect, a repeal comes due.
   Each status is worked out again for today (the rule of handbook/versions.py status),
   and a page whose own text changed status since the build says so at its top, with a
   link to the text now in force. */
(function () {
  var NAMES = { current: "现行有效", amended: "已修改", repealed: "已废止", pending: "尚未生效" };
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function cn(iso) { var p = iso.split("-"); return +p[0] + "年" + +p[1] + "月" + +p[2] + "日"; }
  function kindOf(span) { var m = /reg-status-(\w+)/.exec(span.className); return m ? m[1] : ""; }
  function statusOn(span, today) {
    var from = span.getAttribute("data-from"), end = span.getAttribute("data-end");
    var repealed = span.getAttribute("data-repealed");
    if (from && from > today) return "pending";
    if (repealed && repealed <= today) return "repealed";
    if (end && end <= today) return "amended";
    return "current";
  }
  function run() {
    var spans = document.querySelectorAll(".reg-status[data-built]");
    if (!spans.length) return;
    var d = new Date();
    var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    Array.prototype.forEach.call(spans, function (span) {
      var status = statusOn(span, today);
      if (kindOf(span) === status) return;
      span.className = "reg-status reg-status-" + status;
      span.textContent = NAMES[status];
      span.title = "按今天（" + cn(today) + "）的日期；本站生成于" + cn(span.getAttribute("data-built"));
      span.setAttribute("data-changed", "");
    });
    var own = document.querySelector(".reg-meta .reg-status[data-changed]");
    var article = own && document.querySelector("article");
    if (!article) return;
    var status = kindOf(own);
    var notice = document.createElement("div");
    notice.className = "version-notice version-" + status + " version-live";
    notice.setAttribute("data-search-exclude", "");
    var p = document.createElement("p");
    var when = "按今天（" + cn(today) + "）的日期";
    var from = own.getAttribute("data-from"), repealed = own.getAttribute("data-repealed");
    var text = {
      current: "，本页文本" + (from ? "自" + cn(from) + "起" : "") + "施行，现行有效",
      amended: "，本页文本已被修改，不再是现行文本",
      repealed: "，本制度已于" + (repealed ? cn(repealed) : "") + "废止",
      pending: "，本页文本尚未施行" + (from ? "（自" + cn(from) + "起施行）" : ""),
    }[status];
    p.appendChild(document.createTextNode(when + text + "。本站生成于" + cn(own.getAttribute("data-built"))
      + "，页面上其他关于现行文本的说明以生成之日为准。"));
    // the text in force today, from the 沿革 list
    var now = Array.prototype.filter.call(document.querySelectorAll(".reg-history li"), function (li) {
      var s = li.querySelector(".reg-status");
      return s && kindOf(s) === "current" && !li.classList.contains("this-version") && li.querySelector("a");
    })[0];
    if (now && status !== "current") {
      var a = now.querySelector("a").cloneNode(true);
      p.appendChild(document.createTextNode("现行文本："));
      p.appendChild(a);
      p.appendChild(document.createTextNode("。"));
    }
    notice.appendChild(p);
    // the build day's notice of this version (尚未生效 / 不是现行文本) no longer holds: hidden,
    // so that the page does not contradict itself (living-handbook QA L13)
    Array.prototype.forEach.call(article.querySelectorAll(".version-notice:not(.version-live)"), function (old) {
      old.hidden = true;
    });
    var title = article.querySelector("h1");
    article.insertBefore(notice, title ? title.nextSibling : article.firstChild);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
