// Clock-domain crossings on links against the analytic count (docs/emulator.md, Links).
//
// The tile of emulator/chip-timing.test.ts (4-bit signed PWM, 1 ns per LSB, flash ADC, no
// S&H): window 7 ns, hand-over, one conversion, hand-over. At 1 GHz (T1 = 1 ns) L1 = II1 =
// 7 + 1 + 1 + 1 = 10 cycles; at 700 MHz (T7 = 1428571 fs, the period rounded to whole fs) the
// window is ceil(7 ns / T7) = 5 cycles, so L7 = II7 = 5 + 1 + 1 + 1 = 8 cycles. The link has
// latency 2 sender cycles and 1 transfer cycle (16 bits at 8 bits per cycle), so the codes
// arrive at t0 = exit + 3 sender cycles (a sender edge). Across clocks a synchroniser of
// sync_stages (S = 2) receiver flops takes them at the receiver's first edge at or after t0
// plus S receiver cycles, and they enter the tile one receiver cycle later (its input register,
// as on one clock). Vectors are driven at time 0 into the sender and enter at its first edge.
//
// 700 MHz -> 1 GHz (no queueing: arrivals 8 T7 = 11.4 ns apart, the receiver's II is 10 ns):
//   exit_A(j) = (1 + 8 + 8 j) T7
//   exit_B(j) = (ceil((12 + 8 j) T7 / T1) + S + 1 + 10) T1
// 1 GHz -> 700 MHz (the receiver is slower, so vectors queue at its input; without a S&H the
// next vector enters as the previous one leaves): in receiver cycles,
//   n_j = max(ceil((14 + 10 j) ns / T7) + S + 1, n_{j-1} + 8),   exit_B(j) = (n_j + 8) T7
import test from 'ava';
import { checkText } from '../test/helpers.js';
import { Simulator } from './simulator.js';
import { flashTile } from './test-designs.js';

function src(fromClock: string, toClock: string, chipExtra = ''): string {
  return `
clock fast = 1 GHz;
clock slow = 700 MHz;
clock fast2 = 1 GHz;
${flashTile('ta', fromClock)}
${flashTile('tb', toClock)}
chip c {
  clock = fast;${chipExtra}
  ta a;
  tb b;
  link a -> b { latency = 2 cycles; width = 8 bit; }
}`;
}

const T1 = 1_000_000n;
const T7 = 1_428_571n;
const K = 6;
const cdiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

function run(text: string) {
  const r = checkText(text);
  if (!r.result.design) throw new Error(r.text);
  const chip = r.result.design.chips[0]!;
  const sim = new Simulator(chip, { seed: 1, tInference: 0 });
  const W = new Float64Array(16).map((_, i) => ((i * 7) % 5) / 4 - 0.5);
  for (const tile of chip.tiles) sim.program(tile.path, W);
  sim.drive('a', Array.from({ length: K }, (_, j) => [7, -3, j, 2]));
  sim.run();
  return { a: sim.read('a').map((o) => o.exitFs), b: sim.read('b').map((o) => o.exitFs) };
}

test('700 MHz -> 1 GHz: exits at the analytic count, with a 2-flop synchroniser', (t) => {
  const { a, b } = run(src('slow', 'fast'));
  t.is(b.length, K);
  for (let j = 0; j < K; j++) {
    const J = BigInt(j);
    t.is(a[j], (9n + 8n * J) * T7, `sender, vector ${j}`);
    t.is(b[j], (cdiv((12n + 8n * J) * T7, T1) + 2n + 1n + 10n) * T1, `receiver, vector ${j}`);
  }
  // vector 0: arrives at 12 T7 = 17.142852 ns, taken at 18 ns + 2 ns, enters at 21 ns, leaves at 31 ns
  t.is(b[0], 31n * T1);
});

test('1 GHz -> 700 MHz: the slower receiver queues; exits at the analytic count', (t) => {
  const { a, b } = run(src('fast', 'slow'));
  t.is(b.length, K);
  let prev = -1000n;
  for (let j = 0; j < K; j++) {
    const J = BigInt(j);
    t.is(a[j], (11n + 10n * J) * T1, `sender, vector ${j}`);
    let n = cdiv((14n + 10n * J) * T1, T7) + 2n + 1n;
    if (prev + 8n > n) n = prev + 8n;
    prev = n;
    t.is(b[j], (n + 8n) * T7, `receiver, vector ${j}`);
  }
  // vector 0: arrives at 14 ns, taken at 10 T7 (14.28571 ns) + 2 T7, enters at 13 T7, leaves at 21 T7
  t.is(b[0], 21n * T7);
});

test('sync_stages sets the synchroniser depth; one clock has no synchroniser', (t) => {
  const two = run(src('slow', 'fast')).b;
  const three = run(src('slow', 'fast', '\n  sync_stages = 3;')).b;
  for (let j = 0; j < K; j++) t.is(three[j]! - two[j]!, T1, `vector ${j}: one more receiver cycle`);
  // Same clock: the count of chip-timing.test.ts, D = 4 cycles from exit to entry.
  const same = run(src('fast', 'fast')).b;
  for (let j = 0; j < K; j++) t.is(same[j], (1n + 10n + BigInt(j) * 10n + 4n + 10n) * T1, `vector ${j}`);
  // Two clocks of one frequency are still two asynchronous sources: S more cycles.
  const twin = run(src('fast', 'fast2')).b;
  for (let j = 0; j < K; j++) t.is(twin[j]! - same[j]!, 2n * T1, `vector ${j}`);
});

test('a bus on the chip clock: crossings into and out of the chip clock each cost a synchroniser', (t) => {
  // Chip clock 1 GHz; sender on 700 MHz. Exit at 9 T7 (12.857139 ns) -> chip edge 13 ns + 2 =
  // injected at cycle 15; one bus hop (H = 1) and F = 1 flit: delivered at 16 ns; the receiver
  // is on the chip clock (no crossing): enters at 17 ns, leaves at 27 ns.
  const { b } = run(src('slow', 'fast', '\n  interconnect = bus;'));
  t.is(b[0], 27n * T1);
  // On one clock: exit 11 ns, injected at 11, delivered at 12, enters at 13, leaves at 23.
  const same = run(src('fast', 'fast', '\n  interconnect = bus;')).b;
  t.is(same[0], 23n * T1);
});
