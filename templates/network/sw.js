// The field app's service worker (served at /sw.js by saphan/network/field_views.py and
// registered for /network/). It keeps the code, styles, fonts and icons in a cache, and the
// volunteer's own pages encrypted in IndexedDB (field_store.js), so that they open with no
// signal showing the last data the phone was given. Sends are queued by the pages (field.js).
importScripts({{ store|safe }});

var VERSION = "{{ version }}";
var PRECACHE = {{ precache|safe }};
var OFFLINE = {{ offline|safe }};
var STATIC_CACHE = "saphan-field-static-" + VERSION;
var REF_CACHE = "saphan-field-ref";
// The pages kept for the field, and nothing else: never a case page.
var FIELD_PAGES = [
  /^\/network\/mine\/$/,
  /^\/network\/report\/$/,
  /^\/network\/visits\/[0-9a-f-]{36}\/$/,
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("saphan-field-static-") === 0 && n !== STATIC_CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isFieldPage(path) {
  return FIELD_PAGES.some(function (re) { return re.test(path); });
}

function keep(path, response) {
  var csp = response.headers.get("Content-Security-Policy") || "";
  return response.text().then(function (html) {
    var m = html.match(/<meta name="saphan-user" content="([^"]+)">/);
    if (!m) { return; } // not signed in: nothing to keep
    return self.SaphanFieldStore.ensureUser(m[1]).then(function () {
      return self.SaphanFieldStore.putPage(path, { html: html, csp: csp, kept: Date.now() });
    });
  }).catch(function () {});
}

function fromPhone(path) {
  return self.SaphanFieldStore.getPage(path).catch(function () { return null; }).then(function (page) {
    if (page) {
      var headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
      if (page.csp) { headers["Content-Security-Policy"] = page.csp; }
      return new Response(page.html, { status: 200, headers: headers });
    }
    return caches.match(OFFLINE);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (PRECACHE.indexOf(url.pathname) !== -1 && url.pathname !== OFFLINE) {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (url.pathname.indexOf("/network/areas/") === 0) {
    // Public reference lists (districts, subdistricts, villages): the last answer offline.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        event.waitUntil(caches.open(REF_CACHE).then(function (c) { return c.put(request, copy); }));
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (isFieldPage(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.status === 200 && response.type === "basic") {
        event.waitUntil(keep(url.pathname, response.clone()));
      }
      return response;
    }).catch(function () { return fromPhone(url.pathname); }));
    return;
  }
  event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
});
