import { normaliseReply } from './replies/choices';

export type Command = 'delete' | 'startOver' | 'help' | 'greeting' | 'callback' | 'talkToSomeone';

const DELETE = /^(stop|stop all|unsubscribe|delete|delete (all )?(my )?(data|details|messages|chat|conversation|everything|info|information)|forget me|erase my data)$/;
const DELETE_ANYWHERE = /\b(delete|erase|remove) (all )?my (data|details|messages|chat|conversation|information|info)\b/;
const START_OVER = /^(start over|start again|restart|reset|begin again)$/;
const HELP = /^(help|menu|main menu|options|what can you do|what can i ask)$/;
const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|start|get started)( there)?$/;
const CALLBACK = /\b(call ?back|call me|ring me|phone me|can (you|someone|somebody) (call|ring|phone) me)\b/;
const TALK = /\b(speak|talk) (to|with) (someone|somebody|a (real )?(person|human|nurse|doctor)|the team|staff)\b|\b(real person|a human)\b/;

/** Words that work everywhere, whatever dialog is running. Checked after the risk screen, never instead of it. */
export function detectCommand(text: string | undefined): Command | undefined {
  const reply = normaliseReply(text);
  if (!reply) return undefined;
  if (DELETE.test(reply) || DELETE_ANYWHERE.test(reply)) return 'delete';
  if (START_OVER.test(reply)) return 'startOver';
  if (HELP.test(reply)) return 'help';
  if (GREETING.test(reply)) return 'greeting';
  if (CALLBACK.test(reply)) return 'callback';
  if (TALK.test(reply)) return 'talkToSomeone';
  return undefined;
}
