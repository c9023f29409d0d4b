import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import { IdealModel } from './ideal.js';

test('ideal: program and drift copy; no random numbers drawn', (t) => {
  const m = deviceModel({}, 'ideal');
  t.true(m instanceof IdealModel);
  t.is(m.kind, 'ideal');
  t.true(Math.abs(m.gMax - 25e-6) < 1e-18);
  t.is(m.gMin, 0);
  const target = Float64Array.from([0, 1e-6, 25e-6]);
  const rng = new Rng(1);
  const p = m.program(target, rng);
  t.deepEqual(p.gProg, target);
  t.not(p.gProg, target); // a copy
  t.deepEqual(p.nu, new Float64Array(3));
  const out = new Float64Array(3);
  m.drift(p, 1e9, rng, out);
  t.deepEqual(out, target);
  t.is(rng.uint32(), new Rng(1).uint32());
  t.throws(() => m.drift(p, -1, rng, out), { instanceOf: RangeError });
  t.throws(() => deviceModel({ g_min: 30e-6 }, 'ideal'), { message: /g_min < g_max/ });
});
