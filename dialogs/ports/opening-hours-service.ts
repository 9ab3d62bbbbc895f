/** What the dialogs need to know about the service's opening hours. */
export interface OpeningStatus {
  open: boolean;
  /** Plain words, e.g. "open until 5pm" or "closed for the bank holiday". */
  description: string;
  /** The next time the service opens (absent if it is open now and not closing today). */
  nextOpening?: Date;
}

export interface OpeningHoursService {
  status(now: Date): OpeningStatus;
}
