/** A clock that moves only when a test says so (style.md §9: frozen time for expiry). */
export class FrozenClock {
  #now: Date;

  constructor(start = new Date(Math.floor(Date.now() / 1000) * 1000)) {
    this.#now = start;
  }

  readonly now = (): Date => new Date(this.#now);

  advance(seconds: number): void {
    this.#now = new Date(this.#now.getTime() + seconds * 1000);
  }
}
