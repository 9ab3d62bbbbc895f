import type { SignpostingConfig } from '../../config/service-schema';
import { crisisNumbersText } from '../../dialogs/knowledge/crisis-numbers';
import { signpostingRoutes } from '../../dialogs/knowledge/signposting';
import type { SignpostRoute, SignpostingService, SignpostingSituation } from '../../dialogs/ports/signposting-service';

export class SignpostingAdapter implements SignpostingService {
  constructor(private readonly signposting: SignpostingConfig) {}

  routes(situation: SignpostingSituation): SignpostRoute[] {
    return signpostingRoutes(this.signposting, { serviceOpen: situation.open, under19: situation.under19 ?? false }).map((r) => ({
      label: r.label,
      number: r.number,
      ...(r.note ? { note: r.note } : {}),
    }));
  }

  crisisText(): string {
    return crisisNumbersText(this.signposting);
  }
}
