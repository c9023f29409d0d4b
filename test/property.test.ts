// test/property.test.ts: property-based and adversarial tests of the front end (seeded).
//
// 1. Generated descriptions (test/generate.ts) are valid: they check with no diagnostics,
//    and the IR dump and rendered text are the same on a second run.
// 2. Untrusted input never breaks the front end: random strings (ASCII, full Unicode, lone
//    surrogates), token soups built from the language's vocabulary, and mutations of the
//    example files and of generated descriptions (delete, duplicate, swap, insert tokens,
//    characters or lines, truncate, replace names, replace numbers with plain or weird ones
//    such as 1e400, -0, 0x, 1_000). For every input, `checkText` does not throw, the result is
//    either a checked design with no errors or at least one error, every diagnostic has a
//    registered code (with its registered severity) and spans inside the file they name,
//    there is no internal error (E9001: an exception caught by the pipeline), and a second
//    run gives the same rendered text, codes and IR dump.
// 3. Adversarial shapes (deep nesting, long chains, huge loops and arrays, big files, long
//    import chains) return diagnostics (or a valid IR) without throwing.
// 4. Minimal reproductions of front-end bugs found by the above.
//
// Untrusted inputs run in worker threads (a pool of two, with about the main thread's stack
// and a heap limit) behind a hang guard, so that a hang or an out-of-memory in the front end
// fails one test instead of the whole run. The guard only detects hangs: it is far above the
// expected time (milliseconds), and no test asserts how long anything takes. Every fast-check
// property has a fixed seed.
import test from 'ava';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { CODES } from '../dsl/diagnostics/codes.js';
import { KEYWORDS, lex } from '../grammar/lexer.js';
import { generateDescription } from './generate.js';
import { checkText } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

/** A check that has not answered after this long is a hang (expected: milliseconds; the biggest
 * adversarial shapes take about a second alone, several under a loaded CI machine). */
const HANG_GUARD_MS = 30_000;
/** Heap of each worker: an input that needs more is an out-of-memory bug, not a crash of the run. */
const WORKER_HEAP_MB = 1536;
/** Stack of each worker: about the main thread's (V8's default, 984 KiB), as for the CLI. */
const WORKER_STACK_MB = 1;
const SEED = 20240611;
/** fast-check options shared by every property: a fixed seed, and the failure's message in the report. */
const FC = { seed: SEED, includeErrorInReport: true } as const;

// ---------------------------------------------------------------- the worker pool

/** What a worker reports about one input (diagnostics capped; checks done on this side). */
interface Summary {
  diagCount: number;
  errorCount: number;
  /** The first diagnostics, each with its spans and the length of the file each span names. */
  diags: { code: string; severity: string; message: string; spans: ({ file: number; start: number; end: number; fileLength: number | null } | null)[] }[];
  design: boolean;
  elaborated: boolean;
  stoppedAt: string;
  codesHead: string[];
  /** A second run gave the same rendered text, codes and IR dump (true if there was one run). */
  deterministic: boolean;
  difference: string;
}

type Outcome =
  | { kind: 'done'; summary: Summary }
  | { kind: 'threw'; error: string }
  | { kind: 'hang'; afterMs: number }
  | { kind: 'crashed'; error: string };

const MAX_DIAGS = 500;

