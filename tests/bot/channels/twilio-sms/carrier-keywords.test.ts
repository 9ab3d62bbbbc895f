import { carrierKeyword } from '../../../../bot/channels/twilio-sms/carrier-keywords';

describe('carrierKeyword', () => {
  it.each([
    ['STOP', 'stop'], ['stop', 'stop'], [' Stop. ', 'stop'], ['UNSUBSCRIBE', 'stop'], ['STOPALL', 'stop'], ['cancel', 'stop'],
    ['END', 'stop'], ['quit!', 'stop'], ['START', 'start'], ['unstop', 'start'], ['HELP', 'help'], ['info', 'help'],
  ])('%j is the %s keyword', (body, keyword) => {
    expect(carrierKeyword(body)).toBe(keyword);
  });

  it.each(['yes', 'please stop texting me', 'help me', 'I want it to end', 'STOP IT', ''])('%j is a normal message', (body) => {
    expect(carrierKeyword(body)).toBeUndefined();
  });
});
