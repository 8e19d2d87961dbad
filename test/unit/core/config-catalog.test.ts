import { describe, expect, it } from 'vitest';
import { catalogFromConfig, enterpriseProfiles, type CatalogSource } from '../../../core/catalog/config-catalog.js';

const CONFIG: CatalogSource = {
  products: [
    { id: 'BV-1.5', characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7 } } },
    { id: 'BV-2.5', characteristics: { insulation_thickness: { lsl: 0.62, nominal: 0.8 }, conductor_resistance: { usl: 7.41 } } },
  ],
  enterprises: [{ id: 'northwind', name: 'Northwind', class: 'B', lastInspection: '2026-03-01', lines: [{ id: 'L1', product: 'BV-1.5' }] }],
  gateways: [
    { id: 'northwind-gw1', enterprise: 'northwind', sparkplug: { role: 'host' } },
    { id: 'northwind-edge', enterprise: 'northwind', sparkplug: { role: 'edge' } },
    { id: 'northwind-gw2', enterprise: 'northwind', lines: ['L1'] },
  ],
};

describe('the configuration catalogue', () => {
  it('gives the spec of any configured product, and says why not for the rest', () => {
    const catalog = catalogFromConfig(CONFIG);
    expect(catalog.productSpecOf('BV-2.5', 'conductor_resistance')).toEqual({ lsl: null, usl: 7.41, target: null, product: 'BV-2.5' });
    expect(catalog.productSpecOf('BV-4', 'insulation_thickness')).toMatch(/unknown product 'BV-4' \(not among the configuration's products: BV-1.5, BV-2.5\)/);
    expect(catalog.productSpecOf('BV-1.5', 'conductor_resistance')).toMatch(/product 'BV-1.5' does not specify conductor_resistance/);
  });

  it('leaves Sparkplug edge accounts out of the gateways a silent line is blamed on', () => {
    expect(enterpriseProfiles(CONFIG)[0].gateways).toEqual([
      { id: 'northwind-gw1', lines: null },
      { id: 'northwind-gw2', lines: ['L1'] },
    ]);
  });
});