// The worker is plain JavaScript (an eval worker); it loads test/helpers.ts through tsx.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const HELPERS = ${JSON.stringify(path.join(HERE, 'helpers.ts'))};
const PARENT = ${JSON.stringify(import.meta.url)};
import('tsx/esm/api').then((api) => api.tsImport(HELPERS, PARENT)).then((h) => {
  parentPort.on('message', (job) => {
    let out;
    try {
      const a = h.checkText(job.main, job.others);
      const b = job.twice ? h.checkText(job.main, job.others) : a;
      const files = a.result.sources.files;
      const spanInfo = (s) => s ? { file: s.file, start: s.start, end: s.end, fileLength: files[s.file] ? files[s.file].text.length : null } : null;
      const difference = a.text !== b.text ? 'rendered text' : a.ir !== b.ir ? 'IR dump' : a.codes.join() !== b.codes.join() ? 'codes' : '';
      out = { kind: 'done', summary: {
        diagCount: a.diagnostics.length,
        errorCount: a.diagnostics.filter((d) => d.severity === 'error').length,
        diags: a.diagnostics.slice(0, ${MAX_DIAGS}).map((d) => ({
          code: d.code, severity: d.severity, message: d.message,
          spans: [d.span, ...(d.labels || []).map((l) => l.span)].map(spanInfo),
        })),
        design: a.result.design !== null,
        elaborated: a.result.elaborated !== null,
        stoppedAt: a.result.stoppedAt,
        codesHead: a.codes.slice(0, 8),
        deterministic: difference === '',
        difference,
      } };
    } catch (e) {
      out = { kind: 'threw', error: String((e && e.stack) || e) };
    }
    parentPort.postMessage({ id: job.id, out });
  });
  parentPort.postMessage({ ready: true });
});
`;

interface Job {
  id: number;
  main: string;
  others: Record<string, string>;
  /** Run the check a second time and compare (determinism). */
  twice: boolean;
  resolve: (o: Outcome) => void;
}

class Slot {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const w = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, stackSizeMb: WORKER_STACK_MB } });
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) {
          w.off('message', onMessage);
          resolve();
        }
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
    return this.ready;
  }

  private discard(): void {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) void w.terminate();
  }

  async run(job: Job): Promise<Outcome> {
    try {
      await this.start();
    } catch (e) {
      this.discard();
      return { kind: 'crashed', error: `worker failed to start: ${String(e)}` };
    }
    const w = this.worker!;
    return new Promise<Outcome>((resolve) => {
      const started = Date.now();
      const finish = (o: Outcome, discard: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (discard) this.discard();
        resolve(o);
      };
      const onMessage = (m: { id: number; out: Outcome }) => {
        if (m.id === job.id) finish(m.out, false);
      };
      const onError = (e: Error) => finish({ kind: 'crashed', error: `${(e as { code?: string }).code ?? ''} ${e.message}` }, true);
      const onExit = (code: number) => finish({ kind: 'crashed', error: `worker exited with code ${code}` }, true);
      const timer = setTimeout(() => finish({ kind: 'hang', afterMs: Date.now() - started }, true), HANG_GUARD_MS);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id: job.id, main: job.main, others: job.others, twice: job.twice });
    });
  }

  close(): void {
    this.discard();
  }
}

class Pool {
  private readonly slots: Slot[];
  private readonly idle: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(size: number) {
    this.slots = Array.from({ length: size }, () => new Slot());
    this.idle = [...this.slots];
  }

  check(main: string, others: Record<string, string> = {}, twice = true): Promise<Outcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, main, others, twice, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const slot = this.idle.pop()!;
      const job = this.queue.shift()!;
      void slot.run(job).then((o) => {
        this.idle.push(slot);
        job.resolve(o);
        this.pump();
      });
    }
  }

  close(): void {
    for (const s of this.slots) s.close();
  }
}

const pool = new Pool(2);
test.after.always(() => pool.close());

// ---------------------------------------------------------------- invariants

function preview(text: string): string {
  return text.length > 300 ? `${JSON.stringify(text.slice(0, 300))}... (${text.length} chars)` : JSON.stringify(text);
}

/** Problems with one outcome; empty when every invariant holds. */
function violations(o: Outcome): string[] {
  if (o.kind === 'threw') return [`checkText threw: ${o.error.split('\n').slice(0, 6).join('\n')}`];
  if (o.kind === 'hang') return [`no answer within the ${HANG_GUARD_MS} ms hang guard (expected milliseconds): a hang`];
  if (o.kind === 'crashed') return [`the check crashed its worker: ${o.error}`];
  const s = o.summary;
  const out: string[] = [];
  if (!s.deterministic) out.push(`a second run gave a different ${s.difference}`);
  if (s.errorCount === 0 && !s.design) out.push(`no error, but no checked design (stopped at ${s.stoppedAt})`);
  if (s.errorCount > 0 && s.design) out.push('errors, yet a checked design');
  for (const d of s.diags) {
    if (!Object.hasOwn(CODES, d.code)) out.push(`unregistered code ${d.code}: ${d.message}`);
    else if (CODES[d.code as keyof typeof CODES].severity !== d.severity) out.push(`${d.code} has severity ${d.severity}`);
    if (d.code === 'E9001') out.push(`internal error (an exception inside the front end): ${d.message}`);
    d.spans.forEach((sp, i) => {
      const what = i === 0 ? 'primary span' : `label span ${i}`;
      if (!sp) {
        if (i === 0) out.push(`${d.code} has no span: ${d.message}`);
        return;
      }
      if (sp.fileLength === null) out.push(`${d.code} ${what} names file ${sp.file}, which does not exist`);
      else if (!(Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start >= 0 && sp.start <= sp.end && sp.end <= sp.fileLength)) {
        out.push(`${d.code} ${what} ${sp.start}..${sp.end} is outside file ${sp.file} (${sp.fileLength} chars): ${d.message}`);
      }
    });
  }
  return out;
}

/** Where the front end stopped, per fuzz test: shows how deep the inputs reach. */
type Tally = Map<string, number>;

function showTally(tally: Tally): string {
  return [...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** Hangs seen by each property; after MAX_HANGS, fast-check's shrink candidates are not run. */
type HangCount = { n: number };
const MAX_HANGS = 3;

/**
 * For fast-check: throw (so that the input is shrunk) if an invariant does not hold. A hang
 * costs the whole guard, so shrinking a hang is bounded: once a property has seen MAX_HANGS
 * hangs (it has failed already), later candidates count as passing and fast-check reports the
 * last input that hung.
 */
async function checkUntrusted(main: string, others: Record<string, string> = {}, tally?: Tally, hangs?: HangCount): Promise<void> {
  if (hangs && hangs.n >= MAX_HANGS) return;
  const o = await pool.check(main, others);
  if (hangs && o.kind === 'hang') hangs.n++;
  const v = violations(o);
  if (v.length) throw new Error(`${v.join('\n')}\ninput: ${preview(main)}`);
  if (tally && o.kind === 'done') tally.set(o.summary.stoppedAt, (tally.get(o.summary.stoppedAt) ?? 0) + 1);
}

// ---------------------------------------------------------------- inputs

const EXAMPLES: readonly { name: string; text: string }[] = readdirSync(path.join(ROOT, 'examples'))
  .flatMap((d) => {
    const dir = path.join(ROOT, 'examples', d);
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.xbar')).map((f) => ({ name: `${d}/${f}`, text: readFileSync(path.join(dir, f), 'utf8') }));
    } catch {
      return [];
    }
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** In-memory files a soup or mutant may import. */
const OTHERS: Record<string, string> = {
  'a.xbar': 'const a_one = 1;\n',
  'b.xbar': 'import "a.xbar";\nclock b_clk = 1 GHz;\n',
  'cycle.xbar': 'import "main.xbar";\n',
};

const CONTEXTUAL = ['with', 'to', 'ideal', 'within', 'until', 'idle', 'lsb', 'cycles', 'bit'];
const PUNCT = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', '=', '+', '-', '*', '/', '%', '<', '>', '!', '?', '~',
  '->', '..', '..=', '==', '!=', '<=', '>=', '&&', '||', '**',
];
const NUMBERS = ['0', '1', '2', '4', '42', '256', '3.14', '0.5', '1e3', '1e-9', '0x1F', '0b101', '1_000'];
const WEIRD_NUMBERS = [
  '1e400', '-0', '0x', '0b', '1_000', '1e308', '1e-400', '9007199254740993', '4294967296', '1000000000', '-1',
  '0.0000001', '0x_', '00', '1.', '1e', '1e+', '999999999999999999999', '2147483648', '0.1', '1__0', '0xFFFFFFFFFFFFFFFFF',
];
/** Ordinary numbers that keep a description parseable and well-typed but change sizes and values. */
const PLAIN_NUMBERS = ['0', '1', '2', '3', '5', '7', '8', '16', '64', '1000', '0.5', '33', '4096', '65537'];
const UNITS = ['GHz', 'MHz', 'ns', 'ps', 'us', 'uS', 'V', 'mV', 'ohm', 'kohm', 'bit', 'cycles', 'lsb', 'fJ/bit', 'um2', 'h', 'day', 'pJ', 'xyz'];
const NAMES = [
  'pwm', 'flash', 'sar', 'cco', 'voltage', 'bit_serial', 'differential', 'offset', 'bit_sliced', 'ideal', 'pcm', 'hermes',
  'random_weights', 'random_codes', 'latency', 'max', 'len', 'c', 'i', 'n', 'dacs', 'array', 'adcs', 'post', 'clk', 'rows',
  'cols', 'cell', 'bits', 'mux', 'seed', 'width', 'a_one', 'b_clk', 'fifo', 'relu',
];
const STRINGS = ['"xbar/presets"', '"a.xbar"', '"b.xbar"', '"cycle.xbar"', '"missing.xbar"', '"t.vcd"', '""', '"\\q"', '"unterminated', '"a\\"b"'];
const COMMENTS = ['// note\n', '/* block */', '/* unterminated', '/**/', '// \u00e9\n'];
const PHRASES = [
  'clock clk = 1 GHz;', 'tile t {', 'chip ch {', 'testbench tb for t {', 'dac d : pwm {', 'adc a : flash { bits = 4; }', '}',
  'crossbar array { rows = 4; cols = 4; cell = differential(ideal); }', 'pwm dacs[4];', 'flash adcs[4];',
  'connect dacs -> array -> adcs;', 'for i in 0..3 {', 'link c[i] -> c[i + 1];', 'if true {', '} else {', 'const k = 2;',
  'param p = 3;', 'namespace ns {', 'import "a.xbar";', 'import "xbar/presets";', 'run until idle;', 'program t with random_weights();',
  'drive t with random_codes(4);', 'expect t ~ ideal within 1 lsb;', 'expect latency(t) <= 1 us;', 'trace t to "t.vcd";', 't c[2];',
  'clock = clk;',
];
const SEPARATORS = [' ', ' ', ' ', '\n', '', '\t', '\r\n', '  \n'];

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/);
const vocabularyToken = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYWORDS, ...CONTEXTUAL) },
  { weight: 4, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS, ...WEIRD_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(...UNITS) },
  { weight: 2, arbitrary: fc.oneof(identifier, fc.constantFrom(...NAMES)) },
  { weight: 1, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...COMMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...PHRASES) },
);
const soup = fc
  .array(fc.tuple(vocabularyToken, fc.constantFrom(...SEPARATORS)), { minLength: 0, maxLength: 80 })
  .map((parts) => parts.map(([tok, sep]) => tok + sep).join(''));

/** Lone surrogates and other awkward code units that fc.string's units do not produce. */
const awkwardChar = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u0000', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', 'µ', 'Ω', '\u{1F600}', '#', '@', '$', '`', "'", '\\'),
);

