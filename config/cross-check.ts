/**
 * Checks that need more than one entry at a time, run once the file has the
 * right shape: unique ids, references that resolve, limits in order, hashes
 * that parse. Returns every problem with its path; an empty list means the
 * configuration hangs together.
 */
import { idProblem } from '../protocol/ids.js';
import { pathOf } from '../protocol/schema-problems.js';
import { parsePasswordHash } from '../security/password.js';
import type { ConfigProblem } from './config-error.js';
import type { ConfigFile, SpecLimits } from './schema.js';

type Path = (string | number)[];

export function crossCheck(file: ConfigFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (path: Path, message: string) => problems.push({ path: pathOf(path), message });

  const enterprises = uniqueIds(file.enterprises, ['enterprises'], report);
  const products = uniqueIds(file.products, ['products'], report);
  uniqueIds(file.gateways, ['gateways'], report);
  uniqueIds(file.services, ['services'], report);
  uniqueIds(file.users, ['users'], report);
  mqttUserNames(file, report);
  if (file.store?.kind === 'influxdb') {
    if (file.store.database === undefined && file.store.bucket === undefined) report(['store'], 'an InfluxDB store needs a database (1.x, 3.x) or a bucket (2.x)');
    if ((file.store.username === undefined) !== (file.store.password === undefined)) report(['store'], 'username and password go together');
  }
  if (file.register?.kind === 'postgres') {
    if (file.register.url === undefined && file.register.host === undefined) report(['register'], 'a PostgreSQL register needs url or host');
    if (file.register.url !== undefined && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(file.register.url)) {
      report(['register', 'url'], 'must not hold a password: set LINEWATCH_REGISTER_PASSWORD in the environment');
    }
  }

  file.enterprises.forEach((e, i) => {
    // The schema checks the id syntax; the reserved names are a protocol rule.
    const reserved = idProblem('enterprise', e.id);
    if (reserved) report(['enterprises', i, 'id'], reserved);
    if (!isRealDate(e.lastInspection)) report(['enterprises', i, 'lastInspection'], `${e.lastInspection} is not a calendar date`);
    uniqueIds(e.lines, ['enterprises', i, 'lines'], report);
    e.lines.forEach((line, j) => {
      if (!products.has(line.product)) report(['enterprises', i, 'lines', j, 'product'], `no product ${JSON.stringify(line.product)}${known(products)}`);
    });
  });

  file.products.forEach((p, i) => {
    for (const [name, limits] of Object.entries(p.characteristics)) {
      if (limits) for (const m of specProblems(limits)) report(['products', i, 'characteristics', name], m);
    }
  });

  file.gateways.forEach((g, i) => {
    const enterprise = enterprises.get(g.enterprise);
    if (!enterprise) {
      report(['gateways', i, 'enterprise'], `no enterprise ${JSON.stringify(g.enterprise)}${known(enterprises)}`);
    } else {
      g.lines?.forEach((line, j) => {
        if (!enterprise.lines.some((l) => l.id === line)) report(['gateways', i, 'lines', j], `enterprise ${JSON.stringify(g.enterprise)} has no line ${JSON.stringify(line)}`);
      });
    }
  });

  sparkplugGroups(file, report);

  file.users.forEach((u, i) => {
    if (u.role === 'enterprise' && u.enterprise === undefined) report(['users', i, 'enterprise'], 'is required for an enterprise user (it names the only enterprise the user may see)');
    if (u.role === 'regulator' && u.enterprise !== undefined) report(['users', i, 'enterprise'], 'must be absent for a regulator, who sees every enterprise');
    if (u.enterprise !== undefined && !enterprises.has(u.enterprise)) report(['users', i, 'enterprise'], `no enterprise ${JSON.stringify(u.enterprise)}${known(enterprises)}`);
  });

  for (const section of ['gateways', 'services', 'users'] as const) {
    file[section].forEach((entry, i) => {
      const parsed = parsePasswordHash(entry.passwordHash);
      if (!parsed.ok) report([section, i, 'passwordHash'], parsed.reason);
    });
  }
  const inspectors = file.supervision?.inspectors ?? [];
  uniqueIds(inspectors, ['supervision', 'inspectors'], report);
  inspectors.forEach((inspector, i) => {
    (inspector.conflicts ?? []).forEach((e, j) => {
      if (!enterprises.has(e)) report(['supervision', 'inspectors', i, 'conflicts', j], `no enterprise ${JSON.stringify(e)}${known(enterprises)}`);
    });
  });
  const review = file.supervision?.reviewDate;
  // A day every year has (not 02-29), so the review falls on the same day each year.
  if (review !== undefined && !isRealDate(`2001-${review}`)) report(['supervision', 'reviewDate'], `${review} is not a day of every year`);
  const targets = file.supervision?.targets;
  if (targets?.noCFrom !== undefined && !isRealDate(targets.noCFrom)) report(['supervision', 'targets', 'noCFrom'], `${targets.noCFrom} is not a calendar date`);
  return problems;
}

