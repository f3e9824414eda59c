/* Check-ins kept on this phone, back in the check-in form: a refused one to fix or throw away
   (the diary links to it by address), a waiting one, and offline a sent one to change; and on a
   second visit the same day, when she checked in and what she can do with it. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, $$, setText } = F;

  // A refused one shows the server's messages on its fields (fix and save, or throw away).
  function open(form, entry, row) {
    const fix = $('#outbox-fix');
    if (!fix) return;
    F.checkinForm.fill(form, entry);
    const errors = row && row.error;
    setText(fix, '.outbox-fix-text', fix.dataset.waiting);
    fix.hidden = Boolean(errors); // a refused one: the error summary says it, once
    setText(document, 'h1', fix.dataset.heading);
    $$('.welcome-card, #today-notice, #another-title, #local-tips, #like-last').forEach((el) => { el.hidden = true; });
    form.hidden = false;
    const area = $('#outbox-discard-area');
    if (area) area.hidden = !row;
    const discard = $('#outbox-discard');
    if (row && discard) {
      discard.onclick = async () => {
        if (!confirm(fix.dataset.confirm)) return;
        await Outbox.discard(row.id);
        F.formErrors.clear(form);
        form.hidden = fix.hidden = true;
        const done = $('#outbox-discarded');
        done.hidden = false;
        done.tabIndex = -1;
        done.focus();
        history.replaceState(null, '', F.urls.checkin);
      };
    }
    if (errors) F.formErrors.show(form, errors, fix.dataset.refused);
    else fix.scrollIntoView();
  }

  // The address that opens a refused check-in (the diary's "open and fix"): `#nakijken=<id>`.
  function addressed() {
    const [before, after] = new URL(F.urls.review, location.href).hash.split('__id__');
    const hash = location.hash;
    if (hash.length <= before.length + after.length || !hash.startsWith(before) || !hash.endsWith(after)) return null;
    return decodeURIComponent(hash.slice(before.length, hash.length - after.length));
  }

  async function openFromAddress(form) {
    const id = addressed();
    if (!id) return false;
    const row = await Outbox.row(id).catch(F.logged('reading a check-in on this phone', null));
    if (!row) return false;
    open(form, row.payload, row);
    return true;
  }

  // From the server's page when it is today's, and from this phone's copy and outbox (offline,
  // the cached page may be from another day).
  async function todayNotice(form) {
    const notice = $('#today-notice');
    if (!notice) return;
    const d = notice.dataset;
    const today = F.localToday();
    const rows = (await Outbox.rows()).filter((row) => !row.error && row.payload.date === today);
    const found = new Map();
    (await Outbox.mirror()).filter((c) => c.date === today).forEach((c) => found.set(c.id, { entry: c }));
    rows.forEach((row) => found.set(row.id, { entry: row.payload, row }));
    if (d.date === today && d.id && !found.has(d.id)) found.set(d.id, { entry: { id: d.id, time: d.time } });
    const heading = $('#another-title');
    // The server's own count of today's, when the page is today's: the phone may know fewer.
    if (d.date === today) (heading.dataset.ids || '').split(' ').filter(Boolean)
      .forEach((id) => { if (!found.has(id)) found.set(id, { entry: { id } }); });
    const latest = [...found.values()].sort((a, b) => (b.entry.time || '').localeCompare(a.entry.time || ''))[0];
    notice.hidden = !latest;
    heading.hidden = !latest;
    if (!latest) return;
    const words = heading.dataset;
    heading.textContent = found.size === 1 ? words.second : found.size === 2 ? words.third : words.more;
    const { entry, row } = latest;
    setText(notice, '.today-when', entry.time ? d.timed.replace('{time}', entry.time) : d.untimed);
    const tips = $('.today-tips', notice);
    const edit = $('.today-edit', notice);
    tips.href = F.withId(F.urls.tipsFor, entry.id);
    edit.href = F.withId(F.urls.edit, entry.id);
    // Only on this phone, or offline: the phone shows the tips and opens the form itself.
    const here = () => Boolean(row) || !navigator.onLine;
    const full = 'stiffness' in entry;
    tips.onclick = (event) => {
      if (!here() || !full) return;
      event.preventDefault();
      F.localTips.show(form, entry, row ? undefined : '').catch(F.logged('showing the tips'));
    };
    edit.onclick = (event) => {
      if (!here() || !full) return;
      event.preventDefault();
      open(form, entry, row);
    };
  }

  F.storedCheckin = { open, openFromAddress, todayNotice };
})(self.Flouria);
