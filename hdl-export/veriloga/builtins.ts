// hdl-export/veriloga/builtins.ts: the functions, analog operators, system functions and
// disciplines the lint knows, with their number of arguments ([min, max]).

export type Arity = readonly [number, number];
const ANY: Arity = [0, Infinity];

/**
 * Constant (mathematical) functions, LRM 2.4 §4.3: with constant arguments their value is
 * constant, so they may appear in constant expressions (ranges, conditions of §4.5.15).
 */
export const MATH_FUNCTIONS: ReadonlyMap<string, { arity: Arity; fn: (...a: number[]) => number }> = new Map([
  ['abs', { arity: [1, 1], fn: Math.abs }],
  ['sqrt', { arity: [1, 1], fn: Math.sqrt }],
  ['exp', { arity: [1, 1], fn: Math.exp }],
  ['ln', { arity: [1, 1], fn: Math.log }],
  ['log', { arity: [1, 1], fn: Math.log10 }],
  ['floor', { arity: [1, 1], fn: Math.floor }],
  ['ceil', { arity: [1, 1], fn: Math.ceil }],
  ['pow', { arity: [2, 2], fn: Math.pow }],
  ['min', { arity: [2, 2], fn: Math.min }],
  ['max', { arity: [2, 2], fn: Math.max }],
  ['sin', { arity: [1, 1], fn: Math.sin }],
  ['cos', { arity: [1, 1], fn: Math.cos }],
  ['tan', { arity: [1, 1], fn: Math.tan }],
  ['asin', { arity: [1, 1], fn: Math.asin }],
  ['acos', { arity: [1, 1], fn: Math.acos }],
  ['atan', { arity: [1, 1], fn: Math.atan }],
  ['atan2', { arity: [2, 2], fn: Math.atan2 }],
  ['hypot', { arity: [2, 2], fn: Math.hypot }],
  ['sinh', { arity: [1, 1], fn: Math.sinh }],
  ['cosh', { arity: [1, 1], fn: Math.cosh }],
  ['tanh', { arity: [1, 1], fn: Math.tanh }],
  ['asinh', { arity: [1, 1], fn: Math.asinh }],
  ['acosh', { arity: [1, 1], fn: Math.acosh }],
  ['atanh', { arity: [1, 1], fn: Math.atanh }],
] as const);

/**
 * Analog operators restricted by LRM 2.4 §4.5.15 (and §5.10 for event bodies): they keep
 * state across time steps, so they must be evaluated at every step. `cross`, `above` and
 * `timer` count as operators when they are used outside an event expression.
 */
export const ANALOG_OPERATORS: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  ['ddt', [1, 2]],
  ['idt', [1, 4]],
  ['idtmod', [1, 5]],
  ['transition', [1, 5]],
  ['slew', [1, 3]],
  ['laplace_zd', [3, 4]],
  ['laplace_zp', [3, 4]],
  ['laplace_np', [3, 4]],
  ['laplace_nd', [3, 4]],
  ['zi_zd', [4, 6]],
  ['zi_zp', [4, 6]],
  ['zi_np', [4, 6]],
  ['zi_nd', [4, 6]],
  ['absdelta', [2, 5]],
  ['last_crossing', [1, 2]],
  ['cross', [1, 5]],
  ['above', [1, 4]],
  ['timer', [1, 4]],
]);

/** Other built-in functions (not constant, not restricted by §4.5.15). */
export const OTHER_FUNCTIONS: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  ['limexp', [1, 1]],
  ['ddx', [2, 2]],
  ['white_noise', [1, 2]],
  ['flicker_noise', [2, 3]],
  ['noise_table', [1, 3]],
  ['analysis', [1, Infinity]],
]);

/** The events `@(...)` accepts, with their arguments. */
export const EVENT_ARITY: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  ['initial_step', ANY],
  ['final_step', ANY],
  ['initial_model', [0, 0]],
  ['initial_instance', [0, 0]],
  ['cross', [1, 5]],
  ['above', [1, 4]],
  ['timer', [1, 4]],
  ['absdelta', [2, 5]],
]);

/** System functions and tasks. */
export const SYSTEM_FUNCTIONS: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  ['$abstime', [0, 0]],
  ['$realtime', [0, 1]],
  ['$temperature', [0, 0]],
  ['$vt', [0, 1]],
  ['$random', [0, 1]],
  ['$rdist_normal', [3, 4]],
  ['$rdist_uniform', [3, 4]],
  ['$rdist_exponential', [2, 3]],
  ['$rdist_poisson', [2, 3]],
  ['$dist_normal', [3, 3]],
  ['$dist_uniform', [3, 3]],
  ['$simparam', [1, 2]],
  ['$mfactor', [0, 0]],
  ['$param_given', [1, 1]],
  ['$port_connected', [1, 1]],
  ['$strobe', ANY],
  ['$display', ANY],
  ['$write', ANY],
  ['$monitor', ANY],
  ['$debug', ANY],
  ['$fatal', ANY],
  ['$error', ANY],
  ['$warning', ANY],
  ['$info', ANY],
  ['$bound_step', [1, 1]],
  ['$discontinuity', [0, 1]],
  ['$finish', [0, 1]],
  ['$stop', [0, 1]],
]);

/** System functions whose first argument is a seed variable they read and write. */
export const SEEDED: ReadonlySet<string> = new Set([
  '$random', '$rdist_normal', '$rdist_uniform', '$rdist_exponential', '$rdist_poisson', '$dist_normal', '$dist_uniform',
]);

/** The disciplines of the standard disciplines.vams (LRM 2.4 Annex D.1). */
export const STANDARD_DISCIPLINES: ReadonlySet<string> = new Set([
  'electrical', 'voltage', 'current', 'magnetic', 'thermal', 'kinematic', 'kinematic_v', 'rotational', 'rotational_omega',
]);

export function arityText(a: Arity): string {
  if (a[0] === a[1]) return `${a[0]} argument${a[0] === 1 ? '' : 's'}`;
  if (a[1] === Infinity) return `at least ${a[0]} argument${a[0] === 1 ? '' : 's'}`;
  return `${a[0]} to ${a[1]} arguments`;
}
