/**
 * The characters some pattern literal uses, numbered 1..size-1; every other character is class 0. Lets the
 * literal automata use small dense transition tables instead of a map lookup per character.
 */
export class Alphabet {
  /** UTF-16 code unit → class (0 = no literal uses it). */
  readonly classOf: Uint16Array;
  readonly size: number;

  constructor(literals: Iterable<string>) {
    this.classOf = new Uint16Array(65536);
    let size = 1;
    for (const literal of literals) {
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i);
        if (this.classOf[code] === 0) this.classOf[code] = size++;
      }
    }
    this.size = size;
  }
}
