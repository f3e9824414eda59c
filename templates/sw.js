/* Flouria's service worker, rendered by Flask at /sw.js (scope /).
   Precaches the app shell under a versioned name; shell files come from the cache. Pages go to the
   network, but a page kept on the phone shows after KEPT_TIMEOUT when no answer has come (on a
   train the network is often "up" while nothing comes back); the answer, when it comes, replaces
   the copy, and the page hears whether it changed ("bijgewerkt", static/js/fresh.js). No copy:
   the network, then /offline. Check-ins, the session and every write go straight to the network.
   A new version waits until the page's banner asks for it. */
'use strict';
// The URLs the worker and outbox.js use, from url_for (the pages get the same, base.html).
self.Flouria = { urls: {{ browser_urls()|tojson }} };
const URLS = self.Flouria.urls;
importScripts({{ url_for('static', filename='js/outbox.js') | tojson }});

const VERSION = {{ version|tojson }};
const PRECACHE = {{ precache|tojson }};
const PREFIX = 'flouria-';
const CACHE = PREFIX + VERSION;
const OFFLINE = URLS.offline;
// A kept page shows when the network has not answered in this time (the target: on screen
// within 1.5 s); a fast network still gives the fresh page.
const KEPT_TIMEOUT = 800;
// Right after a form was posted the page that answers it (a redirect, a message) is awaited
// longer: the copy would show the page from before the change.
const AFTER_POST_TIMEOUT = 6000;
const AFTER_POST = 10000;
const SHELL = new Set(PRECACHE.map((url) => new URL(url, self.location.href).href));
// Her check-ins and her session never come from a cache.
const PRIVATE = [URLS.checkins, URLS.session];
const isPrivate = (path) => PRIVATE.some((prefix) => path === prefix || path.startsWith(prefix + '/'));
const FLASH = /<p class="flash" role="status">[^<]*<\/p>/g; // base.html's flash messages

let lastPost = 0;

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(PRECACHE.map(async (url) => {
    const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
    // A redirect or an error in the shell fails the install (docs/offline.md §1).
    if (!response.ok || response.redirected) throw new Error('precache ' + url + ': ' + response.status);
    await cache.put(url, response);
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'flouria-outbox') return;
  // A rejected promise asks the browser to try the sync again later.
  event.waitUntil(self.FlouriaOutbox.flush().then((result) => {
    if (result.retry) throw new Error('outbox not empty yet');
  }));
});

function cacheable(response) {
  const type = response.headers.get('Content-Type') || '';
  return response.ok && !response.redirected && response.type === 'basic' && type.startsWith('text/html');
}

async function copyOf(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreVary: true });
}

// What she reads on a page: <main> without the hidden fields (CSRF token, a new check-in's id),
// the date and time a new check-in starts with, and flash messages. Only a change there is news.
function reading(html) {
  const start = html.indexOf('<main');
  const end = html.lastIndexOf('</main>');
  const main = start >= 0 && end > start ? html.slice(start, end) : html;
  return main.replace(FLASH, '')
    .replace(/<input\b[^>]*>/g, (tag) => (/\btype="?(hidden|date|time)\b/.test(tag) ? '' : tag))
    .replace(/\s+/g, ' ');
}

async function tell(clientId, message) {
  const client = clientId && (await self.clients.get(clientId));
  if (client) client.postMessage(message);
}

// The network's page replaces the copy, without its flash messages ("Saved." once is enough).
// When the copy was on screen and what it says has changed, the page is told.
async function keep(request, response, shownTo) {
  if (!cacheable(response)) return;
  const html = await response.clone().text();
  const cache = await caches.open(CACHE);
  if (shownTo) {
    const old = await cache.match(request, { ignoreVary: true });
    if (old && reading(await old.text()) !== reading(html)) {
      await tell(shownTo, { type: 'flouria-fresh', url: request.url });
    }
  }
  const bare = html.replace(FLASH, '');
  let copy = response;
  if (bare !== html) {
    const headers = new Headers(response.headers);
    headers.delete('Content-Length');
    headers.delete('Content-Encoding');
    copy = new Response(bare, { status: response.status, headers });
  }
  await cache.put(request.url, copy);
}

function navigate(event) {
  const request = event.request;
  const patient = Date.now() - lastPost < AFTER_POST;
  const network = fetch(request);
  const kept = copyOf(request);
  let shown = null;
  const answer = new Promise((resolve) => {
    const show = (how, response) => {
      if (shown || !response) return;
      shown = how;
      resolve(response);
    };
    const timer = setTimeout(() => kept.then((copy) => show('copy', copy)),
      patient ? AFTER_POST_TIMEOUT : KEPT_TIMEOUT);
    network.then((response) => show('network', response), async () => {
      const copy = await kept;
      if (copy) show('copy', copy);
      else show('offline', (await caches.match(OFFLINE, { cacheName: CACHE })) || Response.error());
    }).finally(() => clearTimeout(timer));
  });
  const client = event.resultingClientId;
  event.waitUntil((async () => {
    await answer;
    // A page from the copy may carry an old CSRF token: fresh.js asks for a new one.
    if (shown === 'copy') await tell(client, { type: 'flouria-kept' });
    const response = await network.catch(() => null); // offline: nothing to keep
    if (response) await keep(request, response.clone(), shown === 'copy' ? client : null);
  })().catch((error) => console.error('Flouria worker: keeping a page', error)));
  return answer.then((response) => (shown === 'network' ? response.clone() : response));
}

// Shell files: cache first (they change only with a new version), network when missing.
async function shell(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    if (request.mode === 'navigate') lastPost = Date.now();
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isPrivate(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (SHELL.has(url.href)) {
    event.respondWith(shell(request));
  }
});

// ------------------------------------------------------------ reminders (Web Push)

const REMINDER = {{ _('Reminder')|tojson }};
const REMINDER_BODY = {{ _('Time for your check-in')|tojson }};
const REMINDER_ICON = {{ url_for('static', filename='icons/icon-192.png')|tojson }};

// Always a notification, also for a push we cannot read: Safari ends subscriptions that push
// silently. Only neutral words; a tap opens the check-in of this app, never another site.
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  const declared = (data && data.notification) || {};
  const title = String(data.title || declared.title || REMINDER);
  const body = String(data.body || declared.body || REMINDER_BODY);
  let url = URLS.checkin;
  try {
    const target = new URL(data.url || declared.navigate || URLS.checkin, self.location.origin);
    if (target.origin === self.location.origin) url = target.pathname;
  } catch (e) { url = URLS.checkin; }
  event.waitUntil(self.registration.showNotification(title, {
    body, icon: REMINDER_ICON, tag: 'flouria-reminder', data: { url },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || URLS.checkin, self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const same = windows.find((client) => client.url === url);
    if (same) return same.focus();
    if (windows.length && 'navigate' in windows[0]) {
      const client = await windows[0].navigate(url).catch(() => null); // not ours to steer: a new window
      if (client) return client.focus();
    }
    return self.clients.openWindow(url);
  })());
});
