/** The one source of "now". Injected everywhere so drills and tests can rehearse any night. */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Starts at a chosen instant and then runs at real speed, so a drill pinned to
 * Christmas night still sees acknowledgement timeouts expire.
 */
export class ShiftedClock implements Clock {
  private readonly offsetMs: number;

  constructor(start: Date, realNow: () => number = Date.now) {
    this.offsetMs = start.getTime() - realNow();
    this.realNow = realNow;
  }

  private readonly realNow: () => number;

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }
}

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
