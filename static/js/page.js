/* What every Flouria script on a page shares, in one namespace (`self.Flouria`): the URLs and
   words Flask rendered once into base.html (<meta name=flouria-config>: url_for and the Dutch
   catalogue, so no script spells a path or a Dutch word), small DOM helpers, and how errors are
   told apart. Loaded first; the other scripts are plain deferred scripts that each add one part. */
(function (global) {
  'use strict';

  const F = global.Flouria = global.Flouria || {};
  const config = JSON.parse(document.querySelector('meta[name=flouria-config]').content);
  F.urls = config.urls;
  F.words = config.words;

  // A URL Flask rendered for one check-in (`__id__` in its place).
  F.withId = (url, id) => url.replace('__id__', encodeURIComponent(id));

  const $ = F.$ = (selector, root) => (root || document).querySelector(selector);
  F.$$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  F.clone = (id) => $('#' + id).content.firstElementChild.cloneNode(true);
  F.setText = (root, selector, text) => { const el = $(selector, root); if (el) el.textContent = text; };
  const pad = F.pad = (n) => String(n).padStart(2, '0');
  // Made on first use: building it loads the Dutch calendar data, a long task on a slow phone.
  let longDate = null;
  F.dayOf = (iso) => {
    try {
      longDate = longDate || new Intl.DateTimeFormat(document.documentElement.lang,
        { weekday: 'long', day: 'numeric', month: 'long' });
      return longDate.format(new Date(iso + 'T12:00:00'));
    } catch (e) { return String(iso); }
  };
  F.localToday = () => { const d = new Date(); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); };
  F.plural = (n, one, other) => (n === 1 ? one : (other || '').replace('{n}', n));
  F.uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

  // Expected failures stay quiet: no network (offline, lie-fi, a timeout), an answer that is not
  // 2xx, a browser that says no, a device that has just forgotten the diary (outbox.js).
  // Everything else is a bug worth seeing in the console.
  const EXPECTED = new Set(['AbortError', 'NotAllowedError', 'NetworkError', 'TimeoutError']);
  F.expected = (error) => Boolean(error
    && (error.network || error.status || error.wiped || EXPECTED.has(error.name)));
  // `.catch(F.logged('what was being done'))`: logs the unexpected, resolves with `fallback`.
  F.logged = (context, fallback) => (error) => {
    if (!F.expected(error)) console.error('Flouria: ' + context, error);
    return fallback;
  };
  // fetch() whose failure to reach the server is marked as expected (`error.network`).
  F.fetch = (url, options) => fetch(url, Object.assign({ credentials: 'same-origin' }, options))
    .catch((error) => { error.network = true; throw error; });
})(self);
