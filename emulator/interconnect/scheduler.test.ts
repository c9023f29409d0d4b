// Cycle counts of the interconnect arbiter against hand-derived values (the derivation is in
// each test). F = ceil(bits / noc_width) flits, L = hop_latency; uncontended delivery at
// inject + h L + F - 1 (emulator/interconnect/scheduler.ts).
import test from 'ava';
import { Arbiter, scheduleAll, type NocParams } from './scheduler.js';
import { channelName, meshPlacement, route } from './topology.js';

const P: NocParams = { nocWidth: 8, hopLatency: 2, eHop: 81e-15, eBit: 10e-15 };

/** A mesh of the tiles of one w x h array (c[x][y] at (x, y)), tile index = x h + y. */
function mesh(w: number, h: number) {
  const idx: number[][] = [];
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) idx.push([x, y]);
  const m = meshPlacement([{ dims: [w, h] }], idx);
  return { m, at: (x: number, y: number) => x * h + y };
}

test('bus: two transfers at the same cycle; the second waits exactly the first one\'s F cycles', (t) => {
  // 32 bits at 8 bits/cycle: F = 4. Both injected at cycle 0, listed source 1 first: FIFO by
  // injection cycle, then source index, so source 0 wins: granted 0, delivered 0 + 4 - 1 + 2 = 5.
  // Source 1 is granted at 4 (stall 4 = F), delivered 4 + 3 + 2 = 9.
  const { deliveries, channels } = scheduleAll({ kind: 'bus' }, P, [
    { src: 1, dst: 2, bits: 32, at: 0 },
    { src: 0, dst: 3, bits: 32, at: 0 },
  ]);
  const [b, a] = deliveries;
  t.is(a!.deliveredAt, 5);
  t.is(a!.stall, 0);
  t.is(b!.deliveredAt, 9);
  t.is(b!.stall, 4);
  t.is(b!.deliveredAt - a!.deliveredAt, 4, 'one transfer time apart');
  t.deepEqual(channels.get(0), { busy: 8, stall: 4, transfers: 2 });
  // Energy: a bus transfer crosses 1 link and no router: 32 bits x 10 fJ.
  t.is(a!.energy, 32 * 10e-15);
  t.is(channelName({ kind: 'bus' }, 0), 'bus');
});

test('bus: a transfer arriving while the bus is busy waits for the rest of the transfer', (t) => {
  // A at 0 holds the bus for cycles 0..3 (F = 4); B injected at 1 is granted at 4: stall 3,
  // delivered 4 + 3 + 2 = 9.
  const { deliveries } = scheduleAll({ kind: 'bus' }, P, [
    { src: 0, dst: 1, bits: 32, at: 0 },
    { src: 2, dst: 1, bits: 32, at: 1 },
  ]);
  t.deepEqual(deliveries.map((d) => [d.deliveredAt, d.stall]), [[5, 0], [9, 3]]);
});

test('mesh: an uncontended path of h hops takes h L + F - 1 cycles', (t) => {
  // 4 x 4 mesh, (0,0) -> (3,2): XY route, 3 hops east then 2 north, h = 5. 20 bits at
  // 8 bits/cycle: F = 3. L = 3. Injected at 10: delivered 10 + 5 x 3 + 3 - 1 = 27.
  const { m, at } = mesh(4, 4);
  const p = { ...P, hopLatency: 3 };
  const r = route(m, at(0, 0), at(3, 2));
  t.deepEqual(r.channels.map((c) => channelName(m, c)), ['(0,0)->(1,0)', '(1,0)->(2,0)', '(2,0)->(3,0)', '(3,0)->(3,1)', '(3,1)->(3,2)']);
  const { deliveries } = scheduleAll(m, p, [{ src: at(0, 0), dst: at(3, 2), bits: 20, at: 10 }]);
  const d = deliveries[0]!;
  t.is(d.hops, 5);
  t.is(d.flits, 3);
  t.is(d.deliveredAt, 10 + 5 * 3 + 3 - 1);
  t.is(d.stall, 0);
  // Energy = bits (e_bit links + e_hop hops) = 20 (5 x 10 fJ + 5 x 81 fJ) = 9.1 pJ.
  t.true(Math.abs(d.energy - 20 * (5 * 10e-15 + 5 * 81e-15)) < 1e-27);
});

