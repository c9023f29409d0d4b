import test from 'ava';
import { Rng } from '../emulator/random.js';
import { conv2d, forward, network, type Conv2dLayer } from './layers.js';

/** Direct (six nested loops) convolution, NCHW, zero padding: the reference. */
function directConv(l: Conv2dLayer, x: Float64Array, n: number, h: number, w: number): Float64Array {
  const [kh, kw] = l.kernel;
  const [sh, sw] = l.stride;
  const [ph, pw] = l.padding;
  const ho = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const wo = Math.floor((w + 2 * pw - kw) / sw) + 1;
  const c = l.inChannels;
  const out = new Float64Array(n * l.outChannels * ho * wo);
  for (let s = 0; s < n; s++)
    for (let o = 0; o < l.outChannels; o++)
      for (let oy = 0; oy < ho; oy++)
        for (let ox = 0; ox < wo; ox++) {
          let acc = l.bias[o]!;
          for (let ch = 0; ch < c; ch++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const y = oy * sh - ph + i;
                const xx = ox * sw - pw + j;
                if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
                acc += l.weight[((o * c + ch) * kh + i) * kw + j]! * x[((s * c + ch) * h + y) * w + xx]!;
              }
          out[((s * l.outChannels + o) * ho + oy) * wo + ox] = acc;
        }
  return out;
}

const cases = [
  { c: 1, oc: 1, h: 5, w: 5, k: [3, 3], s: 1, p: 0 },
  { c: 3, oc: 4, h: 8, w: 7, k: [3, 3], s: 1, p: 1 },
  { c: 2, oc: 3, h: 9, w: 9, k: [5, 3], s: 2, p: 2 },
  { c: 1, oc: 2, h: 28, w: 28, k: [5, 5], s: 2, p: 0 },
  { c: 2, oc: 2, h: 4, w: 6, k: [1, 1], s: [1, 2], p: [0, 1] },
] as const;

for (const cs of cases) {
  test(`im2col conv2d equals direct convolution: C${cs.c}→${cs.oc}, ${cs.h}×${cs.w}, k ${cs.k.join('×')}, stride ${cs.s}, pad ${cs.p}`, (t) => {
    const rng = new Rng(11);
    const l = conv2d({ inChannels: cs.c, outChannels: cs.oc, kernel: [cs.k[0], cs.k[1]], stride: cs.s as number | [number, number], padding: cs.p as number | [number, number] }, rng);
    const n = 2;
    const x = new Float64Array(n * cs.c * cs.h * cs.w).map(() => rng.normal());
    const net = network([cs.c, cs.h, cs.w], [l]);
    const got = forward(net, { shape: [n, cs.c, cs.h, cs.w], data: x });
    const want = directConv(l, x, n, cs.h, cs.w);
    t.is(got.data.length, want.length);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - want[i]!));
    t.true(worst < 1e-12, `max |im2col − direct| = ${worst}`);
  });
}
