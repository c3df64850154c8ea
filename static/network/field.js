// The volunteer's pages in the field (my visits, record a visit, report a concern): they work
// with no signal. A form's entries are kept as a draft on the phone while typed; "save" puts
// the send in a queue on the phone ("waiting to send (n)") and sends it when there is signal,
// once: each send carries a key made here, and the server answers a key it has seen with its
// first answer. When a visit changed on the server after the phone was given it, the server
// refuses the send with its own version (409); both are shown and the volunteer chooses.
// Every text comes from the data-t-* attributes of #field-app (templates/network/_field_app.html),
// translated by the server. Storage is field_store.js (encrypted, wiped on sign-out).
(function () {
  "use strict";
  var app = document.getElementById("field-app");
  var store = window.SaphanFieldStore;
  if (!app || !store || !window.indexedDB || !window.crypto || !crypto.subtle) { return; }
  var T = app.dataset;
  var path = location.pathname;
  var pending = 0;
  var draining = null;

  function t(name, values) {
    var text = T["t" + name] || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function uuid() {
    if (crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- forms: drafts and the queue ----------------------------------------------------------
  function entries(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { out.push([name, value]); }
    });
    return out;
  }
  function restore(form, fields) {
    var seen = {};
    fields.forEach(function (pair) { (seen[pair[0]] = seen[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || !(field.name in seen)) {
        if (field.type === "checkbox" && field.name && field.name !== "csrfmiddlewaretoken") { field.checked = false; }
        return;
      }
      var values = seen[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else {
        field.value = values[0];
      }
    });
  }
  function labelOf(field) {
    var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    return label ? label.textContent.trim() : field.value;
  }
  function summary(form) {
    // What the phone shows of its own version beside the server's, in the form's own words.
    function value(name) { var f = form.elements[name]; return f && f.value !== undefined ? f.value : ""; }
    function checked(name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']"), function (f) {
        return f.checked;
      }).map(labelOf);
    }
    var awareness = form.elements.awareness_given;
    return {
      done_on: value("done_on"), findings: value("findings"), risk_factors: checked("risk_factors"),
      referrals: checked("referrals"), awareness_given: !!(awareness && awareness.checked),
    };
  }

  function wireForm(form) {
    var timer = null;
    function saveDraft() {
      clearTimeout(timer);
      timer = setTimeout(function () { store.putDraft(path, entries(form)); }, 400);
    }
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    var hasErrors = form.querySelector(".is-invalid, .alert-danger");
    store.getDraft(path).then(function (fields) {
      if (!fields || hasErrors) { return; } // the server's answer with the typed entries wins
      restore(form, fields);
      var note = byId("field-draft");
      if (note) { note.hidden = false; }
    });
    var discard = byId("field-draft-discard");
    if (discard) {
      discard.addEventListener("click", function () {
        store.delDraft(path).then(function () { location.reload(); });
      });
    }
    form.addEventListener("submit", function (event) {
      if (form.dataset.fieldNative) { return; } // the server's own form page, for its messages
      event.preventDefault();
      var item = {
        key: uuid(), send: form.dataset.fieldSend, form: path, kind: form.dataset.fieldKind,
        label: form.dataset.fieldLabel, version: form.dataset.fieldVersion || "",
        fields: entries(form), summary: form.dataset.fieldKind === "visit" ? summary(form) : null,
        state: "waiting", created: Date.now(),
      };
      clearTimeout(timer);
      store.putItem(item).then(function () { return store.delDraft(path); }).then(function () {
        if (!navigator.onLine) { queued(form); return render(); }
        return send(item, form).then(function (result) {
          if (result === "waiting") { queued(form); }
          return render();
        });
      });
    });
  }

  function queued(form) {
    form.hidden = true;
    var note = byId("field-queued");
    if (note) { note.hidden = false; note.focus(); }
  }

  // --- sending --------------------------------------------------------------------------------
  function send(item, form) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("submission_key", item.key);
    body.set("version", item.version || "");
    return fetch(item.send, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { // the sign-in page (the session ended) or a refusal of the form's token
        byId("field-signin").hidden = false;
        return "waiting";
      }
      return response.json().then(function (answer) {
        if (response.ok) {
          return store.delItem(item.key).then(function () {
            if (form) { location.assign(answer.redirect); return "sent"; }
            var sent = byId("field-sent");
            sent.textContent = t("Sent", { label: item.label }) + " " + (answer.message || "");
            sent.hidden = false;
            return "sent";
          });
        }
        if (response.status === 409 && answer.conflict) {
          item.state = "conflict";
          item.server = answer.server;
          return store.putItem(item).then(function () { return "conflict"; });
        }
        if (response.status === 400 && form) {
          // Typed wrong: the form page of the server says what, with the entries kept.
          return store.delItem(item.key).then(function () {
            form.dataset.fieldNative = "1";
            HTMLFormElement.prototype.submit.call(form);
            return "native";
          });
        }
        if (response.status >= 500) { return "waiting"; }
        item.state = "refused";
        item.message = answer.message || "";
        item.errors = answer.errors || {};
        return store.putItem(item).then(function () { return "refused"; });
      });
    }, function () { return "waiting"; });
  }

  function drain() {
    if (draining || !navigator.onLine) { return draining || Promise.resolve(); }
    byId("field-signin").hidden = true;
    draining = store.items().then(function (items) {
      var waiting = items.filter(function (i) { return i.state === "waiting"; });
      return waiting.reduce(function (p, item) {
        return p.then(function () { return send(item, null); });
      }, Promise.resolve());
    }).then(render, render).then(function () { draining = null; }, function () { draining = null; });
    return draining;
  }

  // --- what the volunteer sees ------------------------------------------------------------------
  function side(title, v, cls) {
    var box = el("div", "col-12 col-sm-6");
    var card = el("div", "border rounded p-2 h-100 " + cls);
    card.appendChild(el("div", "fw-semibold mb-1", title));
    if (v.cancelled) { card.appendChild(el("div", "", t("Cancelled"))); }
    var dl = el("dl", "mb-0 small");
    [[t("VisitedOn"), v.done_on], [t("Findings"), v.findings],
      [t("Risks"), (v.risk_factors || []).join(", ") || "-"],
      [t("Referrals"), (v.referrals || []).join(", ") || "-"],
      [t("Awareness"), v.awareness_given ? t("Yes") : t("No")]].forEach(function (row) {
      if (v.cancelled && !row[1]) { return; }
      dl.appendChild(el("dt", "", row[0]));
      dl.appendChild(el("dd", "mb-1 text-break", row[1] || "-"));
    });
    card.appendChild(dl);
    box.appendChild(card);
    return box;
  }

  function problemCard(item) {
    var card = el("div", "card mb-3 border-warning field-problem");
    card.dataset.key = item.key;
    var body = el("div", "card-body");
    card.appendChild(body);
    body.appendChild(el("div", "fw-semibold", item.label));
    var buttons = el("div", "d-grid gap-2 mt-2");
    if (item.state === "conflict") {
      card.classList.add("field-conflict");
      body.appendChild(el("p", "mb-2", item.server.cancelled ? t("CancelledHelp") : t("Conflict")));
      var row = el("div", "row g-2");
      row.appendChild(side(t("Server"), item.server, "field-server"));
      row.appendChild(side(t("Phone"), item.summary || {}, "field-phone"));
      body.appendChild(row);
      if (!item.server.cancelled) {
        var mine = el("button", "btn btn-primary btn-lg field-keep-mine", t("KeepMine"));
        mine.type = "button";
        mine.addEventListener("click", function () {
          item.version = item.server.version;
          item.state = "waiting";
          delete item.server;
          store.putItem(item).then(render).then(drain);
        });
        buttons.appendChild(mine);
      }
      var theirs = el("button", "btn btn-outline-secondary btn-lg field-keep-server",
        item.server.cancelled ? t("Discard") : t("KeepServer"));
      theirs.type = "button";
      theirs.addEventListener("click", function () { store.delItem(item.key).then(render); });
      buttons.appendChild(theirs);
    } else {
      body.appendChild(el("p", "mb-1", item.message || t("Refused")));
      Object.keys(item.errors || {}).forEach(function (field) {
        item.errors[field].forEach(function (m) { body.appendChild(el("div", "small text-danger", m)); });
      });
      var open = el("a", "btn btn-primary btn-lg", t("OpenForm"));
      open.href = item.form;
      open.addEventListener("click", function (event) {
        event.preventDefault();
        store.putDraft(item.form, item.fields).then(function () { return store.delItem(item.key); })
          .then(function () { location.assign(item.form); });
      });
      buttons.appendChild(open);
      var drop = el("button", "btn btn-outline-secondary btn-lg", t("Discard"));
      drop.type = "button";
      drop.addEventListener("click", function () { store.delItem(item.key).then(render); });
      buttons.appendChild(drop);
    }
    body.appendChild(buttons);
    return card;
  }

  function render() {
    byId("field-offline").hidden = navigator.onLine;
    return store.items().then(function (items) {
      var waiting = items.filter(function (i) { return i.state === "waiting"; });
      pending = items.length;
      var box = byId("field-outbox");
      box.hidden = waiting.length === 0;
      byId("field-outbox-count").textContent = t("Waiting", { n: waiting.length });
      var problems = byId("field-problems");
      problems.textContent = "";
      items.filter(function (i) { return i.state !== "waiting"; }).forEach(function (item) {
        problems.appendChild(problemCard(item));
      });
    });
  }

  // --- the phone keeps the pages the volunteer may need with no signal ------------------------
  function keepPages() {
    if (!navigator.onLine) { return; }
    var urls = Array.prototype.map.call(document.querySelectorAll("[data-field-keep]"), function (a) {
      return new URL(a.href, location.href).pathname;
    });
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) { urls.push(path); }
    if (T.home && urls.indexOf(T.home) === -1 && path !== T.home) { urls.unshift(T.home); }
    urls.reduce(function (p, url) {
      return p.then(function () {
        return store.getPage(url).then(function (kept) {
          // Kept in the last ten minutes: fresh enough, no second read of the record.
          if (kept && url !== path && Date.now() - kept.kept < 600000) { return; }
          return fetch(url, { credentials: "same-origin" });
        }).then(function (response) {
          if (!response) { return; }
          if (response.status !== 200 || response.redirected) { return; }
          var csp = response.headers.get("Content-Security-Policy") || "";
          return response.text().then(function (html) {
            return store.putPage(url, { html: html, csp: csp, kept: Date.now() });
          });
        }).catch(function () {});
      });
    }, Promise.resolve());
  }

  // Signing out with sends still waiting deletes them: ask first.
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-sign-out]") && pending > 0 &&
        !window.confirm(t("SignOutConfirm", { n: pending }))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function start() {
    var form = document.querySelector("form[data-field-send]");
    if (form) { wireForm(form); }
    byId("field-retry").addEventListener("click", drain);
    window.addEventListener("online", function () { render(); drain(); });
    window.addEventListener("offline", render);
    setInterval(drain, 60000);
    render().then(drain).then(keepPages);
    if (navigator.serviceWorker) {
      navigator.serviceWorker.register(T.sw, { scope: T.scope }).catch(function () {});
    }
  }

  store.ensureUser(T.user).then(start, start);
})();