// ---------------------------------------------------------------- mutations

type MutationKind =
  | 'delete-chars' | 'duplicate-chars' | 'insert-chars' | 'delete-token' | 'duplicate-token' | 'swap-tokens'
  | 'insert-token' | 'truncate' | 'weird-number' | 'plain-number' | 'replace-name' | 'delete-line' | 'duplicate-line'
  | 'swap-lines';

interface Mutation {
  kind: MutationKind;
  /** Positions, as numbers to take modulo the text or token count. */
  a: number;
  b: number;
  /** Inserted text, for insertions. */
  payload: string;
}

// Character and token edits mostly test the parser; numbers, names and whole lines keep the
// text parseable more often and so reach elaboration and the checks.
const mutationKind = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<MutationKind>('delete-chars', 'duplicate-chars', 'insert-chars', 'truncate') },
  { weight: 2, arbitrary: fc.constantFrom<MutationKind>('delete-token', 'duplicate-token', 'swap-tokens', 'insert-token') },
  { weight: 3, arbitrary: fc.constantFrom<MutationKind>('weird-number', 'plain-number', 'replace-name') },
  { weight: 2, arbitrary: fc.constantFrom<MutationKind>('delete-line', 'duplicate-line', 'swap-lines') },
);

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: mutationKind,
  a: fc.nat(),
  b: fc.nat(),
  payload: fc.oneof(vocabularyToken, fc.string({ unit: 'binary', maxLength: 4 }), awkwardChar, fc.constantFrom(...WEIRD_NUMBERS)),
});

