/**
 * The dashboard as its own process on the embedded store, for the county
 * run: `linewatch dashboard` itself refuses the embedded store (DuckDB lets
 * one process open a database, and the analytics service holds it), so this
 * builds the very same dashboard the command does (`dashboardFromConfig`,
 * remote model: alerts, risk and findings followed over MQTT as a
 * dashboard-role service) from a configuration whose store is a directory of
 * its own. The path the benchmark times (bus -> dashboard -> regulator's
 * socket) does not read the store; only the restore at start and the
 * charts' HTTP reads would, and nobody asks for those here.
 *
 *   node dashboard-process.js CONFIG SERVICE   (password in LINEWATCH_MQTT_PASSWORD)
 *
 * Prints the line `linewatch dashboard` prints, and stops on SIGTERM.
 */
import { loadConfig } from '../../config/load.js';
import { dashboardFromConfig } from '../../dashboard/index.js';

const [configFile, serviceId] = process.argv.slice(2);
const password = process.env.LINEWATCH_MQTT_PASSWORD;
if (!configFile || !serviceId || !password) {
  process.stderr.write('usage: node dashboard-process.js CONFIG SERVICE (password in LINEWATCH_MQTT_PASSWORD)\n');
  process.exit(2);
}
const config = await loadConfig(configFile);
const dashboard = dashboardFromConfig(config, { model: { kind: 'remote', serviceId, password } });
await dashboard.start();
process.stdout.write(`linewatch dashboard: listening on ${dashboard.url} (alerts over ${dashboard.mqttUrl} as '${serviceId}', store ${config.store.kind} of its own)\n`);
const stop = () => {
  void dashboard.stop().then(() => {
    process.stdout.write('linewatch dashboard: stopped\n');
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
