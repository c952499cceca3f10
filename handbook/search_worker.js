/* The handbook's search, run inside mkdocs-material's search worker (handbook/search_patch.py
 * prepends this file, with HB_DATA, to the theme's worker and routes the worker's search()
 * here). Over http it runs in a Web Worker; from disk (file://) in the iframe-worker shim.
 *
 * A query becomes a list of concepts, each a set of alternative index terms:
 *   - words: the query is cut by bidirectional maximum matching against the words of the
 *     index (jieba's words at build time), the staff words of the synonym table and the
 *     question words; a word matches indexed words that start with it (wildcard) and,
 *     weaker, indexed words that contain it (陪审员 → 一审陪审员适用率);
 *   - synonyms: a staff word (辞职) also looks for the text's words (解除劳动合同);
 *   - numbers: 3天 also looks for 三天/三日, 三十日 for 30; 第13条 for 第十三条 and the other
 *     way round, and the entry of that very article is raised;
 *     a number found only as an item's label (5、 （二十） 第20条) does not count;
 *   - one-character words are kept (扣, 税) with a lower weight; question words are dropped;
 *     one-character verbs also look for the text's two-character words (开 → 召开);
 *   - frequencies are first rewritten the text's way (一年两次 → 每半年, HB_DATA.rewrites).
 * lunr (the theme's engine) scores each entry (page or section) by BM25; the score is then
 * weighted by the share of the query's concepts the entry covers (the words of a phrase only
 * next to each other; a concept named only by the headings above the entry, or the chapter
 * an article stands under, counts fully, by its page's title 0.75; a concept found in more
 * than COMMON of the entries weighs less in that share), and raised when the entry's own
 * heading or short lead line names the query's words.
 * Results are a flat list of entries (article level), not grouped by page: every item is one
 * article, titled with its page. Calculator, editorial and home-page entries never stand
 * above the regulation entries they follow (HB_DATA.follow). */