function applyMutation(text: string, m: Mutation): string {
  const n = text.length;
  const at = (x: number, size: number) => (size === 0 ? 0 : x % (size + 1));
  switch (m.kind) {
    case 'delete-chars': {
      const s = at(m.a, n);
      return text.slice(0, s) + text.slice(Math.min(n, s + 1 + (m.b % 40)));
    }
    case 'duplicate-chars': {
      const s = at(m.a, n);
      const e = Math.min(n, s + 1 + (m.b % 80));
      return text.slice(0, e) + text.slice(s, e) + text.slice(e);
    }
    case 'insert-chars': {
      const s = at(m.a, n);
      return text.slice(0, s) + m.payload + text.slice(s);
    }
    case 'truncate':
      return text.slice(0, at(m.a, n));
    case 'delete-line':
    case 'duplicate-line':
    case 'swap-lines': {
      const lines = text.split('\n');
      const i = m.a % lines.length;
      const j = m.b % lines.length;
      if (m.kind === 'delete-line') lines.splice(i, 1);
      else if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i]!);
      else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    default:
      break;
  }
  const tokens = lex(text).tokens;
  if (tokens.length === 0) return text + m.payload;
  const tok = (x: number) => tokens[x % tokens.length]!;
  const end = (t: { offset: number; text: string }) => t.offset + t.text.length;
  switch (m.kind) {
    case 'delete-token': {
      const t = tok(m.a);
      return text.slice(0, t.offset) + text.slice(end(t));
    }
    case 'duplicate-token': {
      const t = tok(m.a);
      return text.slice(0, end(t)) + ' ' + t.text + text.slice(end(t));
    }
    case 'insert-token': {
      const t = tok(m.a);
      return `${text.slice(0, t.offset)}${m.payload} ${text.slice(t.offset)}`;
    }
    case 'swap-tokens': {
      let x = tok(m.a);
      let y = tok(m.b);
      if (x.offset === y.offset) return text;
      if (x.offset > y.offset) [x, y] = [y, x];
      return text.slice(0, x.offset) + y.text + text.slice(end(x), y.offset) + x.text + text.slice(end(y));
    }
    case 'replace-name': {
      // An identifier of the text by another one of the text, or by a known name.
      const names = tokens.filter((t) => t.type === 'ident');
      if (names.length === 0) return text;
      const t = names[m.a % names.length]!;
      const choices = [...names.map((x) => x.text), ...NAMES];
      return text.slice(0, t.offset) + choices[m.b % choices.length]! + text.slice(end(t));
    }
    case 'weird-number':
    case 'plain-number': {
      const nums = tokens.filter((t) => t.type === 'number');
      if (nums.length === 0) return text;
      const t = nums[m.a % nums.length]!;
      const choices = m.kind === 'weird-number' ? WEIRD_NUMBERS : PLAIN_NUMBERS;
      return text.slice(0, t.offset) + choices[m.b % choices.length]! + text.slice(end(t));
    }
    default:
      return text;
  }
}

