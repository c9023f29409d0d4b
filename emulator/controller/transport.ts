// emulator/controller/transport.ts: how the global controller's vectors reach the tiles and
// come back (docs/emulator.md, "Global controller").
//
// - On a chip with `interconnect = bus | mesh`, the controller sits at the router of the chip's
//   first tile instance and its transfers travel on the shared medium with the links' traffic,
//   arbitrated cycle by cycle (emulator/interconnect/).
// - On a point-to-point chip, the controller has a private link to each tile and one back:
//   a transfer of b bits takes hop_latency + ceil(b / noc_width) - 1 controller cycles and
//   costs e_hop per bit (the chip's noc_width, hop_latency and e_hop describe these links).
// Between the controller's clock and a tile's, a transfer goes through the chip's synchroniser
// (Simulator.crossing). Every transfer is counted in the Simulator's interconnect statistics
// under the link name `ctrl->TILE` or `TILE->ctrl`.
import { countTransfer } from '../interconnect/kernel-noc.js';
import type { Clock } from '../kernel/time.js';
import type { Simulator } from '../simulator.js';
import type { Transport } from './controller.js';

export interface LinkParams {
  nocWidth: number;
  hopLatency: number;
  eHop: number;
}

/** The controller's transport on `sim`'s chip, with the controller on `clock`. */
export function controllerTransport(sim: Simulator, clock: Clock, links: LinkParams): Transport {
  const index = new Map(sim.chip.tiles.map((t, k) => [t.path, k]));
  const ctrlNode = 0;
  const noc = sim.noc;
  return {
    send(tile, toController, bits, at, done) {
      const t = sim.tile(tile);
      const name = toController ? `${tile}->ctrl` : `ctrl->${tile}`;
      const [from, to] = toController ? [t.clock, clock] : [clock, t.clock];
      if (noc) {
        const node = index.get(tile)!;
        const [src, dst] = toController ? [node, ctrlNode] : [ctrlNode, node];
        noc.inject(src, dst, bits, sim.crossing(from, clock, at), (arrival, d) => {
          countTransfer(sim.interconnect, name, toController ? tile : 'ctrl', bits, d.stall, d.energy);
          done(sim.crossing(clock, to, arrival));
        });
        return;
      }
      const cycles = BigInt(links.hopLatency + Math.max(1, Math.ceil(bits / links.nocWidth)) - 1);
      const leave = clock.edgeAtOrAfter(sim.crossing(from, clock, at));
      countTransfer(sim.interconnect, name, toController ? tile : 'ctrl', bits, 0, bits * links.eHop);
      done(sim.crossing(clock, to, leave + cycles * clock.periodFs));
    },
  };
}

