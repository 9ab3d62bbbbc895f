import type { RiskScreen } from '../../escalation/risk/risk-screen';
import type { ConversationRiskMemory } from '../../escalation/risk/conversation-risk-memory';
import type { ConversationRiskScreen, TurnScreening } from '../turn/conversation-risk-screen';

/** The turn handler's view of the rules-based screen: this message, folded into the conversation. */
export class RiskScreenAdapter implements ConversationRiskScreen {
  constructor(private readonly screen: RiskScreen) {}

  screenTurn(text: string, memory: unknown): TurnScreening {
    const message = this.screen.screen(text);
    const previous = isMemory(memory) ? memory : undefined;
    const folded = this.screen.accumulate(previous, message);
    return { message, conversation: folded.result, previousLevel: previous?.highestLevel ?? 'none', memory: folded.memory };
  }
}

/** Memory from an older rule set or a corrupted state is dropped rather than trusted blindly. */
function isMemory(value: unknown): value is ConversationRiskMemory {
  return typeof value === 'object' && value !== null && typeof (value as ConversationRiskMemory).highestLevel === 'string';
}
