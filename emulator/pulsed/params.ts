// emulator/pulsed/params.ts: the parameter set of a pulsed training device (aihwkit's
// `PulsedDevice` and its update-rule subclasses), with aihwkit's names and defaults, and
// `checkTrainable`, the plain-words list of reasons a parameter set cannot train.
//
// Sources: ../shared/reference/devices.md §3.1 (PulsedDevice defaults table, device-to-device
// sampling) and §3.2 (per-rule parameters and defaults). Names are aihwkit's (snake_case) so a
// preset can be compared line by line with `src/aihwkit/simulator/configs/devices.py`.

/** The update-once rule (devices.md §3.2). */
export type PulsedRule = 'constant' | 'linear' | 'soft_bounds' | 'exp' | 'pow';

export const PULSED_RULES: readonly PulsedRule[] = ['constant', 'linear', 'soft_bounds', 'exp', 'pow'];

export interface PulsedDeviceParams {
  rule: PulsedRule;
  // --- PulsedDevice (devices.md §3.1 table) ---
  /** Mean step size (weight units); also the weight granularity of the pulse update (§3.3). */
  dw_min: number;
  /** Device-to-device spread of the step size (relative): gain g = 1 + dw_min_dtod·ξ. */
  dw_min_dtod: number;
  /** Gain drawn log-normal, g = exp(dw_min_dtod·ξ), instead of 1 + dw_min_dtod·ξ (§3.1). */
  dw_min_dtod_log_normal: boolean;
  /** Cycle-to-cycle noise of each step (relative): σ in (1 + σξ) (§3.2). */
  dw_min_std: number;
  /** Mean up/down asymmetry (§3.1). */
  up_down: number;
  /** Device-to-device spread of the up/down asymmetry: r = up_down_dtod·ξ (§3.1). */
  up_down_dtod: number;
  w_max: number;
  w_min: number;
  /** Relative spread of the bounds: b_max = w_max·(1 + w_max_dtod·ξ) (§3.1). */
  w_max_dtod: number;
  w_min_dtod: number;
  /** Abs-value the step sizes and force the bounds to straddle 0 (§3.1 "Consistency"). */
  enforce_consistency: boolean;
  /** Write noise (units of dw_min) on an apparent weight over the persistent one (§3.2, LinearStep). */
  write_noise_std: number;
  /** Decay lifetime in updates: w ← w·(1 − 1/lifetime) per `decay()` call; 0: no decay (§3.1). */
  lifetime: number;
  /** One device of a G+/G− OneSided pair (PCM): bounds [0, w_max] are allowed (§3.2, §3.4). */
  one_sided: boolean;
  // --- LinearStep (§3.2); also the exponents of ExpStep ---
  gamma_up: number;
  gamma_down: number;
  gamma_up_dtod: number;
  gamma_down_dtod: number;
  /** Keep the sign of γ ± γ_dtod·ξ instead of abs-valuing it (§3.2). */
  allow_increasing: boolean;
  /** Slopes relative to the mean bounds w_max/w_min (true) or each device's own bounds (§3.2). */
  mean_bound_reference: boolean;
  /** Multiplicative (true) or additive cycle-to-cycle noise (§3.2). */
  mult_noise: boolean;
  // --- ExpStep (§3.2) ---
  A_up: number;
  A_down: number;
  a: number;
  b: number;
  // --- PowStep (§3.2) ---
  pow_gamma: number;
  pow_gamma_dtod: number;
  pow_up_down: number;
}

/** aihwkit `PulsedDevice` defaults (devices.md §3.1 table) and the LinearStep / PowStep ones (§3.2). */
const PULSED_DEVICE_DEFAULTS: Omit<PulsedDeviceParams, 'rule'> = {
  dw_min: 0.001,
  dw_min_dtod: 0.3,
  dw_min_dtod_log_normal: false,
  dw_min_std: 0.3,
  up_down: 0,
  up_down_dtod: 0.01,
  w_max: 0.6,
  w_min: -0.6,
  w_max_dtod: 0.3,
  w_min_dtod: 0.3,
  enforce_consistency: true,
  write_noise_std: 0,
  lifetime: 0,
  one_sided: false,
  gamma_up: 0,
  gamma_down: 0,
  gamma_up_dtod: 0.05,
  gamma_down_dtod: 0.05,
  allow_increasing: false,
  mean_bound_reference: true,
  mult_noise: true,
  A_up: 0.00081,
  A_down: 0.36833,
  a: 0.244,
  b: 0.2425,
  pow_gamma: 1,
  pow_gamma_dtod: 0.1,
  pow_up_down: 0,
};

/**
 * The defaults of one rule. Differences from PulsedDevice (devices.md §3.2):
 * - soft_bounds: γ = 1, γ dtod 0, mean_bound_reference false, mult_noise true (the C++ enforces it).
 * - exp: γ_up 12.44625, γ_down 12.78785 (with A_up 0.00081, A_down 0.36833, a 0.244, b 0.2425).
 */
