// The search page. Views follow the address's hash, so that back/forward and links work:
//   #q=...&type=...   a search (any /api/search parameter)
//   #doc=ID           an old link to one document: goes to its page /van-ban/--ID
//   #cited=NUMBER     the documents citing a number
// Safety: only `snippet` HTML (escaped by the server, with <mark>) is inserted as HTML; every
// other value goes in through textContent or attributes.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SEARCH_FIELDS = ["q", "type", "issuer", "agency", "role", "field", "cites",
    "issued_from", "issued_to", "effective_from", "effective_to",
    "deadline_from", "deadline_to", "sort"];
  var FILTER_LABELS = {
    type: "Loại", issuer: "Cơ quan ban hành", agency: "Cơ quan liên quan", role: "Vai trò",
    field: "Lĩnh vực", cites: "Dẫn chiếu", issued_from: "Ban hành từ", issued_to: "Ban hành đến",
    effective_from: "Hiệu lực từ", effective_to: "Hiệu lực đến",
    deadline_from: "Hạn từ", deadline_to: "Hạn đến", sort: "Sắp xếp",
    status: "Hiệu lực", in_force_on: "Còn hiệu lực ngày"
  };
  var RELATIONS = {
    based_on: "Căn cứ", implements: "Thực hiện", amends: "Sửa đổi, bổ sung",
    replaces: "Thay thế", repeals: "Bãi bỏ", partly_repeals: "Bãi bỏ một phần",
    expires: "Chấm dứt hiệu lực", suspends: "Ngưng hiệu lực", guides: "Hướng dẫn", mentions: "Dẫn chiếu",
    amended_by: "Được sửa đổi bởi", replaced_by: "Được thay thế bởi", repealed_by: "Bị bãi bỏ bởi"
  };
  // Filter values shown in words (the address keeps the API's codes).
  var VALUE_LABELS = {
    role: { issuer: "Ban hành", lead: "Chủ trì", support: "Phối hợp" },
    sort: { issued_desc: "Mới ban hành trước", issued_asc: "Cũ trước", relevance: "Phù hợp nhất" },
    status: { in_force: "Còn hiệu lực", partly_expired: "Hết hiệu lực một phần", expired: "Hết hiệu lực toàn bộ",
      not_yet_in_force: "Chưa có hiệu lực", unknown: "Chưa rõ hiệu lực" }
  };
  var DATE_FILTERS = ["issued_from", "issued_to", "effective_from", "effective_to", "deadline_from", "deadline_to"];
  // The API's error codes (English) as the page says them.
  var ERRORS = {
    empty_query: "Nhập từ khóa hoặc chọn một bộ lọc.",
    query_too_long: "Từ khóa quá dài; hãy rút gọn.",
    too_many_terms: "Từ khóa có quá nhiều từ; hãy rút gọn.",
    query_string_too_long: "Địa chỉ tìm kiếm quá dài.",
    too_many_values: "Có quá nhiều giá trị trong một bộ lọc.",
    value_too_long: "Một giá trị lọc quá dài.",
    bad_date: "Ngày không hợp lệ; dùng dạng ngày/tháng/năm.",
    bad_range: "Khoảng ngày không hợp lệ: ngày bắt đầu sau ngày kết thúc.",
    bad_number: "Số hiệu văn bản không hợp lệ (ví dụ 176/KH-UBND).",
    bad_role: "Vai trò phải là Ban hành, Chủ trì hoặc Phối hợp.",
    role_without_agency: "Chọn vai trò thì cần nhập cơ quan liên quan.",
    bad_sort: "Cách sắp xếp không hợp lệ.",
    bad_integer: "Số trang không hợp lệ.",
    bad_limit: "Số kết quả mỗi trang không hợp lệ.",
    limit_too_large: "Số kết quả mỗi trang quá lớn.",
    offset_too_large: "Chỉ xem được 10.000 kết quả đầu; hãy thu hẹp tìm kiếm.",
    unknown_parameter: "Địa chỉ có tham số không được hỗ trợ.",
    bad_encoding: "Địa chỉ có ký tự không hợp lệ.",
    missing_parameter: "Thiếu thông tin cần thiết.",
    not_found: "Không tìm thấy.",
    timeout: "Tìm kiếm mất quá nhiều thời gian; hãy thu hẹp từ khóa rồi thử lại.",
    internal: "Máy chủ gặp lỗi; xin thử lại sau.",
    payload_too_large: "Dữ liệu gửi lên quá lớn."
  };
  var FACETS = [["type", "Loại văn bản"], ["issuer", "Cơ quan ban hành"], ["year", "Năm ban hành"],
    ["status", "Hiệu lực"]];

  var form = document.getElementById("search-form");
  var view = document.getElementById("view");
  // The home view the server rendered (new documents, counts, example searches).
  var home = document.getElementById("home");
  var statusLine = document.getElementById("status");

  // Makes an element; strings among the children become text nodes, never HTML.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined) return;
        if (k === "text") node.textContent = attrs[k];
        else if (k === "className") node.className = attrs[k];
        else if (k === "onclick") node.addEventListener("click", attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  function setStatus(text, isError) {
    statusLine.textContent = text || "";
    statusLine.className = isError ? "error" : "";
  }

  function api(path, params) {
    var qs = params ? "?" + params.toString() : "";
    return fetch(path + qs, { headers: { Accept: "application/json" } }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) {
          var code = body && body.error ? body.error.code : "";
          var err = new Error(ERRORS[code] || "Có lỗi (mã " + (code || res.status) + ").");
          err.code = code;
          throw err;
        }
        return body;
      });
    });
  }

  // ISO date (2020-10-27) as Vietnamese writes it (27/10/2020).
  function viDate(iso) {
    if (!iso) return "";
    var p = String(iso).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso);
  }

  // A document's page; the server answers with its readable address (/van-ban/176-KH-UBND).
  function docHref(id, q, anchor) {
    return "/van-ban/--" + encodeURIComponent(id) + (q ? "?q=" + encodeURIComponent(q) : "") +
      (anchor ? "#" + anchor : "");
  }

  // The anchor of a hit's passage in the page (`Chương II > Điều 5 > Khoản 2` → dieu-5-khoan-2,
  // `II > 1` → ii-1), as the server's reading view names its headings.
  function passageAnchor(path) {
    var parts = String(path || "").split(">").map(function (p) { return p.trim(); });
    var article = null, clause = null;
    parts.forEach(function (p) {
      var m = /^Điều\s+(\S+)/i.exec(p);
      if (m) article = "dieu-" + m[1].toLowerCase();
      m = /^Khoản\s+(\S+)/i.exec(p);
      if (m) clause = m[1].toLowerCase();
    });
    if (article) return article + (clause ? "-khoan-" + clause : "");
    if (parts.length && parts.every(function (p) { return /^[IVXLC]+$|^\d+$|^[a-zđ]$/.test(p); })) {
      return parts.map(function (p) { return p.toLowerCase().replace("đ", "d"); }).join("-");
    }
    return null;
  }
  function citedHref(number) { return "#cited=" + encodeURIComponent(number); }

  // The search's state is in the hash (`/#q=...`); an address with a query and no hash
  // (`/tim-kiem?q=...&type=...`, the site header's form) gives it too.
  function hashParams() {
    var hash = location.hash.replace(/^#/, "");
    return new URLSearchParams(hash || location.search.replace(/^\?/, ""));
  }

  // ---- search -------------------------------------------------------------------------------

  function fillForm(params) {
    SEARCH_FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (input) input.value = params.get(name) || "";
    });
  }

  function formParams() {
    var params = new URLSearchParams();
    SEARCH_FIELDS.forEach(function (name) {
      var input = form.elements[name];
      var v = input ? input.value.trim() : "";
      if (v) params.set(name, v);
    });
    return params;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var params = formParams();
    if (params.toString() === "") {
      setStatus("Nhập từ khóa hoặc chọn một bộ lọc.", true);
      return;
    }
    location.hash = params.toString();
  });

  function withParam(params, name, value) {
    var p = new URLSearchParams(params.toString());
    if (value === null) p.delete(name); else p.set(name, value);
    p.delete("page");
    return p;
  }

  function runSearch(params) {
    fillForm(params);
    var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    var query = new URLSearchParams();
    params.forEach(function (v, k) { if (k !== "page" && k !== "year") query.append(k, v); });
    var year = params.get("year");
    if (year && /^\d{4}$/.test(year)) {
      query.set("issued_from", year + "-01-01");
      query.set("issued_to", year + "-12-31");
    }
    query.set("limit", String(PAGE_SIZE));
    query.set("offset", String((page - 1) * PAGE_SIZE));
    setStatus("Đang tìm…");
    return api("/api/search", query).then(function (res) {
      setStatus("Tìm thấy " + res.total + " văn bản.");
      renderResults(params, res, page);
    }).catch(function (err) {
      view.replaceChildren();
      setStatus(err.message, true);
    });
  }

  function renderFacets(params, facets) {
    var box = el("aside", { className: "facets", "aria-label": "Lọc theo" });
    FACETS.forEach(function (f) {
      var counts = facets && facets[f[0]] ? facets[f[0]] : {};
      var keys = Object.keys(counts).sort(function (a, b) {
        return f[0] === "year" ? b.localeCompare(a) : counts[b] - counts[a] || a.localeCompare(b);
      });
      if (!keys.length) return;
      var list = el("ul");
      keys.forEach(function (k) {
        var next = withParam(params, f[0], k);
        list.appendChild(el("li", null, el("button", {
          type: "button", className: "facet", "data-facet": f[0], "data-value": k,
          onclick: function () { location.hash = next.toString(); }
        }, (VALUE_LABELS[f[0]] && VALUE_LABELS[f[0]][k] || k) + " ",
          el("span", { className: "count", text: "(" + counts[k] + ")" }))));
      });
      box.appendChild(el("h3", { text: f[1] }));
      box.appendChild(list);
    });
    // Agencies in charge of tasks (lead role): filter by agency and role together.
    var leads = facets && facets.agency && facets.agency.lead ? facets.agency.lead : {};
    var leadKeys = Object.keys(leads).sort(function (a, b) { return leads[b] - leads[a] || a.localeCompare(b); });
    if (leadKeys.length) {
      var leadList = el("ul");
      leadKeys.slice(0, 20).forEach(function (k) {
        var next = withParam(withParam(params, "agency", k), "role", "lead");
        leadList.appendChild(el("li", null, el("button", {
          type: "button", className: "facet", "data-facet": "agency-lead", "data-value": k,
          onclick: function () { location.hash = next.toString(); }
        }, k + " ", el("span", { className: "count", text: "(" + leads[k] + ")" }))));
      });
      box.appendChild(el("h3", { text: "Cơ quan chủ trì" }));
      box.appendChild(leadList);
    }
    return box;
  }

  function renderChips(params) {
    var chips = el("div", { className: "chips" });
    params.forEach(function (v, k) {
      if (k === "q" || k === "page") return;
      var shown = VALUE_LABELS[k] && VALUE_LABELS[k][v] ? VALUE_LABELS[k][v]
        : DATE_FILTERS.indexOf(k) >= 0 ? viDate(v) : v;
      var label = (k === "year" ? "Năm" : FILTER_LABELS[k] || k) + ": " + shown + " ✕";
      chips.appendChild(el("button", {
        type: "button", className: "chip", title: "Bỏ bộ lọc này",
        onclick: function () { location.hash = withParam(params, k, null).toString(); }
      }, label));
    });
    return chips;
  }

  function renderHit(hit, q) {
    var head = el("div", { className: "hit-head" },
      el("a", { className: "hit-link", href: docHref(hit.id, q), text: hit.number || "(không số)" }),
      hit.type ? el("span", { className: "meta type", text: hit.type }) : null,
      hit.issuer ? el("span", { className: "meta issuer", text: hit.issuer }) : null,
      hit.issued ? el("span", { className: "meta date", text: viDate(hit.issued) }) : null);
    var item = el("li", { className: "hit", "data-id": hit.id }, head);
    if (hit.title) item.appendChild(el("p", { className: "hit-title", text: hit.title }));
    (hit.passages || []).forEach(function (p) {
      var snippet = el("p", { className: "snippet" });
      snippet.innerHTML = p.snippet; // escaped by the server; only <mark> is markup
      var anchor = passageAnchor(p.path);
      item.appendChild(el("div", { className: "passage" },
        p.path ? (anchor
          ? el("a", { className: "path", href: docHref(hit.id, q, anchor), title: "Xem trong văn bản", text: p.path })
          : el("span", { className: "path", text: p.path })) : null, snippet));
    });
    return item;
  }

  function renderResults(params, res, page) {
    var main = el("section", { className: "results", "aria-label": "Kết quả" });
    main.appendChild(renderChips(params));
    if (res.did_you_mean) {
      var alt = withParam(params, "q", res.did_you_mean);
      main.appendChild(el("p", { className: "did-you-mean" }, "Có phải bạn muốn tìm: ",
        el("a", { href: "#" + alt.toString(), text: res.did_you_mean }), "?"));
    }
    if (!res.hits.length) main.appendChild(el("p", { text: "Không có văn bản nào phù hợp." }));
    var list = el("ol", { className: "hits", start: String((page - 1) * PAGE_SIZE + 1) });
    res.hits.forEach(function (h) { list.appendChild(renderHit(h, params.get("q"))); });
    main.appendChild(list);
    var pages = Math.ceil(Math.min(res.total, 10000 + PAGE_SIZE) / PAGE_SIZE);
    if (pages > 1) {
      var pager = el("nav", { className: "pager", "aria-label": "Trang" });
      if (page > 1) {
        var prev = withParam(params, "page", null); prev.set("page", String(page - 1));
        pager.appendChild(el("a", { href: "#" + prev.toString(), text: "‹ Trang trước" }));
      }
      pager.appendChild(el("span", { text: "Trang " + page + "/" + pages }));
      if (page < pages) {
        var next = withParam(params, "page", null); next.set("page", String(page + 1));
        pager.appendChild(el("a", { href: "#" + next.toString(), text: "Trang sau ›" }));
      }
      main.appendChild(pager);
    }
    var facets = renderFacets(params, res.facets);
    facets.id = "facets";
    facets.classList.add("collapsed");
    var toggle = el("button", { type: "button", className: "filter-toggle", "aria-controls": "facets",
      "aria-expanded": "false", onclick: function () {
        var open = facets.classList.toggle("collapsed") === false;
        toggle.setAttribute("aria-expanded", String(open));
      } }, "Lọc");
    main.insertBefore(toggle, main.firstChild);
    view.replaceChildren(el("div", { className: "layout" }, facets, main));
  }

  // ---- document ------------------------------------------------------------------------------

  function citingItem(d) {
    return el("li", { className: "citing", "data-id": d.id },
      el("span", { className: "relation", text: RELATIONS[d.relation] || d.relation }), " ",
      el("a", { href: docHref(d.id), text: [d.type, d.number].filter(Boolean).join(" ") || d.id }),
      d.issued ? " ngày " + viDate(d.issued) : "",
      d.issuer ? " · " + d.issuer : "",
      d.title ? el("div", { className: "meta", text: d.title }) : null);
  }

  // ---- cited by ------------------------------------------------------------------------------

  function showCitedBy(number) {
    setStatus("Đang tải…");
    var params = new URLSearchParams({ number: number });
    return Promise.all([api("/api/cited-by", params), api("/api/documents", params).catch(function () { return null; })])
      .then(function (r) {
        var res = r[0], own = r[1];
        var page = el("section", { className: "doc", id: "cited-by" },
          el("p", null, el("a", { href: "#", onclick: function (e) { e.preventDefault(); history.back(); }, text: "‹ Quay lại" })),
          el("h2", { text: "Văn bản dẫn chiếu đến " + (res.display || res.number) }));
        if (own && own.documents.length) {
          page.appendChild(el("p", null, "Văn bản này có trong cơ sở dữ liệu: ",
            el("a", { href: docHref(own.documents[0].id), text: own.documents[0].title || res.display || res.number })));
        }
        if (res.documents.length) {
          var list = el("ul", { id: "cited-by-list" });
          res.documents.forEach(function (d) { list.appendChild(citingItem(d)); });
          page.appendChild(list);
        } else page.appendChild(el("p", { text: "Chưa có văn bản nào dẫn chiếu." }));
        view.replaceChildren(page);
        setStatus(res.documents.length + " văn bản dẫn chiếu.");
      }).catch(function (err) { view.replaceChildren(); setStatus(err.message, true); });
  }

  // ---- routing -------------------------------------------------------------------------------

  function route() {
    var params = hashParams();
    if (params.get("doc")) { location.replace(docHref(params.get("doc"))); return; }
    if (params.get("cited")) return showCitedBy(params.get("cited"));
    var any = false;
    params.forEach(function () { any = true; });
    if (any) return runSearch(params);
    fillForm(params);
    view.replaceChildren(el("p", { className: "meta",
      text: "Tìm trong văn bản quy phạm pháp luật và văn bản hành chính: gõ từ khóa có dấu hoặc không dấu, cụm từ trong \"ngoặc kép\", -từ để loại trừ, hoặc số hiệu văn bản." }));
    if (home) view.appendChild(home);
    setStatus("");
  }

  window.addEventListener("hashchange", route);
  route();
})();
