import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import type { SparkplugMetricEntry } from '../../../../../gateway/sources/sparkplug/sparkplug-config.js';

/** Payloads as an edge node encodes them: Eclipse Tahu's own encoder. */
const codec = sparkplug.get('spBv1.0');
if (codec === null) throw new Error('sparkplug-payload has no spBv1.0 codec');
export const encode = (payload: UPayload): Uint8Array => codec.encodePayload(payload);

export const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);

/** The map of the tests: a node metric, device metrics, and tags. */
export const MAP: SparkplugMetricEntry[] = [
  { group: 'plant', edgeNode: 'line1-edge', device: 'laser', metric: 'OD/insulation', line: 'extruder-1', characteristic: 'insulation_thickness' },
  { group: 'plant', edgeNode: 'line1-edge', device: 'laser', metric: 'R/raw', line: 'extruder-1', characteristic: 'conductor_resistance', scale: 0.01, offset: 1 },
  { group: 'plant', edgeNode: 'line1-edge', metric: 'Line/product', line: 'extruder-1', tag: 'product', codes: { '1': 'BV-1.5', '2': 'BV-2.5' } },
  { group: 'plant', edgeNode: 'line1-edge', metric: 'Line/length', line: 'extruder-1', tag: 'length' },
  { group: 'plant', edgeNode: 'line1-edge', metric: 'Line/speed', line: 'extruder-1', tag: 'speed' },
];
