/* Flouria's service worker, rendered by Flask at /sw.js (scope /).
   Precaches the app shell under a versioned name; pages go network-first with the cached copy,
   then /offline, as fallback; shell files come from the cache. Check-ins, the session and every
   write go straight to the network. A new version waits until the page's banner asks for it. */
'use strict';
importScripts({{ url_for('static', filename='js/outbox.js') | tojson }});

const VERSION = {{ version|tojson }};
const PRECACHE = {{ precache|tojson }};
const PREFIX = 'flouria-';
const CACHE = PREFIX + VERSION;
const OFFLINE = '/offline';
const NAVIGATION_TIMEOUT = 6000;
const SHELL = new Set(PRECACHE.map((url) => new URL(url, self.location.href).href));
const PRIVATE = /^\/api\/v1\/(checkins|session)(\/|$)/;

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(PRECACHE.map(async (url) => {
    const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
    // A redirect or an error in the shell fails the install (PWA.md §1).
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

// Network first; on failure the cached page, then /offline (no answer in time while a copy
// exists: the copy). Every good page from the network replaces its copy.
function navigate(event) {
  const request = event.request;
  let saving = null;
  const network = fetch(request).then((response) => {
    if (cacheable(response)) {
      const copy = response.clone();
      saving = caches.open(CACHE).then((cache) => cache.put(request.url, copy));
    }
    return response;
  });
  event.waitUntil(network.then(() => saving, () => {}).catch(() => {}));
  return new Promise((resolve) => {
    const timer = setTimeout(() => copyOf(request).then((copy) => { if (copy) resolve(copy); }), NAVIGATION_TIMEOUT);
    network.then(resolve, async () => {
      const copy = (await copyOf(request)) || (await caches.match(OFFLINE, { cacheName: CACHE }));
      resolve(copy || Response.error());
    }).finally(() => clearTimeout(timer));
  });
}

// Shell files: cache first (they change only with a new version), network when missing.
async function shell(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || PRIVATE.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (SHELL.has(url.href)) {
    event.respondWith(shell(request));
  }
});
