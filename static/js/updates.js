/* The service worker: registered on every page; a new version waits until she taps the update
   banner's button, then the page reloads once under it. */
(function (F) {
  'use strict';

  const { $ } = F;
  let updateRequested = false;

  function showUpdate(worker) {
    const banner = $('#update-banner');
    if (!banner || !worker) return;
    banner.hidden = false;
    $('#update-button').onclick = () => {
      updateRequested = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    };
  }

  function registerWorker() {
    if (!('serviceWorker' in navigator)) return;
    const sw = navigator.serviceWorker;
    const hadController = !!sw.controller;
    let reloading = false;
    sw.addEventListener('controllerchange', () => {
      // Not on the very first install (clients.claim), only when a version replaces another.
      if (reloading || !(hadController || updateRequested)) return;
      reloading = true;
      location.reload();
    });
    sw.register(F.urls.worker, { scope: F.urls.scope, updateViaCache: 'none' }).then((reg) => {
      if (reg.waiting && sw.controller) showUpdate(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && sw.controller) showUpdate(worker);
        });
      });
    }).catch((error) => {
      // Offline the worker's script cannot be fetched (quiet); online a failure is a bug in it.
      if (navigator.onLine) console.error('Flouria: registering the service worker', error);
    });
  }

  F.updates = { registerWorker };
})(self.Flouria);
