// Behaviour shared by every page, in a file rather than inline: the Content-Security-Policy
// runs no inline script and no on…= attribute (config/settings.py).
(function () {
  "use strict";
  // <button data-print>: print the page (a set-password link, recovery codes).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
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