test('mesh: two flows crossing one channel; the later one stalls for the other\'s occupancy', (t) => {
  // 3 x 2 mesh. A: (0,0) -> (2,0) crosses (0,0)->(1,0) then (1,0)->(2,0).
  // B: (1,0) -> (2,1) crosses (1,0)->(2,0) then (2,0)->(2,1): the shared channel is (1,0)->(2,0).
  // 32 bits: F = 4; L = 2. A injected at 0 reaches the shared channel at 2; B injected at 2
  // is there at the same cycle. A is older: granted 2, holds 2..5, delivered 2 + 3 + 2 = 7.
  // B is granted at 6: stall 4 = A's occupancy F; then (2,0)->(2,1) at 8, delivered
  // 8 + 3 + 2 = 13 = 2 + 2 x 2 + 4 - 1 + 4.
  const { m, at } = mesh(3, 2);
  const { deliveries, channels } = scheduleAll(m, P, [
    { src: at(0, 0), dst: at(2, 0), bits: 32, at: 0 },
    { src: at(1, 0), dst: at(2, 1), bits: 32, at: 2 },
  ]);
  const [a, b] = deliveries;
  t.is(a!.deliveredAt, 7);
  t.is(a!.stall, 0);
  t.is(b!.stall, 4);
  t.is(b!.deliveredAt, 13);
  const shared = [...channels].find(([c]) => channelName(m, c) === '(1,0)->(2,0)')![1];
  t.deepEqual(shared, { busy: 8, stall: 4, transfers: 2 });
});

test('mesh: arbitration is cycle by cycle: a younger transfer takes a channel that is free now', (t) => {
  // Same flows; B injected at 1 finds (1,0)->(2,0) free at cycle 1 (A's head only arrives at
  // 2): B holds it 1..4, delivered via (2,0)->(2,1) at 3: 3 + 3 + 2 = 8. A waits 2..4: stall
  // 3 = the rest of B's occupancy; granted 5, delivered 5 + 3 + 2 = 10.
  const { m, at } = mesh(3, 2);
  const { deliveries } = scheduleAll(m, P, [
    { src: at(0, 0), dst: at(2, 0), bits: 32, at: 0 },
    { src: at(1, 0), dst: at(2, 1), bits: 32, at: 1 },
  ]);
  t.deepEqual(deliveries.map((d) => [d.deliveredAt, d.stall]), [[10, 3], [8, 0]]);
});

test('the incremental arbiter gives the same deliveries as scheduling everything at once', (t) => {
  const { m, at } = mesh(3, 3);
  const injs = [
    { src: at(0, 0), dst: at(2, 2), bits: 40, at: 0 },
    { src: at(0, 1), dst: at(2, 1), bits: 16, at: 1 },
    { src: at(1, 0), dst: at(1, 2), bits: 24, at: 1 },
    { src: at(0, 0), dst: at(2, 0), bits: 8, at: 4 },
    { src: at(2, 2), dst: at(0, 0), bits: 64, at: 6 },
  ];
  const all = scheduleAll(m, P, injs).deliveries;
  const a = new Arbiter(m, P);
  const got = [];
  for (const inj of injs) {
    got.push(...a.advanceTo(inj.at));
    a.inject(inj);
  }
  got.push(...a.advanceTo(Infinity));
  t.deepEqual(got.sort((x, y) => x.id - y.id), all);
  for (const d of all) {
    const r = route(m, d.injection.src, d.injection.dst);
    t.is(d.deliveredAt, d.injection.at + r.hops * P.hopLatency + d.flits - 1 + d.stall, `transfer ${d.id}`);
  }
});

test('placement: a 2-D array at its indices, anything else row-major on a ceil(sqrt(n)) grid', (t) => {
  const two = meshPlacement([{ dims: [2, 3] }], [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
  t.deepEqual([two.width, two.height], [2, 3]);
  t.deepEqual(two.at[5], [1, 2]);
  const one = meshPlacement([{ dims: [5] }], [[0], [1], [2], [3], [4]]);
  t.deepEqual([one.width, one.height], [3, 2]);
  t.deepEqual(one.at, [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1]]);
});
