/**
 * serviceUrl values of conversation references created by this bot's own channels. Bot Framework
 * uses "sms" and "webchat" channel ids too (Azure's Twilio and Web Chat channels), so proactive
 * routing decides on these markers, never on channelId alone.
 */
export const TWILIO_DIRECT_SERVICE_URL = 'urn:crisis-bot:twilio-direct';
export const LOCAL_DIRECTLINE_SERVICE_URL = 'urn:crisis-bot:local-directline';
export const TERMINAL_SERVICE_URL = 'urn:crisis-bot:terminal';
