// breakglass war room: live updates over Server-Sent Events and the ack
// countdowns. The pages work without it (they are plain HTML forms and
// links); with it, the sections marked data-live follow the incident.
(function () {
  "use strict";
  var state = document.getElementById("live-state");

  function fmt(ms) {
    var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    if (d > 0) return d + "d " + h + "h";
    if (h > 0) return h + "h " + m + "m";
    if (m > 0) return m + "m " + (s % 60) + "s";
    return s + "s";
  }
  function tick() {
    var els = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < els.length; i++) {
      var left = Date.parse(els[i].getAttribute("data-deadline")) - Date.now();
      els[i].textContent = left >= 0 ? fmt(left) + " left to ack" : "ack overdue by " + fmt(left);
      els[i].classList.toggle("overdue", left < 0);
    }
  }
  setInterval(tick, 1000);

  // refresh replaces each data-live section by the server's current one,
  // except a section the person is typing in.
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(page, { credentials: "same-origin", headers: { "X-Live": "1" } })
      .then(function (r) {
        if (r.redirected && r.url.indexOf("/signin") >= 0) { window.location.href = r.url; return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelectorAll("[data-live][id]");
        for (var i = 0; i < fresh.length; i++) {
          var cur = document.getElementById(fresh[i].id);
          if (!cur || cur.contains(document.activeElement) && document.activeElement !== document.body) continue;
          cur.innerHTML = fresh[i].innerHTML;
        }
        tick();
        document.body.setAttribute("data-updated", String(Date.now()));
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }

  // The page's own address: after a refused form the browser shows the
  // form's URL, which only answers POST; the address bar goes back to the
  // page.
  var page = document.body.getAttribute("data-page") || window.location.href;
  if (document.body.getAttribute("data-page") && window.location.pathname !== page && window.history.replaceState) {
    window.history.replaceState(null, "", page + window.location.hash);
  }
  var url = document.body.getAttribute("data-stream");
  if (url && window.EventSource) {
    var es = new EventSource(url);
    es.addEventListener("ready", function () { if (state) state.className = "on"; document.body.setAttribute("data-live-ready", "1"); });
    es.addEventListener("change", refresh);
    es.onerror = function () { if (state) state.className = "off"; };
  }
})();
