  // ---- Reviewer decisions (src/report/decisions.js) ----
  // Every row of the review queue and of the determinations table gets a
  // decision and a note. Decisions are kept in this browser (localStorage,
  // under D.decisions_key: the run's county and input hashes, so a rerun on
  // the same inputs finds them again), exported as decisions.csv in the
  // format `classify --decisions` reads, and loaded back from such a file.
  // Data goes into the page only as text (textContent, value, setAttribute).
  var DECISIONS = ["dismiss", "reduce", "not_eligible", "review"];
  var LABELS = { "": "no decision", dismiss: "dismiss", reduce: "reduce", not_eligible: "not eligible", review: "keep in review" };
  var COLUMNS = ["subject_id", "count_id", "decision", "note", "reviewer"];
  var STORE = D.decisions_key;
  var SHOWN_PROBLEMS = 500;

  // The same cells as output::spreadsheet_safe / spreadsheet_literal: a cell
  // starting with = + - @ tab or CR gets an apostrophe; reading takes it off.
  function formulaStart(c) { return c === "=" || c === "+" || c === "-" || c === "@" || c === "\t" || c === "\r"; }
  function safe(text) { return text.length > 0 && formulaStart(text.charAt(0)) ? "'" + text : text; }
  function literal(text) { return text.length > 1 && text.charAt(0) === "'" && formulaStart(text.charAt(1)) ? text.slice(1) : text; }
  // As output::csv_record: quoted when it holds a comma, quote or line break.
  function csvCell(text) {
    text = safe(text);
    return /[,"\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function keyOf(subject, count) { return JSON.stringify([subject, count]); }
  var rowKeys = rows.map(function (r) { return keyOf(literal(r[F.subject_id]), r[F.count_id]); });
  var known = {};
  rowKeys.forEach(function (k, i) { if (!(k in known)) known[k] = i; });
  var queueRows = [];
  rows.forEach(function (r, i) { if (r[F.determination] === "review") queueRows.push(i); });

  // What this run applied from a decisions file (decided_by = reviewer).
  function applied(r) {
    return r[F.decided_by] === "reviewer"
      ? { decision: r[F.determination], note: literal(r[F.reviewer_note]), reviewer: literal(r[F.reviewer]) }
      : null;
  }

  // state.entries: key → { decision ("" = none), note, reviewer }.
  var state = { reviewer: "", entries: {} };
  var storageOk = true;
  function readStore() {
    var text = null, saved = null;
    try { text = window.localStorage.getItem(STORE); storageOk = true; } catch (e) { storageOk = false; }
    if (text) { try { saved = JSON.parse(text); } catch (e) { saved = null; } }
    state = { reviewer: "", entries: {} };
    if (saved && saved.v === 1) {
      state.reviewer = typeof saved.reviewer === "string" ? saved.reviewer : "";
      var entries = saved.entries || {};
      Object.keys(entries).forEach(function (k) {
        var e = entries[k];
        if (k in known && Array.isArray(e) && e.length === 3 && (e[0] === "" || DECISIONS.indexOf(e[0]) >= 0)) {
          state.entries[k] = { decision: e[0], note: String(e[1]), reviewer: String(e[2]) };
        }
      });
    }
    // A decision the run applied counts as made, unless this browser has its own for the count.
    rows.forEach(function (r, i) {
      var a = applied(r);
      if (a && !(rowKeys[i] in state.entries)) state.entries[rowKeys[i]] = a;
    });
  }
  function writeStore() {
    var entries = {};
    Object.keys(state.entries).forEach(function (k) {
      var e = state.entries[k];
      entries[k] = [e.decision, e.note, e.reviewer];
    });
    try {
      window.localStorage.setItem(STORE, JSON.stringify({ v: 1, reviewer: state.reviewer, entries: entries }));
      storageOk = true;
    } catch (e) { storageOk = false; }
  }

  // "applied" when this run's result already is the decision, "pending" when a rerun is needed, "" when nothing is decided.
  function progress(i) {
    var e = state.entries[rowKeys[i]], a = applied(rows[i]);
    if (!e || e.decision === "") return a ? "pending" : "";
    return a && a.decision === e.decision && a.note === e.note.trim() && a.reviewer === e.reviewer.trim() ? "applied" : "pending";
  }
  var PROGRESS = { "": "", applied: "applied in this run", pending: "not yet applied" };

  var el = function (id) { return document.getElementById(id); };
  var nameInput = el("d-name"), nameNeeded = el("d-name-needed"), statusLine = el("d-status"), storageWarning = el("d-storage");

  cellWriters.decision = function (td, r, i) {
    var k = rowKeys[i], e = state.entries[k] || { decision: "", note: "", reviewer: "" };
    var who = r[F.name] + ", count " + r[F.count_id];
    td.className = "decision";
    var choice = document.createElement("select");
    choice.className = "d-choice";
    choice.setAttribute("aria-label", "Decision for " + who);
    ["", "dismiss", "reduce", "not_eligible", "review"].forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = LABELS[v];
      choice.appendChild(o);
    });
    choice.value = e.decision;
    var note = document.createElement("input");
    note.type = "text"; note.className = "d-note"; note.value = e.note; note.placeholder = "note: why";
    note.setAttribute("aria-label", "Note for " + who);
    var mark = document.createElement("span");
    mark.className = "d-mark";
    choice.cmRow = note.cmRow = mark.cmRow = i;
    [choice, note].forEach(function (c) {
      c.disabled = !state.reviewer;
      if (!state.reviewer) c.setAttribute("aria-describedby", "d-name-needed");
    });
    choice.addEventListener("change", function () { decide(i, choice.value, null); });
    note.addEventListener("input", function () { decide(i, null, note.value); });
    td.appendChild(choice); td.appendChild(note); td.appendChild(mark);
    showMark(mark);
  };
  function showMark(mark) {
    var p = progress(mark.cmRow);
    mark.className = "d-mark " + p;
    mark.textContent = PROGRESS[p];
  }

  function decide(i, decision, note) {
    if (!state.reviewer) { nameInput.focus(); return; }
    var k = rowKeys[i], e = state.entries[k] || { decision: "", note: "", reviewer: "" };
    if (decision !== null) e.decision = decision;
    if (note !== null) e.note = note;
    e.reviewer = state.reviewer;
    state.entries[k] = e;
    writeStore();
    // The same count may be drawn in both tables: the other copy follows.
    var active = document.activeElement;
    document.querySelectorAll("td.decision select, td.decision input, td.decision .d-mark").forEach(function (c) {
      if (rowKeys[c.cmRow] !== k) return;
      if (c.tagName === "SELECT" && c !== active) c.value = e.decision;
      else if (c.tagName === "INPUT" && c !== active) c.value = e.note;
      else if (c.tagName === "SPAN") showMark(c);
    });
    showStatus();
  }

  function redraw() { all.draw(); queue.draw(); showStatus(); }

  function showStatus() {
    var by = { dismiss: 0, reduce: 0, not_eligible: 0, review: 0 }, total = 0, pending = 0;
    Object.keys(state.entries).forEach(function (k) {
      var d = state.entries[k].decision;
      if (d) { by[d] += 1; total += 1; }
      if (progress(known[k]) === "pending") pending += 1;
    });
    var open = queueRows.filter(function (i) { var e = state.entries[rowKeys[i]]; return !e || !e.decision; }).length;
    var text = total + " decision" + (total === 1 ? "" : "s") + " recorded (" +
      DECISIONS.map(function (d) { return by[d] + " " + LABELS[d]; }).join(", ") + "). " +
      open + " of " + queueRows.length + " review-queue convictions have no decision yet.";
    if (pending) text += " " + pending + " not yet applied: download decisions.csv and run classify again with --decisions.";
    statusLine.textContent = text;
    nameNeeded.hidden = !!state.reviewer;
    storageWarning.hidden = storageOk;
  }

  function saveName() {
    var name = nameInput.value.trim();
    if (!name || name === state.reviewer) return;
    var first = !state.reviewer;
    state.reviewer = name;
    writeStore();
    if (first) redraw(); else showStatus();
  }
  nameInput.addEventListener("change", saveName);
  el("d-name-save").addEventListener("click", saveName);

  // decisions.csv, rows in the page's (determinations.csv's) order.
  function exportText() {
    var out = COLUMNS.join(",") + "\n", n = 0;
    rows.forEach(function (r, i) {
      var k = rowKeys[i], e = state.entries[k];
      if (known[k] !== i || !e || !e.decision) return;
      out += [literal(r[F.subject_id]), r[F.count_id], e.decision, e.note.trim(), e.reviewer.trim()].map(csvCell).join(",") + "\n";
      n += 1;
    });
    return { text: out, rows: n };
  }
  el("d-export").addEventListener("click", function () {
    var made = exportText();
    var url = URL.createObjectURL(new Blob([made.text], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url; a.download = "decisions.csv"; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    el("d-exported").textContent = "decisions.csv downloaded with " + made.rows + " decision" + (made.rows === 1 ? "" : "s") + ".";
  });

  // CSV as the csv crate reads it: records end at \n, \r\n or \r; blank lines
  // are skipped; each record knows the line it starts on.
  function parseCsv(text) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    var records = [], fields = [], field = "", line = 1, start = 1, quoted = false, wasQuoted = false, any = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (quoted) {
        if (c === "\"") {
          if (text.charAt(i + 1) === "\"") { field += "\""; i++; } else quoted = false;
        } else {
          if (c === "\n" || (c === "\r" && text.charAt(i + 1) !== "\n")) line++;
          field += c;
        }
        continue;
      }
      if (c === "\"" && field === "" && !wasQuoted) { quoted = wasQuoted = any = true; continue; }
      if (c === ",") { fields.push(field); field = ""; wasQuoted = false; any = true; continue; }
      if (c === "\r" || c === "\n") {
        if (c === "\r" && text.charAt(i + 1) === "\n") i++;
        if (any || field !== "") { fields.push(field); records.push({ line: start, fields: fields }); }
        fields = []; field = ""; wasQuoted = any = false;
        line++; start = line;
        continue;
      }
      field += c;
    }
    if (quoted) records.push({ line: start, error: "the row cannot be read: a quote is never closed" });
    else if (any || field !== "") { fields.push(field); records.push({ line: start, fields: fields }); }
    return records;
  }

  // Reads a decisions file as `classify --decisions` does and takes its good
  // rows into the page; every other row is listed with its line.
  function loadText(file, text) {
    var records = parseCsv(text), problems = [], at = {};
    function problem(line, column, message) { problems.push({ line: line, column: column, message: message }); }
    var header = records.length && records[0].fields ? records[0].fields.map(function (h) { return h.trim().toLowerCase(); }) : [];
    COLUMNS.forEach(function (c) {
      at[c] = header.indexOf(c);
      if (at[c] < 0) problem(1, c, "the header has no `" + c + "` column (needs " + COLUMNS.join(", ") + "); no row is loaded");
    });
    var found = [], firstLine = {}, duplicate = {};
    if (!problems.length) {
      records.slice(1).forEach(function (rec) {
        if (rec.error) { problem(rec.line, "", rec.error); return; }
        if (rec.fields.length !== header.length) {
          problem(rec.line, "", rec.fields.length + " fields, but the header has " + header.length);
          return;
        }
        var cell = function (c) { return literal(rec.fields[at[c]].trim()); };
        var subject = cell("subject_id"), count = rec.fields[at.count_id].trim(), decision = cell("decision").toLowerCase();
        if (!subject) { problem(rec.line, "subject_id", "blank"); return; }
        if (!/^[0-9]{12}$/.test(count)) { problem(rec.line, "count_id", "not 12 digits"); return; }
        if (DECISIONS.indexOf(decision) < 0) { problem(rec.line, "decision", "not one of " + DECISIONS.join(", ")); return; }
        var k = keyOf(subject, count);
        if (k in firstLine) {
          problem(rec.line, "", "the same count as line " + firstLine[k] + "; neither row is loaded");
          duplicate[k] = true;
          return;
        }
        firstLine[k] = rec.line;
        found.push({ key: k, line: rec.line, entry: { decision: decision, note: cell("note"), reviewer: cell("reviewer") } });
      });
    }
    var loaded = 0, replaced = 0;
    found.forEach(function (f) {
      if (duplicate[f.key]) return;
      if (!(f.key in known)) {
        problem(f.line, "", "no count with this subject_id and count_id is in this run; not loaded");
        return;
      }
      var old = state.entries[f.key];
      if (old && old.decision && (old.decision !== f.entry.decision || old.note.trim() !== f.entry.note)) replaced += 1;
      state.entries[f.key] = f.entry;
      loaded += 1;
    });
    problems.sort(function (a, b) { return a.line - b.line; });
    if (loaded) { writeStore(); redraw(); }
    var box = el("d-load");
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = file + ": " + loaded + " decision" + (loaded === 1 ? "" : "s") + " loaded" +
      (replaced ? " (" + replaced + " replaced a different decision made here)" : "") +
      (problems.length ? "; " + problems.length + " row" + (problems.length === 1 ? "" : "s") + " not loaded:" : ".");
    box.appendChild(p);
    if (problems.length) {
      box.className = "d-problems";
      var ul = document.createElement("ul");
      problems.slice(0, SHOWN_PROBLEMS).forEach(function (q) {
        var li = document.createElement("li");
        li.textContent = "line " + q.line + (q.column ? ", column " + q.column : "") + ": " + q.message;
        ul.appendChild(li);
      });
      box.appendChild(ul);
      if (problems.length > SHOWN_PROBLEMS) {
        var more = document.createElement("p");
        more.textContent = (problems.length - SHOWN_PROBLEMS) + " more not shown; run classify --decisions on the file to list them all.";
        box.appendChild(more);
      }
    } else {
      box.className = "";
    }
  }
  var fileInput = el("d-file");
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { loadText(file.name, String(reader.result)); fileInput.value = ""; };
    reader.onerror = function () { el("d-load").textContent = file.name + ": cannot be read."; };
    reader.readAsText(file);
  });

  // Another tab of the same page changed the decisions.
  window.addEventListener("storage", function (e) {
    if (e.key === STORE) { readStore(); nameInput.value = state.reviewer; redraw(); }
  });

  readStore();
  nameInput.value = state.reviewer;
  showStatus();
