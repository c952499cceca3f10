/* The printable calculation sheet (计算单) of a calculator page: court, calculator, date,
   the inputs, each step with its article and the reading used, and signature lines
   (经办人、审核人、日期), on A4. A table prints as a list with its totals. Built from the
   last result when 打印计算单 is pressed, shown only in print (calc.css @media print).
   Values go in as text only. Classic script: works from file://. */
(function () {
  "use strict";

  var root = document.getElementById("calc");
  if (!root) return;
  var COURT = root.getAttribute("data-court") || "";
  var TITLE = root.getAttribute("data-title") || document.title;
  var MAX_STEPS_PER_ROW = 20;     // a table longer than this prints its rules once, not every row's steps

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function cellText(v) { return window.handbookCalc.cellText(v); }   // calc.js: one rendering of a cell

  function today() { return window.handbookDateText(new Date(), false); }   // grid.js


  function table(columns, rows, totals) {
    var t = el("table", "calc-sheet-table");
    var hr = el("tr");
    hr.appendChild(el("th", null, "序号"));
    columns.forEach(function (c) { hr.appendChild(el("th", null, c[1])); });
    var thead = el("thead");
    thead.appendChild(hr);
    t.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (row, i) {
      var tr = el("tr");
      tr.appendChild(el("td", null, String(i + 1)));
      columns.forEach(function (c) { tr.appendChild(el("td", null, cellText(row[c[0]]))); });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    if (totals) {
      var tf = el("tfoot");
      var fr = el("tr");
      fr.appendChild(el("td", null, "合计"));
      columns.forEach(function (c) { fr.appendChild(el("td", null, totals[c[0]] !== undefined ? totals[c[0]] : "")); });
      tf.appendChild(fr);
      t.appendChild(tf);
    }
    return t;
  }

  function steps(r) {
    var many = r.table && r.table.rows && r.table.rows.length > MAX_STEPS_PER_ROW;
    var readings = {};
    (r.readings || []).forEach(function (rd) { readings[rd.id] = rd; });
    var ol = el("ol", "calc-sheet-steps");
    var seen = {};
    (r.breakdown || []).forEach(function (line) {
      var label = line.label;
      if (many) {
        // one line per rule: the article and reading, without each row's figures
        var key = (line.article ? line.article.label : "") + "|" + (line.reading || "");
        if (!line.article || seen[key]) return;
        seen[key] = true;
        label = label.replace(/^【[^】]*】/, "");
      }
      var li = el("li");
      li.appendChild(el("span", null, label));
      if (!many && line.amount !== null && line.amount !== undefined) li.appendChild(el("span", "calc-sheet-amount", "  " + line.amount));
      var notes = [];
      if (line.article) notes.push("依据：" + line.article.label);
      if (line.reading && readings[line.reading]) notes.push("理解：" + readings[line.reading].title);
      if (notes.length) li.appendChild(el("span", "calc-sheet-cite", notes.join("；")));
      ol.appendChild(li);
    });
    return { list: ol, many: many };
  }

  function build(r) {
    var sheet = el("section", "calc-sheet");
    sheet.id = "calc-sheet";
    sheet.appendChild(el("p", "calc-sheet-court", COURT));
    sheet.appendChild(el("h1", "calc-sheet-title", TITLE + " 计算单"));
    sheet.appendChild(el("p", "calc-sheet-date", "计算日期：" + today()));

    // the scalar inputs as the calculator read them (label, value with its unit once):
    // calculators/engine.py shown_inputs
    var given = r.inputs || [];
    if (given.length) {
      sheet.appendChild(el("h2", null, "输入"));
      var dl = el("table", "calc-sheet-inputs");
      given.forEach(function (p) {
        var tr = el("tr");
        tr.appendChild(el("th", null, p[0]));
        tr.appendChild(el("td", null, p[1]));
        dl.appendChild(tr);
      });
      sheet.appendChild(dl);
    }
    if (r.table && r.table.rows && r.table.rows.length) {
      sheet.appendChild(el("h2", null, "明细（共 " + r.table.rows.length + " 行）"));
      sheet.appendChild(table(r.table.columns, r.table.rows, r.totals || null));
    }
    sheet.appendChild(el("h2", null, "结果"));
    var sum = el("table", "calc-sheet-inputs");
    (r.summary || []).forEach(function (p) {
      var tr = el("tr");
      tr.appendChild(el("th", null, p[0]));
      tr.appendChild(el("td", null, p[1]));
      sum.appendChild(tr);
    });
    sheet.appendChild(sum);
    var s = steps(r);
    if (s.list.children.length) {
      sheet.appendChild(el("h2", null, s.many ? "计算依据（各行按同一规则计算）" : "计算过程"));
      sheet.appendChild(s.list);
    }
    if ((r.readings || []).length) {
      sheet.appendChild(el("h2", null, "采用的理解"));
      r.readings.forEach(function (rd) {
        var p = el("p", "calc-sheet-reading");
        p.appendChild(el("strong", null, rd.title + "："));
        p.appendChild(document.createTextNode(rd.text + (rd.article ? "（" + rd.article.label + "）" : "")));
        sheet.appendChild(p);
      });
    }
    if ((r.warnings || []).length) {
      sheet.appendChild(el("h2", null, "提示"));
      var ul = el("ul");
      r.warnings.forEach(function (w) { ul.appendChild(el("li", null, w)); });
      sheet.appendChild(ul);
    }
    var sign = el("div", "calc-sheet-sign");
    ["经办人：", "审核人：", "日期："].forEach(function (t) { sign.appendChild(el("span", null, t)); });
    sheet.appendChild(sign);
    return sheet;
  }

  function print(r) {
    var old = document.getElementById("calc-sheet");
    if (old) old.remove();
    document.body.appendChild(build(r));
    document.body.classList.add("calc-printing");
    var done = function () { document.body.classList.remove("calc-printing"); };
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  }

  window.handbookSheet = { build: build, print: print };
})();
