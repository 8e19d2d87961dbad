import { CliError } from '../cli-error.js';
import { createLogger } from '../../ops/logger.js';
import { registerSourceMetrics, SourceRunner, StdinSource } from '../../gateway/index.js';
import { demoPlanFromConfig } from '../../simulators/demo-from-config.js';
import { Fleet } from '../../simulators/fleet.js';
import { FleetRunner } from '../../stack/fleet-runner.js';
import { GATEWAY_FLAGS, GATEWAY_FLAGS_USAGE, setUpGateway } from '../gateway-setup.js';
import { OPS_FLAGS, OPS_FLAGS_USAGE, opsPortOption } from '../ops-flags.js';
import { startGatewayOps } from '../gateway-ops.js';
import { runSourceGateway } from '../source-gateway.js';
import { parseCommandLine } from '../options.js';
import { loadCommandConfig, runUntilSignal } from '../service-runner.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch gateway --config FILE --gateway ID (--source FILE | --stdin | --simulate)

Runs a factory gateway: reads measurements from its source, keeps every batch
in a disk outbox until the analytics service acknowledges it as stored,
publishes over MQTT (QoS 1), reconnects with backoff. (To replay a CSV file,
use 'linewatch replay'.)

  --config FILE         the linewatch configuration (JSON)
${GATEWAY_FLAGS_USAGE}
${OPS_FLAGS_USAGE}
  --source FILE         read the gauges and PLCs a source file names (OPC UA, Modbus TCP,
                        ASCII telegrams, Sparkplug B; gateway/sources/README.md)
  --stdin               read CSV lines line,characteristic,ts,value from standard input
                        (ts in ms or ISO 8601; one reading a line); a characteristic of
                        product, length or speed is a changeover (value: the product id),
                        the length counter (m) or the line speed (m/min)
  --simulate            measure simulated lines in real time: this gateway's share of the
                        demo fleet the configuration defines (10 Hz per characteristic)`;

export const gatewayCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine(
      'gateway',
      argv,
      { config: { type: 'string' }, source: { type: 'string' }, stdin: { type: 'boolean' }, simulate: { type: 'boolean' }, ...GATEWAY_FLAGS, ...OPS_FLAGS },
      false,
    );
    opsPortOption('gateway', values);
    if ([values.source !== undefined, values.stdin === true, values.simulate === true].filter(Boolean).length !== 1) {
      throw new CliError('LW_USAGE', 'gateway: choose one source: --source FILE, --stdin or --simulate (or use linewatch replay FILE.csv)');
    }
    const config = await loadCommandConfig('gateway', values.config);
    if (values.source !== undefined) return runSourceGateway(config, values, values.source);
    const runtime = await setUpGateway('gateway', config, values);
    const { gateway } = runtime;
    await runtime.start();
    const ops = await startGatewayOps('gateway', values, runtime);
    if (values.simulate) {
      const fleet = new Fleet(demoPlanFromConfig(config, { startEpochMs: Date.now() }).plan);
      if (!fleet.gateways.some((g) => g.id === values.gateway)) throw new CliError('LW_USAGE', `gateway: the simulated fleet has no series for gateway '${values.gateway}'`);
      // Only this gateway's series are delivered; the fleet's other gateways have no service here.
      const runner = new FleetRunner(fleet, new Map([[values.gateway!, gateway]]), createLogger(`gateway-${values.gateway}`));
      runner.start();
      process.stdout.write(`linewatch gateway ${values.gateway}: simulating ${fleet.series.filter((s) => fleet.gateways[s.gateway].id === values.gateway).length} series\n`);
      return runUntilSignal(async () => {
        runner.stop();
        await ops?.close();
        await runtime.stop();
      });
    }
    const stdin = new StdinSource(process.stdin);
    const runner = new SourceRunner(stdin, gateway, createLogger(`gateway-${values.gateway}`));
    registerSourceMetrics(runtime.metrics, runner);
    await runner.start();
    const reading = stdin.ended.then(async () => {
      await gateway.flush();
      // Every point read is now in a closed batch in the outbox: once the outbox is empty, all are acknowledged (the fault suites wait for this line).
      process.stdout.write(`linewatch gateway ${values.gateway}: input ended, ${gateway.stats().accepted} points taken\n`);
    });
    return runUntilSignal(async () => {
      await ops?.close();
      await runtime.stop();
      void reading;
    });
  },
};
