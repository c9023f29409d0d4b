import test from 'ava';
import { KINDS } from '../../dsl/schema/index.js';
import { Rng } from '../random.js';
import { DEVICE_KINDS, deviceModel, resolveDeviceParams } from './index.js';

test('every device kind of the schema has a model, built from defaults alone (table needs its lists)', (t) => {
  const schemaKinds = Object.entries(KINDS).filter(([, k]) => k.category === 'device').map(([n]) => n).sort();
  t.deepEqual([...DEVICE_KINDS].sort(), schemaKinds);
  for (const kind of DEVICE_KINDS) {
    const params = kind === 'table' ? { levels: [1e-6, 2e-6], sigma: [1e-8, 1e-8] } : {};
    const m = deviceModel(params, kind);
    t.is(m.kind, kind);
    t.true(m.gMin < m.gMax, kind);
    const target = Float64Array.from([m.gMin, (m.gMin + m.gMax) / 2, m.gMax]);
    const p = m.program(target, new Rng(1));
    t.is(p.gProg.length, 3);
    t.is(p.nu.length, 3);
    const out = new Float64Array(3);
    m.drift(p, kind === 'rram_wan2022' ? 1 : 3600, new Rng(2), out);
    t.true(out.every((v) => Number.isFinite(v) && v >= 0), `${kind}: ${Array.from(out)}`);
  }
});

test('resolveDeviceParams: defaults, derived defaults, checks', (t) => {
  const r = resolveDeviceParams({ num_devices: 1 }, 'pcm_hermes');
  t.is(r['num_devices'], 1);
  t.is(r['t0'], 200);
  t.is(r['g_max'], 10.35e-6);
  const tb = resolveDeviceParams({ levels: [1e-6], sigma: [0] }, 'table');
  t.is(tb['nu'], null);
  t.is(tb['nu_sigma'], null);
  t.throws(() => resolveDeviceParams({ g_max: -1 }, 'ideal'), { message: /ideal: parameter `g_max` must be > 0, got -1/ });
  t.throws(() => resolveDeviceParams({ g_max: '25uS' }, 'ideal'), { message: /must be a finite number/ });
  t.throws(() => resolveDeviceParams({ g_max: NaN }, 'ideal'), { message: /must be a finite number/ });
  t.throws(() => resolveDeviceParams({ num_devices: 1.5 }, 'pcm_hermes'), { message: /integer/ });
  t.throws(() => resolveDeviceParams({ levels: [1e-6, NaN], sigma: [0, 0] }, 'table'), { message: /levels`\[1\] must be a finite number/ });
  t.throws(() => resolveDeviceParams({}, 'toString'), { message: /unknown device kind/ });
  t.throws(() => resolveDeviceParams({ constructor: 1 }, 'ideal'), { message: /unknown parameter/ });
  // Null means unset: the default applies.
  t.is(resolveDeviceParams({ t0: null }, 'pcm_like')['t0'], 20);
});