const baseText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EXAMPLES.map((e) => e.text)),
  fc.tuple(fc.nat({ max: 1_000_000 }), fc.integer({ min: 20, max: 140 })).map(([seed, lines]) => generateDescription(seed, lines)),
);

const mutant = fc
  .tuple(baseText, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, ms]) => ms.reduce(applyMutation, text));

/** Mutations that usually keep the text parseable: they exercise elaboration and the checks. */
const semanticMutant = fc
  .tuple(
    baseText,
    fc.array(
      fc.record({
        kind: fc.constantFrom<MutationKind>('weird-number', 'plain-number', 'plain-number', 'replace-name', 'delete-line', 'duplicate-line', 'swap-lines'),
        a: fc.nat(),
        b: fc.nat(),
        payload: fc.constant(''),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([text, ms]) => ms.reduce(applyMutation, text));

// ---------------------------------------------------------------- 1. generated descriptions are valid

test('generateDescription is deterministic and has the requested number of lines', (t) => {
  fc.assert(
    fc.property(fc.nat({ max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 400 }), (seed, lines) => {
      const a = generateDescription(seed, lines);
      assert.equal(generateDescription(seed, lines), a, 'same seed, same text');
      const count = a.split('\n').length - 1;
      assert.ok(a.endsWith('\n'));
      if (lines >= 100) assert.equal(count, lines, `seed ${seed}: ${count} lines, asked for ${lines}`);
      else assert.ok(count >= Math.min(lines, 10), `seed ${seed}: only ${count} lines`);
    }),
    { ...FC, numRuns: 60 },
  );
  assert.notEqual(generateDescription(1, 200), generateDescription(2, 200), 'different seeds, different text');
  t.pass();
});

test('generated descriptions check with no diagnostics, and the IR dump is deterministic', (t) => {
  fc.assert(
    fc.property(fc.nat({ max: 2 ** 31 - 1 }), fc.constantFrom(1, 30, 80, 150, 400), (seed, lines) => {
      const text = generateDescription(seed, lines);
      const a = checkText(text);
      assert.deepEqual(a.codes, [], `generateDescription(${seed}, ${lines}) is not valid:\n${a.text}`);
      assert.ok(a.result.design !== null && a.ir !== null, 'a checked design and an IR dump');
      const b = checkText(text);
      assert.equal(b.ir, a.ir, 'the IR dump differs between two runs');
      assert.equal(b.text, a.text);
    }),
    { ...FC, numRuns: 30 },
  );
  t.pass();
});

test('generated descriptions of several sizes and seeds are valid (fixed cases)', (t) => {
  for (const [seed, lines] of [[0, 1], [1, 50], [2, 200], [3, 1000], [12345, 2500]] as const) {
    const a = checkText(generateDescription(seed, lines));
    t.deepEqual(a.codes, [], `generateDescription(${seed}, ${lines}):\n${a.text}`);
    t.truthy(a.ir);
  }
});

// ---------------------------------------------------------------- 2. untrusted input

test('random ASCII strings never break the front end', async (t) => {
  t.timeout(120_000);
  const tally: Tally = new Map();
  const hangs: HangCount = { n: 0 };
  await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary-ascii', maxLength: 200 }), (s) => checkUntrusted(s, {}, tally, hangs)), {
    ...FC,
    numRuns: 400,
  });
  t.log(`stopped at: ${showTally(tally)}`);
  t.pass();
});

test('random full-Unicode strings (with lone surrogates) never break the front end', async (t) => {
  t.timeout(120_000);
  const tally: Tally = new Map();
  const hangs: HangCount = { n: 0 };
  const unit = fc.oneof({ weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: awkwardChar });
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ unit, maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (s) => checkUntrusted(s, {}, tally, hangs)),
    { ...FC, numRuns: 400 },
  );
  t.log(`stopped at: ${showTally(tally)}`);
  t.pass();
});

