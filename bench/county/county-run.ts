/**
 * One county run, start to finish: start the stack (county-stack.ts: store,
 * broker, analytics, dashboard, each its own process), fork the gateways'
 * and the probe's processes, let the county run through a warm-up (logins, JIT,
 * the store's first writes) and the measured window,
 * stop the readings, wait until every batch sent is acknowledged, stop
 * everything and count what the store holds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/open-store.js';
import { validateStoreConfig } from '../../store/config.js';
import { analyticsWindow } from './analytics-window.js';
import type { FleetSettings } from './child-messages.js';
import { COUNTY_PASSWORD, REGULATOR_USER } from './county-config.js';
import { type CountyResult, countyTarget, type TimelinePoint } from './county-result.js';
import { type CountyStack, startCountyStack } from './county-stack.js';
import { diskUsageBytes } from './disk-usage.js';
import { FleetHandle } from './fleet-handle.js';
import { describeMachine } from './machine.js';
import { CHARACTERISTIC_COUNT, offeredPointsPerSecond, readingsPerBatch, type CountyOptions } from './options.js';
import { summarizeLatencies } from './probe-figures.js';
import { ProcessSampler } from './process-sampler.js';
import { metricValue, scrapeMetrics } from './prometheus-text.js';
import { explainShortfall } from './shortfall.js';
import { addTally, emptyTally, type GatewayTally } from './wire-gateway.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCounty(o: CountyOptions, progress: (line: string) => void): Promise<CountyResult> {
  const dir = await mkdtemp(join(tmpdir(), 'linewatch-bench-county-'));
  const sampler = new ProcessSampler();
  const fleets: FleetHandle[] = [];
  let stack: CountyStack | null = null;
  try {
    progress(`starting the stack: ${o.store === 'influx' ? 'influxd, ' : ''}broker, analytics${o.shards === null ? '' : ` --shards ${o.shards}`}, dashboard`);
    stack = await startCountyStack(o, dir, sampler);
    const { mqttPort, metricsUrl } = stack;

    const perBatch = readingsPerBatch(o);
    const pointsPerReading = o.lines * CHARACTERISTIC_COUNT;
    const common = { mqttHost: '127.0.0.1', mqttPort, password: COUNTY_PASSWORD, countySize: o.enterprises, lines: o.lines, hz: o.hz, readingsPerBatch: perBatch, window: o.window };
    const loadCount = o.enterprises - o.probes;
    const settings: FleetSettings[] = [
      { ...common, firstEnterprise: 0, enterpriseCount: loadCount },
      { ...common, firstEnterprise: loadCount, enterpriseCount: o.probes, probeEveryMs: o.probeEveryMs, dashboard: { url: stack.dashboardUrl, username: REGULATOR_USER, password: COUNTY_PASSWORD } },
    ];
    const load = new FleetHandle('gateways', 'load-process.js', settings[0]);
    const probe = new FleetHandle('probe', 'probe-process.js', settings[1]);
    fleets.push(load, probe);
    sampler.watch('gateways', load.pid);
    sampler.watch('probe', probe.pid);
    sampler.watch('bench', process.pid);
    sampler.start();

    const storeName = o.store === 'influx' ? 'InfluxDB (influxd, own process)' : 'embedded DuckDB in the analytics process';
    progress(`connecting ${o.enterprises.toLocaleString('en')} gateways (store ${storeName}); a batch every ${o.batchMs} ms = ${perBatch} reading(s) x ${pointsPerReading} series`);
    const connectStarted = performance.now();
    await Promise.all(fleets.map((f) => f.whenConnected(180_000)));
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const tally = (): GatewayTally => fleets.reduce((sum, f) => addTally(sum, f.tally), emptyTally());
    const backlog = (t: GatewayTally) => t.sentPoints - t.ackedPoints + t.waitingReadings * pointsPerReading;

    const t0 = Date.now() + 200;
    const started = performance.now() + 200;
    for (const f of fleets) f.send({ type: 'start', t0 });
    // One scrape a second: the timeline shows whether the ingest keeps pace or a backlog builds.
    const timeline: TimelinePoint[] = [];
    const scraper = setInterval(() => {
      void scrapeMetrics(metricsUrl)
        .then((m) => {
          timeline.push({
            t: Math.round((performance.now() - started) / 100) / 10,
            stored: metricValue(m, 'linewatch_ingest_points_total', { outcome: 'stored' }),
            backlogPoints: backlog(tally()),
            cpu: sampler.latestCpu(),
          });
        })
        .catch(() => {});
    }, 1000);

    progress(`warm-up ${o.warmup} s, then ${o.seconds} s measured`);
    await sleep(o.warmup * 1000);
    const windowStart = { at: performance.now(), metrics: await scrapeMetrics(metricsUrl), tally: tally(), socketEvents: probe.probe?.socketEvents ?? 0 };
    probe.send({ type: 'measure', on: true });
    await sleep(o.seconds * 1000);
    const windowEnd = { at: performance.now(), metrics: await scrapeMetrics(metricsUrl), tally: tally(), socketEvents: probe.probe?.socketEvents ?? 0 };
    probe.send({ type: 'measure', on: false });
    const seconds = (windowEnd.at - windowStart.at) / 1000;

    // No more readings; every batch sent must now be acknowledged.
    for (const f of fleets) f.send({ type: 'finish' });
    const drainStarted = performance.now();
    let drained = false;
    while (performance.now() - drainStarted < o.drain * 1000) {
      await sleep(1000);
      const t = tally();
      if (t.waitingReadings === 0 && t.inFlight === 0 && t.ackedPoints === t.sentPoints) {
        drained = true;
        break;
      }
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    await sleep(1500); // the last alerts of the probe
    clearInterval(scraper);
    await Promise.all(fleets.map((f) => f.exit()));
    sampler.stop();
    const final = tally();
    const probeFigures = probe.probe ?? {
      shifts: 0,
      mqtt: { latenciesMs: [], missed: 0 },
      socket: { latenciesMs: [], missed: 0 },
      dashboardHopMs: [],
      resolveFailures: 0,
      firstResolveFailure: null,
      socketEvents: 0,
    };

    await stack.stopServices();
    const bytes = await diskUsageBytes(stack.dataDir);
    const pointsInStore = await countStoredPoints(stack.storeSection);

    const windowed = analyticsWindow(windowStart.metrics, windowEnd.metrics, seconds);
    const processes = Object.fromEntries(sampler.names().map((n) => [n, sampler.usage(n, windowStart.at, windowEnd.at)]));
    const threads = Object.fromEntries(sampler.threaded().map((n) => [n, sampler.threadUsage(n, windowStart.at, windowEnd.at)]));
    const target = countyTarget(o);
    const result: Omit<CountyResult, 'verdict' | 'target'> = {
      machine: describeMachine(),
      options: o,
      layout: {
        gateways: o.enterprises,
        series: o.enterprises * pointsPerReading,
        readingsPerBatch: perBatch,
        pointsPerBatch: perBatch * pointsPerReading,
        offeredPointsPerSecond: offeredPointsPerSecond(o),
        connectSeconds,
      },
      window: { seconds },
      ingest: {
        storedPerSecond: windowed.storedPerSecond,
        sentPerSecond: (windowEnd.tally.sentPoints - windowStart.tally.sentPoints) / seconds,
        analytics: windowed,
        backlogStartPoints: backlog(windowStart.tally),
        backlogEndPoints: backlog(windowEnd.tally),
      },
      delivery: {
        sentPoints: final.sentPoints,
        ackedPoints: final.ackedPoints,
        storedAcked: final.stored,
        duplicates: final.duplicates,
        rejected: final.rejected,
        pointsInStore,
        lostPoints: final.sentPoints - final.ackedPoints,
        drainSeconds,
        drained,
        disconnects: final.disconnects,
      },
      alerts: {
        shifts: probeFigures.shifts,
        socket: { ...summarizeLatencies(probeFigures.socket.latenciesMs), missed: probeFigures.socket.missed },
        mqtt: { ...summarizeLatencies(probeFigures.mqtt.latenciesMs), missed: probeFigures.mqtt.missed },
        dashboardHop: summarizeLatencies(probeFigures.dashboardHopMs),
        socketEventsPerSecond: (windowEnd.socketEvents - windowStart.socketEvents) / seconds,
        resolveFailures: probeFigures.resolveFailures,
        firstResolveFailure: probeFigures.firstResolveFailure,
      },
      processes,
      threads,
      store: { bytes, bytesPerMillionPoints: pointsInStore > 0 ? (bytes / pointsInStore) * 1e6 : 0 },
      timeline,
    };
    // Sustained: the stack stores what is offered (within 1%, the jitter of two scrapes a window apart) and the
    // backlog at the gateways grows by less than a second of load over the window (the tallies are a second apart).
    const backlogGrowth = (result.ingest.backlogEndPoints - result.ingest.backlogStartPoints) / seconds;
    const ingestMet = result.ingest.storedPerSecond >= target.pointsPerSecond * 0.99 && backlogGrowth * seconds < target.pointsPerSecond;
    const socket = result.alerts.socket;
    const latencyMet = socket.p99 !== null && socket.p99 < target.alertP99Ms && socket.missed === 0;
    const nothingLost = drained && result.delivery.lostPoints === 0 && pointsInStore === final.stored;
    return { ...result, target, verdict: { ingestMet, latencyMet, nothingLost, notes: explainShortfall({ ...result, target }, { ingestMet, latencyMet, nothingLost }) } };
  } finally {
    for (const f of fleets) if (f.child.exitCode === null) f.child.kill('SIGKILL');
    await stack?.dispose();
    sampler.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every point the store holds, counted over all series after the analytics service let go of it. */
async function countStoredPoints(storeSection: Readonly<Record<string, string>>): Promise<number> {
  // A county's tens of millions of points: one summary over every series takes InfluxDB longer than a live request may.
  const store = await openStore(validateStoreConfig(storeSection), { requestTimeoutMs: 600_000 });
  try {
    const summaries = await store.summarize({ from: 0, to: Date.now() + 3_600_000 });
    return summaries.reduce((n, s) => n + s.count, 0);
  } finally {
    await store.close();
  }
}
