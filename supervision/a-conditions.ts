/**
 * The standard's A conditions judged from the register; all must be met for
 * A, and unknown is not met. "Product quality continuously stable and
 * qualified" is judged from the data, in quality-evidence.ts.
 */
import type { ConditionContext } from './c-conditions.js';
import type { ConditionResult } from './condition-result.js';
import { describeTax, latestStatus, latestTax, taxAtLeast, validCertificates } from './register-facts.js';
import { recordsOfKind, STATUS_ASPECTS, type CertificateType, type StatusAspect } from './records.js';

function a(id: string, text: string, status: ConditionResult['status'], evidence: string, records: readonly string[] = []): ConditionResult {
  return { id, class: 'A', text, status, evidence, records };
}

export function aTax(x: ConditionContext): ConditionResult {
  const text = `Tax paid in the latest year is at least ${x.options.aTaxAtLeastCny.toLocaleString('en-US')} CNY`;
  const tax = latestTax(recordsOfKind(x.records, 'tax'), x.asOf);
  if (!tax) return a('a.tax', text, 'unknown', 'no tax record');
  const enough = taxAtLeast(tax, x.options.aTaxAtLeastCny);
  if (enough === null) return a('a.tax', text, 'unknown', `${describeTax(tax)} does not say which side of the threshold (record ${tax.id})`, [tax.id]);
  return a('a.tax', text, enough ? 'met' : 'failed', `${describeTax(tax)} (record ${tax.id})`, [tax.id]);
}

/**
 * An aspect judged by the latest inspector's assessment; with none, a valid
 * certificate of the matching type (if any) stands for it.
 */
function byStatus(x: ConditionContext, id: string, text: string, aspect: StatusAspect, certificate: CertificateType | null): ConditionResult {
  const [good] = STATUS_ASPECTS[aspect];
  const s = latestStatus(recordsOfKind(x.records, 'status'), aspect, x.asOf);
  if (s && s.value !== 'unknown') return a(id, text, s.value === good ? 'met' : 'failed', `${aspect} ${s.value} per ${s.inspector} on ${s.date} (record ${s.id})`, [s.id]);
  if (certificate) {
    const certs = validCertificates(recordsOfKind(x.records, 'certificate'), [certificate], x.asOf);
    if (certs.length > 0) return a(id, text, 'met', `no assessment; ${certificate} certificate ${certs[0].number} valid until ${certs[0].validUntil} (record ${certs[0].id})`, [certs[0].id]);
  }
  return a(
    id,
    text,
    'unknown',
    s ? `${aspect} assessed unknown on ${s.date} (record ${s.id})` : `no ${aspect} assessment${certificate ? ` and no valid ${certificate} certificate` : ''} recorded`,
    s ? [s.id] : [],
  );
}

export const aQualityResponsibility = (x: ConditionContext) => byStatus(x, 'a.quality-responsibility', 'Strong discharge of quality responsibility', 'quality-responsibility', null);
export const aSafety = (x: ConditionContext) => byStatus(x, 'a.safety', 'A sound safety system', 'safety', 'safety');
export const aEnvironmental = (x: ConditionContext) => byStatus(x, 'a.environmental', 'Environmental approvals complete', 'environmental', 'environmental');

/** A quality management system: a valid certificate, and an inspector found it running. */
export function aQms(x: ConditionContext): ConditionResult {
  const text = 'A quality management system that is certified and runs';
  const certs = validCertificates(recordsOfKind(x.records, 'certificate'), ['qms'], x.asOf);
  const s = latestStatus(recordsOfKind(x.records, 'status'), 'qms', x.asOf);
  const certText = certs.length > 0 ? `QMS certificate ${certs[0].number} valid until ${certs[0].validUntil} (record ${certs[0].id})` : `no QMS certificate valid on ${x.asOf}`;
  const statusText = s ? `QMS ${s.value} per ${s.inspector} on ${s.date} (record ${s.id})` : 'no assessment of whether it runs';
  const ids = [...(certs.length ? [certs[0].id] : []), ...(s ? [s.id] : [])];
  const status = certs.length === 0 || s?.value === 'not-running' ? 'failed' : s?.value === 'running' ? 'met' : 'unknown';
  return a('a.qms', text, status, `${certText}; ${statusText}`, ids);
}

export function aLicence(x: ConditionContext): ConditionResult {
  const text = 'A valid production licence or CCC certificate';
  const certs = validCertificates(recordsOfKind(x.records, 'certificate'), ['production-licence', 'ccc'], x.asOf);
  if (certs.length === 0) {
    const any = recordsOfKind(x.records, 'certificate').filter((r) => r.type === 'production-licence' || r.type === 'ccc');
    return a(
      'a.licence',
      text,
      'failed',
      any.length ? `none valid on ${x.asOf}: ${any.map((r) => `${r.type} ${r.number} ${r.validFrom}..${r.validUntil}`).join(', ')}` : 'no production licence or CCC recorded',
      any.map((r) => r.id),
    );
  }
  return a(
    'a.licence',
    text,
    'met',
    certs.map((r) => `${r.type} ${r.number} valid until ${r.validUntil} (record ${r.id})`).join('; '),
    certs.map((r) => r.id),
  );
}

/**
 * Calibration valid: every registered gauge covered on `asOf`, and every
 * series that produced data in the horizon measured by a registered gauge.
 */
export function aCalibration(x: ConditionContext, horizonStart: string): ConditionResult {
  const text = 'Calibration certificates of production and inspection equipment valid';
  const registered = x.coverage.series();
  if (registered.length === 0) return a('a.calibration', text, 'unknown', 'no calibration certificate registered');
  const lapsed = registered.filter((s) => !x.coverage.validOn(s.line, s.characteristic, x.asOf));
  if (lapsed.length > 0) {
    const latest = lapsed.map((s) => s.records[s.records.length - 1]);
    return a(
      'a.calibration',
      text,
      'failed',
      latest.map((r) => `gauge ${r.instrument} (${r.line} ${r.characteristic}) certificate ${r.certificateNumber} valid until ${r.validUntil} (record ${r.id})`).join('; '),
      latest.map((r) => r.id),
    );
  }
  const unregistered = new Set<string>();
  for (const d of x.seriesDays) if (d.day >= horizonStart && d.day <= x.asOf && d.n > 0 && !x.coverage.registered(d.line, d.characteristic)) unregistered.add(`${d.line} ${d.characteristic}`);
  if (unregistered.size > 0) return a('a.calibration', text, 'unknown', `no gauge registered for ${[...unregistered].sort().join(', ')}, which produced data`);
  const ids = registered.map((s) => x.coverage.validOn(s.line, s.characteristic, x.asOf)!.id);
  return a('a.calibration', text, 'met', `all ${registered.length} registered gauge series calibrated on ${x.asOf}`, ids);
}
