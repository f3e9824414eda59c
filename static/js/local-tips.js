/* Tips chosen on the phone (static/js/engine.js with the rules bundle, GET /api/v1/rules) for a
   check-in that has not reached the server: the same cards as the server's page, filled from the
   templates in checkin/_local_tips.html. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $, $$, clone, setText } = F;
  // The check-ins before this one that the rules look back on: as far back as the bundle's
  // parameters say (history_days, one place for the server and the phone).
  async function earlier(current, bundle) {
    const days = bundle.parameters.history_days;
    const first = new Date(current.date + 'T00:00:00Z');
    first.setUTCDate(first.getUTCDate() - days);
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

  // The bundle on this phone (the worker keeps it), or null: offline before it was ever fetched.
  async function rules() {
    let response;
    try {
      response = await fetch(F.urls.rules);
    } catch (error) {
      return null;
    }
    return response.ok ? response.json() : null;
  }

  async function fillList(section, list, checkin) {
    const bundle = await rules();
    if (!bundle) return; // no rules on this phone yet: the check-in is saved all the same, and the lead says so
    const engine = self.FlouriaEngine;
    const profile = (await Outbox.getMeta('profile')) || {};
    const tips = engine.selectTips(bundle, checkin, profile, await earlier(checkin, bundle));
    // The tips shown here are the ones this check-in keeps (the server stores them with it).
    await Outbox.keepTips(checkin.id, tips.map((tip) => tip.tip_id));
    const [gp, shown, rest] = engine.displaySelection(tips, bundle.catalogue.display_cap);
    if (gp.length) {
      // How soon and whom to call first, as on the server's card (docs/rules.md §9).
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
  }

  // `lead`: what the page says about sending (by default: offline, or online and retrying).
  async function show(form, checkin, lead) {
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
    F.badge.showing(lead === '' ? null : checkin.id);
    section.hidden = false;
    F.storageNote.show().catch(F.logged('showing the storage note'));
    // The check-in is on the phone already: a bug in choosing tips is logged, the page stays.
    await fillList(section, list, checkin).catch(F.logged('choosing tips on this phone'));
    section.scrollIntoView();
  }

  F.localTips = { show };
})(self.Flouria);
