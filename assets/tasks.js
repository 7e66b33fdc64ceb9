// The page "Việc theo cơ quan": the form's fields are the query of /api/tasks, kept in the
// address so that a link (from an agency name anywhere) opens the same list; the two download
// links carry the same query.
(function () {
  "use strict";
  var FIELDS = ["agency", "role", "from", "to", "status", "sort"];
  var STATUS = { done: "Đã hoàn thành", overdue: "Quá hạn", upcoming: "Sắp đến hạn", ongoing: "Thường xuyên", later: "Chưa đến hạn", undated: "Không có hạn" };
  var ROLE = { lead: "Chủ trì", support: "Phối hợp", monitor: "Theo dõi" };
  var form = document.getElementById("tasks-form");
  var view = document.getElementById("tasks-view");
  var statusLine = document.getElementById("tasks-status");

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) return;
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  function viDate(iso) {
    if (!iso) return "";
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function query() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) {
      var v = document.getElementById(f).value.trim();
      if (v) params.set(f, v);
    });
    return params;
  }

  function fill(params) {
    FIELDS.forEach(function (f) {
      if (params.has(f)) document.getElementById(f).value = params.get(f);
    });
  }

  function agencyLinks(names, role) {
    var span = el("span");
    (names || []).forEach(function (n, i) {
      if (i) span.appendChild(document.createTextNode("; "));
      span.appendChild(el("a", { className: "agency-link", href: "/tasks?agency=" + encodeURIComponent(n) + "&role=" + role, text: n }));
    });
    return span;
  }

  function roles(t) {
    var cell = el("td");
    ["lead", "support", "monitor"].forEach(function (r) {
      if (t[r] && t[r].length) cell.appendChild(el("div", null, ROLE[r] + ": ", agencyLinks(t[r], r)));
    });
    return cell;
  }

  // The status; a task reported done names the report that says so (its number, else its title
  // for a draft), and its sentence (after the one naming the plan, when not cited by number).
  function statusCell(h) {
    var cell = el("td", { className: "status" }, STATUS[h.status] || h.status);
    var r = h.done_in;
    if (r) {
      cell.appendChild(el("div", { className: "meta" }, "theo ",
        el("a", { className: "done-report", href: "/#doc=" + encodeURIComponent(r.doc_id), title: r.named_as ? r.named_as + " — " + r.text : r.text, text: r.number || r.title || r.doc_id })));
    }
    return cell;
  }

  function render(page) {
    if (!page.tasks.length) {
      view.replaceChildren(el("p", { className: "meta", text: "Không có việc nào." }));
      return;
    }
    var table = el("table", { id: "tasks-table" }, el("thead", null, el("tr", null,
      el("th", { text: "Văn bản" }), el("th", { text: "Mục" }), el("th", { text: "Nhiệm vụ" }),
      el("th", { text: "Thời hạn" }), el("th", { text: "Hạn" }), el("th", { text: "Tình trạng" }),
      el("th", { text: "Cơ quan" }))));
    var body = el("tbody");
    page.tasks.forEach(function (h) {
      var t = h.task;
      body.appendChild(el("tr", { className: "task status-" + h.status },
        el("td", null, el("a", { href: "/#doc=" + encodeURIComponent(h.doc_id), text: h.number || h.title || h.doc_id })),
        el("td", { text: t.path }),
        el("td", { text: t.text }),
        el("td", { text: t.deadline_text || "" }),
        el("td", { text: viDate(h.due) }),
        statusCell(h),
        roles(t)));
    });
    table.appendChild(body);
    view.replaceChildren(table);
  }

  function load() {
    var params = query();
    var qs = params.toString();
    history.replaceState(null, "", "/tasks" + (qs ? "?" + qs : ""));
    var exportQs = new URLSearchParams(params);
    exportQs.set("limit", "5000");
    document.getElementById("csv-link").href = "/api/tasks.csv?" + exportQs.toString();
    document.getElementById("xlsx-link").href = "/api/tasks.xlsx?" + exportQs.toString();
    params.set("limit", "500");
    statusLine.textContent = "Đang tải…";
    fetch("/api/tasks?" + params.toString())
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
          return body;
        });
      })
      .then(function (page) {
        statusLine.textContent = page.total + " việc";
        render(page);
      })
      .catch(function (e) {
        statusLine.textContent = "Lỗi: " + e.message;
        view.replaceChildren();
      });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
  fill(new URLSearchParams(location.search));
  load();
})();
