/* Pages shown from the copy kept on the phone (templates/sw.js shows it when the network hangs).
   The worker says so ("flouria-kept"); the copy's CSRF tokens may then be older than her session
   (a restarted browser, a sign-in since), so they are refreshed from GET /api/v1/session, and a
   form posted before that has happened waits for it. When the fresh page has come in and reads
   differently ("flouria-fresh"), a quiet notice offers to show it. */
(function (F) {
  'use strict';

  if (!('serviceWorker' in navigator)) return;
  const WAIT = 5000; // how long a form waits for a fresh token before it is sent as it is
  let kept = false;
  let refreshed = false;
  let pending = null;
  let passing = null;
  const waiting = new WeakSet();

  function refresh() {
    if (pending) return pending;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), WAIT);
    pending = F.fetch(F.urls.session, { cache: 'no-store', signal: abort.signal })
      .then((response) => (response.ok ? response.json()
        : Promise.reject(Object.assign(new Error(response.status), { status: response.status }))))
      .then((session) => {
        document.querySelectorAll('input[name=csrf_token]').forEach((field) => {
          field.value = session.csrf_token;
        });
        const meta = document.querySelector('meta[name=csrf-token]');
        if (meta) meta.content = session.csrf_token;
        refreshed = true;
      })
      .catch(F.logged('refreshing the CSRF tokens')) // offline or no answer: the form waits no longer
      .finally(() => { clearTimeout(timer); pending = null; });
    return pending;
  }

  function showNotice() {
    if (document.getElementById('fresh-notice')) return;
    const notice = document.createElement('div');
    notice.id = 'fresh-notice';
    notice.className = 'fresh-notice';
    notice.setAttribute('role', 'status');
    const text = document.createElement('p');
    text.textContent = F.words.pageUpdated + ' ';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = F.words.refresh;
    button.addEventListener('click', () => location.reload());
    text.append(button);
    notice.append(text);
    const main = document.getElementById('main');
    if (main) main.before(notice);
    else document.body.prepend(notice);
  }

  navigator.serviceWorker.addEventListener('message', (event) => {
    const type = event.data && event.data.type;
    if (type === 'flouria-kept') {
      kept = true;
      if (navigator.onLine) refresh();
    } else if (type === 'flouria-fresh') {
      showNotice();
    }
  });

  addEventListener('online', () => { if (kept && !refreshed) refresh(); });

  // Before the other scripts' handlers (capture on the document): a form of a kept page that has
  // no fresh token yet is held back until it has one, then submitted again, handlers and all.
  // The check-in form sends through the outbox, which asks for its own token.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form === passing || !kept || refreshed || !navigator.onLine) return;
    if (form.method !== 'post' || 'offlineCheckin' in form.dataset
        || !form.querySelector('input[name=csrf_token]')) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (waiting.has(form)) return; // a second tap while the token is on its way
    waiting.add(form);
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    refresh().then(() => {
      waiting.delete(form);
      passing = form;
      try {
        if (submitter) form.requestSubmit(submitter);
        else form.requestSubmit();
      } finally {
        passing = null;
      }
    });
  }, true);
})(self.Flouria);
