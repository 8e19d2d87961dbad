import type { SourceKind } from '../source-kinds.js';
import { type ModbusConfig, ModbusConfigSchema, modbusConfigProblems } from './modbus-config.js';
import { ModbusSource } from './modbus-source.js';

/** `"kind": "modbus"`: poll holding and input registers of a Modbus TCP device (README.md in this folder). */
export const MODBUS_SOURCE_KIND: SourceKind<ModbusConfig> = {
  kind: 'modbus',
  summary: 'poll holding and input registers of a Modbus TCP device (type, byte and word order, scale and offset per register)',
  schema: ModbusConfigSchema,
  check: modbusConfigProblems,
  create: (config, deps) => new ModbusSource(config, deps),
};
