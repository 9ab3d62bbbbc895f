/** Page styles: WCAG AA contrast (text #0b0c0c on white, white on #d4351c / #005eb8), phone width first. */
export const CHAT_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: Arial, Helvetica, sans-serif; font-size: 100%; color: #0b0c0c; background: #f0f4f5; }
body { margin: 0; line-height: 1.45; }
a { color: #005eb8; }
a:focus, button:focus { outline: 3px solid #ffb81c; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffb81c; color: #0b0c0c; padding: .5rem; z-index: 10; }
.site-header { position: sticky; top: 0; z-index: 5; }
.service-name { margin: 0; padding: .6rem 1rem; background: #005eb8; color: #fff; font-weight: bold; font-size: 1.1rem; }
.emergency { padding: .6rem 1rem; background: #d4351c; color: #fff; font-size: 1rem; }
.emergency a { color: #fff; font-weight: bold; font-size: 1.15rem; }
.layout { display: flex; flex-direction: column; gap: 1rem; padding: 1rem; max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
.intro { margin: 0 0 .75rem; }
.chat { flex: 1 1 auto; min-width: 0; }
.webchat { height: 60vh; min-height: 22rem; background: #fff; border: 1px solid #aeb7bd; border-radius: 4px; overflow: hidden; }
.loading { padding: 1rem; margin: 0; }
.chat-status { min-height: 1.5em; margin: .5rem 0 0; font-weight: bold; color: #d4351c; }
.numbers { background: #fff; border: 1px solid #aeb7bd; border-radius: 4px; padding: 1rem; }
.numbers ul { list-style: none; margin: 0; padding: 0; }
.numbers li { padding: .5rem 0; border-bottom: 1px solid #d8dde0; display: flex; flex-direction: column; }
.numbers li:last-child { border-bottom: 0; }
.numbers .label { font-weight: bold; }
.numbers .number { display: inline-block; margin: .2rem 0; padding: .45rem .75rem; min-height: 44px; background: #005eb8; color: #fff;
  border-radius: 4px; text-decoration: none; font-weight: bold; align-self: flex-start; }
.numbers .note { color: #4c6272; font-size: .95rem; }
.privacy { margin: .75rem 0 0; }
@media (min-width: 48rem) {
  .layout { flex-direction: row; align-items: flex-start; }
  .numbers { flex: 0 0 20rem; }
  .webchat { height: 70vh; }
}
`;

/**
 * Starts Web Chat once the bundle has loaded: gets a token from this server (/chat/token) and
 * connects to the local Direct Line or, by configuration, to Azure's. ES5 on purpose.
 */
export const CHAT_PAGE_JS = `
(function () {
  var container = document.getElementById('webchat');
  var status = document.getElementById('chat-status');
  function fail(message) {
    status.textContent = message + ' If you need help now, use the numbers on this page.';
  }
  if (!window.WebChat) { fail('The chat could not load.'); return; }
  var domain = container.getAttribute('data-directline-domain') || (window.location.origin + '/v3/directline');
  var webSocket = container.getAttribute('data-websocket') === 'true';
  fetch('/chat/token', { method: 'POST', headers: { 'Content-Type': 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('token request failed: ' + response.status);
      return response.json();
    })
    .then(function (session) {
      container.innerHTML = '';
      var directLine = window.WebChat.createDirectLine({ token: session.token, domain: domain, webSocket: webSocket });
      directLine.connectionStatus$.subscribe(function (connectionStatus) {
        // 4 = FailedToConnect, 5 = Ended (botframework-directlinejs ConnectionStatus)
        if (connectionStatus === 4 || connectionStatus === 5) fail('The chat has lost its connection. Reload the page to start again.');
      });
      window.WebChat.renderWebChat({
        directLine: directLine,
        userID: session.userId,
        locale: 'en-GB',
        styleOptions: {
          accent: '#005eb8',
          primaryFont: 'Arial, Helvetica, sans-serif',
          bubbleBackground: '#f0f4f5',
          bubbleFromUserBackground: '#005eb8',
          bubbleFromUserTextColor: '#ffffff',
          hideUploadButton: true,
          sendBoxTextWrap: true,
          botAvatarInitials: 'Bot',
          userAvatarInitials: 'You'
        }
      }, container);
    })
    .catch(function () { fail('The chat could not start.'); });
})();
`;
