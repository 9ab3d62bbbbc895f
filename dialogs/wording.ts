import type { SignpostRoute } from './ports/signposting-service';
import type { ServiceInfo } from './service-info';

/**
 * Everything the bot says, in one place for clinical review. Plain words, short messages,
 * no diagnosis, and always clear that this is an automated service.
 */
export function route(r: SignpostRoute): string {
  return `${r.label}: ${r.number}${r.note ? ` (${r.note})` : ''}`;
}

export const wording = {
  intro: (s: ServiceInfo) =>
    `Hi. This is the ${s.shortName} automated text service. You are talking to a computer, not a person. ` +
    `It is not for emergencies: if your life is at risk now, call 999 or go to A&E.`,
  shortIntro: (s: ServiceInfo) =>
    `(This is the ${s.shortName} automated service, not a person. In an emergency call 999.)`,
  consentQuestion: (s: ServiceInfo) =>
    `To keep you safe I always keep a record of safety checks. With your OK I also keep what we write to each other ` +
    `for ${s.transcriptRetentionDays} days, so the team can follow up. Privacy notice: ${s.privacyNoticeUrl}\n` +
    `Is it OK to keep our messages? You can say "delete my data" at any time.`,
  consentYes: (s: ServiceInfo) =>
    `Thanks. I'll keep our messages for ${s.transcriptRetentionDays} days. Say "delete my data" at any time to remove them. ` +
    `What can I help with?`,
  consentNo: () =>
    `OK, I won't keep what you write, only the safety record the privacy notice describes. You can still use everything here. ` +
    `What can I help with?`,

  emergencyNow: (s: ServiceInfo) =>
    `Please call 999 now or go to your nearest A&E. I'm an automated service, so 999 is the fastest way to get help. ` +
    `You can also call our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  emergencyAlerted: (reference: string, minutes: number) =>
    `I've alerted the on-call crisis team. Your reference is ${reference}. ` +
    `If nobody has contacted you within ${minutes} minutes, call 999 (or 111, option 2).`,
  emergencyRecordedNotPaged: (reference: string, s: ServiceInfo) =>
    `I've recorded this for the crisis team (reference ${reference}), but I can't reach the on-call team ` +
    `automatically right now, so please don't wait for us: call 999 now, or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  emergencyAlreadyAlerted: (reference: string) =>
    `I've already passed this to the crisis team (reference ${reference}). Please don't wait: call 999 now if you are in danger.`,
  emergencyAlertFailed: (s: ServiceInfo) =>
    `I'm sorry, the alert to the crisis team could not be sent. Please call 999 now. ` +
    `If you can't call, text SHOUT to ${s.signposting.shout.number}.`,
  alertSentLate: (reference: string, teamPaged: boolean, s: ServiceInfo) =>
    (teamPaged
      ? `About what you told me earlier: I've now been able to alert the crisis team (reference ${reference}). `
      : `About what you told me earlier: I've now recorded it for the crisis team (reference ${reference}), but I can't ` +
        `reach the on-call team automatically, so please don't wait for us. `) +
    `If you are in danger, call 999 now, or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  areYouSafe: () => `Are you safe right now?`,
  safeYes: (s: ServiceInfo) =>
    `I'm glad you're safe right now. If that changes, call 999. Samaritans (${s.signposting.samaritans.number}) ` +
    `and Shout (text SHOUT to ${s.signposting.shout.number}) are there 24 hours.`,
  safeNo: () =>
    `Please call 999 now, or ask someone near you to call for you. If you can, go to where other people are and stay with them.`,

  asqIntro: () =>
    `I'd like to ask you a few short questions so I can get you the right help. You can answer yes or no, or in your own words.`,
  asqNegative: () => `Thank you for answering. It sounds like things are hard right now. Here are people you can talk to:`,
  asqNonAcute: () =>
    `Thank you for telling me. It would help to talk to someone from the crisis team soon.`,
  asqRefused: () =>
    `That's OK, you don't have to answer. Because I can't be sure you're safe, I'd like someone from the crisis team to know.`,
  urgentContactQuestion: () => `Can someone from the crisis team phone you today?`,
  urgentTeamTold: (reference: string, s: ServiceInfo) =>
    `I've let the crisis team know about this conversation (reference ${reference}). ` +
    `If you feel less safe, call 999, or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  urgentRecordedNotPaged: (reference: string, s: ServiceInfo) =>
    `I've recorded this for the crisis team (reference ${reference}), but I can't reach the on-call team ` +
    `automatically right now, so they may not see it until later. Please don't wait for us: call our 24/7 crisis line ` +
    `on ${s.signposting.localCrisisLine.number} or 111 (option 2) now, and 999 if you feel less safe.`,
  urgentTeamNotTold: (s: ServiceInfo) =>
    `I'm sorry, I couldn't pass this to the crisis team just now. Please call our 24/7 crisis line on ` +
    `${s.signposting.localCrisisLine.number} or NHS 111 (option 2). In an emergency call 999.`,

  unfinishedSafetyCheckTold: (
    ending: 'stopped' | 'interrupted',
    reference: string,
    teamPaged: boolean,
    s: ServiceInfo,
    phone: 'kept' | 'not-kept' | 'unknown' = 'not-kept',
  ) =>
    (ending === 'stopped' ? `I'll stop. Because of what you told me` : `About you: because of what you told me earlier`) +
    (teamPaged
      ? `, I've let the crisis team know (reference ${reference}), as I always do when someone may not be safe.`
      : `, I've recorded this for the crisis team (reference ${reference}), but I can't reach the on-call team automatically right now.`) +
    (ending === 'stopped'
      ? phone === 'kept'
        ? ` Because your life may be at risk, they still have your phone number and may call you; I won't message you again.`
        : phone === 'unknown'
          ? ` I couldn't update the rest of their records just now, so you may still hear from them.`
          : ` I haven't given them any way to contact you.`
      : ` If you feel unsafe yourself, call our 24/7 crisis line on ${s.signposting.localCrisisLine.number}, or 999 in an emergency.`),
  stopNotConfirmed: () => `I'll stop. I couldn't update the crisis team's records just now, so you may still hear from them.`,
  phoneKeptAfterStop: () =>
    `I'll stop messaging you. Because your life may be at risk, the crisis team still has your phone number and may call you.`,
  unfinishedSafetyCheckNotTold: (ending: 'stopped' | 'interrupted', s: ServiceInfo) =>
    (ending === 'stopped' ? `I'll stop. ` : '') +
    `I couldn't pass what you told me about yourself to the crisis team just now: if you feel unsafe, please call our ` +
    `24/7 crisis line on ${s.signposting.localCrisisLine.number} or NHS 111 (option 2), and 999 in an emergency.`,

  thirdParty: (s: ServiceInfo) =>
    `It sounds like you're worried about someone else. If they are in immediate danger, call 999 now or take them to A&E. ` +
    `For urgent advice call NHS 111 and choose option 2, or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}. ` +
    `If it is safe, stay with them.`,
  thirdPartyAlerted: (reference: string) =>
    `I've also alerted our crisis team (reference ${reference}). They do not replace 999: if they are in danger, call 999 now.`,
  thirdPartyRecordedNotPaged: (reference: string) =>
    `I've recorded this for our crisis team (reference ${reference}), but I can't reach them automatically right now. ` +
    `If they are in danger, call 999 now.`,
  thirdPartyAlreadyAlerted: (reference: string) =>
    `Our crisis team has already been alerted about this conversation (reference ${reference}). If they are in danger, call 999 now.`,
  thirdPartyOffer: () => `Would you like someone from the crisis team to call you back about this?`,

  concernPreface: () => `I'm sorry things are hard. You don't have to go through this alone. Here are people you can talk to:`,
  concernNote: (s: ServiceInfo) =>
    `I'm sorry things are hard. You can talk to Samaritans any time on ${s.signposting.samaritans.number}, ` +
    `or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  openingNow: (description: string) => `Right now: ${description}.`,
  routesHeading: (open: boolean) => (open ? `Our team is open now.` : `Our office is closed now, but you can still get help:`),
  callbackOffer: () => `Would you like someone from the team to call you back?`,
  numbersStayHere: () => `OK. These numbers are there whenever you need them. Type "help" for the menu.`,

  callbackIntro: (day: string) =>
    `I can ask the team to call you back on the next working day (${day}). What UK phone number should they call? ` +
    `(Or reply "cancel".)`,
  urgentPhoneQuestion: () => `What UK phone number should the crisis team call? (Or reply "cancel".)`,
  phoneInvalid: () =>
    `Sorry, that doesn't look like a UK phone number. Please send it with the area code, like 0113 496 0123, or a mobile number starting 07, or reply "cancel".`,
  phoneGaveUp: (s: ServiceInfo) =>
    `I couldn't read a UK phone number, so I haven't booked a call. You can call ${s.signposting.serviceLine.number} ` +
    `in office hours or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  callbackCancelled: () => `OK, I won't arrange a call. Type "help" for the menu.`,
  preferredTimeQuestion: () => `When is best for the call?`,
  callbackConsent: (phone: string, when: string) =>
    `Can the team call you on ${phone}${when}? We keep your number only to arrange this call.`,
  callbackNoConsent: () => `OK, I won't pass your number on. Type "help" for the menu.`,
  callbackBooked: (reference: string, phone: string, day: string, when: string, s: ServiceInfo) =>
    `Thanks. Your call-back request is booked (reference ${reference}). The team will call ${phone} on ${day}${when}. ` +
    `This isn't an emergency service: if things get worse, call 999 or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  urgentCallBooked: (reference: string, phone: string, s: ServiceInfo) =>
    `Thanks. I've asked the crisis team to call you on ${phone} as soon as they can (reference ${reference}). ` +
    `If you feel less safe before then, call 999 or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}.`,
  callbackFailed: (s: ServiceInfo) =>
    `I'm sorry, I couldn't book the call just now, so please don't wait for one. Call ${s.signposting.serviceLine.number} ` +
    `(${s.signposting.serviceLine.note ?? 'office hours'}) or our 24/7 crisis line on ${s.signposting.localCrisisLine.number}. ` +
    `In an emergency call 999.`,

  didYouMean: () => `I'm not sure I understood. Did you mean:`,
  somethingElse: 'Something else',
  source: (url: string) => `Source: ${url}`,
  wasThisHelpful: () => `Was this helpful?`,
  gladItHelped: () => `Glad that helped. Ask me anything else, or type "help" for the menu.`,
  notHelpfulPreface: () => `Sorry that didn't help. You can talk to a person:`,

  menuPreface: () => `Here's what I can help with:`,
  notUnderstoodMenu: () => `Sorry, I'm an automated service and I didn't understand that. Here's what I can help with:`,
  startOver: () => `OK, let's start again.`,
  askYourQuestion: () => `Type your question in a few words, for example "when are you open?"`,

  deleted: (entries: number, s: ServiceInfo) =>
    `Done. I've deleted ${entries === 1 ? '1 saved message' : `${entries} saved messages`} and where we were in this chat, ` +
    `and I won't keep what you write from now on. The safety record stays, as the privacy notice explains (${s.privacyNoticeUrl}).`,
  deleteFailed: () => `I'm sorry, I couldn't delete your messages just now. Please try again in a few minutes.`,
  numbersStillThere: () => `The crisis numbers are still here for you:`,
};
