import type { OpeningHours } from '../../dialogs/knowledge/opening-hours';
import type { OpeningHoursService, OpeningStatus } from '../../dialogs/ports/opening-hours-service';

export class OpeningHoursAdapter implements OpeningHoursService {
  constructor(private readonly hours: OpeningHours) {}

  status(now: Date): OpeningStatus {
    const state = this.hours.isOpen(now);
    const description = state.open || !state.nextOpeningText ? state.reason : `${state.reason}; we open again ${state.nextOpeningText}`;
    return { open: state.open, description, ...(state.nextOpening ? { nextOpening: state.nextOpening } : {}) };
  }
}
