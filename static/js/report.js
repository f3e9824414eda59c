/* The report page: the "save as PDF or print" button. Without JavaScript the page explains how to
   print from the browser's menu instead. */
(function () {
  'use strict';
  const button = document.getElementById('print-button');
  if (!button || typeof window.print !== 'function') return;
  button.hidden = false;
  const hint = document.getElementById('print-hint');
  if (hint) hint.hidden = true;
  button.addEventListener('click', () => window.print());
})();
