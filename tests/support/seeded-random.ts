/** A small deterministic PRNG (a linear congruential generator): `next(n)` is an integer in [0, n), replayable from the seed. */
export function prng(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // The high bits: an LCG's low bits repeat with short periods (state % 2 alternates), which hid bugs.
    return Math.floor((state / 2 ** 32) * n);
  };
}
