/**
 * The botbuilder-dialogs classes these dialogs use, taken from the package's own files. The package index also loads
 * the language recognizers of prompts this bot never uses (number, date-time, choice: about 13 MB of heap and part
 * of start-up). botbuilder-dialogs 4.x has no exports map, so these paths work; tests/dialogs/dialogs-sdk.test.ts pins
 * that they are the very classes the index exports, and fails loudly on an upgrade that moves them.
 * Types come from the index: type imports are erased and load nothing.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { DialogContext, DialogState, DialogTurnResult, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