test('token soups from the language vocabulary never break the front end', async (t) => {
  t.timeout(120_000);
  const tally: Tally = new Map();
  const hangs: HangCount = { n: 0 };
  await fc.assert(fc.asyncProperty(soup, (s) => checkUntrusted(s, OTHERS, tally, hangs)), { ...FC, numRuns: 1000 });
  t.log(`stopped at: ${showTally(tally)}`);
  t.pass();
});

test('mutated examples and generated descriptions never break the front end', async (t) => {
  t.timeout(120_000);
  t.true(EXAMPLES.length >= 3, 'the example files are found');
  const tally: Tally = new Map();
  const hangs: HangCount = { n: 0 };
  await fc.assert(fc.asyncProperty(mutant, (s) => checkUntrusted(s, OTHERS, tally, hangs)), { ...FC, numRuns: 1000 });
  t.log(`stopped at: ${showTally(tally)}`);
  t.pass();
});

test('numbers, names and lines mutated in valid descriptions never break elaboration or the checks', async (t) => {
  t.timeout(120_000);
  const tally: Tally = new Map();
  const hangs: HangCount = { n: 0 };
  await fc.assert(fc.asyncProperty(semanticMutant, (s) => checkUntrusted(s, OTHERS, tally, hangs)), { ...FC, numRuns: 600 });
  t.log(`stopped at: ${showTally(tally)}`);
  t.pass();
});

