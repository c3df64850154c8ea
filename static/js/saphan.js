// Behaviour shared by every page, in a file rather than inline: the Content-Security-Policy
// runs no inline script and no on…= attribute (config/settings.py).
(function () {
  "use strict";
  // <button data-print>: print the page (a set-password link, recovery codes).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
  // A map is a picture (role="img") with links nowhere inside it: a province carrying data-href
  // opens that page on a click. The same pages are links in the table beside every map, which is
  // where the keyboard and a screen reader find them.
  document.addEventListener("click", function (event) {
    var shape = event.target.closest ? event.target.closest("svg[role=img] [data-href]") : null;
    if (shape) { window.location.assign(shape.getAttribute("data-href")); }
  });
  // A box that scrolls (a wide table on a phone, a long list with a height) can be reached and
  // scrolled with the keyboard: it takes the focus and is named by its table's caption or the
  // heading above it. Only while it does scroll; checked again after an htmx swap and a resize.
  function scrollRegions() {
    document.querySelectorAll(".table-responsive, [data-scroll-region]").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (!scrolls) {
        if (box.dataset.scrollFocus) {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
          delete box.dataset.scrollFocus;
        }
        return;
      }
      if (box.hasAttribute("tabindex")) { return; }
      var name = box.querySelector("caption");
      if (!name) {
        for (var el = box; el && !name; el = el.parentElement) {
          for (var sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
            if (/^H[1-6]$/.test(sib.tagName)) { name = sib; break; }
            var inner = sib.querySelectorAll ? sib.querySelectorAll("h1, h2, h3, h4, h5, h6") : [];
            if (inner.length) { name = inner[inner.length - 1]; break; }
          }
          if (el === document.body) { break; }
        }
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (name ? name.textContent : document.title).trim().replace(/\s+/g, " "));
      box.dataset.scrollFocus = "1";
    });
  }
  var pending = false;
  function scrollRegionsSoon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; scrollRegions(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollRegions);
  } else {
    scrollRegions();
  }
  window.addEventListener("load", scrollRegionsSoon);
  window.addEventListener("resize", scrollRegionsSoon);
  document.addEventListener("htmx:afterSettle", scrollRegionsSoon);
  // <select data-autosubmit>: choosing sends the form (a filter without a button to press).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
  // The field app (static/network/field_store.js) keeps a volunteer's pages, drafts and queue on
  // the phone, encrypted: signing out forgets all of it, and so does another person signing in.
  function forgetField() {
    var jobs = [];
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var req = indexedDB.deleteDatabase("saphan-field");
        req.onsuccess = req.onerror = function () { resolve(); };
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("saphan-field-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }));
    }
    if (navigator.serviceWorker) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    var timeout = new Promise(function (resolve) { setTimeout(resolve, 4000); });
    return Promise.race([Promise.all(jobs).catch(function () {}), timeout]);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-sign-out]") || form.dataset.forgotten) { return; }
    event.preventDefault();
    forgetField().then(function () {
      form.dataset.forgotten = "1";
      form.submit();
    });
  });
  var me = document.querySelector("meta[name=saphan-user]");
  if (me && window.indexedDB && indexedDB.databases && window.crypto && crypto.subtle &&
      !document.getElementById("field-app")) {
    indexedDB.databases().then(function (dbs) {
      if (!dbs.some(function (d) { return d.name === "saphan-field"; })) { return; }
      var req = indexedDB.open("saphan-field");
      req.onsuccess = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("meta")) { db.close(); return; }
        var get = db.transaction("meta").objectStore("meta").get("user");
        get.onsuccess = function () {
          var stored = get.result;
          db.close();
          crypto.subtle.digest("SHA-256", new TextEncoder().encode("saphan-field:" + me.content))
            .then(function (buf) {
              var hash = Array.prototype.map.call(new Uint8Array(buf), function (b) {
                return ("0" + b.toString(16)).slice(-2);
              }).join("");
              if (stored && stored !== hash) { forgetField(); }
            });
        };
      };
    }).catch(function () {});
  }
})();
