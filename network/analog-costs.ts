// network/analog-costs.ts: the time and energy of analog training, from event counts.
//
// analog-train.ts counts per epoch and per layer the events that cost time and energy (forward
// and backward MVMs, pulse-update bit-stream slots, row/column line pulses, device
// coincidences, Tiki-Taka transfer reads and transfer pulses, mixed-precision digital ops);
// `epochCost` turns them into seconds and joules with a `TrainingCosts` object:
//
//   forward  = Σ_layers forwardMvms·forward[l]           (one entry per MVM, whatever the passes)
//   backward = Σ_layers backwardMvms·backward[l]
//   update   = time: (blSlots + transferSlots)·tSlot + transferReads·transferRead[l].time
//                     + digitalOps·digitalOp.time
//              energy: (row + column line pulses, SGD and transfer)·eLinePulse
//                     + (coincidences + transfer coincidences)·eCoincidence
//                     + transferReads·transferRead[l].energy + digitalOps·digitalOp.energy
// The transfer (Tiki-Taka read and write, mixed-precision transfer) is counted in `update`.
// Times add up sequentially (one layer and one operation at a time: no pipelining of layers or
// of forward/backward/update).
//
// Defaults (`defaultTrainingCosts`), each with its source; "assumption" where the reference
// gives nothing:
// - MVM (forward, backward, transfer read) of an n_in x n_out read: bit-serial inputs, one input
//   bit per 100 ns array cycle (ISAAC, ../shared/reference/periphery.md §2.7 "Array cycle"),
//   inpBits cycles (7 for aihwkit's DAC): time = inpBits·100 ns; energy per cycle: n_in 1-bit
//   DACs at 0.42 pJ (ISAAC, §2.7), n_out 8-bit SAR conversions at 1.67 pJ (ISAAC, §2.7) and
//   n_out shift-and-add ops at 0.1 pJ (PUMA/NeuRRAM, §2.7). The backward read swaps n_in, n_out.
// - tSlot = 10 ns per bit-stream slot: assumption (the reference gives no update pulse width for
//   the training presets; the ECRAM cell of devices.md "Device figures" gives a 5 ns read).
// - eLinePulse = C_line·V² with the NeuRRAM word-line capacitance of CiMLoop
//   [(1.5 + 0.6)·N + 48] fF at 130 nm (devices.md "Device figures", N = 256 cells per line,
//   the 256 x 256 array of periphery.md §2.7) and V = 2 V (NeuroSim's write voltage,
//   devices.md "Device figures"): 585.6 fF · 4 V² = 2.34 pJ.
// - eCoincidence = V²/R_on·tSlot with NeuroSim's R_on 100 kΩ and 2 V (devices.md "Device
//   figures") and the assumed tSlot: 0.4 pJ per device pulse (derived, with the assumption).
// - digitalOp (mixed precision: one χ multiply-accumulate or compare): 0.1 pJ (the shift-and-add
//   figure of §2.7 as a proxy: assumption), time 0 (overlapped with the array: assumption).

export interface OpCost {
  /** Seconds. */
  time: number;
  /** Joules. */
  energy: number;
}

export interface UpdateCost {
  /** Seconds per bit-stream slot (BL slots per pulse update). */
  tSlot: number;
  /** Joules per row or column line pulse. */
  eLinePulse: number;
  /** Joules per device pulse (coincidence). */
  eCoincidence: number;
}

export interface TrainingCosts {
  /** Per matrix layer (in layer order), per forward MVM. */
  forward: OpCost[];
  /** Per matrix layer, per backward (transposed) MVM. */
  backward: OpCost[];
  update: UpdateCost;
  /** Per matrix layer, per Tiki-Taka transfer read. */
  transferRead: OpCost[];
  /** Per digital op of mixed precision. */
  digitalOp: OpCost;
}

