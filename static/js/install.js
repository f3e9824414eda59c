/* Install help: Chrome's own prompt behind the header's button, and on iPhone and iPad the
   "add to home screen" steps until she hides them. Not in the installed app. */
(function (F) {
  'use strict';

  const { $ } = F;
  const IOS_KEY = 'flouria-ios-help';

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
        await prompt.userChoice.catch(() => {}); // dismissed: nothing to do
        prompt = null;
      });
    }
    addEventListener('appinstalled', () => { if (button) button.hidden = true; });
    const ios = /iphone|ipad|ipod/i.test(navigator.userAgent) ||
      (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
    const ioshelp = $('#ios-install');
    const seen = () => { try { return localStorage.getItem(IOS_KEY) === 'hidden'; } catch (e) { return false; } };
    if (ios && ioshelp && !seen()) {
      ioshelp.hidden = false;
      $('#ios-install-close').addEventListener('click', () => {
        ioshelp.hidden = true;
        try { localStorage.setItem(IOS_KEY, 'hidden'); } catch (e) { /* private mode: shows again */ }
      });
    }
  }

  F.install = { installHelp };
})(self.Flouria);
