/* Sending the outbox: now, again with a growing pause while the server does not answer, and
   through the browser's Background Sync where there is one. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  let delay = 0;
  let timer = null;

  async function sync() {
    clearTimeout(timer);
    const result = await Outbox.flush();
    if (result.retry && !result.offline && (await Outbox.count())) {
      delay = Math.min(delay ? delay * 2 : 2000, 60000);
      timer = setTimeout(sync, delay);
    } else if (!result.retry) {
      delay = 0;
    }
    return result;
  }

  // Back online: at once, without the pause.
  function online() {
    delay = 0;
    return sync();
  }

  function askBackgroundSync() {
    if (!('SyncManager' in self) || !('serviceWorker' in navigator)) return;
    // The browser may refuse (a policy, no permission): the page sends on its own then.
    navigator.serviceWorker.ready.then((reg) => reg.sync.register('flouria-outbox')).catch(() => {});
  }

  F.sending = { sync, online, askBackgroundSync };
})(self.Flouria);