/** Per layer and per epoch: the events that cost time and energy. */
export interface LayerCounts {
  forwardMvms: number;
  /** Array reads including bound-management repeats (information; costs use forwardMvms). */
  forwardPasses: number;
  backwardMvms: number;
  /** Pulse updates (one per sample). */
  updates: number;
  /** Σ BL over the pulse updates. */
  blSlots: number;
  rowPulses: number;
  colPulses: number;
  coincidences: number;
  transferReads: number;
  /** Slots, line pulses and device pulses of the transfer writes. */
  transferSlots: number;
  transferLinePulses: number;
  transferCoincidences: number;
  digitalOps: number;
}

export function zeroCounts(): LayerCounts {
  return {
    forwardMvms: 0,
    forwardPasses: 0,
    backwardMvms: 0,
    updates: 0,
    blSlots: 0,
    rowPulses: 0,
    colPulses: 0,
    coincidences: 0,
    transferReads: 0,
    transferSlots: 0,
    transferLinePulses: 0,
    transferCoincidences: 0,
    digitalOps: 0,
  };
}

export interface EpochCost {
  forward: OpCost;
  backward: OpCost;
  /** Pulse updates and transfers. */
  update: OpCost;
  total: OpCost;
}

export const T_ARRAY_CYCLE = 100e-9;
export const E_DAC_1BIT = 0.42e-12;
export const E_ADC_8BIT = 1.67e-12;
export const E_SHIFT_ADD = 0.1e-12;
export const T_SLOT = 10e-9;
export const E_LINE_PULSE = (2.1 * 256 + 48) * 1e-15 * 2 * 2;
export const E_COINCIDENCE = ((2 * 2) / 100e3) * T_SLOT;

/** An MVM reading nIn lines into nOut converters with inpBits bit-serial cycles (header). */
export function mvmCost(nIn: number, nOut: number, inpBits = 7): OpCost {
  const cycles = Math.max(1, inpBits);
  return { time: cycles * T_ARRAY_CYCLE, energy: cycles * (nIn * E_DAC_1BIT + nOut * (E_ADC_8BIT + E_SHIFT_ADD)) };
}

/** The defaults of the module header for layers of rows (fan-in) x cols (fan-out). */
export function defaultTrainingCosts(layers: readonly { rows: number; cols: number }[], inpBits = 7): TrainingCosts {
  return {
    forward: layers.map((l) => mvmCost(l.rows, l.cols, inpBits)),
    backward: layers.map((l) => mvmCost(l.cols, l.rows, inpBits)),
    update: { tSlot: T_SLOT, eLinePulse: E_LINE_PULSE, eCoincidence: E_COINCIDENCE },
    transferRead: layers.map((l) => mvmCost(l.rows, l.cols, inpBits)),
    digitalOp: { time: 0, energy: 0.1e-12 },
  };
}

const add = (a: OpCost, b: OpCost): OpCost => ({ time: a.time + b.time, energy: a.energy + b.energy });

/** Time and energy of one epoch's counts (module header). */
export function epochCost(counts: readonly LayerCounts[], costs: TrainingCosts): EpochCost {
  let forward: OpCost = { time: 0, energy: 0 };
  let backward: OpCost = { time: 0, energy: 0 };
  let update: OpCost = { time: 0, energy: 0 };
  const u = costs.update;
  counts.forEach((c, l) => {
    const f = costs.forward[l]!;
    const b = costs.backward[l]!;
    const tr = costs.transferRead[l]!;
    forward = add(forward, { time: c.forwardMvms * f.time, energy: c.forwardMvms * f.energy });
    backward = add(backward, { time: c.backwardMvms * b.time, energy: c.backwardMvms * b.energy });
    update = add(update, {
      time: (c.blSlots + c.transferSlots) * u.tSlot + c.transferReads * tr.time + c.digitalOps * costs.digitalOp.time,
      energy:
        (c.rowPulses + c.colPulses + c.transferLinePulses) * u.eLinePulse +
        (c.coincidences + c.transferCoincidences) * u.eCoincidence +
        c.transferReads * tr.energy +
        c.digitalOps * costs.digitalOp.energy,
    });
  });
  return { forward, backward, update, total: add(add(forward, backward), update) };
}
