// dsl/diagnostics/codes.ts: the registry of every diagnostic xbar can report.
//
// Codes are stable and banded by phase: E1xxx parse, E2xxx elaboration, E3xxx checks,
// E4xxx emulation, E9xxx internal errors. Warnings have a W code and a kebab-case id that
// users may re-level (`--warn unused-declaration=error`); errors cannot be downgraded.
// docs/diagnostics.md is generated from this table (`npm run gen:docs`) and a test keeps it
// current; every code also has at least one case in test/bad/ that produces it.

export interface CodeInfo {
  severity: 'error' | 'warning';
  /** Kebab-case name, stable like the code; the handle users re-level warnings with. */
  id: string;
  /** One line for the documentation table. */
  summary: string;
}

export const CODES = {
  // ---- E1xxx: lexing and parsing
  E1001: { severity: 'error', id: 'invalid-character', summary: 'A character that no token of the language can start with.' },
  E1002: { severity: 'error', id: 'unterminated-string', summary: 'A string literal without its closing `"` on the same line.' },
  E1003: { severity: 'error', id: 'unterminated-comment', summary: 'A `/*` block comment that is never closed.' },
  E1004: { severity: 'error', id: 'unexpected-token', summary: 'A token the grammar does not allow here; the message lists what was expected.' },
  E1005: { severity: 'error', id: 'unexpected-end', summary: 'The file (or the item) ends before the construct is complete.' },
  E1006: { severity: 'error', id: 'nesting-too-deep', summary: 'Brackets or an expression nested deeper than the front end accepts.' },
  E1007: { severity: 'error', id: 'invalid-escape', summary: 'A string escape other than `\\"`, `\\\\`, `\\n`, `\\t`.' },
  E1008: { severity: 'error', id: 'input-too-large', summary: 'A source file larger than the front end accepts.' },

  // ---- E2xxx: elaboration (names, imports, values, units)
  E2001: { severity: 'error', id: 'unknown-name', summary: 'A name that is not declared in scope; suggestions are given for near misses.' },
  E2002: { severity: 'error', id: 'duplicate-definition', summary: 'A name declared twice in the same scope.' },
  E2003: { severity: 'error', id: 'unknown-parameter', summary: 'A parameter that the component kind, tile, chip, link or testbench does not have.' },
  E2004: { severity: 'error', id: 'unknown-unit', summary: 'A unit word that is not a known unit (with SI prefix).' },
  E2005: { severity: 'error', id: 'dimension-mismatch', summary: 'Arithmetic or comparison between quantities of different physical dimensions.' },
  E2006: { severity: 'error', id: 'wrong-unit', summary: 'A value whose dimension is not the one the parameter or expectation needs.' },
  E2007: { severity: 'error', id: 'wrong-type', summary: 'A value of the wrong type (number, boolean, string, list, component, choice).' },
  E2008: { severity: 'error', id: 'missing-parameter', summary: 'A required parameter that is never set.' },
  E2009: { severity: 'error', id: 'wrong-kind', summary: 'A base or type of the wrong category, or an unknown built-in kind.' },
  E2010: { severity: 'error', id: 'import-not-found', summary: 'An import whose file does not exist or cannot be read.' },
  E2011: { severity: 'error', id: 'import-cycle', summary: 'Files that import each other in a cycle.' },
  E2012: { severity: 'error', id: 'circular-definition', summary: 'A constant, parameter or component whose definition depends on itself.' },
  E2013: { severity: 'error', id: 'index-out-of-range', summary: 'An index or lane range outside the array it selects from.' },
  E2014: { severity: 'error', id: 'not-an-integer', summary: 'A non-integer where a count, index, size or bit width is needed.' },
  E2015: { severity: 'error', id: 'invalid-arithmetic', summary: 'Division by zero, or an operation that gives a non-finite number.' },
  E2016: { severity: 'error', id: 'misplaced-statement', summary: 'A statement that is not allowed in this kind of block.' },
  E2017: { severity: 'error', id: 'bad-call', summary: 'An unknown function, or a call with wrong arguments.' },
  E2018: { severity: 'error', id: 'elaboration-limit', summary: 'Loops or instance arrays that would expand beyond the elaboration limits.' },
  E2019: { severity: 'error', id: 'bad-override', summary: 'A `--param` override of a name that is not a top-level `param`, or with an invalid value.' },
  E2020: { severity: 'error', id: 'file-not-found', summary: 'A data file named by a testbench (weights, inputs) that does not exist.' },
  E2021: { severity: 'error', id: 'not-a-member', summary: 'A `.member` that the value does not have.' },
  E2022: { severity: 'error', id: 'bad-endpoint', summary: 'A `connect`, `link` or testbench target that is not an instance path (`name[i].port[lanes]`).' },
  E2023: { severity: 'error', id: 'network-target', summary: 'A `network ... on X` whose X is not a chip or a tile.' },
  E2024: { severity: 'error', id: 'unknown-layer', summary: 'A network statement that is no layer kind (`dense`, `conv2d`, `relu`, ...), or a layer written in the wrong form.' },
  E2025: { severity: 'error', id: 'network-input', summary: 'A network without `input`, or with an input that is not `n` or `[C, H, W]` positive integers.' },
  E2026: { severity: 'error', id: 'unknown-dataset', summary: 'A `train` block whose dataset is not `mnist` or a pair of `inputs` and `labels` files.' },
  E2027: { severity: 'error', id: 'array-source', summary: 'Network weights, biases or dataset arrays that are not `npy("file")`.' },
  E2028: { severity: 'error', id: 'map-target', summary: 'A `map` whose tiles are not tile instance paths (`c[0]`, `c[0..4]`, `c`).' },
  E2029: { severity: 'error', id: 'unknown-override-target', summary: 'A `--param A.B=...` (or `A.B.C`) whose A is not a top-level `param`, a declared component or a tile with an instance B.' },
  E2030: { severity: 'error', id: 'unknown-override-param', summary: 'A `--param COMPONENT.PARAM=...` or `TILE.INSTANCE.PARAM=...` whose PARAM is not a parameter of that component.' },
  E2031: { severity: 'error', id: 'run-network', summary: 'A `run network NAME` whose NAME is not a network, or whose data is not `mnist` or two .npy files.' },

  // ---- E3xxx: checks on the elaborated design
  E3001: { severity: 'error', id: 'out-of-range', summary: 'A parameter value outside its documented range.' },
  E3002: { severity: 'error', id: 'inconsistent-parameters', summary: 'Parameters that contradict each other (g_min >= g_max, list lengths, ...).' },
  E3003: { severity: 'error', id: 'width-mismatch', summary: 'A connection between ports with different lane counts.' },
  E3004: { severity: 'error', id: 'adc-width-mismatch', summary: 'Columns that do not match the number of ADCs times their mux ratio.' },
  E3005: { severity: 'error', id: 'unconnected', summary: 'A port (or some of its lanes) that nothing drives or nothing reads.' },
  E3006: { severity: 'error', id: 'double-driven', summary: 'An input lane driven by two connections or links.' },
  E3007: { severity: 'error', id: 'incompatible-ports', summary: 'A connection between ports of different signal domains (digital, analog voltage, current).' },
  E3008: { severity: 'error', id: 'combinational-loop', summary: 'A loop of connections or zero-latency links with no register or buffer in it.' },
  E3009: { severity: 'error', id: 'resource-limit', summary: 'A design that would need more memory to emulate than is available.' },
  E3010: { severity: 'error', id: 'missing-clock', summary: 'A tile with no clock, from itself or from its chip.' },
  E3011: { severity: 'error', id: 'missing-stage', summary: 'A pipeline that lacks a stage its other stages need (e.g. shift-and-add for bit-serial inputs).' },
  E3012: { severity: 'error', id: 'stimulus-shape', summary: 'Testbench data whose shape does not match the ports it drives or programs.' },
  E3013: { severity: 'error', id: 'code-out-of-range', summary: 'An input code outside what the DAC can represent.' },
  E3014: { severity: 'error', id: 'bad-target', summary: 'A testbench target that lacks what the statement needs (a crossbar to program, DACs to drive, a whole tile to measure).' },
  E3015: { severity: 'error', id: 'incompatible-setting', summary: 'A testbench setting that the devices or components it uses cannot honour.' },
  E3025: { severity: 'error', id: 'converter-table-length', summary: 'A DAC or ADC `inl` / `dnl` table without exactly one value per code (or per digit).' },
  E3026: { severity: 'error', id: 'non-monotonic-converter', summary: 'A DAC or ADC error table that makes a code 0 LSB wide or less (DNL <= -1): codes would not be monotonic.' },
  E3027: { severity: 'error', id: 'converter-profile', summary: 'INL/DNL on a converter that cannot store them: a 1-bit ADC, or a random profile above 12 bits.' },
  E3035: { severity: 'error', id: 'bound-management-dac', summary: 'Iterative bound management on a crossbar driven by bit-serial DACs (a one-bit slice cannot be scaled down).' },
  E3045: { severity: 'error', id: 'network-shape', summary: 'Network layers whose shapes do not chain (a dense layer after conv2d without `flatten`, a wrong `in`, an empty conv output, a dataset of another shape).' },
  E3046: { severity: 'error', id: 'network-weights', summary: 'A weighted layer with no weights and no `train` block, or weights both loaded and trained.' },
  E3047: { severity: 'error', id: 'network-map', summary: 'A `map` that names no weighted layer or no tile instance of the target, or that gives a tile or layer twice.' },
  E3048: { severity: 'error', id: 'network-fit', summary: 'A network that does not fit its chip: more tile-sized pieces than tile instances, a tile without a crossbar, or a piece larger than its tile.' },
  E3049: { severity: 'error', id: 'duplicate-layer', summary: 'Two layers of one network with the same name.' },
  E3050: { severity: 'error', id: 'interconnect-clock', summary: 'A chip whose `interconnect` is a bus or a mesh but that has no clock to arbitrate it on.' },
  E3051: { severity: 'error', id: 'dac-mux-chain', summary: 'Time-multiplexed DACs (`mux` > 1) on a tile whose chain cannot accumulate the row groups (no integrator, and not a CCO ADC right after the array).' },
  E3052: { severity: 'error', id: 'dac-mux-count', summary: 'A DAC instance whose count (rows) is not a multiple of its `mux` (rows per physical DAC).' },
  E3053: { severity: 'error', id: 'adc-share-kind', summary: 'Tiles grouped by the chip\'s `adc_share` whose ADC banks are not the same kind with the same parameters.' },
  E3054: { severity: 'error', id: 'adc-share-size', summary: 'Tiles grouped by the chip\'s `adc_share` whose ADC banks have different numbers of ADCs or lanes.' },
  E3055: { severity: 'error', id: 'network-run-target', summary: 'A testbench that runs (or expects metrics of) a network placed on another chip or tile, or expects metrics of a network it does not run.' },
  E3060: { severity: 'error', id: 'analog-training-target', summary: 'In-memory training (`algorithm` other than float) of a conv2d layer, or on tiles whose crossbar device is not `pulsed` (or not one device for the whole network).' },
  E3061: { severity: 'error', id: 'device-cannot-train', summary: 'A pulsed device that cannot train: no step in one direction, bounds that do not straddle zero, a value that is not finite.' },

  // ---- E4xxx: emulation (xbar sim, xbar test)
  E4001: { severity: 'error', id: 'delta-limit', summary: 'Signals that keep changing at one time (more delta cycles than the limit): a combinational loop at run time.' },
  E4002: { severity: 'error', id: 'data-file', summary: 'A weight or input file that cannot be read: not found, not a valid .npy or CSV, wrong dtype or byte order.' },
  E4003: { severity: 'error', id: 'data-shape', summary: 'Weights or inputs whose shape does not match the crossbar or the tile inputs, or that are not finite.' },
  E4004: { severity: 'error', id: 'input-code', summary: 'An input code from a file or stimulus outside the DAC range, or not an integer.' },
  E4005: { severity: 'error', id: 'stimulus', summary: 'A VCD stimulus that does not parse, or that has no such signal.' },
  E4006: { severity: 'error', id: 'not-emulated', summary: 'A tile structure the emulator cannot run yet (it says which).' },
  E4007: { severity: 'error', id: 'timeout', summary: '`run until idle` still busy at the testbench timeout (simulated time).' },
  E4008: { severity: 'error', id: 'trace-output', summary: 'A trace file that cannot be written, or several trace files in one testbench.' },
  E4009: { severity: 'error', id: 'expectation-target', summary: 'An expectation on a tile that produced no outputs in the run.' },
  E4010: { severity: 'error', id: 'npy-file', summary: 'A network `.npy` file that cannot be read: missing, or not a valid .npy file (xbar infer).' },
  E4011: { severity: 'error', id: 'npy-shape', summary: 'A network weight, bias or dataset `.npy` whose shape is not the one the layer needs (it says expected and found).' },
  E4012: { severity: 'error', id: 'npy-dtype', summary: 'A network `.npy` of another dtype than float32 or float64 (labels: integers).' },
  E4013: { severity: 'error', id: 'npy-byte-order', summary: 'A network `.npy` saved big-endian; xbar reads little-endian arrays.' },
  E4014: { severity: 'error', id: 'npy-fortran-order', summary: 'A network `.npy` saved in Fortran order; xbar reads C-order arrays.' },
  E4015: { severity: 'error', id: 'npy-not-finite', summary: 'A network `.npy` holding NaN or an infinity (it names the index).' },
  E4017: { severity: 'error', id: 'network-tile', summary: 'A tile that cannot run a network layer: its outputs do not give every crossbar column, or its structure is not emulated.' },
  E4018: { severity: 'error', id: 'network-data', summary: 'A network without a dataset, a dataset that does not fit it, or training that cannot run.' },
  E4019: { severity: 'error', id: 'training-setup', summary: 'In-memory training that cannot start: a learning rate that gives no pulses, data that does not fit the network (found before the first update).' },

  // ---- E5xxx: export requests (xbar export), reported without a source location
  E5001: { severity: 'error', id: 'export-target', summary: 'An export request that names no tile, tile instance or testbench of the description.' },
  E5002: { severity: 'error', id: 'export-output', summary: 'An export folder that cannot be written (it is a file, or the disk refuses); nothing is written.' },
  E5003: { severity: 'error', id: 'export-input', summary: 'An export input vector that does not fit the tile (length, integer codes, DAC range).' },

  // ---- warnings
  W3001: { severity: 'warning', id: 'unused-declaration', summary: 'A component or constant declared in a user file but never used.' },
  W3002: { severity: 'warning', id: 'clock-period-rounded', summary: 'A clock whose period is not a whole number of femtoseconds; it is rounded.' },
  W3003: { severity: 'warning', id: 'name-shadows-unit', summary: 'A constant whose name is also a unit; `2 * name` uses the constant.' },
  W3045: { severity: 'warning', id: 'network-without-weights', summary: 'A network with no dense or conv2d layer: nothing of it runs on the chip.' },
  W3046: { severity: 'warning', id: 'softmax-not-last', summary: 'A softmax that is not the last layer of its network.' },

  // ---- E9xxx: internal errors (a bug in xbar, never the user's fault)
  E9001: { severity: 'error', id: 'internal-error', summary: 'An internal error: please report it with the input that caused it.' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** Warning ids users may re-level, mapped to their codes. */
export function warningIds(): Map<string, Code> {
  const m = new Map<string, Code>();
  for (const [code, info] of Object.entries(CODES) as [Code, CodeInfo][]) {
    if (info.severity === 'warning') m.set(info.id, code);
  }
  return m;
}
