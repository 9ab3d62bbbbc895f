/** What a channel can show. The one place that decides between buttons and numbered text. */
export interface ChannelCapabilities {
  /** Renders suggested actions (tappable replies). */
  suggestedActions: boolean;
  /** Longest single message we send; longer text is split into several messages. */
  maxMessageChars: number;
}

/** Text-only channels: buttons are not shown, so choices are numbered in the text ("Reply 1 or 2"). */
const TEXT_ONLY_CHANNELS = new Set(['sms', 'twilio-sms', 'whatsapp']);

/** About three SMS segments: long enough for a useful answer, short enough to arrive together. */
export const SMS_MESSAGE_CHARS = 480;
const RICH_MESSAGE_CHARS = 1000;

export function channelCapabilities(channelId: string | undefined): ChannelCapabilities {
  const channel = (channelId ?? '').toLowerCase();
  if (TEXT_ONLY_CHANNELS.has(channel)) return { suggestedActions: false, maxMessageChars: SMS_MESSAGE_CHARS };
  return { suggestedActions: true, maxMessageChars: RICH_MESSAGE_CHARS };
}
