import type { CharacteristicName } from '../../../domain/characteristics.js';
import type { OpcuaItem } from './opcua-config.js';

/**
 * Which browsed variables look like what a cable line's gateway reads, by
 * their browse names alone. Nothing here reads a unit, an engineering range
 * or a type definition: a name is a hint for a person choosing items, never
 * a mapping the gateway applies by itself.
 *
 * EUROMAP 84 / OPC 40084 (the extrusion-line companion specification, on
 * OPC 40083 Plastics and Rubber general types) as published in the OPC
 * Foundation's UA-Nodeset repository (Extrusion 1.00 and Extrusion_v2 2.00)
 * standardises the line's `LineSpeed` and `ProductId` (ExtrusionLine), a
 * cutter's `Length` and `ProductSpeed`, and gauges as `MeasuringDeviceType`
 * objects under `AdditionalMeasuringDevices`, each quantity a
 * `MonitoredParameterType` with `ActualValue`, `SetValue`, `LowerTolerance`
 * and `UpperTolerance`. It does not name a diameter or wall-thickness
 * variable: the measuring device's parameters are named by the machine
 * builder. So diameter and wall thickness are matched on the usual words
 * (Diameter, WallThickness, Thickness, Eccentricity, Ovality; German
 * Durchmesser, Wanddicke), and for an `ActualValue` the parameter's own name
 * above it is what is matched. A hint is marked `opc40084` when a name on
 * its path is in one of the PlasticsRubber namespaces.
 */
export type HintKind = 'diameter' | 'wall-thickness' | 'sheath-thickness' | 'eccentricity' | 'ovality' | 'line-speed' | 'length' | 'product';

export interface CandidateHint {
  readonly kind: HintKind;
  /** What a source file item would map it to; absent where no characteristic fits (ovality). */
  readonly suggest?: { readonly characteristic: CharacteristicName } | { readonly tag: 'product' | 'length' | 'speed' };
  /** A name on the path is in an OPC 40083/40084 (PlasticsRubber) namespace. */
  readonly opc40084: boolean;
}

/** One browse name on the way from the root to the variable, with its namespace URI. */
export interface PathName {
  readonly name: string;
  readonly namespaceUri: string;
}

const PLASTICS_RUBBER_NAMESPACE = 'http://opcfoundation.org/UA/PlasticsRubber/';

/** Browse names that are a value of the parameter above them (OPC 40083 MonitoredParameterType, AnalogItem children). */
const VALUE_CHILDREN = /^(ActualValue|Value|PV|Actual|Istwert)$/i;
/** Browse names of a parameter's limits or set point: never a measurement to chart. */
const NOT_A_MEASUREMENT = /(SetValue|Set_?Point|Setpoint|Sollwert|Tolerance|Limit|Min(imum)?$|Max(imum)?$|Alarm|EURange|EngineeringUnits|Nominal|Target|Correction|Adjustment|Offset|Gain)/i;

const RULES: ReadonlyArray<{ readonly test: RegExp; readonly hint: Omit<CandidateHint, 'opc40084'> }> = [
  { test: /(Sheath|Jacket|Mantel).*(Thickness|Dicke)|(Thickness|Dicke).*(Sheath|Jacket|Mantel)/i, hint: { kind: 'sheath-thickness', suggest: { characteristic: 'sheath_thickness' } } },
  { test: /Wall_?Thickness|Wanddicke|Insulation.*Thickness|Thickness|Isolationsdicke/i, hint: { kind: 'wall-thickness', suggest: { characteristic: 'insulation_thickness' } } },
  { test: /Eccentric|Concentric|Exzentri/i, hint: { kind: 'eccentricity', suggest: { characteristic: 'eccentricity' } } },
  { test: /Ovality|Ovalit/i, hint: { kind: 'ovality' } },
  { test: /Diameter|Durchmesser|^(OD|Dia)$/i, hint: { kind: 'diameter', suggest: { characteristic: 'conductor_diameter' } } },
  { test: /^(LineSpeed|ProductSpeed|Line_?Speed|HaulOff_?Speed|Liniengeschwindigkeit)$/i, hint: { kind: 'line-speed', suggest: { tag: 'speed' } } },
  { test: /^(Length|ProductLength|LineLength|Produced_?Length|Meter_?Counter|Laenge|Länge)$/i, hint: { kind: 'length', suggest: { tag: 'length' } } },
  { test: /^(ProductId|ProductName|Product|Article|Artikel)$/i, hint: { kind: 'product', suggest: { tag: 'product' } } },
];

/**
 * The hint for a variable reached by `path` (root first, the variable last),
 * or undefined. The variable's own name is matched; for a value child
 * (`ActualValue`) its parent's name; a set point, tolerance or limit is
 * never a candidate.
 */
export function hintFor(path: readonly PathName[]): CandidateHint | undefined {
  if (path.length === 0) return undefined;
  const own = path[path.length - 1];
  const named = VALUE_CHILDREN.test(own.name) && path.length > 1 ? path[path.length - 2] : own;
  if (NOT_A_MEASUREMENT.test(own.name) || NOT_A_MEASUREMENT.test(named.name)) return undefined;
  const rule = RULES.find((r) => r.test.test(named.name));
  if (rule === undefined) return undefined;
  return { ...rule.hint, opc40084: path.some((p) => p.namespaceUri.startsWith(PLASTICS_RUBBER_NAMESPACE)) };
}

/** Starter `items` for a source file: one per hinted variable that maps to something, all on `line`, to be checked by a person. */
export function starterItems(variables: ReadonlyArray<{ readonly nodeId: string; readonly hint?: CandidateHint }>, line: string): OpcuaItem[] {
  const items: OpcuaItem[] = [];
  for (const v of variables) {
    const suggest = v.hint?.suggest;
    if (suggest === undefined) continue;
    items.push('characteristic' in suggest ? { nodeId: v.nodeId, line, characteristic: suggest.characteristic } : { nodeId: v.nodeId, line, tag: suggest.tag });
  }
  return items;
}
