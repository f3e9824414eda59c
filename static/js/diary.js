/* The diary, offline too: check-ins that wait on this phone (and refused ones, to open and fix),
   the ones only this phone holds, and the waiting ones as open dots in the 30-day chart. The
   words are the sections' data-* (diary/index.html). */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, $$, clone, setText } = F;
  const byDate = (a, b) => (b.date + (b.time || '')).localeCompare(a.date + (a.time || ''));

  function entryNode(entry, words) {
    const node = clone('waiting-entry-template');
    setText(node, '.entry-date', F.dayOf(entry.date) + (entry.time ? ', ' + entry.time : ''));
    let summary = words.summary.replace('{stiffness}', entry.stiffness || 0).replace('{pain}', entry.pain || 0);
    if (entry.cramp) summary += ' · ' + words.cramp;
    setText(node, '.entry-summary', summary);
    return node;
  }

  // Refused ones wait for her: each opens in the check-in form to fix or throw away.
  function showRefused(section, refused, words) {
    const list = $('ul', section);
    list.textContent = '';
    refused.forEach((row) => {
      const node = entryNode(row.payload, words);
      node.classList.add('has-error');
      node.dataset.outboxId = row.id;
      setText(node, '.entry-status', Object.values(row.error).join(' '));
      const open = Object.assign(document.createElement('a'), {
        href: F.withId(F.urls.review, row.id), textContent: words.open,
      });
      node.append(Object.assign(document.createElement('p'), { className: 'entry-actions' }));
      node.lastChild.append(open);
      list.append(node);
    });
    section.hidden = refused.length === 0;
  }

  function showWaiting(waiting, rows, words) {
    const list = $('ul', waiting);
    list.textContent = '';
    for (const row of rows) {
      const node = entryNode(row.payload, words);
      node.classList.add('waiting');
      node.dataset.outboxId = row.id;
      const messages = row.error ? Object.values(row.error).join(' ') : '';
      if (messages || row.held) node.classList.add('has-error');
      setText(node, '.entry-status', row.held ? words.held : messages ? words.error + ' ' + messages : words.status);
      list.append(node);
    }
    waiting.hidden = rows.length === 0;
    // "Sent as soon as you are online" only while offline; online it is on its way.
    const hint = $('.hint', waiting);
    hint.dataset.offline = hint.dataset.offline || hint.textContent;
    hint.textContent = navigator.onLine && hint.dataset.online ? hint.dataset.online : hint.dataset.offline;
  }

  async function show() {
    const waiting = $('#waiting-entries');
    const device = $('#device-entries');
    if (!waiting || !document.getElementById('waiting-entry-template')) return;
    const words = waiting.dataset;
    const all = (await Outbox.rows()).sort((a, b) => byDate(a.payload, b.payload));
    const refusedSection = $('#refused-entries');
    const refused = refusedSection ? all.filter((row) => row.error) : [];
    const rows = all.filter((row) => !refused.includes(row));
    if (refusedSection) showRefused(refusedSection, refused, words);
    showWaiting(waiting, rows, words);
    chartWaiting(rows.filter((row) => !row.held).map((row) => row.payload));
    const erased = $('#erased-notice');
    if (erased) erased.hidden = !(await Outbox.getMeta('erased')) || $$('[data-checkin-id]').length > 0;
    if (!device) return;
    const onPage = new Set($$('[data-checkin-id]').map((el) => el.dataset.checkinId));
    const queued = new Set(rows.map((row) => row.id));
    // Older pages hold the rest of the diary: only what belongs on this page counts as extra.
    const from = device.dataset.from || '';
    const extra = (await Outbox.mirror())
      .filter((c) => !onPage.has(c.id) && !queued.has(c.id) && c.date >= from).sort(byDate);
    const deviceList = $('ul', device);
    deviceList.textContent = '';
    extra.forEach((entry) => {
      const node = entryNode(entry, words);
      $('.entry-status', node).remove();
      deviceList.append(node);
    });
    device.hidden = extra.length === 0;
  }

  // The waiting check-ins in the 30-day chart, as open dots: on the phone, not sent yet.
  function chartWaiting(entries) {
    const svg = $('svg.chart');
    if (!svg) return;
    $$('.waiting', svg).forEach((el) => el.remove());
    const d = svg.dataset;
    const days = Number(d.days);
    const [x0, x1, y0, y10] = [d.x0, d.x1, d.y0, d.y10].map(Number);
    let shown = 0;
    entries.forEach((entry) => {
      const index = Math.round((Date.parse(entry.date) - Date.parse(d.first)) / 864e5);
      if (!(index >= 0 && index < days)) return; // a page kept from before that day
      const x = days > 1 ? x0 + index * (x1 - x0) / (days - 1) : x0;
      ['stiffness', 'pain'].forEach((series) => {
        if (typeof entry[series] !== 'number') return;
        const dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
        dot.setAttribute('cx', x);
        dot.setAttribute('cy', y0 + entry[series] * (y10 - y0) / 10);
        dot.setAttribute('r', 4);
        dot.setAttribute('class', 'dot waiting ' + series);
        svg.append(dot);
      });
      shown += 1;
    });
    const key = $('.legend-waiting');
    if (key) key.hidden = !shown;
  }

  F.diary = { show };
})(self.Flouria);
