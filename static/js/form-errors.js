/* Messages on the check-in form: the server's (a refused check-in) or the phone's own (stiffness
   and pain are asked, a note may be too long), on their fields and in a summary that takes focus.
   The words come from the form's templates and data-* (checkin/form.html, _local_tips.html). */
(function (F) {
  'use strict';

  const { $, $$, clone, setText } = F;

  function clear(form) {
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

  // `unsaved`: what is (not) on the phone, when it differs from the summary's own sentence.
  function show(form, errors, unsaved) {
    clear(form);
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
    const summary = clone('error-summary-template');
    summary.dataset.local = '';
    summary.tabIndex = -1;
    if (unsaved) setText(summary, 'p', unsaved);
    const list = $('.error-list', summary);
    loose.forEach((message) => { list.append(Object.assign(document.createElement('li'), { textContent: message })); });
    list.hidden = !loose.length;
    form.before(summary);
    summary.focus();
  }

  // Stiffness and pain are asked (contract.ASKED): without them nothing is saved, not even here.
  function unanswered(form) {
    const errors = {};
    for (const name of ['stiffness', 'pain']) {
      const message = form.dataset['asked' + name[0].toUpperCase() + name.slice(1)];
      if (message && form.elements[name] && !form.elements[name].value) errors[name] = message;
    }
    return Object.keys(errors).length ? { errors, unsaved: form.dataset.unsaved } : null;
  }

  // The note may hold NOTE_MAX characters: a counter says how many, and a longer note is
  // refused with a message instead of being cut off silently (maxlength cuts a paste).
  // Returns the check: a refusal ({errors, unsaved}) or null.
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

  F.formErrors = { clear, show, unanswered, noteCounter };
})(self.Flouria);
