/**
 * The MergedFreeBusy stream (DEV mergedfreebusy.md; server-flows §3.3): the window cut
 * into intervals of MergedFreeBusyIntervalInMinutes, one digit each — the strongest
 * status of any event overlapping the interval (a partial overlap counts for the whole
 * interval, as [MS-ASCMD] 2.2.3.107 says for the same stream). A last, shorter interval
 * still gets its digit.
 */
export const busyTypes = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'] as const;
export type BusyType = (typeof busyTypes)[number];

/** LegacyFreeBusyType's digit: 0 Free, 1 Tentative, 2 Busy, 3 OOF, 4 WorkingElsewhere, 5 NoData. */
export function digitOf(busyType: BusyType): number {
  return busyTypes.indexOf(busyType);
}

/** Which status wins when two overlap: OOF over Busy over WorkingElsewhere over Tentative over Free. */
const strength: Readonly<Record<BusyType, number>> = { Free: 0, NoData: 0, Tentative: 1, WorkingElsewhere: 2, Busy: 3, OOF: 4 };

export interface BusySpan {
  readonly start: Date;
  readonly end: Date;
  readonly busyType: BusyType;
}

export function mergedFreeBusy(spans: readonly BusySpan[], start: Date, end: Date, intervalMinutes: number): string {
  const intervalMs = intervalMinutes * 60_000;
  const digits: string[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += intervalMs) {
    const to = Math.min(from + intervalMs, end.getTime());
    let status: BusyType = 'Free';
    for (const span of spans) {
      if (span.start.getTime() < to && span.end.getTime() > from && strength[span.busyType] > strength[status]) status = span.busyType;
    }
    digits.push(String(digitOf(status)));
  }
  return digits.join('');
}
