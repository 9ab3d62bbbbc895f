import { normaliseReply } from './choices';

export type YesNoAnswer = 'yes' | 'no' | 'unclear' | 'refused';

export const YES_NO_CHOICES = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

const REFUSAL =
  /\b(leave me alone|go away|stop asking|(dont|do not|wont|will not) (want to )?(answer|say|talk|tell)|not telling|none of your (business|concern)|rather not|no comment|shut up|piss off|f+ off|fuck off|mind your own)\b/;
const NO =
  /^(2|n|no+|nope|nah|na|never|no never|not at all|definitely not|of course not|no thanks|no thank you|i havent|i have not|i dont|i do not|i am not|im not|no i (havent|have not|dont|do not|am not|wasnt|was not|didnt|did not|havent been))$/;
const YES =
  /^(1|y|ye|yes+|yeah|yea|yep|yup|ya|yh|aye|sure|ok|okay|true|correct|definitely|always|i have|i do|i am|im|i did|i was|i feel|i think so|often|all the time|every day|a lot)\b/;
const HEDGE = /\b(sort of|kind of|kinda|sorta|maybe|not sure|dont know|idk|dunno|sometimes|a bit|a little|probably|perhaps|possibly|not really)\b/;

/**
 * Reads a free-text answer to a yes/no question. Hedged answers ("sort of", "idk", "maybe") are
 * 'unclear' even when they start with yes or no; the caller decides what unclear means.
 * "1"/"2" follow YES_NO_CHOICES.
 */
export function interpretYesNo(text: string | undefined): YesNoAnswer {
  const reply = normaliseReply(text);
  if (!reply) return 'unclear';
  if (REFUSAL.test(reply)) return 'refused';
  if (HEDGE.test(reply)) return 'unclear';
  if (NO.test(reply)) return 'no';
  if (YES.test(reply)) return 'yes';
  return 'unclear';
}
