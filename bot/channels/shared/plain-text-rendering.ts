import type { Activity, CardAction } from 'botbuilder';

const HERO_CARD = 'application/vnd.microsoft.card.hero';

/** Markdown a text-only channel would show literally, reduced to plain text. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\((tel:|sms:)?([^)]+)\)/g, (_match, label: string, _scheme: string | undefined, target: string) =>
      label.trim() === target.trim() ? label : `${label} (${target})`,
    )
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|\s)\*([^*\s][^*]*)\*(?=\s|$|[.,!?])/g, '$1$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[-*]\s+/gm, '- ');
}

function buttonTitles(activity: Partial<Activity>): string[] {
  const actions: CardAction[] = [...(activity.suggestedActions?.actions ?? [])];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== HERO_CARD) continue;
    const content = attachment.content as { text?: string; buttons?: CardAction[] } | undefined;
    actions.push(...(content?.buttons ?? []));
  }
  return actions.map((a) => String(a.title ?? a.value ?? '')).filter((t) => t.length > 0);
}

function cardTexts(activity: Partial<Activity>): string[] {
  const texts: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== HERO_CARD) continue;
    const content = attachment.content as { title?: string; text?: string } | undefined;
    for (const part of [content?.title, content?.text]) if (part) texts.push(part);
  }
  return texts;
}

/**
 * What a text-only channel (SMS, WhatsApp, terminal) shows for an outgoing activity: the text,
 * hero-card text, and any buttons as a numbered list the person can answer by number.
 */
export function renderAsPlainText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(stripMarkdown(activity.text));
  parts.push(...cardTexts(activity).map(stripMarkdown));
  const titles = buttonTitles(activity);
  if (titles.length > 0) parts.push(titles.map((title, i) => `${i + 1}. ${title}`).join('\n'));
  return parts.join('\n').trim();
}

/** The button values, in the order renderAsPlainText numbered them (for mapping "2" back). */
export function numberedChoiceValues(activity: Partial<Activity>): string[] {
  const actions: CardAction[] = [...(activity.suggestedActions?.actions ?? [])];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== HERO_CARD) continue;
    const content = attachment.content as { buttons?: CardAction[] } | undefined;
    actions.push(...(content?.buttons ?? []));
  }
  return actions.map((a) => String(a.value ?? a.title ?? '')).filter((t) => t.length > 0);
}
