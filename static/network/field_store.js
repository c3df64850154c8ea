// The field app's store on the phone, shared by the pages (field.js) and the service worker
// (/sw.js): one IndexedDB database. Every value in it but the key is encrypted with AES-GCM
// under a key made on this phone that cannot be read out (a CryptoKey, extractable=false).
// What is kept is the minimum: the volunteer's own pages (my visits, a visit's form, the
// report form), drafts of their forms and the queue of sends. Never a case file.
// Everything goes on sign-out and when another person signs in on the phone.
(function (root) {
  "use strict";
  var DB = "saphan-field";
  var VERSION = 1;
  var STORES = ["keys", "meta", "pages", "drafts", "outbox"];
  var CACHE_PREFIX = "saphan-field-";
  var dbPromise = null;
  var keyPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB, VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          STORES.forEach(function (name) {
            if (!db.objectStoreNames.contains(name)) { db.createObjectStore(name); }
          });
        };
        req.onsuccess = function () {
          var db = req.result;
          // Another tab or the service worker wipes the store: let it.
          db.onversionchange = function () { db.close(); dbPromise = null; keyPromise = null; };
          resolve(db);
        };
        req.onerror = function () { dbPromise = null; reject(req.error); };
      });
    }
    return dbPromise;
  }

  function run(store, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var req = fn(tx.objectStore(store));
        if (req) { req.onsuccess = function () { result = req.result; }; }
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function get(store, k) { return run(store, "readonly", function (s) { return s.get(k); }); }
  function put(store, k, v) { return run(store, "readwrite", function (s) { return s.put(v, k); }); }
  function del(store, k) { return run(store, "readwrite", function (s) { return s.delete(k); }); }
  function keysOf(store) { return run(store, "readonly", function (s) { return s.getAllKeys(); }); }

  // The key: made once on this phone, kept as a CryptoKey that script cannot export.
  function cryptoKey() {
    if (!keyPromise) {
      keyPromise = get("keys", "aes").then(function (k) {
        if (k) { return k; }
        return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
          .then(function (made) {
            // add, not put: if the page and the service worker both made one, the first stays.
            return run("keys", "readwrite", function (s) { return s.add(made, "aes"); })
              .then(function () { return made; }, function () { return get("keys", "aes"); });
          });
      });
      keyPromise.catch(function () { keyPromise = null; });
    }
    return keyPromise;
  }

  function seal(value) {
    return cryptoKey().then(function (k) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var plain = new TextEncoder().encode(JSON.stringify(value));
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, plain).then(function (data) {
        return { iv: iv, data: data };
      });
    });
  }

  function unseal(record) {
    if (!record) { return Promise.resolve(null); }
    return cryptoKey().then(function (k) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv }, k, record.data);
    }).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
    }).catch(function () { return null; }); // sealed under a key that is gone: nothing kept
  }

  function putSealed(store, k, value) {
    return seal(value).then(function (rec) { return put(store, k, rec); });
  }
  function getSealed(store, k) { return get(store, k).then(unseal); }
  function allSealed(store) {
    return keysOf(store).then(function (keys) {
      return Promise.all(keys.map(function (k) { return getSealed(store, k); }));
    }).then(function (values) { return values.filter(Boolean); });
  }

  function sha256(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  // Forget everything this app kept on the phone: the database (key and all) and its caches.
  function wipe() {
    var closing = dbPromise ? dbPromise.then(function (db) { db.close(); }, function () {}) : Promise.resolve();
    dbPromise = null;
    keyPromise = null;
    return closing.then(function () {
      var gone = new Promise(function (resolve) {
        var req = indexedDB.deleteDatabase(DB);
        req.onsuccess = req.onerror = function () { resolve(); };
      });
      var caches_ = root.caches ? root.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf(CACHE_PREFIX) === 0; })
          .map(function (n) { return root.caches.delete(n); }));
      }) : Promise.resolve();
      return Promise.all([gone, caches_]);
    });
  }

  // The phone is the signed-in person's: another person's things are wiped first.
  function ensureUser(marker) {
    if (!marker) { return Promise.reject(new Error("no user")); }
    return sha256("saphan-field:" + marker).then(function (hash) {
      return get("meta", "user").then(function (stored) {
        if (stored && stored !== hash) {
          return wipe().then(function () { return put("meta", "user", hash); });
        }
        if (!stored) { return put("meta", "user", hash); }
      });
    });
  }

  root.SaphanFieldStore = {
    CACHE_PREFIX: CACHE_PREFIX,
    ensureUser: ensureUser,
    wipe: wipe,
    putPage: function (path, page) { return putSealed("pages", path, page); },
    getPage: function (path) { return getSealed("pages", path); },
    putDraft: function (path, fields) { return putSealed("drafts", path, fields); },
    getDraft: function (path) { return getSealed("drafts", path); },
    delDraft: function (path) { return del("drafts", path); },
    putItem: function (item) { return putSealed("outbox", item.key, item); },
    delItem: function (key) { return del("outbox", key); },
    items: function () {
      return allSealed("outbox").then(function (items) {
        return items.sort(function (a, b) { return a.created - b.created; });
      });
    },
  };
})(typeof self !== "undefined" ? self : window);