var HB = (function () {
  "use strict";
  var D = typeof HB_DATA !== "undefined" ? HB_DATA : {synonyms: {}, stop: [], follow: {}};
  var MAX_RESULTS = 50;       // entries returned (the theme renders ten at a time)
  var MAX_CONTAINING = 24;    // indexed words containing a query word, per word
  var COMMON = 0.01, RARE_FLOOR = 0.5;   // a query word in more entries counts for less
  var W_PREFIX = 1, W_CONTAINS = 0.5, W_SINGLE = 0.35, W_SYN = 0.9;
  var ARTICLE_BONUS = 3;      // the article a query names (第13条) by number
  var PAGE_NAMED = 3;         // … in a regulation the query names by (a piece of) its title: 财务管理办法第5条
  var TITLE_COVER = 0.75;     // a concept found only in its page's title counts this much for an entry
  var HEAD_COVER = 1;         // … only in the headings it stands under (四、司法辅助人员廉政风险)
  var LEAD_BONUS = 1;         // an entry whose own heading or lead line names the query's words

  var CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};
  var CN_DIGITS = "零一二三四五六七八九";
  var NUM_CN = "[零〇一二两三四五六七八九十百千万]";
  var UNITS = "个工作日|个百分点|个月|小时|分钟|工作日|天|日|周|月|年|次|人|名|分|件|倍|条|款|项|亿元|万元|元|亿|万|%";
  var RE_ARTICLE = new RegExp("^第([0-9]+|" + NUM_CN + "+)(条|章|款|项|$)");
  var RE_ARABIC = new RegExp("^([0-9]+(?:\\.[0-9]+)?)(" + UNITS + ")?");
  var RE_CHINESE = new RegExp("^(" + NUM_CN + "+)(" + UNITS + ")");
  var RE_PERCENT = new RegExp("^百分之([0-9]+(?:\\.[0-9]+)?|" + NUM_CN + "+)");   // 百分之三十五: 35%
  var stop = new Set(D.stop);
  var synonyms = new Map(Object.entries(D.synonyms));
  var hints = new Map(Object.entries(D.hints || {}));
  var rewrites = (D.rewrites || []).map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });
  var W_HINT = 0.25;
  var state = {index: null, keys: null, words: null, context: new Map()};

  function cnToInt(s) {
    var total = 0, section = 0, num = 0;
    for (var ch of s) {
      if (ch in CN) num = CN[ch];
      else if (ch === "十" || ch === "百" || ch === "千") {
        var unit = ch === "十" ? 10 : ch === "百" ? 100 : 1000;
        section += (num || 1) * unit; num = 0;
      } else if (ch === "万") { total += (section + num) * 10000; section = 0; num = 0; }
    }
    return total + section + num;
  }
  function intToCn(n) {
    if (n === 0) return "零";
    if (n >= 10000) return null;
    var out = "", units = ["千", "百", "十", ""], vals = [1000, 100, 10, 1], zero = false;
    for (var i = 0; i < 4; i++) {
      var d = Math.floor(n / vals[i]) % 10;
      if (d) {
        if (zero) out += "零";
        out += (d === 1 && i === 2 && out === "" ? "" : CN_DIGITS[d]) + units[i];
        zero = false;
      } else if (out) zero = true;
    }
    return out;
  }
  function normalise(s) {  // full-width digits, letters and % to ASCII; lower case
    return s.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .toLowerCase();
  }

  /* ------------------------------------------------------------------ the words of the index */
  function prepare(index) {
    if (state.index === index) return;
    state.index = index;
    state.context = new Map();
    state.chapters = null;
    state.keys = Object.keys(index.invertedIndex).sort();
    state.words = new Set(state.keys);
  }
  function lowerBound(x) {
    var k = state.keys, a = 0, b = k.length;
    while (a < b) { var m = (a + b) >> 1; if (k[m] < x) a = m + 1; else b = m; }
    return a;
  }
  function isPrefix(x) { var k = state.keys, i = lowerBound(x); return i < k.length && k[i].startsWith(x); }
  function isWord(x) { return state.words.has(x) || synonyms.has(x) || stop.has(x); }
  function containing(w) {  // indexed words that hold w after their first character
    var out = [];
    for (var k of state.keys) if (k.length > w.length && k.indexOf(w, 1) > 0) out.push(k);
    out.sort(function (a, b) { return a.length - b.length; });
    return out.slice(0, MAX_CONTAINING);
  }

  /* Maximum matching, forward and backward, over the words of the index, the staff words
   * and the question words; where no whole word fits, the longest piece that begins an
   * indexed word (a word being typed, or an abbreviation's head: 陪审 of 陪审率). The
   * reading with fewer pieces, then fewer single characters and partial pieces, wins (the
   * usual rule for Chinese). `not` excludes one word (to split a compound into its parts). */
  function cut(run, forward, not) {
    var out = [], n = run.length, MAXW = 8;
    var whole = function (x) { return x !== not && isWord(x); };
    var part = function (x) { return x !== not && isPrefix(x); };
    var piece = function (at, room, back) {
      var take = function (l) { return back ? run.substr(at - l, l) : run.substr(at, l); };
      for (var l = Math.min(MAXW, room); l > 1; l--) if (whole(take(l))) return l;
      for (var l2 = Math.min(MAXW, room); l2 > 1; l2--) if (part(take(l2))) return l2;
      return 1;
    };
    if (forward) for (var i = 0; i < n;) { var l = piece(i, n - i, false); out.push(run.substr(i, l)); i += l; }
    else for (var j = n; j > 0;) { var m = piece(j, j, true); out.unshift(run.substr(j - m, m)); j -= m; }
    return out;
  }
  function badness(pieces) {   // ties go to the reading whose words are more common in the text
    var singles = 0, partial = 0, common = 0;
    for (var p of pieces) {
      if (p.length === 1) singles++; else if (!isWord(p)) partial++;
      else common += Math.log(1 + docs(p));
    }
    return pieces.length * 10 + singles * 3 + partial * 4 - common * 0.1;
  }
  function docs(w) {            // how many entries hold the word
    var e = state.index.invertedIndex[w];
    if (!e) return 0;
    var n = 0;
    for (var f in e) if (f !== "_index") n += Object.keys(e[f]).length;
    return n;
  }
  function segment(run, not) {
    if (!run) return [];
    var f = cut(run, true, not), b = cut(run, false, not);
    return badness(b) <= badness(f) ? b : f;
  }
  /* Indexed words holding the characters of x in order, beginning with its first one (an
   * abbreviation: 陪审率 → 陪审员适用率), at most 2.5 times as long. */
  function abbreviated(x) {
    var out = [], k = state.keys, i = lowerBound(x[0]);
    for (; i < k.length && k[i][0] === x[0]; i++) {
      var w = k[i];
      if (w.length <= x.length || w.length > x.length * 2.5) continue;
      var at = 1;
      for (var c = 1; c < w.length && at < x.length; c++) if (w[c] === x[at]) at++;
      if (at === x.length) out.push(w);
    }
    return out.length <= 12 ? out : [];
  }

  /* ------------------------------------------------------------------ concepts */
  function wordConcept(w, label) {
    var alts = [];
    if (w.length === 1) {
      if (!isPrefix(w)) return null;
      alts.push({term: w, wild: true, boost: W_SINGLE});
      return {label: label || w, alts: alts, weight: 0.5};
    }
    if (isPrefix(w)) alts.push({term: w, wild: true, boost: W_PREFIX});
    for (var k of containing(w)) alts.push({term: k, wild: false, boost: W_CONTAINS});
    if (!alts.length || w.length >= 4) {
      // a compound (枪支弹药; the text may write 枪支、弹药) or a word the index does not
      // have: its parts count when all of them are there
      var parts = segment(w, w).filter(function (p) { return p.length > 1 && !stop.has(p) && isPrefix(p); });
      if (parts.length > 1) for (var p of parts)
        alts.push({term: p, wild: true, boost: W_SINGLE, group: "p" + w, size: parts.length, slot: p});
    }
    return alts.length ? {label: label || w, alts: alts, weight: 1} : {label: label || w, alts: [], weight: 1};
  }
  function synonymConcept(key) {
    var c = wordConcept(key) || {label: key, alts: [], weight: 1};
    c.label = key; c.weight = key.length === 1 ? 0.5 : 1;   // 开 → 召开 counts as one character
    for (var phrase of synonyms.get(key)) {
      var words = state.words.has(phrase) ? [phrase] : segment(phrase).filter(function (p) { return !stop.has(p); });
      var group = "g" + phrase;
      for (var w of words) {
        var boost = W_SYN / Math.sqrt(words.length);
        if (isPrefix(w)) c.alts.push({term: w, wild: w.length > 1, boost: boost, group: group, size: words.length, slot: w});
        else for (var k of containing(w).slice(0, 6))   // 浓妆 is indexed inside 化浓妆
          c.alts.push({term: k, wild: false, boost: boost * 0.8, group: group, size: words.length, slot: w});
      }
    }
    return c;
  }
  /* Two or three pieces that are no words of their own (a single character, a partial
   * word) and together read as an abbreviation of an indexed word (陪审 + 率 → 陪审员适用率). */
  function abbreviation(pieces, at) {
    for (var n = Math.min(3, pieces.length - at); n >= 2; n--) {
      var win = pieces.slice(at, at + n);
      if (win.some(function (x) { return stop.has(x) || synonyms.has(x); })) continue;
      if (!win.some(function (x) { return x.length === 1 || !isWord(x); })) continue;
      var joined = win.join("");
      if (joined.length < 3 || joined.length > 6 || isWord(joined)) continue;
      var terms = abbreviated(joined);
      if (!terms.length) continue;
      var c = {label: joined, alts: terms.map(function (t) { return {term: t, wild: false, boost: 1}; }), weight: 1};
      for (var x of win) {
        var wc = wordConcept(x);
        if (wc) wc.alts.forEach(function (a) { c.alts.push(Object.assign({}, a, {part: true, group: undefined})); });
      }
      return {concept: c, used: n};
    }
    return null;
  }
  function hintConcept(word) {   // weight 0: adds to the score, never to the coverage
    var alts = hints.get(word).filter(isPrefix).map(function (t) { return {term: t, wild: t.length > 1, boost: W_HINT}; });
    return {label: word, alts: alts, weight: 0};
  }
  function measureHint(label, unit) {   // 几级 → 一级, 二级 … (weight 0, as a hint)
    var alts = containing(unit).filter(function (t) { return t.length <= 3; })
      .map(function (t) { return {term: t, wild: false, boost: W_HINT}; });
    return {label: label, alts: alts, weight: 0};
  }
  function numberConcept(value, unit, raw) {
    var alts = [], cn = intToCn(value), label = raw;
    var units = unit === "天" || unit === "日" ? ["天", "日"] : unit ? [unit] : [""];
    // the bare number (the text's 5 of 5个工作日, indexed apart from its unit); a percentage
    // is one word of the text (20%, 5％): its bare number (分值20分) only half
    alts.push(unit === "%" ? {term: String(value), wild: false, boost: 0.5, bare: true, part: true}
                           : {term: String(value), wild: false, boost: 1, bare: true});
    if (unit === "%") { alts.push({term: value + "%", wild: false, boost: 1}); alts.push({term: value + "％", wild: false, boost: 1}); }
    else for (var u of units) if (u) alts.push({term: value + u, wild: false, boost: 1});
    if (cn !== null) {
      if (value === 2) cn = "两";
      var forms = value === 2 ? ["两", "二"] : [cn];
      for (var f of forms) for (var u2 of units) {
        // 百分之二十 as the text may write it (its bare 二十 is no percentage: below)
        var t = u2 === "%" ? "百分之" + f : f + u2;
        if (t.length > 1 && isPrefix(t)) alts.push({term: t, wild: true, boost: 1});
        else if (u2[0] === "个" && u2.length > 1) {
          // 三个工作日, indexed 三个 + 工作日: both, next to each other (not the 五个 of 五个严禁)
          var rest = u2.slice(1), group = "n" + f + u2;
          if (isPrefix(f + "个") && isPrefix(rest)) {
            alts.push({term: f + "个", wild: false, boost: 0.8, group: group, size: 2, slot: "n"});
            alts.push({term: rest, wild: true, boost: 0.8, group: group, size: 2, slot: "u"});
          }
        } else if (u2 && u2 !== "%" && isPrefix(f + u2[0]))   // the unit's first character (三天 → 三日内)
          alts.push({term: f + u2[0], wild: true, boost: 0.8});
      }
      if (cn.length > 1 && isPrefix(cn)) alts.push({term: cn, wild: true, boost: 0.6, bare: true, part: unit === "%"});
      if (value === 30 && unit === "分钟") alts.push({term: "半小时", wild: false, boost: 1});
    }
    return {label: label, alts: alts, weight: value === 1 ? 0.3 : 1};
  }
  function articleConcept(value, kind, raw) {
    var cn = intToCn(value), alts = [];
    var forms = ["第" + cn + kind, "第" + value + kind];
    for (var f of forms) if (state.words.has(f)) alts.push({term: f, wild: false, boost: 1});
    alts.push({term: String(value), wild: false, boost: 0.3, bare: true});
    return {label: raw, alts: alts, weight: 1, anchors: forms};
  }

  function concepts(query) {
    var out = [], q = normalise(query);
    for (var r of rewrites) q = q.replace(r[0], r[1]);   // 一年两次 → 每半年 (the text's way)
    var runs = q.match(/[\p{sc=Han}a-z0-9%.]+/gu) || [];
    for (var run of runs) {
      var text = "";
      var flush = function () {
        if (!text) return;
        var pieces = segment(text);
        text = "";
        for (var at = 0; at < pieces.length; at++) {
          var p = pieces[at];
          if (stop.has(p)) { if (hints.has(p)) out.push(hintConcept(p)); continue; }
          var asks = /^(几|多少)(.)$/.exec(p);   // 几级, 几份, 多少天: the measure word hints
          if (asks && !synonyms.has(p)) { out.push(measureHint(p, asks[2])); continue; }
          var abbr = abbreviation(pieces, at);
          if (abbr) { out.push(abbr.concept); at += abbr.used - 1; continue; }
          var c = synonyms.has(p) ? synonymConcept(p) : wordConcept(p);
          if (c) out.push(c);
        }
      };
      for (var i = 0; i < run.length;) {
        var rest = run.slice(i), m;
        if ((m = RE_ARTICLE.exec(rest))) {
          flush();
          var v = /[0-9]/.test(m[1]) ? parseInt(m[1], 10) : cnToInt(m[1]);
          out.push(articleConcept(v, m[2] || "条", m[0])); i += m[0].length; continue;
        }
        if ((m = RE_PERCENT.exec(rest))) {   // said as a fraction of a hundred, written 35%
          flush();
          out.push(numberConcept(/[0-9]/.test(m[1]) ? parseFloat(m[1]) : cnToInt(m[1]), "%", m[0]));
          i += m[0].length; continue;
        }
        if ((m = RE_ARABIC.exec(rest))) {
          flush();
          out.push(numberConcept(parseFloat(m[1]), m[2] || "", m[0])); i += m[0].length; continue;
        }
        // a Chinese number only with its unit, and not where a longer word starts (一审, 三会一课)
        if ((m = RE_CHINESE.exec(rest)) && !(m[1] === "一" && m[2] !== "个月")) {
          var longer = false;
          for (var l = m[0].length + 1; l <= Math.min(8, rest.length); l++) if (isWord(rest.slice(0, l))) longer = true;
          if (!longer) {
            flush();
            out.push(numberConcept(cnToInt(m[1]), m[2], m[0])); i += m[0].length; continue;
          }
        }
        text += run[i]; i++;
      }
      flush();
    }
    return out;
  }

  /* ------------------------------------------------------------------ search */
  function covers(alt, term) { return alt.wild ? term.startsWith(alt.term) : term === alt.term; }

  /* The words of a phrase (审判 + 管理 for 审判管理; 枪支 + 弹药 of 枪支弹药) count together
   * only where they stand near each other in the same field, not anywhere in a long article. */
  // the theme records a position as one number: block << 20 | the word's index in the block
  function near(g, meta) {
    for (var field of ["text", "title"]) {
      var lists = [];
      g.slots.forEach(function (alts) {
        var ps = [];
        for (var t in meta) if (meta[t][field] && alts.some(function (a) { return covers(a, t); }))
          ps.push.apply(ps, meta[t][field].position);
        lists.push(ps);
      });
      if (lists.some(function (l) { return !l.length; })) continue;
      var span = lists.length;   // the phrase's words next to each other, one word between allowed
      if (lists[0].some(function (p) {
        return lists.every(function (l) { return l.some(function (q) { return q >> 20 === p >> 20 && Math.abs(q - p) <= span; }); });
      })) return true;
    }
    return false;
  }

  function coverage(c, terms, entry, frame, meta) {
    if (c.anchors) {
      var hash = entry.location.split("#")[1];
      if (hash && c.anchors.indexOf(decodeURIComponent(hash)) >= 0) return 1;
    }
    var groups = {}, hit = false;
    var has = function (a) {
      return terms.some(function (t) { return covers(a, t) && !(a.bare && labelOnly(t, entry, meta)); });
    };
    for (var a of c.alts) {
      if (a.part) continue;
      var found = has(a);
      if (a.group) {
        var g = groups[a.group] || (groups[a.group] = {found: new Set(), size: a.size, slots: new Map()});
        if (found) g.found.add(a.slot);
        if (!g.slots.has(a.slot)) g.slots.set(a.slot, []);
        g.slots.get(a.slot).push(a);
      } else if (found) hit = true;
    }
    for (var k in groups) if (groups[k].found.size >= groups[k].size && (!meta || near(groups[k], meta))) hit = true;
    if (hit) return 1;
    var partial = c.alts.some(function (a) { return a.part && has(a); });
    if (partial) return 0.5;
    for (var k2 in groups) if (groups[k2].found.size) partial = true;
    if (partial) return 0.5;
    if (names(c, frame.heads)) return HEAD_COVER;
    if (names(c, frame.page)) return TITLE_COVER;
    return 0;
  }
  /* An item's label is no figure of the text: 5、 （二十） (5) 1． 第20条 number an item, and a
   * query's 5个工作日 or 百分之二十 is not found in an entry whose only 5 or 二十 is its label.
   * The theme records each word's place (block << 20 | its index in the block) and, in
   * engine.table, the block's words as start << 12 | length << 2 | kind, offsets into the
   * field as indexed; the characters around the word tell a label. */
  function labelOnly(t, doc, meta) {
    if (!meta || !meta[t] || !state.engine || !state.engine.table) return false;
    for (var field in meta[t]) {
      var table = state.engine.table.get(doc.location + ":" + field), text = String(doc[field] || "");
      if (!table) return false;
      for (var p of meta[t][field].position) {
        var block = table[p >> 20], entry = block ? block[p & 0xfffff] : undefined;
        if (entry === undefined) return false;
        var start = entry >>> 12, end = start + ((entry >>> 2) & 0x3ff);
        if (!isLabel(text.slice(Math.max(0, start - 6), start).replace(/\u200b/g, ""),
                     text.slice(end, end + 6).replace(/\u200b/g, ""))) return false;
      }
    }
    return true;
  }
  function isLabel(before, after) {
    if (/[（(]$/.test(before) && /^[）)]/.test(after)) return true;            // （二十） (5)
    if (/第$/.test(before) && /^[条章款项]/.test(after)) return true;          // 第20条
    return (/^[、．]/.test(after) || /^\.(?![0-9])/.test(after)) &&          // 5、 1． 1.
      (before === "" || /[>\s：:；;。]$/.test(before));                      // at an item's start
  }
  function names(c, title) {   // a title (or a lead line) names the concept
    return !!title && (title.indexOf(c.label) >= 0 ||
      c.alts.some(function (a) { return a.boost >= W_SYN && a.term.length > 1 && title.indexOf(a.term) >= 0; }) ||
      inTitle(c, title));
  }

  function inTitle(c, title) {   // all parts of a compound (保密 + 制度 of 保密制度) in the title
    var parts = c.alts.filter(function (a) { return a.group && a.group[0] === "p"; });
    return parts.length > 1 && parts.every(function (a) { return title.indexOf(a.term) >= 0; });
  }
  function follows(required, location) {
    return required.some(function (r) { return r.endsWith("/") ? location.startsWith(r) : location === r; });
  }
  /* Entries that must follow others (HB_DATA.follow: a calculator page after the articles it
   * cites; the editorial and home pages after the regulations) move to just below the last
   * of those present; everything else keeps its place. Linear in the number of entries. */
  function order(entries) {
    var rules = Object.keys(D.follow);
    var req = entries.map(function (e) {
      var key = rules.find(function (p) { return e.location.startsWith(p); });
      return key ? D.follow[key] : null;
    });
    var after = new Map();   // index of the entry to follow → entries placed after it
    var out = [];
    entries.forEach(function (e, i) {
      // the editorial and home pages implement no article: a query naming one by its title finds it
      if (!req[i] || (e.s.named && !e.location.startsWith("calculators/"))) return;
      var last = -1;
      for (var j = entries.length - 1; j > i; j--)
        if (!req[j] && follows(req[i], entries[j].location)) { last = j; break; }
      if (last > i) { if (!after.has(last)) after.set(last, []); after.get(last).push(i); }
    });
    var moved = new Set();
    after.forEach(function (list) { list.forEach(function (i) { moved.add(i); }); });
    entries.forEach(function (e, i) {
      if (!moved.has(i)) out.push(e);
      if (after.has(i)) after.get(i).forEach(function (k) { out.push(entries[k]); });
    });
    return out;
  }

  /* The text shown under a result: plain text around the first marked word, at most
   * SNIPPET characters (the theme would render an article's, or a calculator form's, whole
   * HTML for every result, which costs the page time on each keystroke). */
  var SNIPPET = 160, BEFORE = 40;
  function snippet(html) {
    var parts = String(html).replace(/<(?!\/?mark>)[^>]*>/g, " ").replace(/[ \t\n]+/g, " ").trim()
      .split(/(<\/?mark>)/);
    var plainLen = 0, first = -1;
    for (var p of parts) {
      if (p === "<mark>") { if (first < 0) first = plainLen; } else if (p !== "</mark>") plainLen += p.length;
    }
    var from = Math.max(0, Math.min(first < 0 ? 0 : first - BEFORE, plainLen - SNIPPET)), to = from + SNIPPET;
    var out = from > 0 ? "…" : "", pos = 0, open = false;
    for (var q of parts) {
      if (q === "<mark>" || q === "</mark>") {
        if (pos >= from && pos < to) { out += q; open = q === "<mark>"; }
        continue;
      }
      var a = Math.max(from, pos), b = Math.min(to, pos + q.length);
      if (b > a) out += q.slice(a - pos, b - pos);
      pos += q.length;
    }
    if (open) out += "</mark>";
    return "<p>" + out + (to < plainLen ? "…" : "") + "</p>";
  }

  /* What frames an entry: its page's title and the titles of the headings it stands under
   * (ids are chains of labels: 二（一）1 stands under 二（一） and 二). */
  function context(engine, doc) {
    if (!doc.parent) return {page: "", heads: "", lead: lead(doc), defines: defines(doc)};
    if (state.context.has(doc.location)) return state.context.get(doc.location);
    var page = doc.location.split("#")[0], hash = doc.location.slice(page.length + 1), heads = "";
    for (var i = 1; i < hash.length; i++) {
      var up = engine.map.get(page + "#" + hash.slice(0, i));
      if (up) heads += " " + plain(up.title);
    }
    if (/^第.+条$/.test(decodeURIComponent(hash))) heads += " " + (chapters(engine).get(doc.location) || "");
    var out = {page: plain(doc.parent.title), heads: heads, lead: lead(doc), defines: defines(doc)};
    state.context.set(doc.location, out);
    return out;
  }
  /* An article (第三十八条) stands under the chapter before it (第七章 失泄密报告制度): ids
   * of articles are no chains, so the chapter is found in the order of the entries. */
  function chapters(engine) {
    if (state.chapters) return state.chapters;
    var out = new Map(), page = null, chapter = "";
    engine.map.forEach(function (doc, location) {
      var at = location.split("#");
      if (at[0] !== page) { page = at[0]; chapter = ""; }
      var id = at[1] ? decodeURIComponent(at[1]) : "";
      if (/^第.+章$/.test(id)) chapter = plain(doc.title);
      else if (chapter && /^第.+条$/.test(id)) out.set(location, chapter);
    });
    return (state.chapters = out);
  }
  /* What an entry says it is about: its heading without the label (（三）审管办的工作职责,
   * 1、会议时间) and a first paragraph short enough to be a heading (第十三条 书记员). */
  var RE_LABEL = /^\s*(第[0-9零一二两三四五六七八九十百]+[条章]|[0-9一二三四五六七八九十]+[、.．]|[（(][0-9一二三四五六七八九十]+[)）])\s*/;
  /* ... and the terms it defines (……属于“四类案件”：, “三会一课”是指, 本办法所称执行款物，是指):
   * a query that names such a term finds its definition raised like a heading. */
  var RE_DEFINES = /属于[“"]([^”"]{2,12})[”"][：:]|[“"]([^”"]{2,12})[”"]，?是指|所称[“"]?([^，。“”"]{2,12}?)[”"]?(?:，|是指)/g;
  function lead(doc) {
    var out = plain(doc.title).replace(RE_LABEL, "");
    var first = /^\s*<p>([^<]{1,12})<\/p>/.exec(String(doc.text || ""));
    if (first && !/[。，；]/.test(first[1])) out += " " + first[1];
    return out + " " + defines(doc);
  }
  function defines(doc) {
    var text = plain(doc.text), m, out = [];
    RE_DEFINES.lastIndex = 0;
    while ((m = RE_DEFINES.exec(text))) out.push(m[1] || m[2] || m[3]);
    return out.join(" ");
  }

  var RE_LABEL_ONLY = /^\s*([0-9一二三四五六七八九十]+[、.．]?|[（(][0-9一二三四五六七八九十]+[)）])\s*$/;
  var TITLE_WORDS = 16;
  function firstWords(html) {   // an item's text up to its first stop, at most TITLE_WORDS characters
    var text = plain(html).replace(/\s+/g, " ").trim();
    var stop = text.search(/[，。；：,;:]/), end = Math.min(stop < 0 ? text.length : stop, TITLE_WORDS);
    return text.slice(0, end) + (end < text.length && !(end === stop && text[end] === "。" && end + 1 === text.length) ? "…" : "");
  }

  function plain(s) { return String(s || "").replace(/\u200b/g, "").replace(/<[^>]+>/g, ""); }

  function search(engine, query, highlight, highlightAll) {
    prepare(engine.index);
    state.engine = engine;
    var cs = concepts(query);
    var clauses = [];
    cs.forEach(function (c) { c.alts.forEach(function (a) { clauses.push(a); }); });
    if (!clauses.length) return {items: []};
    var seen = new Set();
    var hits = engine.index.query(function (q) {
      for (var a of clauses) {
        var key = a.term + (a.wild ? "*" : "");
        if (seen.has(key)) continue;
        seen.add(key);
        q.term(a.term, {boost: a.boost, usePipeline: false,
                        wildcard: a.wild ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE});
      }
    });
    // each hit's coverage of each concept, once
    var rows = hits.filter(function (h) { return engine.map.has(h.ref); }).map(function (h) {
      var doc = engine.map.get(h.ref), terms = Object.keys(h.matchData.metadata), frame = context(engine, doc);
      return {hit: h, doc: doc, terms: terms, frame: frame,
              covs: cs.map(function (c) { return coverage(c, terms, doc, frame, h.matchData.metadata); })};
    });
    // a concept found in many entries (单位, 负责) counts for less of the query than one found
    // in few: full weight up to COMMON of the entries, down to RARE_FLOOR when in all of them
    var entries = engine.map.size || 1;
    var weights = cs.map(function (c, i) {
      var df = rows.reduce(function (n, r) { return n + (r.covs[i] >= 1 ? 1 : 0); }, 0);
      if (!c.weight || df <= entries * COMMON) return c.weight;
      var f = 1 - (1 - RARE_FLOOR) * Math.log(df / (entries * COMMON)) / Math.log(1 / COMMON);
      return c.weight * Math.max(RARE_FLOOR, f);
    });
    var total = weights.reduce(function (s, w) { return s + w; }, 0);
    // the words beside an article's number, when they are a piece of a page's title
    var byNumber = cs.some(function (c) { return c.anchors; });
    var titled = byNumber ? cs.filter(function (c) { return !c.anchors && c.weight; })
      .map(function (c) { return c.label; }).join("") : "";
    var scored = [], best = hits.reduce(function (m, h) { return Math.max(m, h.score); }, 0);
    for (var row of rows) {
      var h = row.hit, doc = row.doc, terms = row.terms, frame = row.frame;
      var got = 0, led = 0, named = false, tags = {}, defined = !!frame.defines, asked = 0;
      for (var ci = 0; ci < cs.length; ci++) {
        var c = cs[ci], cov = row.covs[ci], w = weights[ci];
        got += cov * w;
        if (cov && w && names(c, frame.lead)) led += w;
        if (c.weight) { asked++; if (!names(c, frame.defines)) defined = false; }
        if (c.anchors && cov === 1 && doc.location.indexOf("#") > 0) named = true;
        if (!cov && c.weight) tags[c.label] = false;
      }
      for (var t of terms) tags[t] = true;
      var share = total ? got / total : 0;
      var titleHit = !doc.parent && Object.values(h.matchData.metadata).some(function (d) { return d.title; });
      // an article the query names by its number (第32条) matched by its label alone: it
      // counts as the best text match, then its page's title decides (保密第38条); so does
      // the article that defines the term the query is (四类案件: ……属于“四类案件”：), which
      // BM25 puts below shorter articles that repeat the term (its definition lists the cases)
      defined = defined && asked > 0;
      var base = named || defined ? Math.max(h.score, best) : h.score;
      var pageNamed = named && titled.length >= 3 && frame.page.indexOf(titled) >= 0;
      var score = base * Math.pow(0.1 + share, 4) * (titleHit ? 1.5 : 1) * (named ? ARTICLE_BONUS : 1)
        * (pageNamed ? PAGE_NAMED : 1) * (1 + LEAD_BONUS * (total ? led / total : 0));
      scored.push({hit: h, doc: doc, score: score, terms: tags, named: titleHit && share > 0.99});
    }
    scored.sort(function (a, b) { return b.score - a.score; });
    var top = order(scored.map(function (s) { return {location: s.doc.location, s: s}; }))
      .slice(0, MAX_RESULTS).map(function (o) { return o.s; });
    var items = top.map(function (s) {
      var c = Object.assign({}, s.doc);
      for (var field of engine.index.fields) {
        if (typeof c[field] === "undefined") continue;
        var positions = [];
        for (var d of Object.values(s.hit.matchData.metadata))
          if (typeof d[field] !== "undefined") positions.push.apply(positions, d[field].position);
        if (!positions.length) continue;
        var table = engine.table.get([c.location, field].join(":"));
        var mark = Array.isArray(c[field]) ? highlightAll : highlight;
        c[field] = mark(c[field], table, positions, field !== "text");
      }
      // an item numbered by its label alone (5、, （三）) is titled by its first words too:
      // 立案工作制度 › 5． 当事人以信函邮寄方式起诉的… (two items › 5、 of one page were
      // told apart only by their text)
      if (c.parent && RE_LABEL_ONLY.test(plain(s.doc.title))) c.title += " " + firstWords(s.doc.text);
      // the page's title before the section's (without the editor's 编者拟 mark of a supplied title)
      if (c.parent) c.title = plain(c.parent.title).replace(/\s*编者拟$/, "") + " › " + c.title;
      delete c.parent;      // the page's whole entry: not needed by the page, costly to post
      if (typeof c.text === "string") c.text = snippet(c.text);
      // the theme's index separates Chinese words by zero-width spaces: not in what is shown
      // (a reader copying from the results would copy them too)
      for (var shown of ["title", "text"]) if (typeof c[shown] === "string") c[shown] = c[shown].replace(/\u200b/g, "");
      return [Object.assign(c, {score: s.score, terms: s.terms})];
    });
    return {items: items};
  }

  return {search: search, concepts: function (q, index) { prepare(index); return concepts(q); },
          cnToInt: cnToInt, intToCn: intToCn};
})();
