/** What the routine API answers (dashboard/api/trace-routine.ts), as the page reads it. */
export type RoutinePeriod = 'daily' | 'weekly' | 'monthly';

export interface RoutineDraftView {
  readonly period: RoutinePeriod;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly episodes: {
    readonly count: number;
    readonly withoutCause: number;
    readonly list: readonly { id: string; line: string; characteristic: string; severity: string; from: string; to: string | null; cause: string | null; comments: readonly string[] }[];
  };
  readonly reels: {
    readonly total: number;
    readonly nonconforming: number;
    readonly nonconformingReels: readonly { reel: string; line: string; product: string | null; outOfSpec: readonly { characteristic: string; readings: number }[] }[];
  };
  readonly gateways: { readonly minutesDown: number; readonly list: readonly { gateway: string; minutesDown: number }[] };
  readonly calibration: { readonly dueDays: number; readonly gauges: readonly { instrument: string; line: string; characteristic: string; validUntil: string; status: 'lapsed' | 'due' }[] };
}

export interface RoutineReport {
  readonly id: string;
  readonly enterprise: string;
  readonly period: RoutinePeriod;
  readonly periodStart: string;
  readonly draft: RoutineDraftView;
  readonly remarks: string;
  readonly signedBy: string | null;
  readonly signedAs: string | null;
  readonly signedAt: string | null;
}

export interface ComplianceCounts {
  readonly due: number;
  readonly signed: number;
  readonly unsigned: number;
  readonly missing: number;
}

export interface ComplianceAnswer {
  readonly month: string;
  readonly today: string;
  readonly enterprises: readonly {
    enterprise: string;
    name: string;
    daily: ComplianceCounts;
    weekly: ComplianceCounts;
    monthly: ComplianceCounts;
    monthlyReview: 'signed' | 'unsigned' | 'missing' | 'not-due';
  }[];
}
