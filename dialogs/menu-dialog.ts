import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import { CALLBACK_DIALOG, type CallbackOptions } from './callback-dialog';
import { honourStop } from './honour-stop';
import { readTriageState } from './triage-state';
import type { DialogDependencies } from './dialog-dependencies';
import { matchChoice, type ReplyChoice } from './replies/choices';
import { ask, say, TEXT_PROMPT } from './replies/send';
import type { Reroute } from './reroute';
import { SIGNPOSTING_DIALOG, type SignpostingOptions } from './signposting-dialog';
import { wording } from './wording';

export const MENU_DIALOG = 'menu';

export interface MenuOptions {
  preface?: string;
}

/** The menu's answer when the person chose "I'm not feeling safe": the main dialog starts the safety check. */
export interface NotSafeChoice {
  notSafe: true;
}

export function isNotSafeChoice(result: unknown): result is NotSafeChoice {
  return typeof result === 'object' && result !== null && (result as Partial<NotSafeChoice>).notSafe === true;
}

/**
 * "I'm not feeling safe" comes first: a way to ask for help that does not depend on the risk screen recognising how
 * the person put it. (Typed or tapped as words, the screen reads it as urgent anyway; a number on SMS comes here.)
 */
const MENU_CHOICES: ReplyChoice[] = [
  { value: 'not-safe', label: "I'm not feeling safe", synonyms: ['not safe', 'unsafe', 'i am not safe', 'im not safe'] },
  { value: 'ask', label: 'Ask a question', synonyms: ['question', 'ask'] },
  { value: 'numbers', label: 'Numbers to call now', synonyms: ['numbers', 'phone numbers', 'who can i call'] },
  { value: 'callback', label: 'Ask for a call back', synonyms: ['call back', 'callback'] },
  { value: 'delete', label: 'Delete my data' },
];

/** The help menu: shown for "help", and instead of a guess when nothing was recognised. */
export class MenuDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(MENU_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(`${MENU_DIALOG}-steps`, [this.showStep.bind(this), this.chooseStep.bind(this)]));
    this.initialDialogId = `${MENU_DIALOG}-steps`;
  }

  private async showStep(step: WaterfallStepContext<MenuOptions>): Promise<DialogTurnResult> {
    return ask(step, step.options?.preface ?? wording.menuPreface(), MENU_CHOICES);
  }

  private async chooseStep(step: WaterfallStepContext<MenuOptions>): Promise<DialogTurnResult> {
    const choice = matchChoice(step.result as string | undefined, MENU_CHOICES);
    switch (choice?.value) {
      case 'not-safe':
        return step.endDialog({ notSafe: true } satisfies NotSafeChoice);
      case 'ask':
        await say(step.context, wording.askYourQuestion());
        return step.endDialog();
      case 'numbers':
        return step.replaceDialog(SIGNPOSTING_DIALOG, {} satisfies SignpostingOptions);
      case 'callback':
        return step.replaceDialog(CALLBACK_DIALOG, { level: 'callback', summary: 'Call back requested from the menu' } satisfies CallbackOptions);
      case 'delete':
        // The same as typing "stop": open escalations and any safety check are dealt with too.
        await honourStop(step.context, this.deps, await readTriageState(this.deps.triageState, step.context));
        return step.endDialog();
      default:
        return step.endDialog({ reroute: true } satisfies Reroute);
    }
  }
}
