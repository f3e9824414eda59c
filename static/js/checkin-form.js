/* The check-in form, offline too: saved on the phone first (the outbox), then sent; the tips
   come from the server's page, or from the phone when the server cannot be reached. Without
   this script the form posts as a plain form. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, pad } = F;

  function payloadOf(form) {
    const payload = {};
    for (const el of form.elements) {
      const name = el.name;
      if (!name || name === 'csrf_token' || el.type === 'submit' || el.type === 'button') continue;
      if (F.medicines.isRowField(name)) continue;
      const group = form.querySelectorAll('[name="' + name + '"]');
      if (el.type === 'checkbox' && group.length > 1) {
        payload[name] = payload[name] || [];
        if (el.checked) payload[name].push(el.value);
      } else if (el.type === 'checkbox') {
        payload[name] = el.checked;
      } else if (el.type === 'radio') {
        if (!(name in payload)) payload[name] = null;
        if (el.checked) payload[name] = /^\d+$/.test(el.value) ? Number(el.value) : el.value;
      } else if (el.type === 'number') {
        payload[name] = el.value.trim() === '' ? null : Number(el.value);
      } else if (el.type === 'time' || el.type === 'date') {
        payload[name] = el.value || null;
      } else {
        payload[name] = el.value;
      }
    }
    payload.medicines_taken = F.medicines.collect(form);
    payload.updated_at = new Date().toISOString();
    return payload;
  }

  function setNow(form) {
    const now = new Date();
    const date = form.elements.date;
    const time = form.elements.time;
    if (date) date.value = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
    if (time) time.value = pad(now.getHours()) + ':' + pad(now.getMinutes());
    showWhen(form);
  }

  function showWhen(form) {
    const summary = $('details.when > summary', form);
    const date = form.elements.date;
    if (!summary || !date || !date.value) return;
    const time = form.elements.time && form.elements.time.value;
    const first = summary.firstChild;
    const text = F.dayOf(date.value) + (time ? ', ' + time : '') + ' ';
    if (first && first.nodeType === Node.TEXT_NODE) first.textContent = text;
    else summary.prepend(text);
  }

  // A check-in (an outbox row's payload, or the phone's copy of a sent one) back into the form.
  function fill(form, entry) {
    for (const el of form.elements) {
      const name = el.name;
      if (!name || name === 'csrf_token' || !(name in entry) || el.type === 'submit' || el.type === 'button') continue;
      const value = entry[name];
      if (el.type === 'radio') el.checked = value !== null && String(value) === el.value;
      else if (el.type === 'checkbox') el.checked = Array.isArray(value) ? value.includes(el.value) : Boolean(value);
      else el.value = value === null || value === undefined ? '' : String(value);
    }
    F.medicines.fill(form, entry.medicines_taken);
    // Spots she chose are shown, not hidden in a closed drawing (an empty list leaves it as it is).
    const body = form.querySelector('details.body-map');
    if (body && (entry.spots || []).length) body.open = true;
    form.elements.id.value = entry.id;
    showWhen(form);
    if (form.elements.time) form.elements.time.dispatchEvent(new Event('input')); // its day's words
  }

  // The questions that name a day follow the time field: "yesterday" in the morning, "today"
  // from the evening on (the words and the hour are the form's data-*, checkin/form.html).
  function timeWords(form) {
    const d = form.dataset;
    const time = form.elements.time;
    if (!d.eveningFrom || !time) return;
    const names = ['fluid', 'activity', 'long_sitting', 'alcohol', 'coffee'];
    const apply = () => {
      const part = time.value && time.value >= d.eveningFrom ? 'evening' : 'day';
      names.forEach((name) => {
        const input = form.elements[name];
        const first = input && (input.length !== undefined && !input.tagName ? input[0] : input);
        const question = first && first.closest('.question');
        const label = question && $('legend, .switch > span, label.label', question);
        const key = part + name.replace(/_(.)/g, (m, c) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());
        if (label && d[key]) label.textContent = d[key];
      });
    };
    time.addEventListener('change', apply);
    time.addEventListener('input', apply);
    return apply;
  }

  function enhance(form) {
    const errors = F.formErrors;
    const stored = F.storedCheckin;
    let sent = false;
    form.elements.id.value = F.uuid();
    const words = timeWords(form);
    setNow(form);
    if (words) words();
    F.medicines.enhance(form);
    const tooLong = errors.noteCounter(form);
    stored.openFromAddress(form).then((opened) => opened || stored.todayNotice(form))
      .catch(F.logged('opening a check-in from this phone'));
    addEventListener('hashchange', () => {
      stored.openFromAddress(form).catch(F.logged('opening a check-in to fix'));
    });
    form.addEventListener('change', (event) => {
      if (event.target.name === 'date' || event.target.name === 'time') showWhen(form);
    });
    // Back to a page kept in memory after sending it: that form is a new check-in now.
    addEventListener('pageshow', (event) => {
      if (event.persisted && sent) { sent = false; form.elements.id.value = F.uuid(); setNow(form); }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const refusal = tooLong() || errors.unanswered(form);
      if (refusal) { errors.show(form, refusal.errors, refusal.unsaved); return; }
      const button = $('button[type=submit]', form);
      if (button) button.disabled = true;
      try {
        const payload = payloadOf(form);
        try {
          await Outbox.save(payload);
        } catch (error) {
          form.submit(); // no storage on this phone (a private window?): the plain form still works
          return;
        }
        F.storageNote.keepData().catch(F.logged('asking to keep the data'));
        F.sending.askBackgroundSync();
        const result = await F.sending.sync();
        const outcome = result.results[payload.id];
        const row = await Outbox.row(payload.id);
        if ((outcome && outcome.ok) || !row) {
          sent = true;
          location.assign(F.withId(F.urls.tipsFor, payload.id));
        } else if (row.error && row.updated_at === payload.updated_at) {
          errors.show(form, row.error);
        } else {
          errors.clear(form);
          sent = true;
          await F.localTips.show(form, payload);
        }
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  F.checkinForm = { enhance, fill, timeWords };
})(self.Flouria);
