import { TestAdapter, TurnContext } from 'botbuilder';

/** A message turn in conversation `conversationId` on the "test" channel, outside any dialog harness. */
export function messageTurnContext(conversationId: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'test',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user', name: '' },
    recipient: { id: 'bot', name: '' },
    text: 'hi',
  });
}
