/* "Wat heb je genomen?" (templates/checkin/_medicines.html): the rows into the outbox's payload
   and back, the time set when she ticks one of her medicines, and rows added and removed. Without
   this script the rows post as plain form fields. The Dutch comes from the template. */
(function (F) {
  'use strict';

  const ROW_FIELD = /^medicines_taken-\d+-\w+$/;
  const rowsOf = (form) => Array.from(form.querySelectorAll('.med-row'));
  const field = (row, key) => row.querySelector('[name$="-' + key + '"]');
  const isPick = (row) => Boolean(field(row, 'pick').value);
  const now = () => { const d = new Date(); return F.pad(d.getHours()) + ':' + F.pad(d.getMinutes()); };

  function counts(row) {
    return isPick(row) ? field(row, 'take').checked : field(row, 'name').value.trim() !== '';
  }

  function entry(row) {
    const count = field(row, 'count').value.trim();
    const effect = field(row, 'effect').value;
    return {
      name: field(row, 'name').value.trim(),
      dose: field(row, 'dose').value.trim(),
      count: count === '' ? null : Number(count),
      time: field(row, 'time').value || null,
      as_needed: field(row, 'as_needed').checked,
      effect: /^\d+$/.test(effect) ? Number(effect) : null,
    };
  }

  const collect = (form) => rowsOf(form).filter(counts).map(entry);

  function put(row, m) {
    if (isPick(row)) field(row, 'take').checked = true;
    else field(row, 'name').value = m.name;
    field(row, 'dose').value = m.dose || '';
    field(row, 'count').value = m.count === null || m.count === undefined ? '' : String(m.count);
    field(row, 'time').value = m.time || '';
    field(row, 'as_needed').checked = Boolean(m.as_needed);
    field(row, 'effect').value = m.effect === null || m.effect === undefined ? '' : String(m.effect);
    row.hidden = false;
  }

  function clear(row) {
    if (isPick(row)) { field(row, 'take').checked = false; return; }
    for (const key of ['name', 'dose', 'count', 'time', 'effect']) field(row, key).value = '';
    field(row, 'as_needed').checked = false;
  }

  // A free row more, numbered after the last one (the server reads any index).
  function addRow(form) {
    const rows = rowsOf(form);
    const last = rows[rows.length - 1];
    const index = Math.max(...rows.map((r) => Number(field(r, 'pick').name.split('-')[1]))) + 1;
    const row = last.cloneNode(true);
    for (const el of row.querySelectorAll('[name]')) {
      el.name = el.name.replace(/-\d+-/, '-' + index + '-');
      el.id = el.name;
    }
    row.querySelectorAll('.error').forEach((p) => p.remove());
    clear(row);
    last.after(row);
    return row;
  }

  // Her medicines in a check-in from this phone (the outbox, or its copy of a sent one).
  function fill(form, list) {
    rowsOf(form).forEach(clear);
    for (const m of list || []) {
      const free = () => rowsOf(form).find((r) => !isPick(r) && !counts(r)) || addRow(form);
      const mine = rowsOf(form).find((r) => isPick(r) && !counts(r)
        && field(r, 'name').value === m.name && field(r, 'dose').value === (m.dose || ''));
      put(mine || free(), m);
    }
    tidy(form);
  }

  // Free rows: the filled ones and one empty row show; a button adds another.
  function tidy(form) {
    let empty = 0;
    for (const row of rowsOf(form)) {
      if (isPick(row)) continue;
      row.hidden = !counts(row) && empty++ > 0;
    }
  }

  function enhance(form) {
    const box = form.querySelector('#medicines');
    if (!box) return;
    for (const row of rowsOf(form)) {
      if (isPick(row)) continue;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary med-remove';
      remove.textContent = box.dataset.remove;
      row.append(remove);
    }
    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'secondary med-add';
    add.textContent = box.dataset.add;
    box.append(add);
    tidy(form);
    add.addEventListener('click', () => {
      const row = rowsOf(form).find((r) => r.hidden) || addRow(form);
      row.hidden = false;
      field(row, 'name').focus();
    });
    box.addEventListener('click', (event) => {
      if (!event.target.classList.contains('med-remove')) return;
      const row = event.target.closest('.med-row');
      clear(row);
      row.hidden = rowsOf(form).some((r) => r !== row && !isPick(r) && !r.hidden);
    });
    box.addEventListener('change', (event) => {
      const row = event.target.closest('.med-row');
      if (!row) return;
      const time = field(row, 'time');
      const named = event.target.name.endsWith('-name') && event.target.value.trim();
      if ((event.target.classList.contains('med-take') && event.target.checked) || (named && !time.value)) {
        time.value = now();
      }
    });
  }

  F.medicines = { collect, fill, enhance, isRowField: (name) => ROW_FIELD.test(name) };
})(self.Flouria);