export function defaultPulsedParams(rule: PulsedRule, overrides: Partial<PulsedDeviceParams> = {}): PulsedDeviceParams {
  const p: PulsedDeviceParams = { ...PULSED_DEVICE_DEFAULTS, rule };
  if (rule === 'soft_bounds') {
    Object.assign(p, { gamma_up: 1, gamma_down: 1, gamma_up_dtod: 0, gamma_down_dtod: 0, mean_bound_reference: false, mult_noise: true });
  } else if (rule === 'exp') {
    Object.assign(p, { gamma_up: 12.44625, gamma_down: 12.78785, gamma_up_dtod: 0, gamma_down_dtod: 0 });
  }
  Object.assign(p, overrides);
  if (rule === 'soft_bounds') {
    // devices.md §3.2: "SoftBounds is LinearStep with γ = 1, dtod 0 and mean_bound_reference = false
    // ... (the C++ enforces this)".
    Object.assign(p, { gamma_up: 1, gamma_down: 1, gamma_up_dtod: 0, gamma_down_dtod: 0, mean_bound_reference: false, mult_noise: true });
  }
  return p;
}

/** ExpStep step factor at weight w, up (dir +1) or down (dir −1), device bounds bmin..bmax (§3.2). */
export function expFactor(p: PulsedDeviceParams, w: number, bmin: number, bmax: number, up: boolean): number {
  const z = (2 * p.a * w) / (bmax - bmin) + p.b;
  return up ? Math.max(1 - p.A_up * Math.exp(p.gamma_up * z), 0) : Math.max(1 - p.A_down * Math.exp(-p.gamma_down * z), 0);
}

/**
 * Why this parameter set cannot train, in plain words (empty: it can). Checked on the mean
 * device (no d2d draw): the language layer turns each entry into a diagnostic.
 */
export function checkTrainable(p: PulsedDeviceParams): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'number' && !Number.isFinite(v) && !(k === 'lifetime' && v === Infinity)) {
      problems.push(`parameter \`${k}\` is ${Number.isNaN(v) ? 'not a number' : 'infinite'}`);
    }
  }
  if (problems.length > 0) return problems;
  if (!(p.dw_min > 0)) problems.push(`the step size dw_min is ${p.dw_min}: it must be > 0, or no pulse changes a weight`);
  if (!(p.w_max > p.w_min)) problems.push(`the bounds are empty: w_max (${p.w_max}) must be above w_min (${p.w_min})`);
  else if (p.one_sided) {
    if (p.w_min < 0 || p.w_max <= 0) problems.push(`a one-sided device needs 0 <= w_min < w_max, got [${p.w_min}, ${p.w_max}]`);
  } else if (p.w_min >= 0 || p.w_max <= 0) {
    problems.push(`the bounds [${p.w_min}, ${p.w_max}] do not straddle zero: the weight cannot take both signs (only a one-sided pair device may)`);
  }
  if (p.dw_min > 0) {
    // Mean steps of §3.1 with g = 1, r = 0.
    const up = p.up_down > 0 ? 1 : 1 + p.up_down;
    const down = p.up_down > 0 ? 1 - p.up_down : 1;
    let fUp = up;
    let fDown = down;
    const w0 = p.one_sided ? p.w_min : 0;
    if (p.rule === 'exp' && p.w_max > p.w_min) {
      fUp *= expFactor(p, w0, p.w_min, p.w_max, true);
      fDown *= expFactor(p, w0, p.w_min, p.w_max, false);
    } else if (p.rule === 'pow' && p.w_max > p.w_min) {
      const range = p.w_max - p.w_min;
      fUp *= Math.pow((p.w_max - w0) / range, p.pow_gamma * (1 + p.pow_up_down));
      if (!p.one_sided) fDown *= Math.pow((w0 - p.w_min) / range, p.pow_gamma * (1 - p.pow_up_down));
    } else if (p.rule === 'linear' || p.rule === 'soft_bounds') {
      // At w = 0 the slope term vanishes: Δw^± itself.
    }
    if (!(fUp > 0)) problems.push(`the up step is zero (up_down = ${p.up_down}${p.rule === 'exp' ? ', A_up/gamma_up' : ''}): the weight can never increase from ${w0}`);
    if (!(fDown > 0) && !p.one_sided) problems.push(`the down step is zero (up_down = ${p.up_down}${p.rule === 'exp' ? ', A_down/gamma_down' : ''}): the weight can never decrease from ${w0}`);
  }
  if (p.dw_min_std < 0) problems.push(`the cycle-to-cycle noise dw_min_std is negative (${p.dw_min_std})`);
  return problems;
}
