/** A dialog ends with this when the person's reply was not an answer but a new request to route. */
export interface Reroute {
  reroute: true;
}

export function isReroute(result: unknown): result is Reroute {
  return typeof result === 'object' && result !== null && (result as Partial<Reroute>).reroute === true;
}
