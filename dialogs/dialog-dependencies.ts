import type { StatePropertyAccessor } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import type { ConversationFlags } from '../bot/turn/conversation-flags';
import type { EscalationRequester } from './ports/escalation-requester';
import type { InformationSource } from './ports/information-source';
import type { OpeningHoursService } from './ports/opening-hours-service';
import type { PersonalDataEraser } from './ports/personal-data-eraser';
import type { SafetyCheckWatch } from './ports/safety-check-watch';
import type { SignpostingService } from './ports/signposting-service';
import type { ServiceInfo } from './service-info';
import type { TriageState } from './triage-state';

/** How long we tell people to wait before calling 999/111 themselves. Set by the service, not guessed by code. */
export interface ContactTimes {
  /** "If nobody has contacted you within N minutes, call 999." */
  emergencyMinutes: number;
}

/** Everything the dialogs use; passed to each dialog's constructor. */
export interface DialogDependencies {
  information: InformationSource;
  openingHours: OpeningHoursService;
  signposting: SignpostingService;
  escalations: EscalationRequester;
  eraser: PersonalDataEraser;
  /** Files the escalation of a safety check whose person goes quiet. */
  safetyCheckWatch: SafetyCheckWatch;
  clock: Clock;
  service: ServiceInfo;
  logger: Logger;
  flags: ConversationFlags;
  triageState: StatePropertyAccessor<TriageState>;
  contactTimes: ContactTimes;
}
