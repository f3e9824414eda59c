/* Flouria's offline outbox and sync client, shared by the pages and the service worker.
   IndexedDB "flouria": outbox (check-ins not yet on the server), checkins (a mirror of the
   server's), meta (profile, sync times). Raw IndexedDB: a transaction only ever waits for its own
   requests, never for fetch() (docs/offline.md §2). A row leaves the outbox only after a 2xx.
   Its URLs are Flask's (`self.Flouria.urls`: base.html's flouria-config meta on a page, set by
   templates/sw.js in the worker), loaded before this file. */
(function (global) {
  'use strict';

  const URLS = global.Flouria.urls;

  const TIMEOUT = 8000;
  const PULL_EVERY = 60e3; // a pull without anything new to send: at most once a minute
  const FULL_EVERY = 864e5; // a full pull once a day (deletions also come as tombstones)
  let dbPromise = null;
  let wiped = false; // after sign-out or erase, this page never writes to the store again
  const listeners = [];
  const channel = 'BroadcastChannel' in global ? new BroadcastChannel('flouria-outbox') : null;

  // Failures of the network or of the server (no answer, a timeout, a status) are expected:
  // the row waits. Anything else (IndexedDB, a bug) is logged where a run ends.
  const expected = (error) => Boolean(error && (error.network || error.status || error.wiped));

  function open() {
    if (wiped) {
      return Promise.reject(Object.assign(new Error('this device has forgotten the diary'), { wiped: true }));
    }
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open('flouria', 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore('outbox', { keyPath: 'id' });
          db.createObjectStore('checkins', { keyPath: 'id' });
          db.createObjectStore('meta');
        };
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => { db.close(); dbPromise = null; };
          resolve(db);
        };
        request.onerror = () => { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  // Run `work(stores)` in one transaction; resolves with what `work` left in `out.value`.
  async function tx(names, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(names, mode);
      const out = {};
      const stores = [].concat(names).map((name) => t.objectStore(name));
      work(...stores, out);
      t.oncomplete = () => resolve(out.value);
      t.onerror = t.onabort = () => reject(t.error);
    });
  }
  const read = (request, out) => { request.onsuccess = () => { out.value = request.result; }; };

  const all = (store) => tx(store, 'readonly', (s, out) => read(s.getAll(), out));
  const get = (store, key) => tx(store, 'readonly', (s, out) => read(s.get(key), out));
  const getMeta = (key) => get('meta', key);
  const setMeta = (key, value) => tx('meta', 'readwrite', (s) => { s.put(value, key); });
  const count = () => tx('outbox', 'readonly', (s, out) => read(s.count(), out));
  // Refused rows (a 4xx with messages) wait for her, not for the network: counted apart.
  const counts = () => all('outbox').then((rows) => ({
    waiting: rows.filter((row) => !row.error).length,
    refused: rows.filter((row) => row.error).length,
  }));

  function changed() {
    listeners.forEach((fn) => fn());
    if (channel) channel.postMessage('changed');
  }
  if (channel) channel.onmessage = () => listeners.forEach((fn) => fn());

  // Save first, send later: a new or edited check-in replaces its row (same id). The row keeps
  // the tag of the diary it was written in, so it never lands in another person's diary.
  async function save(payload) {
    const row = { id: payload.id, payload, updated_at: payload.updated_at, attempts: 0, diary: diaryTag || '' };
    await tx('outbox', 'readwrite', (s) => { s.put(row); });
    changed();
    return row;
  }

  // The tips the phone showed for a waiting check-in travel with it (the server keeps them);
  // nothing else of the row changes (its attempts, its error, its diary).
  function keepTips(id, tips) {
    return tx('outbox', 'readwrite', (s) => {
      const request = s.get(id);
      request.onsuccess = () => {
        const row = request.result;
        if (row) s.put(Object.assign(row, { payload: Object.assign({}, row.payload, { tips }) }));
      };
    });
  }

  // Change a row only if it still holds the version we sent: an edit made meanwhile stays.
  function settle(row, fn, extra) {
    return tx(['outbox'].concat(extra ? [extra] : []), 'readwrite', (outbox, other) => {
      const request = outbox.get(row.id);
      request.onsuccess = () => {
        const now = request.result;
        if (now && now.updated_at === row.updated_at) fn(outbox, now, other);
      };
    });
  }

  async function request(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT);
    try {
      return await fetch(url, Object.assign({ credentials: 'same-origin', signal: controller.signal }, options));
    } catch (error) {
      throw Object.assign(error, { network: true });
    } finally {
      clearTimeout(timer);
    }
  }

  async function json(url) {
    const response = await request(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw Object.assign(new Error(url + ': ' + response.status), { status: response.status });
    // A 200 that is not JSON comes from a portal or proxy between her and the server.
    return response.json().catch((error) => { throw Object.assign(error, { network: true }); });
  }

  // One PUT. → {ok, checkin} | {errors} (4xx with messages: keep, show) | {retry: true}
  async function send(row, token) {
    let response;
    try {
      response = await request(URLS.checkinPut.replace('__id__', encodeURIComponent(row.id)), {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': token },
        body: JSON.stringify(row.payload),
      });
    } catch (error) {
      return { retry: true };
    }
    const body = await response.json().catch(() => null); // a proxy's page is not JSON
    if (response.ok) return { ok: true, checkin: body && body.checkin };
    // Deleted on the server (on this device or another): a delete is final, the copy goes.
    if (response.status === 410) return { gone: true };
    const errors = body && body.errors;
    // A 4xx with Dutch messages is for her to see; anything else (5xx, a proxy, an old CSRF
    // token) may pass, so it is tried again later.
    if (response.status >= 400 && response.status < 500 && errors && typeof errors === 'object') {
      return { errors };
    }
    return { retry: true };
  }

  async function run() {
    const result = { sent: 0, retry: false, results: {} };
    if (global.navigator && navigator.onLine === false) return Object.assign(result, { retry: true, offline: true });
    const rows = await all('outbox');
    if (rows.length) {
      let session;
      try {
        session = await json(URLS.session);
      } catch (error) {
        if (!expected(error)) console.error('Flouria outbox: asking for the session', error);
        await Promise.all(rows.map((row) => settle(row, (s, now) => { now.attempts += 1; s.put(now); })));
        return Object.assign(result, { retry: true });
      }
      const here = session.diary || '';
      for (const row of rows) {
        // Written in another diary (signed out, signed in as someone else, erased): it waits,
        // visibly, until that diary is back. A row from before any diary existed goes anywhere.
        const held = Boolean(row.diary) && row.diary !== here;
        if (held !== Boolean(row.held)) await settle(row, (s, now) => { now.held = held; s.put(now); });
        if (held) { result.held = (result.held || 0) + 1; continue; }
        // Refused with the server's messages: the same payload would be refused again. It is
        // sent once more only after she opens, fixes and saves it (save() clears the error).
        if (row.error) continue;
        const outcome = await send(row, session.csrf_token);
        result.results[row.id] = outcome;
        if (outcome.ok) {
          result.sent += 1;
          await settle(row, (outbox, now, mirror) => {
            outbox.delete(row.id);
            if (outcome.checkin) mirror.put(outcome.checkin);
          }, 'checkins');
        } else if (outcome.gone) {
          await settle(row, (outbox, now, mirror) => {
            outbox.delete(row.id);
            mirror.delete(row.id);
          }, 'checkins');
        } else {
          if (outcome.retry) result.retry = true;
          await settle(row, (s, now) => {
            now.attempts += 1;
            if (outcome.errors) now.error = outcome.errors;
            s.put(now);
          });
        }
      }
      changed();
    }
    if (!result.retry) {
      await pull(result.sent > 0).catch((error) => {
        if (!expected(error)) console.error('Flouria outbox: pulling the diary', error);
      });
    }
    return result;
  }

  // The tag of the diary behind this browser, as the page says (undefined in the worker). When
  // it differs from the mirror's, somebody signed in or out: the mirror starts over.
  let diaryTag;

  // The server's check-ins and profile into the mirror, so the diary and tips work offline.
  async function pull(force) {
    const keys = ['last_sync', 'full_sync', 'pulled', 'diary'];
    const [last, full, pulled, owner] = await Promise.all(keys.map(getMeta));
    const now = Date.now();
    const switched = diaryTag !== undefined && owner !== diaryTag;
    if (!force && !switched && pulled && now - pulled < PULL_EVERY) return;
    const whole = switched || !last || !full || now - full > FULL_EVERY;
    const since = whole ? '' : 'since=' + encodeURIComponent(last);
    // Every page first, then one transaction: the mirror never holds half a pull.
    const first = await json(URLS.checkins + (since ? '?' + since : ''));
    const entries = first.checkins.slice();
    for (let page = first; page.next;) {
      page = await json(URLS.checkins + '?' + [since, 'cursor=' + encodeURIComponent(page.next)]
        .filter(Boolean).join('&'));
      entries.push(...page.checkins);
    }
    const profile = await json(URLS.profile);
    // Had a diary, and now the server holds none under a new tag: erased elsewhere ("Alles
    // wissen" on another device). The page says so instead of "still empty".
    const had = switched && owner ? await tx('checkins', 'readonly', (s, out) => read(s.count(), out)) : 0;
    await tx(['checkins', 'meta'], 'readwrite', (mirror, meta) => {
      if (whole) mirror.clear();
      if (had && !entries.length) meta.put(now, 'erased');
      else if (entries.length) meta.delete('erased');
      entries.forEach((entry) => mirror.put(entry));
      (first.deleted || []).forEach((gone) => mirror.delete(gone.id));
      meta.put(first.server_time, 'last_sync');
      meta.put(profile, 'profile');
      meta.put(now, 'pulled');
      if (whole) meta.put(now, 'full_sync');
      if (diaryTag !== undefined) meta.put(diaryTag, 'diary');
    });
    changed();
  }

  // Flush the outbox. One run at a time in this page or worker (a call during a run gets one
  // more run after it), and one at a time across pages and the worker (Web Locks, where there).
  let running = null;
  let queued = null;
  function flush() {
    if (running) {
      // After the run in progress, however it ended (its own caller hears how).
      if (!queued) queued = running.catch(() => {}).then(() => { queued = null; return flush(); });
      return queued;
    }
    const locks = global.navigator && navigator.locks;
    // A run never rejects: what failed is tried again later; what was not expected is logged.
    const go = () => run().catch((error) => {
      if (!expected(error)) console.error('Flouria outbox: sending', error);
      return { sent: 0, retry: true, results: {} };
    });
    running = (locks ? locks.request('flouria-outbox', go) : go()).finally(() => { running = null; });
    return running;
  }

  // She threw a refused (or waiting) check-in away: it leaves this phone and is never sent.
  async function discard(id) {
    await tx('outbox', 'readwrite', (s) => { s.delete(id); });
    changed();
  }

  async function forget(id) {
    await tx('checkins', 'readwrite', (s) => { s.delete(id); });
    changed();
  }

  // Sign-out and erase: this device forgets the diary (the outbox, the mirror, cached pages).
  async function wipe() {
    const db = await (dbPromise || Promise.resolve(null)).catch(() => null); // failed to open: nothing to close
    wiped = true; // a sync still running here fails instead of writing the diary back
    if (db) db.close();
    dbPromise = null;
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase('flouria');
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    if (global.caches) {
      // Pages may hold her data; the app's own files (static, the offline page) stay for offline use.
      const shared = (url) => {
        const path = new URL(url).pathname;
        return path.startsWith(URLS.static) || URLS.shared.includes(path);
      };
      for (const name of (await caches.keys()).filter((n) => n.startsWith('flouria'))) {
        const cache = await caches.open(name);
        const personal = (await cache.keys()).filter((request) => !shared(request.url));
        await Promise.all(personal.map((request) => cache.delete(request)));
      }
    }
    changed();
  }

  global.FlouriaOutbox = {
    open, save, keepTips, flush, pull, count, counts, forget, discard, getMeta, setMeta, wipe,
    setDiary: (tag) => { diaryTag = tag; },
    rows: () => all('outbox'),
    row: (id) => get('outbox', id),
    stored: (id) => get('checkins', id),
    mirror: () => all('checkins'),
    onChange: (fn) => listeners.push(fn),
  };
})(self);
