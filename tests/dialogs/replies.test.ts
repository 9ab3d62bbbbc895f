import { ActivityTypes } from 'botbuilder';
import { channelCapabilities } from '../../dialogs/channel-capabilities';
import { detectCommand } from '../../dialogs/commands';
import { parseUkPhone } from '../../dialogs/phone';
import { matchChoice } from '../../dialogs/replies/choices';
import { splitMessage } from '../../dialogs/replies/split-message';
import { interpretYesNo } from '../../dialogs/replies/yes-no';
import { DialogHarness } from '../support/dialog-harness';

describe('free-text yes/no answers', () => {
  test.each([
    ['yes', 'yes'],
    ['Yeah', 'yes'],
    ['yep I have', 'yes'],
    ['1', 'yes'],
    ['no', 'no'],
    ['Nope.', 'no'],
    ['no never', 'no'],
    ["no I haven't", 'no'],
    ['2', 'no'],
    ['sort of', 'unclear'],
    ['idk', 'unclear'],
    ['maybe', 'unclear'],
    ['yes sometimes', 'unclear'],
    ['not really', 'unclear'],
    ['', 'unclear'],
    ['what do you mean', 'unclear'],
    ['leave me alone', 'refused'],
    ["I don't want to answer that", 'refused'],
    ['none of your business', 'refused'],
  ])('%j is %s', (text, expected) => {
    expect(interpretYesNo(text)).toBe(expected);
  });
});

describe('choices', () => {
  const choices = [
    { value: 'ask', label: 'Ask a question' },
    { value: 'numbers', label: 'Numbers to call now', synonyms: ['numbers'] },
  ];
  test('numbers pick the numbered choice', () => {
    expect(matchChoice('2', choices)?.value).toBe('numbers');
    expect(matchChoice(' 1. ', choices)?.value).toBe('ask');
    expect(matchChoice('3', choices)).toBeUndefined();
  });
  test('labels and synonyms match, case and punctuation aside', () => {
    expect(matchChoice('ask a question!', choices)?.value).toBe('ask');
    expect(matchChoice('Numbers please', choices)?.value).toBe('numbers');
    expect(matchChoice('when are you open', choices)).toBeUndefined();
  });
});

describe('channel capabilities', () => {
  test.each(['sms', 'twilio-sms', 'whatsapp', 'SMS'])('%s gets numbered text choices and SMS-sized messages', (channel) => {
    expect(channelCapabilities(channel)).toEqual({ suggestedActions: false, maxMessageChars: 480 });
  });
  test.each(['webchat', 'msteams', 'telegram', 'directline', 'emulator'])('%s gets suggested actions', (channel) => {
    expect(channelCapabilities(channel).suggestedActions).toBe(true);
  });
});

describe('splitting long messages', () => {
  test('short text is one message', () => {
    expect(splitMessage('Hello.', 480)).toEqual(['Hello.']);
  });
  test('long text splits between sentences and never cuts a phone number', () => {
    const sentence = 'Call our 24/7 crisis line on 01632 960 999 if you need to talk to someone tonight. ';
    const parts = splitMessage(sentence.repeat(12), 480);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(480);
      expect(part.split('01632 960 999').length - 1).toBe((part.match(/Call our/g) ?? []).length);
    }
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(sentence.repeat(12).trim().replace(/\s+/g, ' '));
  });
});

describe('UK phone numbers', () => {
  test.each([
    ['07400 123456', '+447400123456'],
    ['+44 7400 123456', '+447400123456'],
    ['0113 496 0123', '+441134960123'],
    ['(020) 7946-0123', '+442079460123'],
    ['my number is 07400123456', '+447400123456'],
    ['07911 123456', '+447911123456'],
  ])('%j is valid', (text, e164) => {
    expect(parseUkPhone(text)?.e164).toBe(e164);
  });
  test.each(['12345', '07400 1234', '+1 202 555 0143', '+33 6 12 34 56 78', 'call me', ''])('%j is not a UK number', (text) => {
    expect(parseUkPhone(text)).toBeUndefined();
  });
});

describe('commands that work everywhere', () => {
  test.each([
    ['stop', 'delete'],
    ['STOP', 'delete'],
    ['delete my data', 'delete'],
    ['please delete my data', 'delete'],
    ['start over', 'startOver'],
    ['help', 'help'],
    ['hi', 'greeting'],
    ['can you call me back', 'callback'],
    ['I want to talk to a real person', 'talkToSomeone'],
    ['stop asking me questions', undefined],
    ['i need help with my medication', undefined],
  ])('%j → %s', (text, command) => {
    expect(detectCommand(text)).toBe(command);
  });
});

describe('asking again', () => {
  test('a reply with no text gets the same question again, buttons and all', async () => {
    const harness = new DialogHarness();
    const opening = await harness.join();
    const question = opening[opening.length - 1];
    expect(question.text).toBeTruthy();
    const again = await harness.receive({
      type: ActivityTypes.Message,
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/photo.png' }],
    });
    expect(again).toHaveLength(1);
    // As JSON: the question asked again comes back from storage, where undefined fields are dropped.
    const asSeen = (a: typeof question) => JSON.parse(JSON.stringify({ text: a.text, suggestedActions: a.suggestedActions, inputHint: a.inputHint })) as unknown;
    expect(asSeen(again[0])).toEqual(asSeen(question));
  });
});
