/* Flouria in the browser, started: the service worker, install help, the offline check-in, the
   badge, the diary and sending, each from its own script (loaded before this one, base.html).
   Progressive enhancement: every page works without these scripts. No framework, no build. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, $$ } = F;

  function refresh() {
    F.badge.update().catch(F.logged('updating the badge'));
    F.diary.show().catch(F.logged('showing the diary from this phone'));
    F.storageNote.show().catch(F.logged('showing the storage note'));
  }

  const sync = () => F.sending.sync().catch(F.logged('sending the outbox'));

  function start() {
    F.updates.registerWorker();
    F.install.installHelp();
    const form = $('form[data-offline-checkin]');
    if (form && Outbox) F.checkinForm.enhance(form);
    $$('form.checkin:not([data-offline-checkin])').forEach(F.checkinForm.timeWords); // an edit
    if (!Outbox) return;
    $$('form[data-forget-checkin]').forEach(F.forget.forgetOnDelete);
    const tag = $('meta[name=flouria-diary]');
    if (tag) Outbox.setDiary(tag.content);
    $$('form[data-clear-device]').forEach(F.forget.clearDeviceOnSubmit);
    Outbox.onChange(refresh);
    F.storageNote.closeButtons();
    F.badge.addSentStatus();
    refresh();
    addEventListener('online', () => { F.sending.online().catch(F.logged('sending the outbox')); refresh(); });
    addEventListener('offline', refresh);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') sync();
    });
    sync();
  }

  start();
})(self.Flouria);
