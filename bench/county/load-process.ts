/**
 * The county's gateways, in a process of their own (in a plant they are
 * other machines): `fork`ed by the county benchmark with its FleetSettings
 * as the one argument, driven over IPC (fleet-child.ts).
 */
import { readSettings, runFleetChild } from './fleet-child.js';

await runFleetChild(readSettings());
