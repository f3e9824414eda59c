/* The header badge: how many check-ins wait on this phone, how many the server refused (a link
   to the diary, where she can open them), and "sent" when waiting ones reach the server, here or
   in the worker, until she leaves the page. Its words are the badge's data-* (base.html). */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, setText, plural } = F;
  let known = null; // ids that waited at the last look
  let sentNow = 0;
  let shownLocal = null; // the check-in whose tips the page shows, chosen on the phone

  // local-tips.js says which check-in's tips are on screen: when it is sent, that section says
  // so (a live region) instead of the badge, not twice.
  function showing(id) { shownLocal = id; }

  async function update() {
    const badge = $('#outbox-badge');
    const rows = await Outbox.rows();
    const ids = new Set(rows.map((row) => row.id));
    let sent = 0;
    for (const id of known || []) if (!ids.has(id) && (await Outbox.stored(id))) sent += 1;
    const section = $('#local-tips');
    if (sent && section && !section.hidden && shownLocal && !ids.has(shownLocal)) {
      setText(section, '.lead', section.dataset.sent);
      shownLocal = null;
    } else if (sent) {
      sentNow = sent;
    }
    known = rows.filter((row) => !row.error).map((row) => row.id);
    if (!badge) return;
    const d = badge.dataset;
    const refused = rows.length - known.length;
    badge.textContent = '';
    const parts = [];
    if (known.length) parts.push(plural(known.length, d.one, d.other));
    if (refused) {
      parts.push(Object.assign(document.createElement('a'), {
        href: F.urls.refused, textContent: plural(refused, d.refusedOne, d.refusedOther),
      }));
    }
    parts.forEach((part, i) => { if (i) badge.append(' · '); badge.append(part); });
    badge.hidden = !parts.length;
    const done = $('#sent-status');
    if (done && sent) done.textContent = plural(sentNow, d.sentOne, d.sentOther);
    if (done) done.hidden = !sentNow || parts.length > 0;
  }

  // Its own polite live region, made empty at start so that filling it is announced.
  function addSentStatus() {
    const badge = $('#outbox-badge');
    if (!badge) return;
    const done = Object.assign(document.createElement('p'), { id: 'sent-status', className: 'badge sent', hidden: true });
    done.setAttribute('role', 'status');
    badge.after(done);
  }

  F.badge = { update, showing, addSentStatus };
})(self.Flouria);
