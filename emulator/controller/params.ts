// emulator/controller/params.ts: the global controller's parameters for a chip, on its clock.
import type { ChipIR, ControllerIR } from '../../dsl/ir/nodes.js';
import { fs, type Clock } from '../kernel/time.js';
import type { ControllerParams } from './controller.js';
import type { LinkParams } from './transport.js';

/**
 * The chip schema's defaults (dsl/schema/blocks.ts), for a tile run on its own (which has no
 * chip block); controller.test.ts checks they equal the schema's.
 */
export const CONTROLLER_DEFAULTS: Omit<ControllerIR, 'origins'> = {
  opsPerCycle: 64,
  eOp: 0.05e-12,
  bufferWidth: 256,
  bufferAccess: { unit: 'cycles', value: 2 },
  eAccess: 20.45e-12,
  actBits: 16,
  inputDepth: 2,
  link: { nocWidth: 256, hopLatency: 1, eHop: 81e-15 },
};

export function controllerIR(chip: ChipIR): Omit<ControllerIR, 'origins'> {
  return chip.controller ?? CONTROLLER_DEFAULTS;
}

/** The controller's parameters in cycles of `clock`. */
export function controllerParams(c: Omit<ControllerIR, 'origins'>, clock: Clock): { params: ControllerParams; link: LinkParams } {
  const a = c.bufferAccess;
  const accessCycles = a.unit === 'cycles' ? a.value : Number((fs(a.value) + clock.periodFs - 1n) / clock.periodFs);
  return {
    params: {
      opsPerCycle: c.opsPerCycle, eOp: c.eOp, bufferWidth: c.bufferWidth, bufferAccessCycles: Math.ceil(accessCycles),
      eAccess: c.eAccess, inputDepth: c.inputDepth,
    },
    link: c.link,
  };
}
