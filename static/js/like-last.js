/* "Zoals gisteren" (issue 15): one tap fills a new check-in with her last one's where and
   cramp (the fields: the form's data-copy, forms.LIKE_LAST), from this phone's copy (the
   mirror and the outbox, a waiting one too), so offline as well; the scales, sleep and the rest
   stay for today. Without this script the control is a link the server answers prefilled. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $ } = F;
  const when = (c) => c.date + ' ' + (c.time || '');

  // Her newest full check-in on this phone by date and time (as the server's NEWEST_FIRST).
  async function newest() {
    const found = new Map();
    (await Outbox.mirror()).forEach((c) => found.set(c.id, c));
    (await Outbox.rows()).filter((row) => !row.error).forEach((row) => found.set(row.id, row.payload));
    return [...found.values()].filter((c) => c.date && 'stiffness' in c)
      .sort((a, b) => when(b).localeCompare(when(a)))[0] || null;
  }

  // The copied parts of a check-in: a field whole, or of a list of records only the named keys.
  function copied(entry, fields) {
    const out = {};
    Object.entries(fields).forEach(([name, keys]) => {
      const value = entry[name];
      out[name] = !keys ? value : (value || []).map((item) =>
        Object.fromEntries(keys.filter((k) => k in item).map((k) => [k, item[k]])));
    });
    return out;
  }

  // An unanswered field: a lone checkbox off, a group of chips (or a list) empty.
  function blank(form, name) {
    const el = form.elements[name];
    return el && el.type === 'checkbox' ? false : [];
  }

  // "dinsdag 08:10" within the week, the date further back (as checkin._when_of).
  function dayWords(entry) {
    const days = (new Date(F.localToday() + 'T12:00:00') - new Date(entry.date + 'T12:00:00')) / 864e5;
    let words = F.dayOf(entry.date);
    if (days >= 0 && days < 7) {
      try {
        words = new Intl.DateTimeFormat(document.documentElement.lang, { weekday: 'long' })
          .format(new Date(entry.date + 'T12:00:00'));
      } catch (e) { /* the long date stays */ }
    }
    return entry.time ? words + ' ' + entry.time : words;
  }

  function start(form, box) {
    const fields = JSON.parse(box.dataset.copy);
    const offer = $('.like-last-offer', box);
    const done = $('.like-last-done', box);
    const body = $('details.body-map', form);
    let last = null;

    const look = async () => {
      last = await newest();
      if (last) box.hidden = false; // else the server's word stands (the phone may know fewer)
    };
    const put = (entry) => F.checkinForm.fill(form, Object.assign({}, entry, { id: form.elements.id.value }));

    $('#like-last-copy', box).addEventListener('click', (event) => {
      if (!last) return; // nothing on this phone: the server fills it in
      event.preventDefault();
      const values = copied(last, fields);
      put(values);
      if (body && (values.spots || []).length) body.open = true;
      $('.like-last-note', box).textContent = box.dataset.note.replace('{when}', dayWords(last));
      offer.hidden = true;
      done.hidden = false;
      const stiffness = form.elements.stiffness;
      if (stiffness && stiffness[0]) stiffness[0].focus();
    });

    $('#like-last-undo', box).addEventListener('click', (event) => {
      event.preventDefault();
      const cleared = {};
      Object.keys(fields).forEach((name) => {
        cleared[name] = blank(form, name);
      });
      put(cleared);
      if (body) body.open = false;
      done.hidden = true;
      offer.hidden = false;
      if (location.search) history.replaceState(null, '', F.urls.checkin);
      $('#like-last-copy', box).focus();
    });

    look().catch(F.logged('looking for her last check-in'));
    Outbox.onChange(() => { look().catch(F.logged('looking for her last check-in')); });
  }

  const form = $('form[data-offline-checkin]');
  const box = form && $('#like-last', form);
  if (box && Outbox) start(form, box);
})(self.Flouria);
