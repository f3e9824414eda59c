/* Flouria in the browser: the service worker and its update banner, the offline check-in with
   tips chosen on the phone, the "not sent yet" badge, the offline diary, install help.
   Progressive enhancement: every page works without this file. No framework, no build. */
(function () {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const clone = (id) => $('#' + id).content.firstElementChild.cloneNode(true);
  const setText = (root, selector, text) => { const el = $(selector, root); if (el) el.textContent = text; };
  const pad = (n) => String(n).padStart(2, '0');
  // Made on first use: building it loads the Dutch calendar data, a long task on a slow phone.
  let longDate = null;
  const dayOf = (iso) => {
    try {
      longDate = longDate || new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long' });
      return longDate.format(new Date(iso + 'T12:00:00'));
    } catch (e) { return String(iso); }
  };
  const localToday = () => { const d = new Date(); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); };
  const plural = (n, one, other) => (n === 1 ? one : (other || '').replace('{n}', n));
  // Words the header badge needs beyond its own (base.html carries "not sent yet"); the badge's
  // data-* attributes win when present.
  const WORDS = {
    refusedOne: '1 niet aangenomen: kijk hem na',
    refusedOther: '{n} niet aangenomen: kijk ze na',
    sentOne: 'Je check-in is verstuurd.',
    sentOther: 'Je {n} check-ins zijn verstuurd.',
  };
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

  // ------------------------------------------------------------ service worker and updates

  let hadController = false;
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
    hadController = !!sw.controller;
    let reloading = false;
    sw.addEventListener('controllerchange', () => {
      // Not on the very first install (clients.claim), only when a version replaces another.
      if (reloading || !(hadController || updateRequested)) return;
      reloading = true;
      location.reload();
    });
    sw.register('/sw.js', { scope: '/', updateViaCache: 'none' }).then((reg) => {
      if (reg.waiting && sw.controller) showUpdate(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && sw.controller) showUpdate(worker);
        });
      });
    }).catch(() => {});
  }

  // ------------------------------------------------------------ sending, with backoff

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

  function askBackgroundSync() {
    if (!('SyncManager' in self) || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then((reg) => reg.sync.register('flouria-outbox')).catch(() => {});
  }

  // ------------------------------------------------------------ badge and storage

  // Waiting and refused check-ins are counted apart: a refused one waits for her, not for the
  // network, and links to the diary where she can open it. When waiting ones reach the server
  // (here or in the worker), the badge says so until she leaves the page.
  let known = null; // ids that waited at the last look
  let sentNow = 0;
  let shownLocal = null; // the check-in whose tips the page shows, chosen on the phone

  async function updateBadge() {
    const badge = $('#outbox-badge');
    const rows = await Outbox.rows();
    const ids = new Set(rows.map((row) => row.id));
    let sent = 0;
    for (const id of known || []) if (!ids.has(id) && (await Outbox.stored(id))) sent += 1;
    const section = $('#local-tips');
    if (sent && section && !section.hidden && shownLocal && !ids.has(shownLocal)) {
      setText(section, '.lead', section.dataset.sent); // said there (a live region), not twice
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
        href: '/dagboek/#refused-title',
        textContent: plural(refused, d.refusedOne || WORDS.refusedOne, d.refusedOther || WORDS.refusedOther),
      }));
    }
    parts.forEach((part, i) => { if (i) badge.append(' · '); badge.append(part); });
    badge.hidden = !parts.length;
    // Its own polite live region, made empty at start so that filling it is announced.
    const done = $('#sent-status');
    if (done && sent) done.textContent = plural(sentNow, d.sentOne || WORDS.sentOne, d.sentOther || WORDS.sentOther);
    if (done) done.hidden = !sentNow || parts.length > 0;
  }

  function sentStatus() {
    const badge = $('#outbox-badge');
    if (!badge) return;
    const done = Object.assign(document.createElement('p'), { id: 'sent-status', className: 'badge sent', hidden: true });
    done.setAttribute('role', 'status');
    badge.after(done);
  }

  // The browser may clear this phone's copy: said next to a waiting check-in, until she hides it.
  const NOTE_KEY = 'flouria-storage-note';
  async function showStorageNote() {
    const notes = $$('.storage-note');
    if (!notes.length) return;
    try { if (localStorage.getItem(NOTE_KEY) === 'hidden') return; } catch (e) { /* shows */ }
    if ((await Outbox.getMeta('persist')) !== false) return;
    const waiting = (await Outbox.counts()).waiting;
    notes.forEach((note) => { note.hidden = !waiting; });
  }

  function storageNoteClose() {
    $$('.storage-note-close').forEach((button) => button.addEventListener('click', () => {
      $$('.storage-note').forEach((note) => { note.hidden = true; });
      try { localStorage.setItem(NOTE_KEY, 'hidden'); } catch (e) { /* private mode: shows again */ }
    }));
  }

  async function keepData() {
    const storage = navigator.storage;
    if (!storage || !storage.persist || (await Outbox.getMeta('persist')) !== undefined) return;
    const granted = await storage.persist().catch(() => false);
    await Outbox.setMeta('persist', granted);
    showStorageNote().catch(() => {});
  }

  // ------------------------------------------------------------ the check-in form

  function payloadOf(form) {
    const payload = {};
    for (const el of form.elements) {
      const name = el.name;
      if (!name || name === 'csrf_token' || el.type === 'submit' || el.type === 'button') continue;
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
    const text = dayOf(date.value) + (time ? ', ' + time : '') + ' ';
    if (first && first.nodeType === Node.TEXT_NODE) first.textContent = text;
    else summary.prepend(text);
  }

  function clearErrors(form) {
    $$('.error-summary[data-local]').forEach((el) => el.remove());
    $$('p.error', form).forEach((el) => el.remove());
    $$('.question.invalid', form).forEach((el) => el.classList.remove('invalid'));
    $$('[aria-invalid]', form).forEach((el) => {
      el.removeAttribute('aria-invalid');
      const hint = el.name && document.getElementById(el.name + '-hint');
      if (hint) el.setAttribute('aria-describedby', hint.id);
      else el.removeAttribute('aria-describedby');
    });
  }

  function showErrors(form, errors, unsaved) {
    clearErrors(form);
    const loose = [];
    for (const [field, message] of Object.entries(errors)) {
      const input = form.elements[field];
      const el = input && (input.length && !input.tagName ? input[0] : input);
      const question = el && el.type !== 'hidden' && el.closest('.question');
      if (!question) { loose.push(message); continue; }
      const p = document.createElement('p');
      p.className = 'error';
      p.id = field + '-error';
      p.textContent = message;
      question.append(p);
      question.classList.add('invalid');
      const target = question.tagName === 'FIELDSET' ? question : el;
      target.setAttribute('aria-describedby', p.id);
      target.setAttribute('aria-invalid', 'true');
      const details = question.closest('details');
      if (details) details.open = true;
    }
    const summary = document.getElementById('error-summary-template')
      ? clone('error-summary-template') : document.createElement('div');
    if (!summary.childElementCount) {
      summary.className = 'error-summary';
      summary.setAttribute('role', 'alert');
      summary.innerHTML = '<h2>Kijk even naar de velden die hieronder zijn gemarkeerd.</h2>' +
        '<p>Je check-in staat op deze telefoon, maar is nog niet verstuurd.</p>';
    }
    summary.dataset.local = '';
    summary.tabIndex = -1;
    if (unsaved) setText(summary, 'p', unsaved); // what is (not) on the phone, when it differs
    const list = $('.error-list', summary) || summary.appendChild(document.createElement('ul'));
    loose.forEach((message) => { list.append(Object.assign(document.createElement('li'), { textContent: message })); });
    list.hidden = !loose.length;
    form.before(summary);
    summary.focus();
  }

  // A check-in (an outbox row's payload, or the phone's copy of a sent one) back into the form.
  function fillForm(form, entry) {
    for (const el of form.elements) {
      const name = el.name;
      if (!name || name === 'csrf_token' || !(name in entry) || el.type === 'submit' || el.type === 'button') continue;
      const value = entry[name];
      if (el.type === 'radio') el.checked = value !== null && String(value) === el.value;
      else if (el.type === 'checkbox') el.checked = Array.isArray(value) ? value.includes(el.value) : Boolean(value);
      else el.value = value === null || value === undefined ? '' : String(value);
    }
    form.elements.id.value = entry.id;
    showWhen(form);
  }

  // Opens a check-in from this phone in the form: a refused one with the server's messages on
  // its fields (fix and save, or throw away), a waiting one, or offline a sent one to change.
  function openStored(form, entry, row) {
    const fix = $('#outbox-fix');
    if (!fix) return;
    fillForm(form, entry);
    const errors = row && row.error;
    setText(fix, '.outbox-fix-text', fix.dataset.waiting);
    fix.hidden = Boolean(errors); // a refused one: the error summary says it, once
    setText(document, 'h1', fix.dataset.heading);
    $$('.welcome-card, #today-notice, #another-title, #local-tips').forEach((el) => { el.hidden = true; });
    form.hidden = false;
    const area = $('#outbox-discard-area');
    if (area) area.hidden = !row;
    const discard = $('#outbox-discard');
    if (row && discard) {
      discard.onclick = async () => {
        if (!confirm(fix.dataset.confirm)) return;
        await Outbox.discard(row.id);
        clearErrors(form);
        form.hidden = fix.hidden = true;
        const done = $('#outbox-discarded');
        done.hidden = false;
        done.tabIndex = -1;
        done.focus();
        history.replaceState(null, '', '/');
      };
    }
    if (errors) showErrors(form, errors, fix.dataset.refused);
    else fix.scrollIntoView();
  }

  async function openFromAddress(form) {
    const match = location.hash.match(/^#nakijken=(.+)$/);
    if (!match) return false;
    const row = await Outbox.row(decodeURIComponent(match[1])).catch(() => null);
    if (!row) return false;
    openStored(form, row.payload, row);
    return true;
  }

  // The note may hold NOTE_MAX characters: a counter says how many, and a longer note is
  // refused with a message instead of being cut off silently (maxlength cuts a paste).
  // Stiffness and pain are asked (contract.ASKED): without them nothing is saved, not even here.
  function unanswered(form) {
    const errors = {};
    for (const name of ['stiffness', 'pain']) {
      const message = form.dataset['asked' + name[0].toUpperCase() + name.slice(1)];
      if (message && form.elements[name] && !form.elements[name].value) errors[name] = message;
    }
    return Object.keys(errors).length ? { errors, unsaved: form.dataset.unsaved } : null;
  }

  function noteCounter(form) {
    const note = form.elements.note;
    const template = document.getElementById('note-count-template');
    if (!note || !template) return () => null;
    const counter = template.content.firstElementChild.cloneNode(true);
    const d = counter.dataset;
    const max = Number(d.max) || Number(note.getAttribute('maxlength')) || 2000;
    note.removeAttribute('maxlength');
    counter.id = 'note-hint';
    note.setAttribute('aria-describedby', counter.id);
    note.after(counter);
    const over = () => {
      const n = [...note.value].length;
      return n > max ? d.over.replace('{n}', n).replace('{max}', max) : null;
    };
    const update = () => {
      const message = over();
      counter.textContent = message || d.count.replace('{n}', [...note.value].length).replace('{max}', max);
      counter.classList.toggle('over', Boolean(message));
    };
    note.addEventListener('input', update);
    update();
    return () => { const message = over(); return message && { errors: { note: message }, unsaved: d.unsaved }; };
  }

  // A second visit on the same day: say when she checked in, offer its tips, a change, or
  // another check-in below. From the server's page when it is today's, and from this phone's
  // copy and outbox (offline, the cached page may be from another day).
  async function todayNotice(form) {
    const notice = $('#today-notice');
    if (!notice) return;
    const d = notice.dataset;
    const today = localToday();
    const rows = (await Outbox.rows()).filter((row) => !row.error && row.payload.date === today);
    const found = new Map();
    (await Outbox.mirror()).filter((c) => c.date === today).forEach((c) => found.set(c.id, { entry: c }));
    rows.forEach((row) => found.set(row.id, { entry: row.payload, row }));
    if (d.date === today && d.id && !found.has(d.id)) found.set(d.id, { entry: { id: d.id, time: d.time } });
    const latest = [...found.values()].sort((a, b) => (b.entry.time || '').localeCompare(a.entry.time || ''))[0];
    notice.hidden = !latest;
    $('#another-title').hidden = !latest;
    if (!latest) return;
    const { entry, row } = latest;
    setText(notice, '.today-when', entry.time ? d.timed.replace('{time}', entry.time) : d.untimed);
    const tips = $('.today-tips', notice);
    const edit = $('.today-edit', notice);
    tips.href = '/tips/' + encodeURIComponent(entry.id);
    edit.href = '/checkin/' + encodeURIComponent(entry.id);
    // Only on this phone, or offline: the phone shows the tips and opens the form itself.
    const here = () => Boolean(row) || !navigator.onLine;
    const full = 'stiffness' in entry;
    tips.onclick = (event) => {
      if (!here() || !full) return;
      event.preventDefault();
      showLocalTips(form, entry, row ? undefined : '');
    };
    edit.onclick = (event) => {
      if (!here() || !full) return;
      event.preventDefault();
      openStored(form, entry, row);
    };
  }

  function enhanceForm(form) {
    let sent = false;
    form.elements.id.value = uuid();
    setNow(form);
    const tooLong = noteCounter(form);
    openFromAddress(form).then((opened) => opened || todayNotice(form)).catch(() => {});
    addEventListener('hashchange', () => { openFromAddress(form).catch(() => {}); });
    form.addEventListener('change', (event) => {
      if (event.target.name === 'date' || event.target.name === 'time') showWhen(form);
    });
    // Back to a page kept in memory after sending it: that form is a new check-in now.
    addEventListener('pageshow', (event) => {
      if (event.persisted && sent) { sent = false; form.elements.id.value = uuid(); setNow(form); }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const refusal = tooLong() || unanswered(form);
      if (refusal) { showErrors(form, refusal.errors, refusal.unsaved); return; }
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
        keepData().catch(() => {});
        askBackgroundSync();
        const result = await sync();
        const outcome = result.results[payload.id];
        const row = await Outbox.row(payload.id);
        if ((outcome && outcome.ok) || !row) {
          sent = true;
          location.assign('/tips/' + payload.id);
        } else if (row.error && row.updated_at === payload.updated_at) {
          showErrors(form, row.error);
        } else {
          clearErrors(form);
          sent = true;
          await showLocalTips(form, payload);
        }
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  // ------------------------------------------------------------ tips chosen on the phone

  async function history(current) {
    const first = new Date(current.date + 'T00:00:00Z');
    first.setUTCDate(first.getUTCDate() - 90);
    const from = first.toISOString().slice(0, 10);
    const queued = (await Outbox.rows()).map((row) => row.payload);
    return queued.concat(await Outbox.mirror())
      .filter((c) => c.id !== current.id && c.date && c.date >= from && c.date <= current.date);
  }

  function fillTip(node, tip, bundle) {
    const text = bundle.texts[tip.text_id] || { title: '', body: '', why: '', steps: [] };
    setText(node, '.tip-category', bundle.categories[tip.category] || '');
    setText(node, '.tip-title', text.title);
    setText(node, '.gp-title', text.title);
    setText(node, '.tip-text', text.body);
    setText(node, '.gp-text', text.body);
    setText(node, '.tip-why', text.why);
    const steps = $('ol.steps', node);
    if (steps && text.steps.length) {
      text.steps.forEach((step) => steps.append(Object.assign(document.createElement('li'), { textContent: step })));
    } else if (steps) {
      steps.remove();
    }
    const sources = $('.tip-sources', node);
    tip.source_ids.forEach((id, i) => {
      if (i) sources.append('; ');
      const source = bundle.sources[id];
      sources.append(Object.assign(document.createElement('cite'), { textContent: source.title }));
      if (source.publisher) sources.append(' (' + source.publisher + (source.site ? ', ' + source.site : '') + ')');
    });
    const label = $('.sources strong', node);
    const one = $('#local-tips').dataset.sourceOne;
    if (label && one && tip.source_ids.length === 1) label.textContent = one;
    return node;
  }

  function tipNode(tip, bundle, open) {
    const node = fillTip(clone('tip-template'), tip, bundle);
    node.classList.add('cat-' + tip.category);
    node.open = open;
    return node;
  }

  // `lead`: what the page says about sending (by default: offline, or online and retrying).
  async function showLocalTips(form, checkin, lead) {
    const section = $('#local-tips');
    if (!section) return;
    const list = $('.local-tips-list', section);
    list.textContent = '';
    form.hidden = true;
    $$('.welcome-card, #today-notice, #another-title, #outbox-fix, .error-summary').forEach((el) => { el.hidden = true; });
    const leadNode = $('.lead', section);
    leadNode.dataset.offline = leadNode.dataset.offline || leadNode.textContent;
    leadNode.textContent = lead !== undefined ? lead : navigator.onLine ? section.dataset.retry : leadNode.dataset.offline;
    leadNode.hidden = !leadNode.textContent;
    shownLocal = lead === '' ? null : checkin.id;
    section.hidden = false;
    showStorageNote().catch(() => {});
    try {
      const bundle = await (await fetch('/api/v1/rules')).json();
      const engine = self.FlouriaEngine;
      const profile = (await Outbox.getMeta('profile')) || {};
      const tips = engine.selectTips(bundle.catalogue, checkin, profile, await history(checkin));
      // The tips shown here are the ones this check-in keeps (the server stores them with it).
      await Outbox.keepTips(checkin.id, tips.map((tip) => tip.tip_id));
      const [gp, shown, rest] = engine.displaySelection(tips, bundle.catalogue.display_cap);
      if (gp.length) {
        // How soon and whom to call first, as on the server's card (RULES.md §9).
        const urgency = engine.mostUrgent(gp.map((tip) => tip.urgency));
        const card = clone('gp-template');
        const words = bundle.urgency[urgency];
        card.classList.add('urgency-' + urgency);
        $('.urgency-mark', card).hidden = urgency === 'soon';
        setText(card, '.urgency-heading', words.heading);
        setText(card, '.urgency-sentence', words.sentence);
        gp.forEach((tip) => $('.gp-reasons', card).append(fillTip(clone('gp-reason-template'), tip, bundle)));
        list.append(card);
      }
      shown.forEach((tip, i) => list.append(tipNode(tip, bundle, i === 0)));
      if (rest.length) {
        const more = clone('local-tips-more-template');
        const words = rest.length === 1 ? section.dataset.moreOne : section.dataset.moreOther;
        $('.more-count', more).textContent = (words || '').replace('{n}', rest.length);
        rest.forEach((tip) => $('.tips', more).append(tipNode(tip, bundle, false)));
        list.append(more);
      }
      if (!tips.length && section.dataset.none) {
        list.append(Object.assign(document.createElement('p'), { textContent: section.dataset.none }));
      }
    } catch (error) {
      // No rules on this phone yet: the check-in is saved all the same, and the lead says so.
    }
    section.scrollIntoView();
  }

  // ------------------------------------------------------------ the diary, offline too

  function entryNode(entry, words) {
    const node = clone('waiting-entry-template');
    setText(node, '.entry-date', dayOf(entry.date) + (entry.time ? ', ' + entry.time : ''));
    let summary = words.summary.replace('{stiffness}', entry.stiffness || 0).replace('{pain}', entry.pain || 0);
    if (entry.cramp) summary += ' · ' + words.cramp;
    setText(node, '.entry-summary', summary);
    return node;
  }

  async function showDiary() {
    const waiting = $('#waiting-entries');
    const device = $('#device-entries');
    if (!waiting || !document.getElementById('waiting-entry-template')) return;
    const data = waiting.dataset;
    const words = {
      summary: data.summary || 'Stijfheid {stiffness}, pijn {pain}',
      cramp: data.cramp || 'kramp',
    };
    const byDate = (a, b) => (b.date + (b.time || '')).localeCompare(a.date + (a.time || ''));
    const all = (await Outbox.rows()).sort((a, b) => byDate(a.payload, b.payload));
    // Refused ones wait for her: each opens in the check-in form to fix or throw away.
    const refusedSection = $('#refused-entries');
    const refused = refusedSection ? all.filter((row) => row.error) : [];
    const rows = all.filter((row) => !refused.includes(row));
    if (refusedSection) {
      const refusedList = $('ul', refusedSection);
      refusedList.textContent = '';
      refused.forEach((row) => {
        const node = entryNode(row.payload, words);
        node.classList.add('has-error');
        node.dataset.outboxId = row.id;
        setText(node, '.entry-status', Object.values(row.error).join(' '));
        const open = Object.assign(document.createElement('a'), {
          href: '/#nakijken=' + encodeURIComponent(row.id), textContent: data.open,
        });
        node.append(Object.assign(document.createElement('p'), { className: 'entry-actions' }));
        node.lastChild.append(open);
        refusedList.append(node);
      });
      refusedSection.hidden = refused.length === 0;
    }
    const list = $('ul', waiting);
    list.textContent = '';
    for (const row of rows) {
      const node = entryNode(row.payload, words);
      node.classList.add('waiting');
      node.dataset.outboxId = row.id;
      const messages = row.error ? Object.values(row.error).join(' ') : '';
      if (messages || row.held) node.classList.add('has-error');
      setText(node, '.entry-status', row.held
        ? data.held
        : messages
          ? (data.error || 'Niet verstuurd: kijk deze check-in even na.') + ' ' + messages
          : data.status || 'Wacht op verzenden');
      list.append(node);
    }
    waiting.hidden = rows.length === 0;
    // "Sent as soon as you are online" only while offline; online it is on its way.
    const hint = $('.hint', waiting);
    hint.dataset.offline = hint.dataset.offline || hint.textContent;
    hint.textContent = navigator.onLine && hint.dataset.online ? hint.dataset.online : hint.dataset.offline;
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

  // ------------------------------------------------------------ install

  function installHelp() {
    const standalone = matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
    if (standalone) return;
    const button = $('#install-button');
    let prompt = null;
    addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault();
      prompt = event;
      if (button) button.hidden = false;
    });
    if (button) {
      button.addEventListener('click', async () => {
        if (!prompt) return;
        button.hidden = true;
        prompt.prompt();
        await prompt.userChoice.catch(() => {});
        prompt = null;
      });
    }
    addEventListener('appinstalled', () => { if (button) button.hidden = true; });
    const ios = /iphone|ipad|ipod/i.test(navigator.userAgent) ||
      (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
    const ioshelp = $('#ios-install');
    const seen = () => { try { return localStorage.getItem('flouria-ios-help') === 'hidden'; } catch (e) { return false; } };
    if (ios && ioshelp && !seen()) {
      ioshelp.hidden = false;
      $('#ios-install-close').addEventListener('click', () => {
        ioshelp.hidden = true;
        try { localStorage.setItem('flouria-ios-help', 'hidden'); } catch (e) { /* private mode: shows again */ }
      });
    }
  }

  // ------------------------------------------------------------ start

  // ------------------------------------------------------------ sign-out and erase

  // Before the server forgets her session, this device forgets her diary. Signing out with
  // check-ins still waiting asks once more, since those would be lost.
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
    if (warning) sync().then(waiting).catch(() => {});
    let confirmed = !warning;
    form.addEventListener('submit', async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      if (!confirmed && (await waiting().catch(() => 0)) > 0) {
        confirmed = true;
        if (form.dataset.again) button.textContent = form.dataset.again;
        warning.focus();
        return;
      }
      const pause = new Promise((resolve) => { setTimeout(resolve, 3000); });
      await Promise.race([Outbox.wipe(), pause]).catch(() => {});
      form.dataset.cleared = '1';
      form.submit();
    });
  }

  function refresh() {
    updateBadge().catch(() => {});
    showDiary().catch(() => {});
    showStorageNote().catch(() => {});
  }

  function start() {
    registerWorker();
    installHelp();
    const form = $('form[data-offline-checkin]');
    if (form && Outbox) enhanceForm(form);
    if (!Outbox) return;
    // Deleting a check-in on the server: drop it from the phone's copy first.
    const deleting = location.pathname.match(/^\/checkin\/([^/]+)\/verwijderen$/);
    if (deleting) {
      $$('form[method=post]').forEach((del) => del.addEventListener('submit', (event) => {
        event.preventDefault();
        const pause = new Promise((resolve) => { setTimeout(resolve, 1000); });
        Promise.race([Outbox.forget(decodeURIComponent(deleting[1])), pause])
          .catch(() => {}).then(() => del.submit());
      }, { once: true }));
    }
    const tag = $('meta[name=flouria-diary]');
    if (tag) Outbox.setDiary(tag.content);
    $$('form[data-clear-device]').forEach(clearDeviceOnSubmit);
    Outbox.onChange(refresh);
    storageNoteClose();
    sentStatus();
    refresh();
    addEventListener('online', () => { delay = 0; sync(); refresh(); });
    addEventListener('offline', refresh);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') sync();
    });
    sync();
  }

  start();
})();
