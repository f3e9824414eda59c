/* What this device forgets. Signing out and erasing: before the server forgets her session, this
   device forgets her diary; with check-ins still waiting it asks once more, since those would be
   lost. Deleting a check-in: it leaves the phone's copy first. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $ } = F;
  const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  function clearDeviceOnSubmit(form) {
    const warning = $('#waiting-warning');
    const button = form.querySelector('button[type=submit]');
    async function waiting() {
      const n = await Outbox.count();
      if (warning) {
        warning.textContent = n === 1 ? warning.dataset.one : warning.dataset.other.replace('{n}', n);
        warning.hidden = n === 0;
      }
      return n;
    }
    if (warning) F.sending.sync().then(waiting).catch(F.logged('counting waiting check-ins'));
    let confirmed = !warning;
    form.addEventListener('submit', async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      if (!confirmed && (await waiting().catch(F.logged('counting waiting check-ins', 0))) > 0) {
        confirmed = true;
        if (form.dataset.again) button.textContent = form.dataset.again;
        warning.focus();
        return;
      }
      // The server forgets all the same: a device that cannot forget (in time) does not stop it.
      await Promise.race([Outbox.wipe(), pause(3000)]).catch(F.logged('forgetting this device\'s diary'));
      form.dataset.cleared = '1';
      form.submit();
    });
  }

  // checkin/delete.html's form names the check-in it deletes.
  function forgetOnDelete(form) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      Promise.race([Outbox.forget(form.dataset.forgetCheckin), pause(1000)])
        .catch(F.logged('forgetting a deleted check-in')).then(() => form.submit());
    }, { once: true });
  }

  F.forget = { clearDeviceOnSubmit, forgetOnDelete };
})(self.Flouria);
