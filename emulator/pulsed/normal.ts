// emulator/pulsed/normal.ts: a fast standard normal from a seeded Rng, for the per-pulse
// cycle-to-cycle noise of the pulsed devices (one draw per pulse: the pulse update's hot loop).
//
// Marsaglia & Tsang's ziggurat (J. Stat. Softw. 5(8), 2000, "The Ziggurat Method for Generating
// Random Variables", RNOR with 128 layers, r = 3.442619855899, v = 9.91256303526217e-3), with
// the layer index and the value taken from disjoint bits of one 32-bit draw (low 7 bits: layer;
// high 25 bits: value), which avoids the correlation between them that Doornik (2005) and
// Leong et al. (2005) point out in the original (which reused the value's low bits). Everything comes from
// `rng.uint32()` (plus `Math.log` / `Math.exp` on the rare wedge and tail path, which V8
// computes with its own fdlibm port: the same bits on every platform, see emulator/random.ts),
// so a stream is a function of the seed. About 4x faster than `Rng.normal()` (polar method).
import type { Rng } from '../random.js';

const M1 = 2147483648; // 2^31
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const KN = new Uint32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * M1);
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
}

/** A uniform in (0, 1) (never 0: it goes into a log). */
function uni(rng: Rng): number {
  return (rng.uint32() + 0.5) / 4294967296;
}

/** A standard normal deviate by the ziggurat method (module header). */
export function zigguratNormal(rng: Rng): number {
  for (;;) {
    const u = rng.uint32();
    const iz = u & 127; // layer: the low 7 bits
    const hz = (u & 0xffffff80) | 0; // value: the high 25 bits, signed (independent of iz)
    const ahz = hz < 0 ? -hz : hz;
    if (ahz < KN[iz]!) return hz * WN[iz]!;
    // Slow path (about 1.3% of draws).
    if (iz === 0) {
      // The tail beyond r.
      let x: number;
      let y: number;
      do {
        x = -Math.log(uni(rng)) / R;
        y = -Math.log(uni(rng));
      } while (y + y < x * x);
      return hz > 0 ? R + x : -R - x;
    }
    const x = hz * WN[iz]!;
    if (FN[iz]! + uni(rng) * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
  }
}
