import type { SignpostingConfig } from '../../../config/service-schema';
import { crisisLinks } from './crisis-links';
import { escapeHtml } from './html-escape';

export interface WebChatPageContent {
  serviceName: string;
  signposting: SignpostingConfig;
  /** Direct Line base URL for Web Chat; empty means this server's own /v3/directline. */
  directLineDomain: string;
  webSocket: boolean;
  privacyNoticeUrl?: string;
}

/**
 * The chat page. The emergency notice and the crisis numbers are plain HTML outside the widget,
 * so they are there before the script loads, if it never loads, and whatever the bot is doing.
 */
export function webChatPageHtml(content: WebChatPageContent): string {
  const name = escapeHtml(content.serviceName);
  const emergency = escapeHtml(content.signposting.emergency.number);
  const links = crisisLinks(content.signposting)
    .map(
      (link) => `<li><span class="label">${escapeHtml(link.label)}</span>
        <a class="number" href="${escapeHtml(link.href)}">${escapeHtml(link.action)} ${escapeHtml(link.display)}</a>${
          link.note ? `<span class="note">${escapeHtml(link.note)}</span>` : ''
        }</li>`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat — ${name}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/chat/assets/chat-page.css">
</head>
<body>
  <a class="skip" href="#webchat">Skip to the chat</a>
  <header class="site-header">
    <p class="service-name">${name}</p>
    <div class="emergency" role="note" aria-label="Emergency">
      <strong>This chat is not for emergencies.</strong>
      If you are in danger or have hurt yourself, call <a href="tel:${escapeHtml(emergency.replace(/\D/g, ''))}">${emergency}</a> now
      or go to A&amp;E.
    </div>
  </header>
  <main class="layout">
    <section class="chat" aria-labelledby="chat-heading">
      <h1 id="chat-heading">Chat with us</h1>
      <p class="intro">You are talking to an automated service, not a person. It can give information and, if you need it, alert our crisis team.</p>
      <div id="webchat" class="webchat" data-directline-domain="${escapeHtml(content.directLineDomain)}" data-websocket="${content.webSocket ? 'true' : 'false'}">
        <p class="loading">Starting the chat…</p>
      </div>
      <p id="chat-status" class="chat-status" role="status" aria-live="polite"></p>
      <noscript><p class="chat-status">The chat needs JavaScript. You can still use the numbers on this page.</p></noscript>
    </section>
    <aside class="numbers" aria-labelledby="numbers-heading">
      <h2 id="numbers-heading">Talk to someone now</h2>
      <ul>
      ${links}
      </ul>
      ${content.privacyNoticeUrl ? `<p class="privacy"><a href="${escapeHtml(content.privacyNoticeUrl)}">How we use your information</a></p>` : ''}
    </aside>
  </main>
  <script src="/chat/assets/webchat.js"></script>
  <script src="/chat/assets/chat-page.js"></script>
</body>
</html>
`;
}
