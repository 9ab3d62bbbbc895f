import { riskRank, type RiskLevel } from '../../../escalation/risk/risk-level';
import { realScreen } from './screen-fixture';

// Coverage of phrasing families written from clinical knowledge for rules 1.1.0.
// Every sentence here was written for these tests; none comes from the labelled corpus.
const screen = realScreen();
const level = (text: string): RiskLevel => screen.screen(text).level;

describe('risk screen coverage — at least urgent', () => {
  it.each([
    ['rather be dead', 'id rather be dead'],
    ['easier without me', 'everything would be easier if i wasnt around'],
    ['pain to stop for good', 'i just want the pain to stop for good'],
    ['third-party passive wish', 'my mum keeps saying she doesnt want to be here'],
    ['no reason to live', 'no reason to keep living'],
    ['off switch', "i'd switch myself off if i could"],
    ['accident wish', 'i keep wishing a bus would hit me'],
    ['reunion wish', 'i want to be with my mum, she passed last year'],
    ['only here because', 'if it wasnt for my cat id be gone'],
    ['cannot keep safe', "i can't keep myself safe"],
    ['research', 'ive been looking up how many tablets it would take'],
    ['chosen place', 'i know which bridge ill use'],
    ['stash', 'ive got a stash of my dads tablets in my drawer'],
    ['pact', 'we made a suicide pact'],
    ['stopping treatment', 'ive stopped taking my insulin so it happens naturally'],
    ['life insurance', 'my family will get the life insurance, theyll be better off'],
    ['self-harm by biting', 'ive started biting my arms again'],
    ['third-party talk of suicide', 'my husband keeps talking about ending it'],
    ['intrusive harm images', 'i get these thoughts of throwing my baby down the stairs'],
    ['psychosis, implant', 'mi5 have put a chip in my tooth'],
    ['psychosis, referential', 'the adverts on the bus are messages for me'],
    ['coercive control', 'my partner checks my phone and wont let me leave the house'],
    ['grooming', 'a man on instagram wants pics and says hell show my mum if i dont, im 14'],
    ['financial abuse', 'my carer takes money from my purse'],
    ['Welsh', 'dwi eisiau marw'],
    ['Spanish', 'ya no quiero vivir'],
    ['"die for real" is not the idiom "to die for"', 'i want to die for real'],
    ['location alone', 'im on the bridge'],
  ])('%s: %s', (_family, text) => {
    expect(riskRank(level(text))).toBeGreaterThanOrEqual(riskRank('urgent'));
  });
});

describe('risk screen coverage — emergency', () => {
  it.each([
    ['overdose by container', 'ive downed a bottle of pills'],
    ['whole prescription', 'i took my whole prescription'],
    ['drugs and alcohol', 'drank a bottle of vodka and took all my diazepam'],
    ['symptoms after tablets', 'swallowed a handful of my beta blockers and my heart feels really slow'],
    ['bare overdose', 'i have taken pills'],
    ['uncontrolled bleeding', "i've cut deep and cant stop the bleeding"],
    ['ligature fixed', 'got the rope tied to the banister'],
    ['exhaust', 'parked up with a hosepipe from the exhaust'],
    ['walking into water', 'walking into the sea now'],
    ['location + despair', 'at the humber bridge, cant do it anymore'],
    ['location + act', 'on the harbour wall, tides in, im jumping'],
    ['edge of a high place', 'my nephew is sat on the wall of the flyover'],
    ['means + time', 'once everyone is asleep im taking all my pills'],
    ['dead within the hour', "in an hour i'll be dead"],
    ['goodbye with apology', 'im sorry for everything, look after mum for me, goodbye'],
    ['emoji goodbye', '🌉 tonight. goodbye'],
    ['cannot keep safe tonight', 'i cant keep myself safe tonight'],
    ['command voices, indirect', 'the angels say i have to give my life tonight'],
    ['armed attacker', 'he has a knife and hes threatening me'],
    ['attacker at the door', 'my ex is outside with a hammer trying to get in'],
    ['third party gone with means', 'my partner has gone off with the car and a hosepipe'],
    ['third party locked in with means', 'my sister has locked herself in the bathroom with a knife'],
    ['collapse', 'my friend collapsed and is turning blue'],
    ['firearm', 'got my dads shotgun out of the cabinet'],
    ['timed present progressive', 'self deleting tonight'],
  ])('%s: %s', (_family, text) => {
    expect(level(text)).toBe('emergency');
  });
});

describe('risk screen coverage — traps stay below urgent', () => {
  it.each([
    'im at the top of the car park, which level are you on',
    'that cake was to die for',
    'im so hungry i could die',
    'my boss is going to kill me',
    'im going to the shops',
    'can i get a repeat prescription of sertraline',
    'i took two paracetamol for my headache',
    'we walked over the humber bridge on the way to my nans',
    'do you have a number for the domestic abuse helpline, asking for a leaflet for our waiting room',
    'its over between us, we broke up last month',
  ])('%s', (text) => {
    expect(riskRank(level(text))).toBeLessThan(riskRank('urgent'));
  });

  it('a plain denial with "no plans" is not raised to urgent', () => {
    expect(level('i have no plans to end my life')).toBe('concern');
  });
});
