/* The table grid of a calculator page: every table input (a field of kind "table") as an
   editable sheet, generated from the same field declarations as the form (the page
   carries them as JSON: handbook/calculator_pages.py).

   Hand-written on a plain <table> with <input>/<select> cells (see README: why not a grid
   library). Values only ever go in through .value / .textContent, never as HTML: imported
   files are untrusted.

   The grid is the editor; the field's <textarea> (hidden) stays the form's value: the grid
   writes its rows there as tab-separated text (header = the columns' keys) and fires the
   form's "input" event, so calc.js computes as before. Errors come back keyed
   "<table>.<row>.<column>" and are shown on their cells.

   Nothing typed is lost: every change is saved in localStorage (file:// too, in Chromium);
   清空 and a file import keep the previous table for 撤销. A file that cannot be read is
   refused with its reason and the table stays as it was.

   Classic script, no modules, no fetch: it works opened from disk. */
(function () {
  "use strict";

  var root = document.getElementById("calc");
  if (!root) return;
  var NAME = root.getAttribute("data-calc");
  var COLUMN_EM = { text: 8, decimal: 6.5, int: 5.5, choice: 8.5, bool: 4.5 };
  var BIG_ROWS = 12;                // taller than this: the grid scrolls inside a fixed-height box
  var VIRTUAL_FROM = 60;            // more rows than this: only those in view are built
  var WINDOW_CELLS = 500;           // about this many cells built at once (rows in view + overscan)
  var COLUMN_OVERSCAN = 2;          // a long table: columns built either side of those in view
  var SAVE_DELAY_MS = 300;
  var MAX_FILE_BYTES = 20 * 1024 * 1024;
  var TRUE_WORDS = ["是", "true", "1", "√", "✓", "✔", "y", "yes", "on", "有"];
  window.handbookTrueWords = TRUE_WORDS;   // calc.js reads a link's checkbox by the same words
  var FALSE_WORDS = ["否", "false", "0", "×", "✗", "n", "no", "off", "无"];

  var grids = {};
  window.handbookGrids = grids;

  /* A date (and time) written out in Chinese, 2026年11月30日 19:05: Date's
     toLocaleString() loads the browser's locale data on its first call (12-15 ms of the
     page's start, measured in Chromium) and speaks the browser's language. sheet.js
     dates its printed table with it too. */
  function dateText(d, withTime) {
    var text = d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
    if (!withTime) return text;
    return text + " " + String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }
  window.handbookDateText = dateText;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* A header as compared: the same folding as calculators/table.py norm(). */
  function norm(text) {
    var s = String(text || "");
    if (s.normalize) s = s.normalize("NFKC");
    return s.replace(/\ufeff/g, "").replace(/\s+/g, "").toLowerCase();
  }

  /* The column a header names (table.py lookup()): as written, else without a trailing
     unit in brackets. */
  function lookup(names, cell) {
    var s = norm(cell);
    if (Object.prototype.hasOwnProperty.call(names, s)) return names[s];
    if (s.charAt(s.length - 1) === ")" && s.lastIndexOf("(") > 0) {
      s = s.slice(0, s.lastIndexOf("("));
      if (Object.prototype.hasOwnProperty.call(names, s)) return names[s];
    }
    return undefined;
  }

  /* A folded name without a remark in brackets at its end (engine.py without_remark). */
  function withoutRemark(s) { return s.replace(/\([^()]*\)$/, ""); }

  /* The column not in the header that a header no column has reads like (table.py
     near_miss, the same rule): one name's characters all in the other's, in order, the
     shorter at least NEAR_SHARE of the longer; refused, not ignored (its figures would be
     left out) nor taken for it (a guess). Returns the message, or "". */
  var NEAR_SHARE = 0.6;
  function inOrder(short, long) {
    var at = 0;
    for (var i = 0; i < short.length; i++) {
      at = long.indexOf(short.charAt(i), at);
      if (at < 0) return false;
      at += 1;
    }
    return true;
  }
  function nearMiss(columns, cell, found) {
    var s = withoutRemark(norm(cell));
    if (s.length < 2) return "";
    for (var i = 0; i < columns.length; i++) {
      var c = columns[i];
      if (found.indexOf(c.key) >= 0) continue;
      for (var j = 0; j < c.names.length; j++) {
        var n = withoutRemark(norm(c.names[j]));
        var short = s.length <= n.length ? s : n, long = s.length <= n.length ? n : s;
        if (short.length >= 2 && short.length >= NEAR_SHARE * long.length && inOrder(short, long)) {
          return "列名“" + cell + "”不是本表的列名，像是「" + c.label + "」：是的话，请把列名改为“" + c.label +
            "”后再导入；不是的话，请删去该列或改用别的列名";
        }
      }
    }
    return "";
  }

  /* Why a header's unit in brackets is not its column's (table.py unit_clash), or "". */
  function unitClash(spec, cell, column) {
    var s = norm(cell);
    if (s.charAt(s.length - 1) !== ")" || s.lastIndexOf("(") <= 0 || !column.unit) return "";
    var unit = s.slice(s.lastIndexOf("(") + 1, -1).replace(/^单位:?/, "");
    if (spec.units.indexOf(unit) < 0 || (spec.same_unit[unit] || unit) === (spec.same_unit[column.unit] || column.unit)) return "";
    return "列名“" + String(cell).trim() + "”的单位是" + unit + "，本表的「" + column.label + "」以" + column.unit
      + "为单位：请换算成" + column.unit + "后再导入，或改正列名";
  }

  /* The value a choice is typed as (calculators/engine.py choice_names): its value, its
     label, or the label without a remark in brackets where that short name is one
     choice's only (员额法官 for 员额法官（刑事、民商事、行政审判团队）); undefined if none.
     choices: [[value, label]]. calc.js reads a link's choice with it too. */
  function choiceOf(choices, text) {
    var t = norm(text), short = {};
    var hit = choices.filter(function (ch) { return norm(ch[0]) === t || norm(ch[1]) === t; })[0];
    if (hit) return hit[0];
    choices.forEach(function (ch) {
      var bare = withoutRemark(norm(ch[1]));
      if (bare && bare !== norm(ch[1])) (short[bare] = short[bare] || []).push(ch[0]);
    });
    return short[t] && short[t].length === 1 ? short[t][0] : undefined;
  }
  window.handbookChoiceOf = choiceOf;

  function boolText(text) {
    var t = String(text).trim().toLowerCase();
    if (TRUE_WORDS.indexOf(t) >= 0) return "是";
    if (t === "" || FALSE_WORDS.indexOf(t) >= 0) return "";
    return null;                     // not a yes/no: kept as typed, the engine says why
  }

  function Grid(field, spec) {
    this.field = field;
    this.spec = spec;
    this.key = spec.key;
    this.allColumns = spec.columns;
    this.byKey = {};
    var self = this;
    this.allColumns.forEach(function (c) { self.byKey[c.key] = c; });
    this.names = {};
    this.allColumns.forEach(function (c) {
      c.names.forEach(function (n) { if (!(norm(n) in self.names)) self.names[norm(n)] = c.key; });
    });
    this.rows = [];
    this.sent = [];                  // grid row index of each row sent to Python (blank rows are not)
    this.storageKey = "handbook-table:" + NAME + ":" + this.key;
    this.undoKey = this.storageKey + ":undo";
    this.textarea = field.querySelector("textarea");
    this.columns = this.shownColumns();
    this.viewKey = this.viewChoice();   // a row's choice column that other columns' show_if name
    this.view = "";                     // the chosen value: only the columns that apply to it drawn
    this.drawn = this.viewColumns();
    this.build();
  }

  /* The column whose value decides, row by row, which other columns apply (show_if on a
     column of the row: annual-assessment-team's 人员类别), if any. */
  Grid.prototype.viewChoice = function () {
    var self = this, found = null;
    this.allColumns.forEach(function (c) {
      Object.keys(c.show_if || {}).forEach(function (k) {
        if (!found && self.byKey[k] && self.byKey[k].choices && self.byKey[k].choices.length) found = k;
      });
    });
    return found;
  };

  /* The columns drawn: those sent (this.columns), less those that do not apply to the
     chosen view (显示：法官助理). Presentation only: the values of columns not drawn stay in
     the rows and are sent to Python as before. */
  Grid.prototype.viewColumns = function () {
    var key = this.viewKey, view = this.view;
    if (!key || !view) return this.columns;
    return this.columns.filter(function (c) {
      return !c.show_if || !c.show_if[key] || c.show_if[key].indexOf(view) >= 0;
    });
  };

  Grid.prototype.setView = function (view) {
    this.view = view || "";
    this.drawn = this.viewColumns();
    this.buildHead();
    this.render();
  };

  /* The columns shown and sent: all but those whose shown_with the form's current values do
     not meet (trial-quality-team: a role's own indicators). Values in the others stay in the
     rows (shown again with their role) but are not sent. */
  Grid.prototype.shownColumns = function () {
    var form = this.textarea.form;
    return this.allColumns.filter(function (c) {
      if (!c.shown_with) return true;
      return Object.keys(c.shown_with).every(function (k) {
        var control = form && form.elements[k];
        return !control || c.shown_with[k].indexOf(control.value) >= 0;
      });
    });
  };

  /* The form's choices changed (calc.js: calc:visibility): redraw if the columns did. */
  Grid.prototype.onVisibility = function () {
    var shown = this.shownColumns();
    if (shown.length === this.columns.length && shown.every(function (c, i) { return c === this.columns[i]; }, this)) return;
    this.columns = shown;
    this.drawn = this.viewColumns();
    this.buildHead();
    this.render();
    this.sync(false);
  };

  /* Keys of columns not drawn that some row has a value in (for the notices). */
  Grid.prototype.hiddenFilled = function (rows) {
    var shown = {};
    this.columns.forEach(function (c) { shown[c.key] = true; });
    return this.allColumns.filter(function (c) {
      return !shown[c.key] && rows.some(function (row) { return filledIn(row, c.key); });
    }).map(function (c) { return c.label; });
  };

  Grid.prototype.hiddenNote = function (rows) {
    var labels = this.hiddenFilled(rows);
    if (!labels.length) return "";
    // the form's choices that decide (人员类别：法官助理)
    var form = this.textarea.form, seen = {}, choices = [];
    this.allColumns.forEach(function (c) {
      Object.keys(c.shown_with || {}).forEach(function (k) {
        if (seen[k]) return;
        seen[k] = true;
        var field = form.querySelector('.calc-field[data-key="' + k + '"]');
        var control = form.elements[k];
        var option = control && control.options ? control.options[control.selectedIndex] : null;
        if (field) choices.push(field.getAttribute("data-label") + "：" + (option ? option.textContent : control.value));
      });
    });
    return "以下列不属于所选的" + (choices.join("，") || "类别") + "，未显示、不参与计算（改选相应的类别后显示）："
      + labels.join("、");
  };

  Grid.prototype.blankRow = function () { return {}; };

  /* Whether a row has something in column `key`. */
  function filledIn(row, key) { return row[key] !== undefined && String(row[key]).trim() !== ""; }

  Grid.prototype.isBlank = function (row) {
    return !Object.keys(row).some(function (k) { return filledIn(row, k); });
  };

  Grid.prototype.build = function () {
    var self = this;
    var box = this.box = el("div", "calc-grid");
    box.setAttribute("data-grid-for", this.key);
    var bar = el("div", "calc-grid-tools");
    function tool(text, cls, fn) {
      var b = el("button", "md-button calc-grid-" + cls, text);
      b.type = "button";
      b.addEventListener("click", function (ev) { ev.preventDefault(); fn(b); });
      bar.appendChild(b);
      return b;
    }
    tool("添加一行", "add", function () { self.insertRow(self.rows.length, {}); self.focusCell(self.rows.length - 1, 0); });
    tool("导入 Excel/CSV 文件", "import", function () { self.fileInput.click(); });
    this.fileInput = el("input");
    this.fileInput.type = "file";
    this.fileInput.accept = ".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";
    this.fileInput.hidden = true;
    this.fileInput.addEventListener("change", function () {
      var file = self.fileInput.files && self.fileInput.files[0];
      if (file) self.importFile(file);
      self.fileInput.value = "";
    });
    bar.appendChild(this.fileInput);
    if (this.spec.main) {
      tool("导出 .xlsx", "export-xlsx", function () { self.exportAs("xlsx"); });
      tool("导出 .csv", "export-csv", function () { self.exportAs("csv"); });
      tool("下载空白模板", "template", function () { self.template(); });
    }
    if (this.viewKey) {    // 显示的列：全部 / 员额法官 / …: only the columns that apply to one kind of row
      var choice = this.byKey[this.viewKey];
      var label = el("label", "calc-grid-view", "显示的列：");
      var select = el("select");
      [["", "全部"]].concat(choice.choices).forEach(function (ch) {
        var o = el("option", null, ch[0] ? "适用于" + ch[1] + "的" : ch[1]);
        o.value = ch[0];
        select.appendChild(o);
      });
      select.addEventListener("change", function () { self.setView(select.value); });
      label.appendChild(select);
      bar.appendChild(label);
    }
    tool("清空", "clear", function () { self.clear(); });
    this.undoButton = tool("撤销", "undo", function () { self.undo(); });
    this.undoButton.hidden = !this.hasUndo();
    box.appendChild(bar);
    this.notice = el("p", "calc-grid-notice");
    this.notice.setAttribute("role", "status");
    this.notice.hidden = true;
    box.appendChild(this.notice);

    var wrap = this.wrap = el("div", "calc-grid-wrap");
    this.rowH = 26;                   // px; measured from the first row drawn
    wrap.addEventListener("scroll", function () {
      if (!self.virtual || self.scrollQueued) return;
      self.scrollQueued = true;
      (window.requestAnimationFrame || setTimeout)(function () { self.scrollQueued = false; self.renderWindow(false); });
    });
    var table = this.table = el("table", "calc-grid-table");
    this.tbody = el("tbody");
    table.appendChild(this.tbody);
    this.buildHead();
    wrap.appendChild(table);
    box.appendChild(wrap);
    this.textarea.hidden = true;
    this.textarea.setAttribute("aria-hidden", "true");
    this.textarea.parentNode.insertBefore(box, this.textarea.nextSibling);

    this.tbody.addEventListener("input", function (ev) { self.onEdit(ev.target); });
    this.tbody.addEventListener("change", function (ev) { self.onEdit(ev.target); });
    this.tbody.addEventListener("keydown", function (ev) { self.onKey(ev); });
    this.tbody.addEventListener("paste", function (ev) { self.onPaste(ev); });
    this.tbody.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("button[data-act]");
      if (!b) return;
      var r = +b.closest("tr").getAttribute("data-row");
      if (b.getAttribute("data-act") === "dup") {
        self.insertRow(r + 1, JSON.parse(JSON.stringify(self.rows[r])));
        self.focusCell(r + 1, 0);
      } else {
        self.deleteRow(r);
      }
    });
    // the form's choices decide the columns drawn (calc.js updateVisibility)
    this.textarea.form.addEventListener("calc:visibility", function () { self.onVisibility(); });
    // the form's text arrives from a link or an example (calc.js setControl): read it
    this.textarea.addEventListener("calc:set", function () { self.fromText(self.textarea.value, true); });
    this.textarea.form.addEventListener("reset", function () {
      // 恢复默认 (and a link being opened): the table is kept for 撤销 like 清空; the
      // form's own reset then empties the textarea. A link's table, read in the same task
      // (fromText), says that the table it replaced can be had back
      if (!self.allBlank()) {
        self.saveUndo();
        self.replaced = true;
        setTimeout(function () { self.replaced = false; }, 0);
      }
      self.rows = [{}, {}, {}];
      self.lastErrors = {};
      self.render();
      self.save();
    });
  };

  /* The column widths and the header row, for the columns drawn. */
  Grid.prototype.buildHead = function () {
    var table = this.table;
    if (this.colgroup) table.removeChild(this.colgroup);
    if (this.thead) table.removeChild(this.thead);
    // fixed column widths (table-layout: fixed): a long table is laid out without measuring
    // every cell, which is what keeps a 300-row paste from freezing the page
    var cols = this.colgroup = el("colgroup");
    var widths = [3].concat(this.drawn.map(function (c) { return COLUMN_EM[c.kind] || 7; })).concat([6]);
    this.colEm = widths;              // renderWindow: which columns are in view
    widths.forEach(function (w) { var col = el("col"); col.style.width = w + "em"; cols.appendChild(col); });
    table.style.width = widths.reduce(function (a, b) { return a + b; }, 0) + "em";
    var thead = this.thead = el("thead");
    var hr = el("tr");
    hr.appendChild(el("th", "calc-grid-num", "序号"));
    this.drawn.forEach(function (c) {
      var th = el("th", null, c.label);
      if (c.unit && c.kind !== "bool") th.appendChild(el("span", "calc-grid-unit", "（" + c.unit + "）"));
      th.title = c.hint || "";
      th.setAttribute("data-col", c.key);
      hr.appendChild(th);
    });
    hr.appendChild(el("th", "calc-grid-actions", "操作"));
    thead.appendChild(hr);
    table.insertBefore(thead, this.tbody);
    table.insertBefore(cols, thead);
  };

  // ------------------------------------------------------------------ rendering

  Grid.prototype.makeCell = function (c, r, value) {
    var td = el("td");
    td.setAttribute("data-col", c.key);
    var input;
    var text = value === undefined ? "" : String(value);
    if (c.kind === "choice") {
      input = el("select");
      var blank = el("option", null, c.default ? "" : "（请选择）");
      blank.value = "";
      input.appendChild(blank);
      c.choices.forEach(function (ch) {
        var o = el("option", null, ch[1]);
        o.value = ch[0];
        input.appendChild(o);
      });
      if (text && !c.choices.some(function (ch) { return ch[0] === text; })) {
        var bad = el("option", null, text + "（不是可选的值）");
        bad.value = text;
        input.appendChild(bad);
      }
      input.value = text;
    } else if (c.kind === "bool" && boolText(text) !== null) {
      input = el("input");
      input.type = "checkbox";
      input.checked = boolText(text) === "是";
    } else {
      input = el("input");
      input.type = "text";
      input.value = text;
      if (c.kind === "decimal" || c.kind === "int") input.inputMode = "decimal";
      if (c.default !== null && c.default !== undefined && c.kind !== "bool") input.placeholder = c.default;
    }
    input.setAttribute("data-col", c.key);
    input.setAttribute("aria-label", "第" + (r + 1) + "行 " + c.label);
    td.appendChild(input);
    return td;
  };

  /* The row height, read from a drawn row (a layout of the page): only once a table is
     long enough to be drawn in part, so that opening the page costs no forced layout. */
  Grid.prototype.measure = function () {
    var tr = this.tbody.querySelector("tr[data-row]");
    if (tr && tr.offsetHeight > 10) { this.rowH = tr.offsetHeight; this.measured = true; }
  };

  /* A row: its cells for the columns from colStart to colEnd (a long table: those in view,
     renderWindow), a spacer cell for those left and right of them. */
  Grid.prototype.makeRow = function (r) {
    var tr = el("tr");
    tr.setAttribute("data-row", String(r));
    tr.appendChild(el("td", "calc-grid-num", String(r + 1)));
    var row = this.rows[r];
    var c0 = this.virtual ? this.colStart : 0, c1 = this.virtual ? this.colEnd : this.drawn.length;
    if (c0 > 0) tr.appendChild(this.colSpacer(c0));
    for (var i = c0; i < c1; i++) tr.appendChild(this.makeCell(this.drawn[i], r, row[this.drawn[i].key]));
    if (c1 < this.drawn.length) tr.appendChild(this.colSpacer(this.drawn.length - c1));
    var act = el("td", "calc-grid-actions");
    var dup = el("button", "calc-grid-dup", "复制");
    dup.type = "button";
    dup.setAttribute("data-act", "dup");
    dup.title = "复制本行";
    var del = el("button", "calc-grid-del", "删除");
    del.type = "button";
    del.setAttribute("data-act", "del");
    del.title = "删除本行";
    act.appendChild(dup);
    act.appendChild(del);
    tr.appendChild(act);
    this.applyShowIf(tr, row);
    return tr;
  };

  /* show_if per row: a column that does not apply to this row's choices is greyed. */
  Grid.prototype.applyShowIf = function (tr, row) {
    var self = this;
    this.drawn.forEach(function (c) {
      if (!c.show_if) return;
      var ok = Object.keys(c.show_if).every(function (k) {
        var v = row[k] !== undefined && row[k] !== "" ? row[k] : (self.byKey[k] && self.byKey[k].default) || "None";
        return c.show_if[k].indexOf(String(v)) >= 0;
      });
      var td = tr.querySelector('td[data-col="' + c.key + '"]');
      if (td) td.classList.toggle("calc-cell-na", !ok);
    });
  };

  /* The body. Up to VIRTUAL_FROM rows: every row. A longer table: only the rows in view
     and a few rows either side, between two spacer rows that keep the scroll height
     (a 300-row × 36-column table would otherwise be 10 000 inputs to lay out on every
     paste and keystroke). */
  Grid.prototype.render = function () {
    var n = this.rows.length;
    this.box.classList.toggle("calc-grid-big", n > BIG_ROWS);
    if (n > VIRTUAL_FROM && !this.measured) this.measure();   // from the rows drawn so far
    this.virtual = n > VIRTUAL_FROM;
    this.winStart = this.winEnd = -1;
    if (!this.virtual) {
      var frag = document.createDocumentFragment();
      for (var i = 0; i < n; i++) frag.appendChild(this.makeRow(i));
      this.tbody.textContent = "";
      this.tbody.appendChild(frag);
      this.showErrors(this.lastErrors || {});
      return;
    }
    this.renderWindow(true);
  };

  Grid.prototype.colSpacer = function (columns) {
    var td = el("td", "calc-grid-colspacer");
    td.colSpan = columns;
    return td;
  };

  /* The table's em in px (the column widths are in em), read once. */
  Grid.prototype.emSize = function () {
    if (!this.emPx) this.emPx = parseFloat(getComputedStyle(this.table).fontSize) || 12;
    return this.emPx;
  };

  /* The columns in view of a long table, and COLUMN_OVERSCAN either side: [start, end). */
  Grid.prototype.columnWindow = function () {
    var n = this.drawn.length, em = this.emSize();
    var left = this.wrap.scrollLeft / em, right = left + (this.wrap.clientWidth || 1000) / em;
    var x = this.colEm[0], first = n, last = 0;
    for (var i = 0; i < n; i++) {
      var w = this.colEm[i + 1];
      if (x + w > left && x < right) { first = Math.min(first, i); last = i + 1; }
      x += w;
    }
    if (first >= last) { first = 0; last = Math.min(n, 1); }
    return [Math.max(0, first - COLUMN_OVERSCAN), Math.min(n, last + COLUMN_OVERSCAN), first, last];
  };

  Grid.prototype.spacer = function (rows) {
    var tr = el("tr", "calc-grid-spacer");
    var td = el("td");
    td.colSpan = this.drawn.length + 2;
    td.style.height = Math.round(rows * this.rowH) + "px";
    tr.appendChild(td);
    return tr;
  };

  Grid.prototype.renderWindow = function (force) {
    if (!this.virtual) return;
    var n = this.rows.length;
    var h = this.rowH;
    var top = this.wrap.scrollTop;
    var view = this.wrap.clientHeight || 600;
    var first = Math.floor(top / h);
    var last = Math.ceil((top + view) / h);
    // the columns too: a 36-column table shows ~9 at a time (annual-assessment-team: a
    // 300-row paste built 22 rows × 38 cells and laid them out in one 40–69 ms task)
    var cols = this.columnWindow();
    var colsIn = cols[2] >= this.colStart && cols[3] <= this.colEnd;
    if (!force && colsIn && first >= this.winStart + 3 && (last <= this.winEnd - 3 || this.winEnd === n)) return;
    this.colStart = cols[0];
    this.colEnd = cols[1];
    // rows built above and below the view: fewer for a wide table
    var overscan = Math.max(3, Math.min(25, Math.floor((WINDOW_CELLS / (cols[1] - cols[0] + 2) - (last - first)) / 2)));
    var start = Math.max(0, first - overscan);
    var end = Math.min(n, last + overscan);
    var active = document.activeElement;
    var keep = active && this.tbody.contains(active) ? this.cellOf(active) : null;
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(this.spacer(start));
    for (var r = start; r < end; r++) frag.appendChild(this.makeRow(r));
    if (end < n) frag.appendChild(this.spacer(n - end));
    this.tbody.textContent = "";
    this.tbody.appendChild(frag);
    this.winStart = start;
    this.winEnd = end;
    this.showErrors(this.lastErrors || {});
    if (keep && keep.r >= start && keep.r < end) {
      var again = this.rowEl(keep.r).querySelector('[data-col="' + keep.key + '"]:not(td)');
      if (again) again.focus();
    }
  };

  Grid.prototype.rowEl = function (r) {
    return this.tbody.querySelector('tr[data-row="' + r + '"]');
  };

  Grid.prototype.renumber = function (from) {
    var trs = this.tbody.children;
    for (var r = from; r < trs.length; r++) {
      trs[r].setAttribute("data-row", String(r));
      trs[r].firstChild.textContent = String(r + 1);
    }
  };

  // ------------------------------------------------------------------ editing

  Grid.prototype.cellOf = function (target) {
    var tr = target.closest && target.closest("tr[data-row]");
    if (!tr || !target.getAttribute("data-col")) return null;
    return { r: +tr.getAttribute("data-row"), key: target.getAttribute("data-col"), tr: tr };
  };

  Grid.prototype.onEdit = function (target) {
    var at = this.cellOf(target);
    if (!at) return;
    var c = this.byKey[at.key];
    var value = target.type === "checkbox" ? (target.checked ? "是" : "") : target.value;
    this.rows[at.r][at.key] = value;
    if (c.kind === "choice") this.applyShowIf(at.tr, this.rows[at.r]);
    this.changed();
  };

  Grid.prototype.insertRow = function (at, row) {
    this.rows.splice(at, 0, row);
    if (this.virtual || this.rows.length > VIRTUAL_FROM) {
      this.render();
    } else {
      this.box.classList.toggle("calc-grid-big", this.rows.length > BIG_ROWS);
      this.tbody.insertBefore(this.makeRow(at), this.tbody.children[at] || null);
      this.renumber(at);
    }
    this.changed();
  };

  Grid.prototype.deleteRow = function (r) {
    if (!this.isBlank(this.rows[r])) this.saveUndo();
    this.rows.splice(r, 1);
    if (!this.rows.length) {
      this.setRows([], false);
    } else {
      if (this.virtual) this.render();
      else { this.tbody.removeChild(this.tbody.children[r]); this.renumber(r); }
      this.changed();
    }
    this.focusCell(Math.min(r, this.rows.length - 1), 0);
  };

  Grid.prototype.allBlank = function () {
    var self = this;
    return this.rows.every(function (r) { return self.isBlank(r); });
  };

  Grid.prototype.setRows = function (rows, announce) {
    this.rows = rows.length ? rows : [{}, {}, {}];
    this.lastErrors = {};
    this.render();
    this.changed(announce);
  };

  Grid.prototype.focusCell = function (r, colIndex) {
    var tr = this.rowEl(r);
    if (!tr && this.virtual) {          // bring the row into view first
      this.wrap.scrollTop = Math.max(0, r * this.rowH - this.wrap.clientHeight / 2);
      this.renderWindow(true);
      tr = this.rowEl(r);
    }
    if (!tr) return;
    var i = Math.max(0, Math.min(colIndex, this.drawn.length - 1));
    if (this.virtual && (i < this.colStart || i >= this.colEnd)) {   // bring the column into view
      var x = 0;                      // the column's left edge, in em
      for (var k = 0; k < i + 1; k++) x += this.colEm[k];
      this.wrap.scrollLeft = Math.max(0, x * this.emSize() - this.wrap.clientWidth / 2);
      this.renderWindow(true);
      tr = this.rowEl(r);
      if (!tr) return;
    }
    var target = this.drawn[i] && tr.querySelector('[data-col="' + this.drawn[i].key + '"]:not(td)');
    if (!target) return;
    target.focus();
    if (target.type === "text") target.select();     // as a spreadsheet: typing replaces the cell
  };

  Grid.prototype.onKey = function (ev) {
    var at = this.cellOf(ev.target);
    if (!at) return;
    var col = this.drawn.indexOf(this.byKey[at.key]);
    var t = ev.target;
    var isText = t.type === "text";
    var move = null;
    if (ev.key === "Enter" && !ev.isComposing) move = [ev.shiftKey ? -1 : 1, 0];
    else if (ev.key === "ArrowDown" && t.tagName !== "SELECT") move = [1, 0];
    else if (ev.key === "ArrowUp" && t.tagName !== "SELECT") move = [-1, 0];
    else if (ev.key === "ArrowLeft" && (!isText || t.selectionStart === 0)) move = [0, -1];
    else if (ev.key === "ArrowRight" && (!isText || t.selectionEnd === t.value.length)) move = [0, 1];
    if (!move) return;
    ev.preventDefault();
    var r = at.r + move[0];
    if (r >= this.rows.length && move[0] > 0 && ev.key === "Enter") this.insertRow(this.rows.length, {});
    if (r < 0 || r >= this.rows.length) return;
    this.focusCell(r, col + move[1]);
  };

  // ------------------------------------------------------------------ reading blocks of cells

  /* Whether a quote opened at `from` is closed by a quote that ends the cell (followed by a
     tab, a line end or the end). Excel quotes only a cell holding a line break; a cell that
     merely starts with a quote (WPS, a 备注 like "优秀) is text, not the start of a
     quoted cell that would swallow the rows after it. */
  function closes(text, from) {
    for (var i = from; i < text.length; i++) {
      if (text.charAt(i) !== '"') continue;
      if (text.charAt(i + 1) === '"') { i++; continue; }
      var next = text.charAt(i + 1);
      return next === "" || next === "\t" || next === "\n";
    }
    return false;
  }

  /* Lines of tab-separated cells as Excel/WPS put them on the clipboard: a BOM, CRLF,
     trailing tabs and blank lines are dropped; a cell in quotes may hold a line break. */
  function splitBlock(text) {
    text = String(text).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var rows = [];
    var row = [];
    var cell = "";
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (quoted) {
        if (ch === '"' && text.charAt(i + 1) === '"') { cell += '"'; i++; }
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === "" && closes(text, i + 1)) quoted = true;
      else if (ch === "\t") { row.push(cell); cell = ""; }
      else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
      else cell += ch;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.map(function (r) {
      r = r.map(function (c) { return c.trim(); });
      while (r.length && r[r.length - 1] === "") r.pop();
      return r;
    });
  }

  /* The header row of a block, if it has one: the first of its first rows naming at
     least two columns (one for a one-column table). Returns {at, keys, ignored}. */
  Grid.prototype.findHeader = function (rows) {
    var self = this;
    var wanted = Math.min(2, this.columns.length);
    var limit = Math.min(rows.length, this.spec.header_search);
    var known = function (c) { return lookup(self.names, c) !== undefined; };
    var at = -1;
    for (var n = 0; n < limit && at < 0; n++) {
      if (rows[n].filter(known).length >= wanted) at = n;
    }
    for (n = 0; n < limit && at < 0; n++) {     // a table filled in one column only
      if (rows[n].some(known)) at = n;
    }
    if (at < 0) return null;
    // a header on two rows reads as one (calculators/table.py header_cells, the same rule)
    if (at > 0 && rows[at - 1].some(known) && this.twoRowHeader(rows[at - 1], rows[at])) at -= 1;
    var height = at + 1 < rows.length && this.twoRowHeader(rows[at], rows[at + 1]) ? 2 : 1;
    var heading = rows[at];
    if (height === 2) {
      var below = rows[at + 1];
      heading = [];
      for (var j = 0; j < Math.max(rows[at].length, below.length); j++) {
        heading.push(below[j] ? below[j] : (rows[at][j] || ""));
      }
    }
    var ignored = [];
    var seen = {};
    var error = "";
    var keys = heading.map(function (c) {
      var k = lookup(self.names, c);
      if (k === undefined) {
        if (c && self.spec.ignored_headers.indexOf(norm(c)) < 0) ignored.push(c);
        return null;
      }
      // as table.py locate(): two columns for one input, or a unit not the column's
      if (!error && Object.prototype.hasOwnProperty.call(seen, k)) {
        error = "列名“" + c + "”与“" + seen[k] + "”指的是同一列，请删去其中一列";
      }
      error = error || unitClash(self.spec, c, self.byKey[k]);
      seen[k] = c;
      return k;
    });
    var found = keys.filter(function (k) { return k !== null; });
    ignored.forEach(function (c) { error = error || nearMiss(self.allColumns, c, found); });
    return { at: at, height: height, heading: heading, keys: keys, ignored: ignored, error: error };
  };

  /* Whether `below` is the lower row of a header written on two rows (a group title
     merged across its sub-columns, the other titles merged down): it names at least one
     column and is empty under every column `top` names. */
  Grid.prototype.twoRowHeader = function (top, below) {
    var named = false;
    for (var j = 0; j < below.length; j++) {
      if (!below[j]) continue;
      if (j < top.length && lookup(this.names, top[j]) !== undefined) return false;
      if (lookup(this.names, below[j]) !== undefined) named = true;
    }
    return named;
  };

  /* A cell as pasted into a column: choices by code or Chinese label, yes/no words. */
  Grid.prototype.cellValue = function (c, text) {
    if (c.kind === "choice") {
      var hit = choiceOf(c.choices, text);
      return hit === undefined ? text : hit;
    }
    if (c.kind === "bool") {
      var b = boolText(text);
      return b === null ? text : b;
    }
    return text;
  };

  /* A row that is not a person: a 合计 or 平均值 row, a signature line (table.py
     skipped_row, with its patterns): its label, the first filled cell that is not a whole
     number (a 序号), folded; a summary without a trailing colon or unit in brackets. */
  Grid.prototype.isSkippedRow = function (cells) {
    var label = cells.filter(function (c) { return c !== "" && !/^\d+$/.test(c); })[0];
    if (label === undefined) return false;
    var folded = norm(label);
    var summary = withoutRemark(folded.replace(/:+$/, "")).replace(/:+$/, "");
    this.summaryRow = this.summaryRow || new RegExp("^(?:" + this.spec.summary_row + ")$");
    this.signatureRow = this.signatureRow || new RegExp("^(?:" + this.spec.signature_row + ")");
    return this.summaryRow.test(summary) || this.signatureRow.test(folded);
  };

  /* Rows of key -> text from a block with a header row; null without one. */
  Grid.prototype.rowsFromBlock = function (block) {
    var self = this;
    var head = this.findHeader(block);
    if (!head) return null;
    if (head.error) return { error: head.error };
    var out = [];
    var skipped = 0;
    var byAlias = this.aliasColumns(head);
    var leftOut = {};   // column -> the choices of the rows it was left out of
    block.slice(head.at + head.height).forEach(function (cells) {
      if (!cells.some(function (c) { return c !== ""; })) return;
      if (self.isSkippedRow(cells)) { skipped++; return; }
      var row = {};
      cells.forEach(function (text, i) {
        var k = head.keys[i];
        if (k && text !== "") row[k] = self.cellValue(self.byKey[k], text);
      });
      Object.keys(byAlias).forEach(function (j) {
        var c = self.byKey[byAlias[j]];
        var choice = row[c.key] !== undefined ? self.ruledOut(c, row) : null;
        if (choice === null) return;
        delete row[c.key];
        (leftOut[j] = leftOut[j] || []).push(choice);
      });
      out.push(row);
    });
    var unused = Object.keys(leftOut).map(function (j) {
      var seen = leftOut[j].filter(function (x, i, all) { return all.indexOf(x) === i; });
      return "“" + head.heading[j] + "”列在" + leftOut[j].length + "行（" + seen.join("、") + "）中不是「"
        + self.byKey[byAlias[j]].label + "」，这些行没有使用它";
    });
    return { rows: out, ignored: head.ignored, title: head.at, skipped: skipped, unused: unused };
  };

  /* The columns found by an alias that apply to some rows only (table.py locate: a
     judge's 合计 from trial-quality-team is not his 分解办法得分): index -> key. */
  Grid.prototype.aliasColumns = function (head) {
    var self = this, out = {};
    head.keys.forEach(function (k, j) {
      var c = k && self.byKey[k];
      if (!c || !c.show_if) return;
      var cell = norm(head.heading[j]);
      var bare = withoutRemark(cell);
      var aliases = c.names.slice(2).map(norm);
      if (aliases.indexOf(cell) >= 0 || aliases.indexOf(bare) >= 0) out[j] = k;
    });
    return out;
  };

  /* The label of the row's choice that column c does not apply to (its show_if), or null. */
  Grid.prototype.ruledOut = function (c, row) {
    var self = this;
    var keys = Object.keys(c.show_if);
    for (var i = 0; i < keys.length; i++) {
      var g = self.byKey[keys[i]];
      if (!g || g.kind !== "choice" || row[g.key] === undefined) continue;
      var hit = g.choices.filter(function (ch) { return ch[0] === row[g.key]; })[0];
      if (hit && c.show_if[g.key].indexOf(hit[0]) < 0) return hit[1];
    }
    return null;
  };

  Grid.prototype.onPaste = function (ev) {
    var at = this.cellOf(ev.target);
    var data = ev.clipboardData || window.clipboardData;
    if (!at || !data) return;
    var text = data.getData("text/plain") || data.getData("Text") || "";
    if (text.indexOf("\t") < 0 && text.replace(/\r?\n$/, "").indexOf("\n") < 0) return;  // one cell: as usual
    ev.preventDefault();
    this.pasteBlock(text, at.r, this.drawn.indexOf(this.byKey[at.key]));
  };

  /* A block from Excel/WPS. With a header row: its columns go where their headers say
     (any order, 序号 and unknown columns left out, a title row above skipped) and the
     rows fill the table if it is empty, else follow its last filled row. Without one:
     the cells fill the grid from the cell pasted into, rightwards and down. */
  Grid.prototype.pasteBlock = function (text, r0, c0) {
    var self = this;
    var block = splitBlock(text);
    var found = this.rowsFromBlock(block);
    var count;
    var note = "";
    if (found && found.error) {   // refused as a file would be: the table stays as it was
      this.say("未粘贴：" + found.error + "。表格保持不变。", true);
      return;
    }
    if (found) {
      var last = 0;
      if (this.allBlank()) {
        this.rows = found.rows;
      } else {
        last = this.rows.length;
        while (last > 0 && this.isBlank(this.rows[last - 1])) last--;
        this.rows = this.rows.slice(0, last).concat(found.rows);
      }
      count = found.rows.length;
      // said, so that a table pasted twice (or last month's left in the grid) is not
      // counted twice unnoticed
      if (last) note = "，接在已有的 " + last + " 行之后（要替换已有的表格，请先点“清空”）";
      if (found.ignored.length) note += "；以下列不是本表的输入，已忽略：" + found.ignored.join("、");
      if (found.skipped) note += "；合计、平均值或签名行（" + found.skipped + " 行）不是人员，没有粘贴";
      if (found.unused.length) note += "；" + found.unused.join("；");
      var hidden = this.hiddenNote(found.rows);
      if (hidden) note += "；" + hidden;
    } else {
      var totals = 0;
      var rows = block.filter(function (cells) {
        if (self.isSkippedRow(cells)) { totals++; return false; }   // a 合计 row is not a person
        return cells.some(function (c) { return c !== ""; });
      });
      // cells about to be written over: the table before the paste is kept for 撤销
      var over = rows.some(function (cells, i) {
        var row = self.rows[r0 + i];
        return row && cells.some(function (t, j) { var c = self.drawn[c0 + j]; return c && filledIn(row, c.key); });
      });
      if (over) this.saveUndo();
      rows.forEach(function (cells, i) {
        var r = r0 + i;
        while (self.rows.length <= r) self.rows.push({});
        cells.forEach(function (textCell, j) {
          var c = self.drawn[c0 + j];
          if (!c) return;
          if (textCell === "") delete self.rows[r][c.key];
          else self.rows[r][c.key] = self.cellValue(c, textCell);
        });
      });
      count = rows.length;
      var widest = Math.max.apply(null, rows.map(function (c) { return c.length; }).concat([0]));
      if (c0 + widest > this.drawn.length) note = "；超出最后一列的 " + (c0 + widest - this.drawn.length) + " 列没有粘贴";
      if (totals) note += "；合计、平均值或签名行（" + totals + " 行）不是人员，没有粘贴";
      if (over) note += "；覆盖了已填写的单元格，可点“撤销”恢复粘贴前的表格";
    }
    this.render();
    this.changed();
    this.say("已粘贴 " + count + " 行" + note + "。", false);
  };

  // ------------------------------------------------------------------ the form's value

  function tsvCell(text) {
    return String(text).replace(/[\t\r\n]+/g, " ");
  }

  Grid.prototype.toText = function () {
    var self = this;
    var filled = [];
    this.sent = [];
    var drawn = this.columns.map(function (c) { return c.key; });
    this.rows.forEach(function (row, i) {
      // a row with values in columns not drawn only (another role's) is not sent
      if (!drawn.some(function (k) { return filledIn(row, k); })) return;
      filled.push(row);
      self.sent.push(i);
    });
    if (!filled.length) return "";
    var keys = this.columns.map(function (c) { return c.key; }).filter(function (k) {
      return filled.some(function (row) { return filledIn(row, k); });
    });
    var lines = [keys.join("\t")];
    filled.forEach(function (row) {
      lines.push(keys.map(function (k) { return tsvCell(row[k] === undefined ? "" : row[k]); }).join("\t"));
    });
    return lines.join("\n");
  };

  /* Text from a link or an example: rows under a header (keys or labels). */
  Grid.prototype.fromText = function (text, fromForm) {
    var block = splitBlock(text || "");
    var found = this.rowsFromBlock(block);
    var rows = found ? found.rows : [];
    var replaced = this.replaced;
    if (!this.allBlank() && JSON.stringify(rows) !== JSON.stringify(this.rows)) { this.saveUndo(); replaced = true; }
    this.replaced = false;
    this.rows = rows.length ? rows : [{}, {}, {}];
    this.render();
    this.sync(false);
    this.save();
    var hidden = this.hiddenNote(this.rows);
    var notes = [];
    if (replaced && rows.length) notes.push("已按链接或示例填入表格，原来的表格已保留，可点“撤销”恢复");
    if (hidden) notes.push(hidden);
    if (notes.length) this.say(notes.join("；") + "。", false);
    if (!fromForm) this.recompute();
  };

  Grid.prototype.sync = function (fire) {
    var text = this.toText();
    if (this.textarea.value !== text) {
      this.textarea.value = text;
      if (fire) this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };

  Grid.prototype.changed = function () {
    this.sync(true);
    var self = this;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(function () { self.saveTimer = null; self.save(); }, SAVE_DELAY_MS);
  };

  Grid.prototype.recompute = function () {
    function go() {
      if (window.handbookCalc && window.handbookCalc.compute) window.handbookCalc.compute();
      else setTimeout(go, 50);
    }
    go();
  };

  // ------------------------------------------------------------------ saving in the browser

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  Grid.prototype.save = function () {
    var s = storage();
    if (!s) return;
    try {
      if (this.allBlank()) s.removeItem(this.storageKey);
      else s.setItem(this.storageKey, JSON.stringify({ rows: this.rows, saved: Date.now() }));
      this.box.setAttribute("data-saved", String(Date.now()));
    } catch (e) {
      this.say("浏览器未能保存表格（存储空间已满或被禁用）：请及时导出 .xlsx。", true);
    }
  };

  Grid.prototype.restore = function () {
    var s = storage();
    var text = s && s.getItem(this.storageKey);
    if (!text) return false;
    try {
      var saved = JSON.parse(text);
      if (!saved || !Array.isArray(saved.rows)) return false;
      this.rows = saved.rows.filter(function (r) { return r && typeof r === "object"; });
      this.say("已恢复上次在本浏览器中填写的表格（" + dateText(new Date(saved.saved), true) + "）。不需要时可点“清空”。", false);
      return this.rows.length > 0;
    } catch (e) {
      return false;
    }
  };

  Grid.prototype.hasUndo = function () {
    var s = storage();
    return !!(s && s.getItem(this.undoKey));
  };

  Grid.prototype.saveUndo = function () {
    var s = storage();
    if (!s) return;
    try { s.setItem(this.undoKey, JSON.stringify({ rows: this.rows, saved: Date.now() })); } catch (e) { /* full */ }
    this.undoButton.hidden = false;
  };

  Grid.prototype.clear = function () {
    if (!this.allBlank()) this.saveUndo();
    this.setRows([]);
    this.save();
    this.say("表格已清空。误操作时可点“撤销”恢复。", false);
  };

  Grid.prototype.undo = function () {
    var s = storage();
    var text = s && s.getItem(this.undoKey);
    if (!text) return;
    var saved;
    try { saved = JSON.parse(text); } catch (e) { saved = null; }
    if (!saved || !Array.isArray(saved.rows)) { s.removeItem(this.undoKey); this.undoButton.hidden = true; return; }
    // the table replaced by the undo is kept in its turn: a second click brings it back
    // (a table typed or pasted after a 清空 is never lost to a click on 撤销)
    var current = this.allBlank() ? null : this.rows;
    if (current) this.saveUndo();
    else { s.removeItem(this.undoKey); this.undoButton.hidden = true; }
    this.rows = saved.rows.length ? saved.rows : [{}, {}, {}];
    this.render();
    this.changed();
    this.save();
    this.say("已恢复清空前的表格（" + this.rows.length + " 行）" +
             (current ? "；恢复前的表格（" + current.length + " 行）可再点“撤销”找回" : "") + "。", false);
  };

  Grid.prototype.say = function (text, bad) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
    this.notice.className = "calc-grid-notice" + (bad ? " calc-grid-notice-bad" : "");
  };

  // ------------------------------------------------------------------ files (Python in the worker reads and writes them)

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(out);
  }

  function download(b64, filename, type) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var blob = new Blob([bytes], { type: type });
    if (window.navigator && window.navigator.msSaveOrOpenBlob) { window.navigator.msSaveOrOpenBlob(blob, filename); return; }
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function python(op, request) {
    var api = window.handbookCalc;
    if (!api || !api.call) return Promise.reject(new Error("计算器尚未加载"));
    return api.call("table:" + op, JSON.stringify(request)).then(function (text) { return JSON.parse(text); });
  }

  Grid.prototype.importFile = function (file) {
    var self = this;
    if (file.size > MAX_FILE_BYTES) {
      this.say("未导入“" + file.name + "”：文件太大（超过 20 MB）。表格保持不变。", true);
      return;
    }
    this.say("正在读取“" + file.name + "”……", false);
    var reader = new FileReader();
    reader.onerror = function () { self.say("未导入“" + file.name + "”：浏览器无法读取该文件。表格保持不变。", true); };
    reader.onload = function () {
      python("import", { name: NAME, filename: file.name, data: toBase64(reader.result) }).then(function (res) {
        if (!res.ok) {
          self.say("未导入“" + file.name + "”：" + res.error + "。表格保持不变。", true);
          return;
        }
        if (!self.allBlank()) self.saveUndo();
        self.rows = res.rows.map(function (row) {
          var out = {};
          Object.keys(row).forEach(function (k) { out[k] = self.byKey[k] ? self.cellValue(self.byKey[k], row[k]) : row[k]; });
          return out;
        });
        self.lines = res.lines;
        self.render();
        self.changed();
        var hidden = self.hiddenNote(self.rows);
        self.say("已导入“" + file.name + "”的 " + res.rows.length + " 行（"
          + (res.sheet ? "工作表“" + res.sheet + "”，" : "") + "列名在第 " + res.header_line + " 行）"
          + (res.where ? "；" + res.where : "") + (res.skipped ? "；" + res.skipped : "") + (hidden ? "；" + hidden : "")
          + (res.ignored.length ? "；以下列不是本表的输入，已忽略：" + res.ignored.join("、") : "")
          + (self.hasUndo() ? "。原有的表格可点“撤销”恢复" : "") + "。", false);
      }, function (err) {
        self.say("未导入“" + file.name + "”：" + (err && err.message || err) + "。表格保持不变。", true);
      });
    };
    reader.readAsArrayBuffer(file);
  };

  Grid.prototype.exportAs = function (format) {
    var self = this;
    var api = window.handbookCalc;
    python("export", { name: NAME, format: format, input: api.input() }).then(function (res) {
      if (!res.ok) { self.say("未能导出：" + res.error, true); return; }
      api.exported = { format: format, filename: res.filename, data: res.data };
      download(res.data, res.filename, format === "csv" ? "text/csv;charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      self.say("已导出“" + res.filename + "”。", false);
    }, function (err) { self.say("未能导出：" + (err && err.message || err), true); });
  };

  Grid.prototype.template = function () {
    var self = this;
    var columns = this.columns.length < this.allColumns.length
      ? this.columns.map(function (c) { return c.key; }) : null;    // only what the grid draws
    python("template", { name: NAME, columns: columns }).then(function (res) {
      if (!res.ok) { self.say("未能生成模板：" + res.error, true); return; }
      window.handbookCalc.exported = { format: "template", filename: res.filename, data: res.data };
      download(res.data, res.filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }, function (err) { self.say("未能生成模板：" + (err && err.message || err), true); });
  };

  // ------------------------------------------------------------------ errors on their cells

  /* A message of Python's names rows as sent (blank rows and rows of another role are not
     sent): said with the grid's own row numbers, as drawn in its first column, so that
     “第3行” is the third row on the screen; quoted text is left as written. */
  Grid.prototype.rowNumbers = function (msg) {
    var sent = this.sent;
    if (typeof msg !== "string" || sent.every(function (r, i) { return r === i; })) return msg;
    return msg.split(/(“[^”]*”)/).map(function (part) {
      if (part.charAt(0) === "“") return part;
      return part.replace(/第(\d+)行/g, function (m, n) {
        var r = sent[+n - 1];
        return r === undefined ? m : "第" + (r + 1) + "行";
      });
    }).join("");
  };

  /* The errors on their cells and rows, changed only where they differ from what is shown
     (a recompute with the same errors touches no cell: the table is not laid out again). */
  Grid.prototype.showErrors = function (errors) {
    var self = this;
    this.lastErrors = errors;
    var cells = new Map(), rows = new Set();
    var prefix = this.key + ".";
    Object.keys(errors).forEach(function (key) {
      if (key.indexOf(prefix) !== 0) return;
      var parts = key.slice(prefix.length).split(".");
      var n = +parts[0];
      var r = self.sent[n - 1];
      if (r === undefined) return;
      var tr = self.rowEl(r);
      if (!tr) return;
      rows.add(tr);
      var col = parts[1] || self.columns[0].key;
      var td = tr.querySelector('td[data-col="' + col + '"]');
      // a column of a long table out of view: marked when it is built (renderWindow)
      if (!td && self.drawn.some(function (c) { return c.key === col; })) return;
      // a column not drawn (显示的列): on the row's first cell, with the column's name
      var msg = errors[key].replace(/^「[^」]*」第\d+行(（[^）]*）)?：?/, "");
      td = td || tr.querySelector("td[data-col]");
      cells.set(td, cells.has(td) ? cells.get(td) + "；" + msg : msg);
    });
    Array.prototype.forEach.call(this.tbody.querySelectorAll(".calc-cell-bad"), function (td) {
      if (cells.has(td)) return;
      td.classList.remove("calc-cell-bad");
      td.removeAttribute("title");
      var m = td.querySelector(".calc-cell-error");
      if (m) m.remove();
    });
    Array.prototype.forEach.call(this.tbody.querySelectorAll(".calc-row-bad"), function (tr) {
      if (!rows.has(tr)) tr.classList.remove("calc-row-bad");
    });
    rows.forEach(function (tr) { if (!tr.classList.contains("calc-row-bad")) tr.classList.add("calc-row-bad"); });
    cells.forEach(function (msg, td) {
      if (!td.classList.contains("calc-cell-bad")) td.classList.add("calc-cell-bad");
      if (td.title !== msg) td.title = msg;
      var box = td.querySelector(".calc-cell-error") || td.appendChild(el("div", "calc-cell-error"));
      if (box.textContent !== msg) box.textContent = msg;
    });
  };

  // ------------------------------------------------------------------ start

  Array.prototype.forEach.call(document.querySelectorAll("script.calc-grid-spec"), function (s) {
    var spec = JSON.parse(s.textContent);
    var field = document.querySelector('.calc-field[data-key="' + spec.key + '"]');
    if (!field || !field.querySelector("textarea")) return;
    var g = grids[spec.key] = new Grid(field, spec);
    // only a page's own table (one person or case a row) comes back from an earlier visit: a
    // table of a one-person form (分段考核) would be averaged into the next person's score
    var restored = spec.main && g.restore();
    var rows = restored ? g.rows : [];
    if (rows.length > VIRTUAL_FROM) {   // a long table restored: one row drawn to measure first
      g.rows = [{}];
      g.render();
      g.measure();
    }
    g.rows = rows.length ? rows : [{}, {}, {}];
    g.render();
    g.sync(false);
    if (restored && location.hash.indexOf("=") < 0) g.recompute();
  });

  // closing the tab within the save delay: save now
  window.addEventListener("pagehide", function () {
    Object.keys(grids).forEach(function (k) {
      if (grids[k].saveTimer) { clearTimeout(grids[k].saveTimer); grids[k].save(); }
    });
  });

  root.addEventListener("calc:rendered", function () {
    var api = window.handbookCalc;
    var res = api && api.lastResponse;
    var errors = res && !res.ok ? api.shownErrors || {} : {};
    Object.keys(grids).forEach(function (k) { grids[k].showErrors(errors); });
  });
})();
