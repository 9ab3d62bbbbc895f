import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import RestException from 'twilio/lib/base/RestException';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';

/**
 * The bot imports these from the SDK's own files (twilio/lib/...) so that a bot without a Twilio account never loads
 * the whole SDK (about 5 MB of heap). twilio 5 has no exports map, so the paths work; this test pins that they are
 * still the very objects the public API exports, and fails loudly on an upgrade that moves or hides them.
 */
describe('twilio deep imports are the public API', () => {
  it.each([
    ['twiml.VoiceResponse', VoiceResponse, twilio.twiml.VoiceResponse],
    ['RestException', RestException, twilio.RestException],
    ['RequestClient', RequestClient, twilio.RequestClient],
    ['validateRequest', validateRequest, twilio.validateRequest],
    ['getExpectedTwilioSignature', getExpectedTwilioSignature, twilio.getExpectedTwilioSignature],
  ])('%s', (_name, deep, exported) => {
    expect(deep).toBeDefined();
    expect(deep).toBe(exported);
  });
});
