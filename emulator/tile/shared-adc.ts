// emulator/tile/shared-adc.ts: one physical ADC bank shared by the ADC stages of several tiles
// (the chip's `adc_share`: tile instances in chip order, k at a time).
//
// Arbitration is cycle by cycle, first come first served: a stage that has a token to convert
// at its clock edge t asks for the bank (request); it gets it at t if the bank is free at t
// (the previous conversion ended at or before t) and no earlier request is waiting; otherwise
// it waits, and asks again at its first edge at or after the bank's end of conversion
// (freeAt). Requests of one time go in tile order: each waiting request keeps its (time, tile
// index) key and the oldest key wins, and at one time the kernel runs processes in creation
// order (kernel/event-queue.ts), which is chip order, so a later tile never takes the bank from
// an earlier tile that asks at the same edge. A grant holds the bank until the conversion's
// end (`until`, an edge of the holder's clock); the next holder may start at that time.
// What the bank counts: conversions (tokens) and, per tile, the time its stages waited for it.
import type { ChipIR } from '../../dsl/ir/nodes.js';
import type { TimeFs } from '../kernel/time.js';
import { AdcStage } from './adc-stage.js';
import type { Stage } from './stage.js';

interface Request {
  /** Index of the tile in the group (chip order). */
  tile: number;
  since: TimeFs;
}

export class SharedAdcBank {
  /** The end of the conversion in progress (or of the last one). */
  private busyUntil: TimeFs = 0n;
  private readonly waiting: Request[] = [];
  /** Conversions granted, and femtoseconds waited, per tile of the group. */
  readonly grants: number[];
  readonly waitedFs: bigint[];

  constructor(
    /** The tile instance paths of the group, in chip order. */
    readonly tiles: readonly string[],
  ) {
    this.grants = tiles.map(() => 0);
    this.waitedFs = tiles.map(() => 0n);
  }

  /**
   * Tile `tile` wants to start a conversion at its edge t. Returns true if it has the bank
   * (call `hold` with the conversion's end at once), false if it must wait (ask again at
   * freeAt(), rounded up to its clock).
   */
  request(tile: number, t: TimeFs): boolean {
    let mine = this.waiting.find((r) => r.tile === tile);
    if (!mine) {
      mine = { tile, since: t };
      this.waiting.push(mine);
    }
    if (t < this.busyUntil) return false;
    const first = this.waiting.reduce((a, b) => (b.since < a.since || (b.since === a.since && b.tile < a.tile) ? b : a));
    if (first !== mine) return false;
    this.waiting.splice(this.waiting.indexOf(mine), 1);
    this.grants[tile]!++;
    this.waitedFs[tile]! += t - mine.since;
    return true;
  }

  /** The granted conversion ends at `until`: the bank is busy until then. */
  hold(until: TimeFs): void {
    this.busyUntil = until;
  }

  /** When the bank is next free (the end of the conversion in progress). */
  freeAt(): TimeFs {
    return this.busyUntil;
  }
}

/** The ADC stage of each tile, by instance path, for shareAdcBanks. */
type TileStages = ReadonlyMap<string, { built: { stages: readonly Stage[] } }>;

/**
 * The chip's shared ADC banks (`adc_share` = k > 1): its tile instances in chip order, k at a
 * time (the last group may be smaller), each group's ADC stages sharing one bank. The checks
 * (dsl/passes/check-stages.ts, E3053-E3054) make the grouped banks alike.
 */
export function shareAdcBanks(chip: ChipIR, tiles: TileStages): SharedAdcBank[] {
  const k = chip.adcShare ?? 1;
  const banks: SharedAdcBank[] = [];
  if (k <= 1) return banks;
  for (let g = 0; g < chip.tiles.length; g += k) {
    const group = chip.tiles.slice(g, g + k).map((ti) => ti.path);
    if (group.length < 2) continue;
    const bank = new SharedAdcBank(group);
    group.forEach((path, i) => {
      const adc = tiles.get(path)?.built.stages.find((s): s is AdcStage => s instanceof AdcStage);
      if (adc) adc.shared = { bank, tile: i };
    });
    banks.push(bank);
  }
  return banks;
}
