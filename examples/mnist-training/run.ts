// examples/mnist-training/run.ts: a small MLP trained from scratch on MNIST in floating point and
// in analog on pulsed arrays (network/analog-train.ts), printing accuracy per epoch and time and
// energy per epoch split forward / backward / update. See README.md.
//
//   npx tsx examples/mnist-training/run.ts [--train 7000] [--test 1000] [--epochs 3]
//       [--hidden 128] [--lr 0.1] [--seed 1] [--runs float,ideal,ideal-bl,ecram-tt,reram-sb]
import { pulsedPreset } from '../../emulator/pulsed/presets.js';
import { Rng } from '../../emulator/random.js';
import { trainAnalog, type AnalogEpochStats, type AnalogTrainOptions } from '../../network/analog-train.js';
import { loadMnist } from '../../network/data.js';
import { cloneNetwork, dense, network, sigmoid } from '../../network/layers.js';
import { train } from '../../network/train.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const nTrain = Number(arg('train', '7000'));
const nTest = Number(arg('test', '1000'));
const epochs = Number(arg('epochs', '3'));
const hidden = Number(arg('hidden', '128'));
const lr = Number(arg('lr', '0.1'));
const seed = Number(arg('seed', '1'));
const runs = arg('runs', 'float,ideal,ideal-bl,ecram-tt,reram-sb').split(',');

const { train: trainSet, test: testSet } = loadMnist({ train: nTrain, test: nTest, seed });
const init = network([784], [dense(784, hidden, new Rng(seed + 100)), sigmoid(), dense(hidden, 10, new Rng(seed + 200))]);
const schedule = { epochs, batchSize: 1, learningRate: lr, seed };

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(100 * v).toFixed(1)} %`);
const si = (v: number, unit: string) => {
  const prefixes: [number, string][] = [[1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p']];
  const [f, p] = prefixes.find(([f]) => Math.abs(v) >= f) ?? prefixes[prefixes.length - 1]!;
  return `${(v / f).toPrecision(3)} ${p}${unit}`;
};

interface Row {
  name: string;
  acc: string[];
  epochs: AnalogEpochStats[];
  wall: number;
}
const rows: Row[] = [];

const analogRuns: Record<string, { label: string; opts: Partial<AnalogTrainOptions> }> = {
  ideal: { label: '(a) Idealized + analog SGD', opts: { device: pulsedPreset('Idealized') } },
  'ideal-bl': {
    label: '(a′) Idealized + analog SGD, desired_bl 1000',
    opts: { device: pulsedPreset('Idealized'), update: { desired_bl: 1000, fixed_bl: true, update_bl_management: true, update_management: true, um_grad_scale: 1 } },
  },
  'ecram-tt': { label: '(b) EcRam + Tiki-Taka', opts: { device: pulsedPreset('EcRam'), algorithm: { kind: 'tiki-taka' } } },
  'reram-sb': { label: '(c) ReRamSB + analog SGD', opts: { device: pulsedPreset('ReRamSB') } },
};

for (const r of runs) {
  const t0 = Date.now();
  if (r === 'float') {
    const h = train(cloneNetwork(init), trainSet, { ...schedule, test: testSet });
    rows.push({ name: 'float SGD (network/train.ts)', acc: h.map((e) => pct(e.testAccuracy)), epochs: [], wall: Date.now() - t0 });
  } else {
    const spec = analogRuns[r];
    if (!spec) throw new Error(`unknown run ${r}; one of float, ${Object.keys(analogRuns).join(', ')}`);
    const res = trainAnalog(cloneNetwork(init), trainSet, { ...schedule, device: spec.opts.device!, ...spec.opts, test: testSet });
    rows.push({ name: spec.label, acc: res.history.map((e) => pct(e.testAccuracy)), epochs: res.history, wall: Date.now() - t0 });
  }
  const last = rows[rows.length - 1]!;
  console.error(`${last.name}: ${last.acc.join(', ')} (${(last.wall / 1000).toFixed(1)} s)`);
}

console.log(`\n784-${hidden}-10 sigmoid MLP, ${nTrain} training / ${nTest} test digits, ${epochs} epochs, batch 1, lr ${lr}, seed ${seed}\n`);
console.log(`| run | ${Array.from({ length: epochs }, (_, k) => `test acc. epoch ${k + 1}`).join(' | ')} | wall |`);
console.log(`|---|${'---|'.repeat(epochs)}---|`);
for (const r of rows) console.log(`| ${r.name} | ${r.acc.join(' | ')} | ${(r.wall / 1000).toFixed(1)} s |`);

console.log('\nTime and energy per epoch (last epoch; transfer counted in update):\n');
console.log('| run | forward | backward | update | total | pulse updates: Σ BL, coincidences (layer 1 / layer 2) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const e = r.epochs[r.epochs.length - 1];
  if (!e) continue;
  const c = e.cost;
  const f = (o: { time: number; energy: number }) => `${si(o.time, 's')}, ${si(o.energy, 'J')}`;
  const ev = e.counts.map((k) => `${(k.blSlots + k.transferSlots).toExponential(2)}, ${(k.coincidences + k.transferCoincidences).toExponential(2)}`).join(' / ');
  console.log(`| ${r.name} | ${f(c.forward)} | ${f(c.backward)} | ${f(c.update)} | ${f(c.total)} | ${ev} |`);
}
