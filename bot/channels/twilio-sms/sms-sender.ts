import type { Twilio } from 'twilio';

export interface OutgoingSms {
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
}

/** Sends one message through Twilio's REST API; throws on refusal (the SDK's RestException). */
export interface SmsSender {
  send(message: OutgoingSms): Promise<{ sid: string }>;
}

export class TwilioSmsSender implements SmsSender {
  constructor(private readonly client: Twilio) {}

  async send(message: OutgoingSms): Promise<{ sid: string }> {
    const created = await this.client.messages.create({
      to: message.to,
      from: message.from,
      body: message.body,
      ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
    });
    return { sid: created.sid };
  }
}