test('the unmodified examples check without errors', async (t) => {
  for (const e of EXAMPLES) {
    const o = await pool.check(e.text);
    t.deepEqual(violations(o), [], e.name);
    if (o.kind === 'done') t.is(o.summary.errorCount, 0, `${e.name}: ${o.summary.codesHead.join(' ')}`);
  }
});

// ---------------------------------------------------------------- 3. adversarial shapes

const TILE = [
  'clock clk = 1 GHz;',
  'tile core {',
  '  clock = clk;',
  '  pwm dacs[2];',
  '  crossbar array { rows = 2; cols = 2; cell = differential(ideal); }',
  '  flash adcs[2];',
  '  connect dacs -> array -> adcs;',
  '}',
  '',
].join('\n');

function importChain(n: number, cycle: boolean): [string, Record<string, string>] {
  const others: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `import "f${i + 1}.xbar";\n` : cycle ? 'import "f0.xbar";\n' : '';
    others[`f${i}.xbar`] = `${next}const k${i} = ${i + 1 < n ? `k${i + 1} + 1` : '1'};\n`;
  }
  return ['import "f0.xbar";\nclock clk = k0 * 1 MHz;\nchip ch { clock = clk; }\n', others];
}

/** Each shape: a name, how to build it, and (if it is surely wrong) that it needs an error. */
const ADVERSARIAL: { name: string; build: () => [string, Record<string, string>?]; error?: boolean }[] = [
  { name: '10,000 nested parentheses', build: () => [`const x = ${'('.repeat(10_000)}1${')'.repeat(10_000)};`], error: true },
  { name: '10,000 unclosed braces', build: () => [`tile t ${'{'.repeat(10_000)}`], error: true },
  { name: 'a 20,000-term 1+1+... chain', build: () => [`const x = ${Array(20_000).fill('1').join('+')};\nclock clk = x * 1 MHz;\n`] },
  { name: 'a 20,000-term 1*1*... chain', build: () => [`const x = ${Array(20_000).fill('1').join(' * ')};\nclock clk = x * 1 MHz;\n`] },
  { name: '20,000 unary minus signs', build: () => [`const x = ${'-'.repeat(20_000)}1;\nclock clk = x * 1 MHz;\n`] },
  { name: 'a 20,000-term 1**1**... chain', build: () => [`const x = ${Array(20_000).fill('1').join('**')};\nclock clk = x * 1 MHz;\n`] },
  { name: 'a 20,000-deep c ? a : b chain', build: () => [`const x = ${'true ? 1 : '.repeat(20_000)}1;\nclock clk = x * 1 MHz;\n`] },
  {
    name: 'a for loop over 0..1000000000 of links inside a chip',
    build: () => [`${TILE}chip ch {\n  clock = clk;\n  core c[2];\n  for i in 0..1000000000 {\n    link c[0] -> c[1];\n  }\n}\n`],
    error: true,
  },
  { name: 'an empty for loop over 0..1000000000 inside a chip', build: () => [`${TILE}chip ch {\n  core c[2];\n  for i in 0..1000000000 { }\n}\n`] },
  { name: 'core c[100000][100000]', build: () => [`${TILE}chip ch {\n  core c[100000][100000];\n}\n`], error: true },
  {
    name: 'a list literal of 100,000 numbers',
    build: () => [`const xs = [${Array.from({ length: 100_000 }, (_, i) => i % 10).join(', ')}];\nclock clk = len(xs) * 1 Hz;\nchip ch { clock = clk; }\n`],
  },
  { name: 'a 1 MB line of `a`', build: () => ['a'.repeat(1 << 20)], error: true },
  { name: '50,000 semicolons', build: () => [';'.repeat(50_000)], error: true },
  { name: '50,000 lines of `;;;;`', build: () => [';;;;\n'.repeat(50_000)], error: true },
  { name: 'a chain of 200 files importing each other', build: () => importChain(200, false) },
  { name: 'a cycle of 200 files importing each other', build: () => importChain(200, true), error: true },
  { name: 'a chain of 5,000 files importing each other', build: () => importChain(5_000, false) },
  { name: '200,000 invalid characters', build: () => ['@ '.repeat(200_000)], error: true },
  { name: '20,000 invalid characters on one 40 KB line', build: () => ['@ '.repeat(20_000)], error: true },
  { name: '200,000 broken items', build: () => ['const ;\n'.repeat(200_000)], error: true },
  {
    name: '130,000 links into the same tile',
    build: () => [`${TILE}chip ch {\n  clock = clk;\n  core c[2];\n  for i in 0..130000 { link c[0] -> c[1]; }\n}\n`],
    error: true,
  },
  { name: 'a testbench body of 50,000 statements', build: () => [`${TILE}testbench tb for core {\n${'  run until idle;\n'.repeat(50_000)}}\n`] },
];

