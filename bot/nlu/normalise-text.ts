/**
 * Domain lexicon applied before NLP.js sees a message, at training and at recognition time.
 * With only ~8-12 example questions per topic the classifier cannot learn that "meds", "tablets"
 * and "medication" mean the same, or that "a and e" is a place; this folds text-speak, common
 * typos and synonyms onto one canonical word so a question phrased differently still matches.
 * Order matters: phrases before single words.
 */
const LEXICON: ReadonlyArray<readonly [RegExp, string]> = [
  // text-speak and contractions (apostrophes are already stripped)
  [/\br u\b/g, 'are you'],
  [/\bur\b/g, 'your'],
  [/\bu\b/g, 'you'],
  [/\b(pls|plz)\b/g, 'please'],
  [/\bim\b/g, 'i am'],
  [/\bive\b/g, 'i have'],
  [/\b(cant|cannot)\b/g, 'can not'],
  [/\bwont\b/g, 'will not'],
  [/\b(dont|didnt|doesnt|havent|isnt|wasnt)\b/g, 'not'],
  [/\bwhats\b/g, 'what is'],
  [/\bwheres\b/g, 'where is'],
  // places and services
  [/\b(a ?(and|&|\+|n) ?e|accident and emergency|casualty|emergency department|ae)\b/g, 'accidentemergency'],
  [/\bself[ -]?refer\w*|\brefer\w* (myself|me myself|me directly)\b/g, 'selfrefer'],
  [/\brefer+(al|al+s|ed|ing|s)?\b/g, 'refer'],
  [/\b(doctor|doc|dr)\b/g, 'gp'],
  [/\b(counsel+ing|counsel+or|therapist|therapy|cbt|iapt|talking therapies)\b/g, 'therapy'],
  [/\b(camhs|kids|child|children|teenager|teen|under 18|under 19)\b/g, 'youngperson'],
  [/\b(sectioned|section \d|section|detained|detention)\b/g, 'mhasection'],
  [/\b(advocate|advocacy|imha)\b/g, 'advocate'],
  [/\b(pals|complain\w*)\b/g, 'complaint'],
  [/\b(interpreter\w*|translat\w*|bsl|sign language)\b/g, 'interpreter'],
  [/\b(appt|appts|appointments?)\b/g, 'appointment'],
  [/\b(meds|medicines?|medications?|tablets?|pills?|antidepressants?|sertraline)\b/g, 'medication'],
  [/\bprescriptions?\b/g, 'prescription'],
  [/\b(side effects?|rash|dizzy|shaky|sick|weight gain)\b/g, 'sideeffect'],
  [/\b(forgot|forget|forgotten|missed|skipped|miss)\b/g, 'missed'],
  [/\b(care for|look after|looking after|caring for|carers?)\b/g, 'carer'],
  [/\b(grief|grieving|bereave\w*|died|passed away|death|lost someone)\b/g, 'bereavement'],
  [/\b(sleep\w*|slept|insomnia|awake|waking up|bedtime)\b/g, 'sleep'],
  [/\b(anxious|anxiety|panic\w*|worry\w*|worried|stress\w*)\b/g, 'anxiety'],
  [/\b(debts?|bills?|benefits?|universal credit|money)\b/g, 'money'],
  [/\b(homeless\w*|housing|rent|evict\w*)\b/g, 'housing'],
  [/\b(robot|bot|automated|computer|human|real person)\b/g, 'bot'],
  [/\b(parking|park|car park)\b/g, 'parking'],
  [/\b(visiting|visit|visitors?)\b/g, 'visit'],
  [/\b(wait|waiting|waited)\b/g, 'wait'],
  [/\b(helpline|crisis line|ring|phone|call)\b/g, 'phone'],
  [/\b(opening hours|open|close|closed|hours)\b/g, 'open'],
  [/\b(confidential|privacy|data|info|recorded)\b/g, 'privacy'],
  [/\b(thank you|thanks|thank|compliment|brilliant|amazing)\b/g, 'compliment'],
];

export function normaliseForNlu(text: string): string {
  let t = text
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9&+\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, replacement] of LEXICON) t = t.replace(pattern, replacement);
  return t;
}
