import type { SignpostingConfig } from '../../config/service-schema';

export type RouteId = 'emergency' | 'serviceLine' | 'nhs111' | 'localCrisisLine' | 'samaritans' | 'shout' | 'gpOutOfHours' | 'childline';

/** One way to get help, as data: dialogs render it as text or as a button. */
export interface SignpostRoute {
  id: RouteId;
  label: string;
  /** As people dial it, e.g. "116 123". */
  number: string;
  note?: string;
  /** e.g. "tel:+441632960100", "tel:999". */
  telLink: string;
  /** Text services (Shout) also get an sms: link with the keyword pre-filled. */
  smsLink?: string;
}

export interface SignpostingContext {
  /** From OpeningHours.isOpen(now).open. */
  serviceOpen: boolean;
  /** Under-19s are also offered Childline. */
  under19: boolean;
}

/** "01632 960 100" → "tel:+441632960100"; short codes such as 999, 111 and 116 123 stay national. */
export function telLink(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return `tel:${digits}`;
  if (digits.startsWith('0') && digits.length >= 10) return `tel:+44${digits.slice(1)}`;
  return `tel:${digits}`;
}

function route(id: RouteId, s: { label: string; number: string; note?: string }): SignpostRoute {
  return { id, label: s.label, number: s.number, ...(s.note ? { note: s.note } : {}), telLink: telLink(s.number) };
}

/**
 * The ordered routes to offer. Pure.
 * - always first: 999 for emergencies;
 * - in hours: the service's own line, then the 24/7 crisis line (in case the office line is busy);
 * - out of hours: NHS 111 option 2, the local 24/7 crisis line, Samaritans, Shout, and the
 *   after-hours GP route through 111;
 * - under-19s: Childline last.
 */
export function signpostingRoutes(signposting: SignpostingConfig, context: SignpostingContext): SignpostRoute[] {
  const routes: SignpostRoute[] = [route('emergency', signposting.emergency)];
  if (context.serviceOpen) {
    routes.push(route('serviceLine', signposting.serviceLine), route('localCrisisLine', signposting.localCrisisLine));
  } else {
    const shoutKeyword = 'SHOUT';
    routes.push(
      route('nhs111', signposting.nhs111),
      route('localCrisisLine', signposting.localCrisisLine),
      route('samaritans', signposting.samaritans),
      { ...route('shout', signposting.shout), smsLink: `sms:${signposting.shout.number.replace(/\s/g, '')}?body=${shoutKeyword}` },
      {
        id: 'gpOutOfHours',
        label: 'Out-of-hours GP',
        number: signposting.nhs111.number,
        note: `call ${signposting.nhs111.number} for an urgent GP appointment when your surgery is closed`,
        telLink: telLink(signposting.nhs111.number),
      },
    );
  }
  if (context.under19) routes.push(route('childline', signposting.childline));
  return routes;
}

/** Plain-text rendering for SMS: one route per line, e.g. "Samaritans: 116 123 (free, 24 hours)". */
export function routesAsText(routes: readonly SignpostRoute[]): string {
  return routes.map((r) => `${r.label}: ${r.number}${r.note ? ` (${r.note})` : ''}`).join('\n');
}
