import type { SignpostingConfig } from '../../../config/service-schema';

export interface CrisisLink {
  label: string;
  /** As people read it: "116 123". */
  display: string;
  href: string;
  action: string;
  note?: string;
}

const digits = (number: string) => number.replace(/[^\d+]/g, '');

/** The signposting numbers as tappable links, most urgent first. Shout is a text service, so it gets sms:. */
export function crisisLinks(s: SignpostingConfig): CrisisLink[] {
  const call = (entry: SignpostingConfig[keyof SignpostingConfig]): CrisisLink => ({
    label: entry.label,
    display: entry.number,
    href: `tel:${digits(entry.number)}`,
    action: 'Call',
    ...(entry.note ? { note: entry.note } : {}),
  });
  return [
    call(s.emergency),
    call(s.nhs111),
    call(s.localCrisisLine),
    call(s.samaritans),
    {
      label: s.shout.label,
      display: s.shout.number,
      href: `sms:${digits(s.shout.number)}?&body=SHOUT`,
      action: 'Text SHOUT to',
      ...(s.shout.note ? { note: s.shout.note } : {}),
    },
    call(s.childline),
    call(s.serviceLine),
  ];
}