/** Map of id to entry; reports each repeated id at its second (and later) place. */
function uniqueIds<T extends { id: string }>(entries: readonly T[], path: Path, report: (p: Path, m: string) => void): Map<string, T> {
  const byId = new Map<string, T>();
  const firstAt = new Map<string, number>();
  entries.forEach((entry, i) => {
    const first = firstAt.get(entry.id);
    if (first !== undefined) report([...path, i, 'id'], `duplicate id ${JSON.stringify(entry.id)} (also ${pathOf([...path, first])})`);
    else {
      firstAt.set(entry.id, i);
      byId.set(entry.id, entry);
    }
  });
  return byId;
}

/** Gateways and services log in to the broker with their id as user name, so the two lists share one name space. */
function mqttUserNames(file: ConfigFile, report: (p: Path, m: string) => void): void {
  const gatewayAt = new Map<string, number>();
  file.gateways.forEach((g, i) => {
    if (!gatewayAt.has(g.id)) gatewayAt.set(g.id, i);
  });
  file.services.forEach((s, i) => {
    const clash = gatewayAt.get(s.id);
    if (clash !== undefined) report(['services', i, 'id'], `${JSON.stringify(s.id)} is also the id of ${pathOf(['gateways', clash])}; MQTT user names must be unique`);
  });
}

function specProblems(limits: SpecLimits): string[] {
  const { lsl, usl, nominal } = limits;
  const out: string[] = [];
  if (lsl === undefined && usl === undefined) out.push('needs lsl, usl or both (a nominal value alone is no limit)');
  if (lsl !== undefined && usl !== undefined && !(lsl < usl)) out.push(`lsl (${lsl}) must be below usl (${usl})`);
  if (nominal !== undefined && ((lsl !== undefined && nominal < lsl) || (usl !== undefined && nominal > usl))) {
    out.push(`nominal (${nominal}) lies outside the limits [${lsl ?? '-inf'}, ${usl ?? '+inf'}]`);
  }
  return out;
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function known(ids: Map<string, unknown>): string {
  const names = [...ids.keys()];
  if (names.length === 0) return '';
  return ` (known: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''})`;
}

/**
 * Sparkplug groups (`gateways[].sparkplug`): 'STATE' is Sparkplug's own
 * topic level, and every account naming a group belongs to one enterprise,
 * so a plant's edge can feed only its own enterprise's host (broker/sparkplug-acl.ts).
 */
function sparkplugGroups(file: ConfigFile, report: (path: Path, message: string) => void): void {
  const ownerOf = new Map<string, { enterprise: string; at: number }>();
  file.gateways.forEach((g, i) => {
    const seen = new Set<string>();
    g.sparkplug?.groups.forEach((group, j) => {
      const at = ['gateways', i, 'sparkplug', 'groups', j];
      if (group === 'STATE') report(at, "'STATE' is the Sparkplug host state topic, not a group");
      if (seen.has(group)) report(at, `group ${JSON.stringify(group)} is named twice`);
      seen.add(group);
      const owner = ownerOf.get(group);
      if (owner === undefined) ownerOf.set(group, { enterprise: g.enterprise, at: i });
      else if (owner.enterprise !== g.enterprise) {
        report(at, `group ${JSON.stringify(group)} belongs to enterprise ${JSON.stringify(owner.enterprise)} (${pathOf(['gateways', owner.at])}); a Sparkplug group is one enterprise's`);
      }
    });
  });
}
