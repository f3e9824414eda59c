/* The browser may clear this phone's copy of the diary: Flouria asks it to keep the data, and
   when it will not, says so next to a waiting check-in, until she hides the note. */
(function (F) {
  'use strict';

  const Outbox = self.FlouriaOutbox;
  const { $$ } = F;
  const NOTE_KEY = 'flouria-storage-note';

  async function show() {
    const notes = $$('.storage-note');
    if (!notes.length) return;
    try { if (localStorage.getItem(NOTE_KEY) === 'hidden') return; } catch (e) { /* shows */ }
    if ((await Outbox.getMeta('persist')) !== false) return;
    const waiting = (await Outbox.counts()).waiting;
    notes.forEach((note) => { note.hidden = !waiting; });
  }

  function closeButtons() {
    $$('.storage-note-close').forEach((button) => button.addEventListener('click', () => {
      $$('.storage-note').forEach((note) => { note.hidden = true; });
      try { localStorage.setItem(NOTE_KEY, 'hidden'); } catch (e) { /* private mode: shows again */ }
    }));
  }

  // Asked once, after her first check-in on this phone.
  async function keepData() {
    const storage = navigator.storage;
    if (!storage || !storage.persist || (await Outbox.getMeta('persist')) !== undefined) return;
    const granted = await storage.persist().catch(() => false); // "no" is an answer too
    await Outbox.setMeta('persist', granted);
    await show();
  }

  F.storageNote = { show, closeButtons, keepData };
})(self.Flouria);
