// The vanban search widget. Put it into any page:
//   <div id="search"></div>
//   <script src="http://HOST/widget.js" data-target="#search"></script>
// Optional attributes: data-limit (hits shown, default 5), data-placeholder, data-accent (button
// colour), data-link (link colour), data-font (font family). The same can be set from the host
// page's CSS on the target element: --vb-accent, --vb-link, --vb-text, --vb-muted, --vb-font,
// --vb-mark, --vb-border, --vb-radius, --vb-accent-text (the button's text on the accent)
// (custom properties cross into the shadow root). Errors read in Vietnamese.
// Keyboard: ↓ from the box goes to the hits, ↑/↓ between them, Esc back to the box.
// It calls the API at the origin it was loaded from (document.currentScript.src) and draws into
// a shadow root, so the host page's styles and the widget's do not mix. Only `snippet` HTML
// (escaped by the server, with <mark>) is inserted as HTML; everything else goes in as text.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(script.src, location.href).origin;
  var limit = Math.min(20, Math.max(1, parseInt(script.getAttribute("data-limit") || "5", 10) || 5));
  var placeholder = script.getAttribute("data-placeholder") || "Tìm văn bản (có dấu hoặc không dấu)…";
  var targetSelector = script.getAttribute("data-target");

  var CSS = [
    ":host { all: initial; display: block; font-family: var(--vb-font, 'Segoe UI', Roboto, Arial, sans-serif); color: var(--vb-text, #1d2733); line-height: 1.45; }",
    "form { display: flex; gap: 6px; }",
    "input { flex: 1; padding: 8px 10px; font: inherit; font-size: 15px; border: 1px solid var(--vb-border, #c9d0d8); border-radius: var(--vb-radius, 6px); }",
    "button { padding: 8px 14px; font: inherit; font-size: 15px; border: 0; border-radius: var(--vb-radius, 6px); background: var(--vb-accent, #a3191f); color: var(--vb-accent-text, #fff); cursor: pointer; }",
    ":focus-visible { outline: 3px solid var(--vb-link, #0b4f8a); outline-offset: 2px; }",
    ".status { color: var(--vb-muted, #5b6675); font-size: 13px; min-height: 1.4em; margin: 4px 0; }",
    ".status button { padding: 0; background: none; color: var(--vb-link, #0b4f8a); font-size: 13px; font-weight: 600; text-decoration: underline; }",
    "ol { list-style: none; margin: 0; padding: 0; }",
    "li { padding: 8px 0; border-bottom: 1px solid var(--vb-border, #e3e7ec); }",
    "a { color: var(--vb-link, #0b4f8a); font-weight: 600; text-decoration: none; }",
    "a:hover, a:focus { text-decoration: underline; }",
    ".meta { color: var(--vb-muted, #5b6675); font-size: 13px; margin-left: 6px; }",
    ".title { margin: 2px 0; font-size: 14px; }",
    ".snippet { margin: 2px 0; font-size: 13px; color: var(--vb-text, #333); }",
    ".all { display: inline-block; margin-top: 8px; font-size: 14px; }",
    "mark { background: var(--vb-mark, #fff0a6); color: inherit; }"
  ].join("\n");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // The API's error codes stay English; the reader sees Vietnamese.
  function errorText(code, status) {
    var texts = {
      timeout: "Máy chủ đang bận; xin thử lại sau giây lát.",
      too_many_requests: "Máy chủ đang bận; xin thử lại sau giây lát.",
      bad_date: "Ngày không hợp lệ.",
      query_too_long: "Từ khóa quá dài.",
      unknown_parameter: "Tham số không hợp lệ."
    };
    return texts[code] || "Không tìm được (lỗi " + (code || status) + ").";
  }

  function viDate(iso) {
    var p = String(iso || "").split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : "";
  }

  function mount() {
    var host = targetSelector ? document.querySelector(targetSelector) : null;
    if (!host) {
      host = document.createElement("div");
      script.parentNode.insertBefore(host, script);
    }
    // Theme from data-* attributes, as custom properties the host page's CSS may also set.
    [["data-accent", "--vb-accent"], ["data-link", "--vb-link"], ["data-font", "--vb-font"]].forEach(function (a) {
      var v = script.getAttribute(a[0]);
      if (v) host.style.setProperty(a[1], v);
    });
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = CSS;
    var form = el("form");
    form.setAttribute("role", "search");
    var input = el("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = placeholder;
    input.setAttribute("aria-label", "Từ khóa");
    var button = el("button", null, "Tìm");
    button.type = "submit";
    form.appendChild(input);
    form.appendChild(button);
    var status = el("div", "status");
    status.setAttribute("role", "status");
    var list = el("ol", "hits");
    list.setAttribute("aria-label", "Kết quả");
    var all = el("a", "all");
    all.target = "_blank";
    all.rel = "noopener";
    all.hidden = true;
    root.appendChild(style);
    root.appendChild(form);
    root.appendChild(status);
    root.appendChild(list);
    root.appendChild(all);

    // The full search on the portal, for "Xem tất cả".
    function fullSearch(q) {
      return base + "/#" + new URLSearchParams({ q: q }).toString();
    }

    var seq = 0;
    function search() {
      var q = input.value.trim();
      if (!q) { list.replaceChildren(); status.textContent = ""; all.hidden = true; return; }
      var mine = ++seq;
      status.textContent = "Đang tìm…";
      var url = base + "/api/search?" + new URLSearchParams({ q: q, limit: String(limit) }).toString();
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (res) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error(errorText(body && body.error ? body.error.code : "", res.status));
            return body;
          });
        })
        .then(function (res) {
          if (mine !== seq) return;
          status.textContent = res.total ? "Tìm thấy " + res.total + " văn bản." : "Không có văn bản nào phù hợp.";
          if (res.did_you_mean) {
            // The query with its diacritics restored: one click (or Enter) searches it.
            var alt = el("button", "did-you-mean", res.did_you_mean);
            alt.type = "button";
            alt.addEventListener("click", function () { input.value = res.did_you_mean; search(); input.focus(); });
            status.appendChild(document.createTextNode(" Có phải bạn muốn tìm: "));
            status.appendChild(alt);
            status.appendChild(document.createTextNode("?"));
          }
          all.hidden = !res.total;
          all.href = fullSearch(q);
          all.textContent = "Xem tất cả " + res.total + " kết quả";
          list.replaceChildren();
          res.hits.forEach(function (hit) {
            var item = el("li", "hit");
            var link = el("a", "hit-link", hit.number || hit.title || "(không số)");
            link.href = base + "/van-ban/--" + encodeURIComponent(hit.id);
            link.target = "_blank";
            link.rel = "noopener";
            item.appendChild(link);
            var meta = [hit.type, hit.issuer, viDate(hit.issued)].filter(Boolean).join(" · ");
            if (meta) item.appendChild(el("span", "meta", meta));
            if (hit.title) item.appendChild(el("div", "title", hit.title));
            var p = hit.passages && hit.passages[0];
            if (p) {
              var snippet = el("div", "snippet");
              snippet.innerHTML = p.snippet; // escaped by the server; only <mark> is markup
              item.appendChild(snippet);
            }
            list.appendChild(item);
          });
        })
        .catch(function (err) {
          if (mine !== seq) return;
          list.replaceChildren();
          all.hidden = true;
          // A failed fetch (no network, another origin refused) is a TypeError in English.
          status.textContent = err instanceof TypeError ? "Không kết nối được máy chủ tìm kiếm." : err.message;
        });
    }
    var timer = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    // Arrows move between the box and the hits' links; Esc goes back to the box.
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.hit-link")); }
    root.addEventListener("keydown", function (e) {
      var ls = links();
      var at = ls.indexOf(root.activeElement);
      if (e.key === "ArrowDown" && ls.length && (root.activeElement === input || at >= 0)) {
        e.preventDefault();
        ls[Math.min(ls.length - 1, at + 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus(); else ls[at - 1].focus();
      } else if (e.key === "Escape" && at >= 0) {
        input.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
