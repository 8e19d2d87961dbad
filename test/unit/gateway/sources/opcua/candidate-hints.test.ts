import { describe, expect, it } from 'vitest';
import { hintFor, starterItems, type PathName } from '../../../../../gateway/sources/opcua/candidate-hints.js';

const PR = 'http://opcfoundation.org/UA/PlasticsRubber/Extrusion_v2/ExtrusionLine/';
const plant = 'urn:plant:line1';
const path = (uri: string, ...names: string[]): PathName[] => names.map((name) => ({ name, namespaceUri: uri }));

describe('hintFor', () => {
  it('takes a parameter name above an OPC 40083 ActualValue, and marks the OPC 40084 namespace', () => {
    expect(hintFor(path(PR, 'ExtrusionLine', 'AdditionalMeasuringDevices', 'MeasuringDevice_1', 'Diameter', 'ActualValue'))).toEqual({
      kind: 'diameter',
      suggest: { characteristic: 'conductor_diameter' },
      opc40084: true,
    });
    expect(hintFor(path(PR, 'MeasuringDevice_1', 'WallThickness', 'ActualValue'))).toMatchObject({ kind: 'wall-thickness', suggest: { characteristic: 'insulation_thickness' } });
  });

  it('matches plant names, in English and German, without the OPC 40084 mark outside its namespaces', () => {
    expect(hintFor(path(plant, 'Line1', 'XRay', 'SheathThickness'))).toEqual({ kind: 'sheath-thickness', suggest: { characteristic: 'sheath_thickness' }, opc40084: false });
    expect(hintFor(path(plant, 'Line1', 'Wanddicke'))).toMatchObject({ kind: 'wall-thickness' });
    expect(hintFor(path(plant, 'Gauge', 'Durchmesser'))).toMatchObject({ kind: 'diameter' });
    expect(hintFor(path(plant, 'Gauge', 'Eccentricity'))).toMatchObject({ kind: 'eccentricity', suggest: { characteristic: 'eccentricity' } });
    expect(hintFor(path(plant, 'Gauge', 'Ovality'))).toEqual({ kind: 'ovality', opc40084: false });
  });

  it('finds the OPC 40084 line speed, product and cutter length as line-state tags', () => {
    expect(hintFor(path(PR, 'ExtrusionLine', 'LineSpeed'))).toMatchObject({ kind: 'line-speed', suggest: { tag: 'speed' }, opc40084: true });
    expect(hintFor(path(PR, 'ExtrusionLine', 'ProductionParameters', 'ProductId'))).toMatchObject({ kind: 'product', suggest: { tag: 'product' } });
    expect(hintFor(path(PR, 'Cutter', 'Length'))).toMatchObject({ kind: 'length', suggest: { tag: 'length' } });
  });

  it('never suggests a set point, a tolerance or a limit, nor an unrelated name', () => {
    expect(hintFor(path(PR, 'Diameter', 'SetValue'))).toBeUndefined();
    expect(hintFor(path(PR, 'Diameter', 'UpperTolerance'))).toBeUndefined();
    expect(hintFor(path(plant, 'DiameterSetpoint'))).toBeUndefined();
    expect(hintFor(path(plant, 'WallThicknessMax'))).toBeUndefined();
    expect(hintFor(path(PR, 'Cutter', 'WallThickeningLength'))).toBeUndefined();
    expect(hintFor(path(PR, 'Extruder', 'Status'))).toBeUndefined();
    expect(hintFor([])).toBeUndefined();
  });
});

describe('starterItems', () => {
  it('makes one item per suggestion on the given line, skipping what maps to nothing', () => {
    const variables = [
      { nodeId: 'ns=2;s=D', hint: hintFor(path(PR, 'Diameter', 'ActualValue')) },
      { nodeId: 'ns=2;s=O', hint: hintFor(path(PR, 'Ovality')) },
      { nodeId: 'ns=2;s=S', hint: hintFor(path(PR, 'LineSpeed')) },
      { nodeId: 'ns=2;s=X' },
    ];
    expect(starterItems(variables, 'extruder-1')).toEqual([
      { nodeId: 'ns=2;s=D', line: 'extruder-1', characteristic: 'conductor_diameter' },
      { nodeId: 'ns=2;s=S', line: 'extruder-1', tag: 'speed' },
    ]);
  });
});