for (const shape of ADVERSARIAL) {
  test(`adversarial: ${shape.name}`, async (t) => {
    t.timeout(HANG_GUARD_MS + 60_000);
    const [main, others = {}] = shape.build();
    const o = await pool.check(main, others, false);
    const v = violations(o);
    t.deepEqual(v, [], `${shape.name}: ${v.join('; ')}`);
    if (o.kind !== 'done') return;
    const s = o.summary;
    t.log(`${s.diagCount} diagnostics (${s.codesHead.join(' ') || 'none'}), stopped at ${s.stoppedAt}`);
    t.true(s.diagCount > 0 || s.design, 'diagnostics, or a valid IR');
    if (shape.error) t.true(s.errorCount > 0, 'this input is wrong: it needs an error');
  });
}

// ---------------------------------------------------------------- minimal reproductions of bugs found

test('a local constant used only in `connect` or `link` ranges is not reported unused', (t) => {
  const main = [
    TILE.replace('  connect dacs -> array -> adcs;', '  const half = 1;\n  connect dacs -> array;\n  connect array.cols[0..half] -> adcs.in[0..half];\n  connect array.cols[half..2] -> adcs.in[half..2];'),
    'chip ch { clock = clk; core c[2]; const last = 1; link c[0] -> c[last]; }',
    '',
  ].join('\n');
  const a = checkText(main);
  t.deepEqual(a.codes, [], a.text);
});
