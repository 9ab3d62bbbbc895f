export type CarrierKeyword = 'stop' | 'start' | 'help';

// Twilio's default opt-out keywords. "YES" (a Twilio START word) is left out on purpose: people
// answer the bot's yes/no questions with it.
const KEYWORDS: Record<string, CarrierKeyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  UNSTOP: 'start',
  HELP: 'help',
  INFO: 'help',
};

/** A carrier keyword only when it is the whole message (as carriers match), ignoring case and end punctuation. */
export function carrierKeyword(body: string): CarrierKeyword | undefined {
  const word = body.trim().replace(/[.!]+$/, '').toUpperCase();
  return Object.prototype.hasOwnProperty.call(KEYWORDS, word) ? KEYWORDS[word] : undefined;
}
