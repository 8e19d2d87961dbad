import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs the compiled CLI (built by the vitest globalSetup) as a user would. */
const root = fileURLToPath(new URL('../..', import.meta.url));
function linewatch(...args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['bin/linewatch.js', ...args], { cwd: root, encoding: 'utf8', timeout: 25_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

interface Point {
  shift: number;
  arl: number;
}

function arlJson(...args: string[]): Point[] {
  const { code, stdout, stderr } = linewatch('arl', ...args, '--json');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Point[];
}

const within2Percent = (value: number, published: number): void => {
  expect(Math.abs(value / published - 1)).toBeLessThan(0.02);
};

describe('linewatch arl --json', () => {
  it("gives the EWMA lambda 0.2, L 3 exact-limit ARLs of Knoth's spc at the default shifts", () => {
    const points = arlJson('--chart', 'ewma');
    expect(points.map((p) => p.shift)).toEqual([0, 0.5, 1, 1.5, 2, 3]);
    for (const p of points) expect(Object.keys(p).sort()).toEqual(['arl', 'shift']);
    within2Percent(points[0].arl, 554.5);
    within2Percent(points[2].arl, 9.86);
  });

  it('gives the two-sided CUSUM k 0.5, h 5 ARLs: 465.4 and 10.38', () => {
    const points = arlJson('--chart', 'cusum', '--k', '0.5', '--h', '5', '--shifts', '0,1');
    within2Percent(points[0].arl, 465.4);
    within2Percent(points[1].arl, 10.38);
  });

  it('gives Lucas & Saccucci asymptotic-limit designs (Table 3: 500, 12.6, 4.03)', () => {
    const points = arlJson('--chart', 'ewma', '--lambda', '0.03', '--L', '2.437', '--limits', 'asymptotic', '--shifts', '0,1,3');
    within2Percent(points[0].arl, 500);
    within2Percent(points[1].arl, 12.6);
    within2Percent(points[2].arl, 4.03);
  });

  it('gives the Shewhart individuals ARLs, negative shifts included', () => {
    const points = arlJson('--chart', 'shewhart', '--shifts', '-1,0,1');
    within2Percent(points[1].arl, 370.4);
    within2Percent(points[0].arl, 43.89);
    within2Percent(points[2].arl, 43.89);
  });

  it('answers well within the time budget', () => {
    const { code, ms } = linewatch('arl', '--chart', 'ewma', '--json');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('linewatch arl (table)', () => {
  it('prints the design and a row per shift for a person to read', () => {
    const { code, stdout } = linewatch('arl', '--chart', 'cusum', '--shifts', '0,1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/CUSUM, k 0\.5, h 5/);
    expect(stdout).toMatch(/shift \(sigma\)\s+ARL/);
    expect(stdout).toMatch(/^\s+0\s+465\.4$/m);
    expect(stdout).toMatch(/^\s+1\s+10\.38$/m);
  });

  it('documents its options under --help', () => {
    const { code, stdout } = linewatch('arl', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/--limits/);
  });
});

describe('linewatch arl with bad options', () => {
  it.each([
    [['--chart', 'ewma', '--lambda', '1.5'], /--lambda .*'1\.5'/],
    [['--chart', 'ewma', '--lambda', 'abc'], /--lambda must be a number, got 'abc'/],
    [['--chart', 'ewma', '--L', '0'], /--L .*'0'/],
    [['--chart', 'ewma', '--limits', 'fir'], /--limits .*'fir'/],
    [['--chart', 'cusum', '--k', '-1'], /--k .*'-1'/],
    [['--chart', 'cusum', '--h', '0'], /--h .*'0'/],
    [['--chart', 'cusum', '--lambda', '0.2'], /--lambda does not apply to --chart cusum/],
    [['--chart', 'xbar'], /--chart .*'xbar'/],
    [[], /--chart is required/],
    [['--chart', 'ewma', '--shifts', '0,a'], /--shifts .*'0,a'/],
    [['--chart', 'ewma', '--L'], /--L/],
    [['--chart', 'ewma', '--nodes', '10'], /--nodes/],
    [['--chart', 'ewma', '--L', '12'], /too large/],
  ])('%j exits 2 with one line naming the problem', (args, message) => {
    const { code, stdout, stderr } = linewatch('arl', ...(args as string[]));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^linewatch arl: .*\n$/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\bat .*\(|\.js:\d+/); // no stack trace
  });
});
