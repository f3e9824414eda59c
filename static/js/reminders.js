/* Flouria's daily reminder (Web Push): the settings under "Over mij", the offer after the third
   check-in, and the subscription sent to the server again on every start (only Firefox fires
   pushsubscriptionchange). Permission is only ever asked from her tap. */
(function (F) {
  'use strict';

  const SETTINGS = 'flouria-reminder';
  const OFFERED = 'flouria-reminder-offered';
  const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
  const { $ } = F;

  const canPush = () => 'serviceWorker' in navigator && 'PushManager' in self && 'Notification' in self;
  const onIOS = () => /iPad|iPhone|iPod/.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const diary = () => { const meta = $('meta[name="flouria-diary"]'); return meta ? meta.content : ''; };
  const zone = () => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Amsterdam'; } catch (e) { return 'Europe/Amsterdam'; } };

  function stored() {
    try { return JSON.parse(localStorage.getItem(SETTINGS)); } catch (e) { return null; }
  }
  function remember(settings) {
    try { localStorage.setItem(SETTINGS, JSON.stringify(Object.assign({ diary: diary() }, settings))); } catch (e) { /* private mode */ }
  }
  function forget() {
    try { localStorage.removeItem(SETTINGS); } catch (e) { /* private mode */ }
  }

  function call(method, url, body) {
    const token = $('meta[name="csrf-token"]');
    return F.fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token ? token.content : '' },
      body: JSON.stringify(body),
    });
  }

  function keyBytes(text) {
    const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  async function subscription(create) {
    const reg = await navigator.serviceWorker.ready;
    const existing = await reg.pushManager.getSubscription();
    if (existing || !create) return existing;
    const answer = await F.fetch(F.urls.pushKey);
    const key = (await answer.json()).publicKey;
    return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  }

  async function send(sub, settings) {
    const answer = await call('PUT', F.urls.pushSubscription, {
      subscription: sub.toJSON(), time: settings.time, timezone: zone(), days: settings.days, text: settings.text,
    });
    if (!answer.ok) {
      const body = await answer.json().catch(() => ({})); // a proxy's page is not JSON
      // The server's Dutch message, for her to read (expected: it carries the status).
      throw Object.assign(new Error(Object.values((body && body.errors) || {})[0] || ''), { status: answer.status });
    }
  }

  // From her tap only: the browser asks for permission here.
  async function turnOn(settings) {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') { const e = new Error('denied'); e.denied = true; throw e; }
    await send(await subscription(true), settings);
    remember(settings);
  }

  async function turnOff() {
    forget();
    const sub = await subscription(false).catch(F.logged('reading the push subscription', null));
    if (!sub) return;
    // Offline the server is not told; it drops the subscription when the push service does.
    await call('DELETE', F.urls.pushSubscription, { endpoint: sub.endpoint }).catch(F.logged('telling the server'));
    await sub.unsubscribe().catch(F.logged('ending the push subscription'));
  }

  // Every start: the server hears the subscription again (it may have changed or been lost).
  async function resend() {
    const settings = stored();
    if (!settings || !canPush() || Notification.permission !== 'granted') return;
    if (settings.diary !== diary()) { // another diary behind this browser now: not hers
      await turnOff();
      return;
    }
    const sub = await subscription(true).catch(F.logged('subscribing again', null));
    if (sub) await send(sub, settings).catch(F.logged('sending the subscription again'));
  }

  function status(root, text) {
    const el = $('[data-reminder-status]', root);
    if (el) el.textContent = text || '';
  }

  function explain(section, error) {
    if (error && error.denied) return section.dataset.denied;
    return (error && error.message) || section.dataset.failed;
  }

  // ------------------------------------------------------------ "Herinnering" under Over mij

  function settingsPage(section) {
    const form = $('[data-reminder-form]', section);
    if (!form) return;
    if (!canPush()) {
      $(onIOS() ? '[data-reminder-ios]' : '[data-reminder-unsupported]', section).hidden = false;
      return;
    }
    if (Notification.permission === 'denied') $('[data-reminder-denied]', section).hidden = false;
    const settings = stored();
    const on = !!settings && Notification.permission === 'granted';
    form.elements.on.checked = on;
    if (settings) {
      form.elements.time.value = settings.time || '08:00';
      form.elements.text.value = settings.text || '';
      const days = new Set(settings.days || ALL_DAYS);
      for (const box of form.querySelectorAll('[name="days"]')) box.checked = days.has(Number(box.value));
    }
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const days = Array.from(form.querySelectorAll('[name="days"]:checked'), (box) => Number(box.value));
      const chosen = { time: form.elements.time.value || '08:00', days: days.length ? days : ALL_DAYS, text: form.elements.text.value.trim() };
      status(form, '');
      try {
        if (form.elements.on.checked) {
          await turnOn(chosen);
          $('[data-reminder-denied]', section).hidden = true;
          status(form, section.dataset.saved);
        } else {
          await turnOff();
          status(form, section.dataset.off);
        }
      } catch (error) {
        status(form, explain(section, error));
      }
    });
  }

  // ------------------------------------------------------------ the offer, once

  function offer(section) {
    let offered = null;
    try { offered = localStorage.getItem(OFFERED); } catch (e) { return; }
    if (offered || stored() || !canPush() || Notification.permission !== 'default') return;
    section.hidden = false;
    try { localStorage.setItem(OFFERED, '1'); } catch (e) { /* private mode */ }
    $('[data-reminder-decline]', section).addEventListener('click', () => { section.hidden = true; });
    $('[data-reminder-accept]', section).addEventListener('click', async () => {
      try {
        await turnOn({ time: '08:00', days: ALL_DAYS, text: '' });
        status(section, section.dataset.saved);
        $('[data-reminder-accept]', section).hidden = true;
      } catch (error) {
        status(section, explain(section, error));
      }
    });
  }

  function start() {
    const settings = $('[data-reminder-settings]');
    if (settings) settingsPage(settings);
    const offered = $('[data-reminder-offer]');
    if (offered) offer(offered);
    // Signing out or erasing: this device stops reminding (the server drops it as well).
    for (const form of document.querySelectorAll('form[data-clear-device]')) {
      form.addEventListener('submit', () => { if (stored()) turnOff().catch(F.logged('turning reminders off')); });
    }
    resend().catch(F.logged('sending the subscription again'));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}(self.Flouria));
