  var D = JSON.parse(document.getElementById("data").textContent);
  var F = D.fields.reduce(function (m, f, i) { m[f] = i; return m; }, {});
  var rows = D.rows;
  var PAGE = D.page_rows;
  var keys = null;
  function searchKey(i) {
    if (!keys) {
      keys = rows.map(function (r) { return (r[F.name] + "\u0001" + r[F.aka] + "\u0001" + r[F.case_number]).toLowerCase(); });
    }
    return keys[i];
  }
  // Columns another part of the page draws itself (decisions.js: "decision"):
  // column → function (td, row, row index).
  var cellWriters = {};
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  function value(r, f) {
    if (f === "court") return D.courts[r[F.court]];
    if (f === "rule") return D.rules[r[F.rule]];
    if (f === "citation") return D.citations[r[F.citation]];
    return r[F[f]];
  }
  function Table(id, columns, pick, state) {
    this.body = document.querySelector("#" + id + " tbody");
    this.count = document.getElementById(id + "-count");
    this.pager = document.getElementById(id + "-pager");
    this.columns = columns; this.pick = pick; this.state = state; this.matched = [];
    var self = this;
    this.pager.querySelector(".prev").addEventListener("click", function () { self.go(-1); });
    this.pager.querySelector(".next").addEventListener("click", function () { self.go(1); });
  }
  Table.prototype.filter = function () {
    this.matched = [];
    for (var i = 0; i < rows.length; i++) if (this.pick(rows[i], i)) this.matched.push(i);
    var pages = Math.max(1, Math.ceil(this.matched.length / PAGE));
    if (this.state.page >= pages) this.state.page = pages - 1;
    if (this.state.page < 0) this.state.page = 0;
    this.draw();
  };
  Table.prototype.go = function (delta) { this.state.page += delta; this.filter(); save(); };
  Table.prototype.draw = function () {
    var pages = Math.max(1, Math.ceil(this.matched.length / PAGE));
    var start = this.state.page * PAGE;
    var frag = document.createDocumentFragment();
    for (var k = start; k < Math.min(start + PAGE, this.matched.length); k++) {
      var r = rows[this.matched[k]], tr = document.createElement("tr");
      for (var c = 0; c < this.columns.length; c++) {
        var f = this.columns[c];
        if (cellWriters[f]) {
          var td = document.createElement("td");
          cellWriters[f](td, r, this.matched[k]);
          tr.appendChild(td);
          continue;
        }
        cell(tr, value(r, f), f === "determination" ? r[F.determination] : (f === "reason" || f === "rule" ? f : ""));
      }
      frag.appendChild(tr);
    }
    this.body.textContent = "";
    this.body.appendChild(frag);
    this.count.textContent = String(this.matched.length);
    this.pager.querySelector(".page").textContent = "page " + (this.state.page + 1) + " of " + pages;
    this.pager.querySelector(".prev").disabled = this.state.page === 0;
    this.pager.querySelector(".next").disabled = this.state.page + 1 >= pages;
  };

  var S = { court: "", determination: "", rule: "", source: "", q: "", page: 0 };
  var Q = { page: 0 };
  function fill(select, values) {
    values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o); });
  }
  var court = document.getElementById("f-court"), det = document.getElementById("f-determination"),
      rule = document.getElementById("f-rule"), q = document.getElementById("f-q"),
      source = document.getElementById("f-source");
  fill(court, D.courts.slice());
  fill(det, ["dismiss", "reduce", "not_eligible", "review"]);
  fill(rule, D.rules.slice().sort());
  fill(source, ["both", "doj_only", "office_only"]);
  var all = new Table("rows", ["name", "decision", "case_number", "code_section", "determination", "relief", "rule", "reason", "citation", "decided_by", "court"], function (r, i) {
    if (S.court && D.courts[r[F.court]] !== S.court) return false;
    if (S.determination && r[F.determination] !== S.determination) return false;
    if (S.rule && D.rules[r[F.rule]] !== S.rule) return false;
    if (S.source && r[F.source_kind] !== S.source) return false;
    if (S.q && searchKey(i).indexOf(S.q.toLowerCase()) < 0) return false;
    return true;
  }, S);
  var queue = new Table("queue", ["name", "decision", "subject_id", "count_id", "case_number", "code_section", "court", "rule", "reason"], function (r) {
    return r[F.determination] === "review";
  }, Q);
  function load() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    S.court = p.get("court") || ""; S.determination = p.get("determination") || "";
    S.rule = p.get("rule") || ""; S.q = p.get("q") || ""; S.source = p.get("source") || "";
    S.page = Math.max(0, (parseInt(p.get("page") || "1", 10) || 1) - 1);
    court.value = S.court; det.value = S.determination; rule.value = S.rule; q.value = S.q; source.value = S.source;
    all.filter();
  }
  function save() {
    var p = new URLSearchParams();
    ["court", "determination", "rule", "source", "q"].forEach(function (k) { if (S[k]) p.set(k, S[k]); });
    if (S.page > 0) p.set("page", String(S.page + 1));
    var hash = p.toString();
    try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: pages may refuse; the filters still apply */ }
  }
  function changed() {
    S.court = court.value; S.determination = det.value; S.rule = rule.value; S.source = source.value; S.q = q.value; S.page = 0;
    all.filter(); save();
  }
  [court, det, rule, source].forEach(function (el) { el.addEventListener("change", changed); });
  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(changed, 150); });
  document.getElementById("f-clear").addEventListener("click", function () {
    court.value = ""; det.value = ""; rule.value = ""; source.value = ""; q.value = ""; changed();
  });
  window.addEventListener("hashchange", load);
  // Called once every part of the page's script has set itself up.
  function start() {
    load();
    queue.filter();
  }
