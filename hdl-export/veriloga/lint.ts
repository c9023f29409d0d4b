// hdl-export/veriloga/lint.ts: Verilog-AMS LRM 2.4 rules for the Verilog-A xbar emits.
//
// `lintVerilogA` parses (parse.ts) and, when the text has no syntax error, checks each module:
// declarations (ports, nets, parameters, variables, genvars, analog functions, instances),
// then every statement and expression of the analog block and of the analog functions, then
// the flow of variable values through the analog block (`hidden-state`). The rules and their
// LRM sections are listed in README.md; each problem names its rule.
//
// Values. Where a rule needs a value (a range, an index, a loop bound), constant expressions
// are evaluated with the parameters' default values: an instance that overrides a parameter
// is not re-checked. A genvar loop is unrolled symbolically (every value of its genvar, for
// every value of the enclosing genvars), so `V(row[r])` and `G[r*COLS + c]` are checked for
// each (r, c) the loops produce.
import type * as A from './ast.js';
import {
  ANALOG_OPERATORS, arityText, EVENT_ARITY, MATH_FUNCTIONS, OTHER_FUNCTIONS, SEEDED, STANDARD_DISCIPLINES, SYSTEM_FUNCTIONS,
  type Arity,
} from './builtins.js';
import { parseVerilogA } from './parse.js';

/** The interface of a module defined elsewhere, for `instance` checks. */
export interface KnownModule {
  ports: readonly string[];
  params: readonly string[];
}

export interface LintOptions {
  /** Modules that instances may use besides those defined in the text. */
  knownModules?: ReadonlyMap<string, KnownModule>;
}

export interface LintResult {
  /** No problem at all. */
  ok: boolean;
  /** Sorted by line, column and rule. */
  problems: A.VaProblem[];
}

export { VA_RULES, type VaProblem, type VaRule } from './ast.js';

/** Most genvar environments (combinations of genvar values) a loop nest is unrolled to. */
const MAX_ENVS = 200_000;
/** Most iterations of one genvar loop. */
const MAX_ITERATIONS = 100_000;

export function lintVerilogA(text: string, file = 'input.va', options: LintOptions = {}): LintResult {
  const parsed = parseVerilogA(text, file);
  const problems: A.VaProblem[] = [...parsed.errors];
  // Semantic rules only run on text that parses: a broken item would make its names look undeclared.
  if (!problems.some((p) => p.rule === 'syntax')) {
    try {
      const report = (rule: A.VaRule, at: A.VaLoc, message: string) =>
        problems.push({ file, line: at.line, column: at.column, rule, message });
      const signatures = new Map<string, KnownModule>(options.knownModules ?? []);
      const seen = new Set<string>();
      for (const m of parsed.modules) {
        if (seen.has(m.name.name)) report('duplicate', m.name, `module \`${m.name.name}\` is defined twice`);
        seen.add(m.name.name);
        signatures.set(m.name.name, signatureOf(m));
      }
      const shared: Shared = {
        report,
        signatures,
        disciplinesIncluded: parsed.includes.includes('disciplines.vams'),
        missingDisciplinesReported: false,
      };
      for (const m of parsed.modules) new ModuleLint(m, shared).run();
    } catch (err) {
      problems.push({
        file,
        line: 1,
        column: 1,
        rule: 'syntax',
        message: `internal error in the Verilog-A lint: ${String((err as Error)?.message ?? err).split('\n')[0]}`,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { ok: problems.length === 0, problems };
}

/** The ports and overridable parameters of a parsed module. */
export function signatureOf(m: A.VaModule): KnownModule {
  const params: string[] = [];
  for (const item of m.items) {
    if (item.kind === 'parameter' && !item.local) for (const p of item.params) params.push(p.name.name);
  }
  return { ports: m.ports.map((p) => p.name), params };
}

interface Shared {
  report: (rule: A.VaRule, at: A.VaLoc, message: string) => void;
  signatures: ReadonlyMap<string, KnownModule>;
  disciplinesIncluded: boolean;
  missingDisciplinesReported: boolean;
}

interface NetInfo {
  header: A.VaIdent | null;
  direction: { decl: A.VaPortDecl; id: A.VaIdent } | null;
  discipline: { name: string; range: A.VaRange | null; id: A.VaIdent } | null;
  ground: A.VaIdent | null;
}

type ValueSym =
  | { kind: 'parameter'; param: A.VaParam; decl: A.VaParamDecl; id: A.VaIdent }
  | { kind: 'variable'; v: A.VaVar; type: 'real' | 'integer'; id: A.VaIdent }
  | { kind: 'genvar'; id: A.VaIdent }
  | { kind: 'function'; fn: A.VaFunction; id: A.VaIdent }
  | { kind: 'instance'; id: A.VaIdent }
  /** An analog function's argument or the function's own name (its return value). */
  | { kind: 'argument'; id: A.VaIdent; direction: A.VaDirection | 'return' };

class Scope {
  readonly names = new Map<string, ValueSym>();
  constructor(readonly parent: Scope | null) {}
}

interface Ctx {
  /** Named-block or function scope (innermost), null at module level. */
  scope: Scope | null;
  fn: A.VaFunction | null;
  /** The enclosing event-triggered statement. */
  event: A.VaEventStmt | null;
  /** The innermost enclosing if/case/?: whose condition is not constant. */
  cond: A.VaLoc | null;
  /** The innermost enclosing procedural (non-genvar) loop. */
  loop: A.VaLoc | null;
  /** Genvars of the enclosing genvar loops. */
  genvars: ReadonlySet<string>;
  /** Every combination of values of those genvars (null: not known). */
  envs: Env[] | null;
  /** In a constant expression (parameter value, range): only parameters may be named. */
  constant: string | null;
}

type Env = ReadonlyMap<string, number>;
type Num = { n: number; int: boolean };
type CVal = Num | { s: string } | { arr: Num[] };

const EMPTY_ENV: Env = new Map();

function isNum(v: CVal | undefined): v is Num {
  return v !== undefined && 'n' in v;
}

class ModuleLint {
  private readonly nets = new Map<string, NetInfo>();
  private readonly values = new Map<string, ValueSym>();
  private readonly paramValues = new Map<A.VaParam, CVal | undefined | 'busy'>();
  /** Which variable each name use resolves to (for the hidden-state flow). */
  private readonly resolved = new Map<object, A.VaVar>();
  private readonly assignedInEvent = new Set<A.VaVar>();
  private readonly assignedAnywhere = new Set<A.VaVar>();
  private readonly genvarLoops = new Map<A.VaFor, Env[] | null>();

  constructor(
    private readonly m: A.VaModule,
    private readonly shared: Shared,
  ) {}

  private report(rule: A.VaRule, at: A.VaLoc, message: string): void {
    this.shared.report(rule, at, message);
  }

  run(): void {
    this.declare();
    this.checkPorts();
    this.checkDeclarations();
    const top: Ctx = {
      scope: null, fn: null, event: null, cond: null, loop: null, genvars: new Set(), envs: [EMPTY_ENV], constant: null,
    };
    for (const item of this.m.items) {
      if (item.kind === 'analog') this.stmt(item.body, top);
      else if (item.kind === 'function') this.analogFunction(item, top);
      else if (item.kind === 'instance') this.instance(item, top);
    }
    for (const item of this.m.items) if (item.kind === 'analog') this.hiddenState(item.body);
  }

  // ---------------------------------------------------------------- declarations

  private net(name: string): NetInfo {
    let n = this.nets.get(name);
    if (!n) {
      n = { header: null, direction: null, discipline: null, ground: null };
      this.nets.set(name, n);
    }
    return n;
  }

  private declareValue(sym: ValueSym): void {
    const name = sym.id.name;
    const prev = this.values.get(name);
    const net = this.nets.get(name);
    if (prev) {
      this.report('duplicate', sym.id, `\`${name}\` is already declared as a ${describeSym(prev)} at line ${prev.id.line}`);
      return;
    }
    if (net && (net.direction || net.discipline || net.ground)) {
      const at = net.direction?.id ?? net.discipline?.id ?? net.ground!;
      this.report('duplicate', sym.id, `\`${name}\` is already declared as a net at line ${at.line}`);
      return;
    }
    this.values.set(name, sym);
  }

  private declare(): void {
    for (const p of this.m.ports) {
      const n = this.net(p.name);
      if (n.header) this.report('duplicate', p, `port \`${p.name}\` is listed twice in the module header`);
      else n.header = p;
    }
    for (const item of this.m.items) {
      switch (item.kind) {
        case 'port':
          for (const id of item.names) {
            const n = this.net(id.name);
            if (n.direction) {
              this.report('duplicate', id, `port \`${id.name}\` already has a direction (line ${n.direction.id.line})`);
            } else if (this.values.has(id.name)) {
              this.report('duplicate', id, `\`${id.name}\` is already declared as a ${describeSym(this.values.get(id.name)!)}`);
            } else {
              n.direction = { decl: item, id };
              if (item.discipline) this.declareDiscipline(id, item.discipline, item.range);
            }
          }
          break;
        case 'net':
          for (const id of item.names) this.declareDiscipline(id, item.discipline, item.range);
          break;
        case 'ground':
          for (const id of item.names) {
            const n = this.net(id.name);
            if (n.ground) this.report('duplicate', id, `\`${id.name}\` is already declared ground at line ${n.ground.line}`);
            else n.ground = id;
          }
          break;
        case 'parameter':
          for (const p of item.params) this.declareValue({ kind: 'parameter', param: p, decl: item, id: p.name });
          break;
        case 'variable':
          for (const v of item.vars) this.declareValue({ kind: 'variable', v, type: item.type, id: v.name });
          break;
        case 'genvar':
          for (const id of item.names) this.declareValue({ kind: 'genvar', id });
          break;
        case 'function':
          this.declareValue({ kind: 'function', fn: item, id: item.name });
          break;
        case 'instance':
          this.declareValue({ kind: 'instance', id: item.name });
          break;
        case 'analog':
          break;
      }
    }
  }

  private declareDiscipline(id: A.VaIdent, discipline: A.VaIdent, range: A.VaRange | null): void {
    const n = this.net(id.name);
    if (n.discipline) {
      this.report('duplicate', id, `\`${id.name}\` already has a discipline (line ${n.discipline.id.line})`);
      return;
    }
    if (this.values.has(id.name)) {
      this.report('duplicate', id, `\`${id.name}\` is already declared as a ${describeSym(this.values.get(id.name)!)}`);
      return;
    }
    n.discipline = { name: discipline.name, range, id };
    if (!STANDARD_DISCIPLINES.has(discipline.name)) {
      this.report('undeclared', discipline, `\`${discipline.name}\` is not a discipline (nor a module instance: those need a connection list)`);
    } else if (!this.shared.disciplinesIncluded && !this.shared.missingDisciplinesReported) {
      this.shared.missingDisciplinesReported = true;
      this.report('undeclared', discipline, `discipline \`${discipline.name}\` is not declared: add \`include "disciplines.vams"`);
    }
  }

  /** Rule port-direction (and the discipline half of undeclared) for the module's ports. */
  private checkPorts(): void {
    for (const [name, n] of this.nets) {
      if (n.header && !n.direction) {
        this.report('port-direction', n.header, `port \`${name}\` has no direction: declare it \`input\`, \`output\` or \`inout\``);
      }
      if (n.direction && !n.header) {
        this.report('port-direction', n.direction.id, `\`${name}\` has a direction but is not in the port list of module \`${this.m.name.name}\``);
      }
      if (n.header && !n.discipline) {
        const at = n.direction?.id ?? n.header;
        this.report('undeclared', at, `port \`${name}\` has no discipline: declare it, e.g. \`electrical ${name};\``);
      }
      if (n.ground && !n.discipline) {
        this.report('undeclared', n.ground, `ground \`${name}\` has no discipline: declare it, e.g. \`electrical ${name};\``);
      }
      if (n.direction && n.discipline) {
        const a = n.direction.decl.range;
        const b = n.discipline.range;
        if ((a === null) !== (b === null)) {
          const at = a ? n.discipline.id : n.direction.id;
          this.report('port-direction', at, `port \`${name}\` is declared ${a ? 'a bus' : 'a scalar'} by its direction but ${b ? 'a bus' : 'a scalar'} by its discipline`);
        } else if (a && b) {
          const ra = this.rangeValue(a);
          const rb = this.rangeValue(b);
          if (ra && rb && (ra[0] !== rb[0] || ra[1] !== rb[1])) {
            this.report('port-direction', n.discipline.id, `port \`${name}\` is [${ra[0]}:${ra[1]}] by its direction but [${rb[0]}:${rb[1]}] by its discipline`);
          }
        }
      }
    }
  }

  /** Ranges, parameter values and constraints, variable initialisers. */
  private checkDeclarations(): void {
    const constant = (why: string): Ctx => ({
      scope: null, fn: null, event: null, cond: null, loop: null, genvars: new Set(), envs: [EMPTY_ENV], constant: why,
    });
    for (const item of this.m.items) {
      if (item.kind === 'port' || item.kind === 'net') {
        if (item.range) this.rangeExprs(item.range, constant('a range'));
      } else if (item.kind === 'parameter') {
        if (item.range) this.rangeExprs(item.range, constant('a range'));
        for (const p of item.params) {
          if (p.dims) this.rangeExprs(p.dims, constant('a range'));
          this.expr(p.value, constant(`the value of parameter \`${p.name.name}\``));
          for (const c of p.constraints) {
            if (c.interval) {
              this.expr(c.interval.lo, constant('a parameter range'));
              this.expr(c.interval.hi, constant('a parameter range'));
            }
            if (c.value) this.expr(c.value, constant('a parameter range'));
          }
          this.checkParamArray(p);
          this.checkParamRange(p, item);
        }
      } else if (item.kind === 'variable') {
        this.varDecl(item, constant('a variable initialiser'));
      }
    }
  }

  private varDecl(item: A.VaVarDecl, ctx: Ctx): void {
    for (const v of item.vars) {
      if (v.dims) this.rangeExprs(v.dims, { ...ctx, constant: 'a range' });
      if (v.init) this.expr(v.init, { ...ctx, constant: `the initial value of \`${v.name.name}\`` });
    }
  }

  private rangeExprs(r: A.VaRange, ctx: Ctx): void {
    this.expr(r.msb, ctx);
    this.expr(r.lsb, ctx);
  }

  /** A parameter array's value has one element per declared index. */
  private checkParamArray(p: A.VaParam): void {
    if (!p.dims) {
      if (p.value.kind === 'pattern') this.report('array-index', p.value, `\`${p.name.name}\` is not an array: declare it \`${p.name.name}[0:${p.value.items.length - 1}]\``);
      return;
    }
    const r = this.rangeValue(p.dims);
    if (p.value.kind !== 'pattern') {
      this.report('array-index', p.value, `parameter array \`${p.name.name}\` needs an assignment pattern '{...} as its value`);
    } else if (r && p.value.items.length !== Math.abs(r[0] - r[1]) + 1) {
      this.report('array-index', p.value, `parameter array \`${p.name.name}[${r[0]}:${r[1]}]\` has ${Math.abs(r[0] - r[1]) + 1} elements but its value has ${p.value.items.length}`);
    }
  }

  /** Rule parameter-range. */
  private checkParamRange(p: A.VaParam, decl: A.VaParamDecl): void {
    if (p.constraints.length === 0) return;
    if (decl.type === 'string') {
      this.report('parameter-range', p.constraints[0]!, `string parameter \`${p.name.name}\` cannot have a numeric range`);
      return;
    }
    type Bound = { lo: number; hi: number; loIn: boolean; hiIn: boolean; text: string };
    const froms: Bound[] = [];
    const excludes: Bound[] = [];
    for (const c of p.constraints) {
      let b: Bound | null = null;
      if (c.interval) {
        const iv = c.interval;
        const lo = this.evaluate(iv.lo, EMPTY_ENV);
        const hi = this.evaluate(iv.hi, EMPTY_ENV);
        if (!isNum(lo) || !isNum(hi)) continue;
        const text = `${c.kind} ${iv.loInclusive ? '[' : '('}${fmt(lo.n)}:${fmt(hi.n)}${iv.hiInclusive ? ']' : ')'}`;
        if ((lo.n === -Infinity && iv.loInclusive) || (hi.n === Infinity && iv.hiInclusive)) {
          this.report('parameter-range', iv, `\`${text}\` is malformed: an infinite bound needs a parenthesis, e.g. \`(0:inf)\``);
          continue;
        }
        if (lo.n === Infinity || hi.n === -Infinity || lo.n > hi.n || (lo.n === hi.n && !(iv.loInclusive && iv.hiInclusive))) {
          this.report('parameter-range', iv, `\`${text}\` is an empty range`);
          continue;
        }
        b = { lo: lo.n, hi: hi.n, loIn: iv.loInclusive, hiIn: iv.hiInclusive, text };
      } else if (c.value) {
        const v = this.evaluate(c.value, EMPTY_ENV);
        if (!isNum(v)) continue;
        b = { lo: v.n, hi: v.n, loIn: true, hiIn: true, text: `exclude ${fmt(v.n)}` };
      }
      if (b) (c.kind === 'from' ? froms : excludes).push(b);
    }
    const inside = (v: number, b: Bound) => (b.loIn ? v >= b.lo : v > b.lo) && (b.hiIn ? v <= b.hi : v < b.hi);
    const value = this.paramValue(p);
    const elements = value === undefined ? [] : 'arr' in value ? value.arr : isNum(value) ? [value] : [];
    for (const [i, e] of elements.entries()) {
      const what = 'arr' in value! ? `element ${i} (${fmt(e.n)}) of \`${p.name.name}\`` : `the default ${fmt(e.n)} of \`${p.name.name}\``;
      if (froms.length && !froms.some((b) => inside(e.n, b))) {
        this.report('parameter-range', p.name, `${what} is outside \`${froms.map((b) => b.text).join(' ')}\``);
        return;
      }
      const ex = excludes.find((b) => inside(e.n, b));
      if (ex) {
        this.report('parameter-range', p.name, `${what} is excluded by \`${ex.text}\``);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- constant values

  private paramValue(p: A.VaParam): CVal | undefined {
    const memo = this.paramValues.get(p);
    if (memo === 'busy') return undefined;
    if (memo !== undefined || this.paramValues.has(p)) return memo;
    this.paramValues.set(p, 'busy');
    let v = this.evaluate(p.value, EMPTY_ENV);
    const sym = this.values.get(p.name.name);
    const type = sym?.kind === 'parameter' ? sym.decl.type : null;
    if (type === 'integer') {
      if (isNum(v)) v = { n: Math.round(v.n), int: true };
      else if (v && 'arr' in v) v = { arr: v.arr.map((x) => ({ n: Math.round(x.n), int: true })) };
    } else if (type === 'real') {
      if (isNum(v)) v = { n: v.n, int: false };
      else if (v && 'arr' in v) v = { arr: v.arr.map((x) => ({ n: x.n, int: false })) };
    }
    this.paramValues.set(p, v);
    return v;
  }

  /** [msb, lsb] of a range, if both are constant integers. */
  private rangeValue(r: A.VaRange): [number, number] | null {
    const a = this.evaluate(r.msb, EMPTY_ENV);
    const b = this.evaluate(r.lsb, EMPTY_ENV);
    if (!isNum(a) || !isNum(b) || !Number.isFinite(a.n) || !Number.isFinite(b.n)) return null;
    return [Math.round(a.n), Math.round(b.n)];
  }

  /** The value of a constant expression (parameters at their defaults, genvars from `env`). */
  private evaluate(e: A.VaExpr, env: Env): CVal | undefined {
    switch (e.kind) {
      case 'number':
        return Number.isNaN(e.value) ? undefined : { n: e.value, int: e.integer };
      case 'string':
        return { s: e.value };
      case 'inf':
        return { n: Infinity, int: false };
      case 'name': {
        const g = env.get(e.name);
        if (g !== undefined) return { n: g, int: true };
        const sym = this.values.get(e.name);
        return sym?.kind === 'parameter' ? this.paramValue(sym.param) : undefined;
      }
      case 'index': {
        const sym = this.values.get(e.name.name);
        if (sym?.kind !== 'parameter' || !sym.param.dims) return undefined;
        const arr = this.paramValue(sym.param);
        const i = this.evaluate(e.index, env);
        const r = this.rangeValue(sym.param.dims);
        if (!arr || !('arr' in arr) || !isNum(i) || !r) return undefined;
        const pos = r[0] <= r[1] ? i.n - r[0] : r[0] - i.n;
        return arr.arr[pos];
      }
      case 'pattern': {
        const out: Num[] = [];
        for (const it of e.items) {
          const v = this.evaluate(it, env);
          if (!isNum(v)) return undefined;
          out.push(v);
        }
        return { arr: out };
      }
      case 'call': {
        const f = MATH_FUNCTIONS.get(e.name.name);
        if (!f || e.args.length < f.arity[0] || e.args.length > f.arity[1]) return undefined;
        const args: number[] = [];
        for (const a of e.args) {
          const v = this.evaluate(a, env);
          if (!isNum(v)) return undefined;
          args.push(v.n);
        }
        const n = f.fn(...args);
        const intArgs = e.args.every((a) => (this.evaluate(a, env) as Num).int);
        const keepsInt = ['abs', 'min', 'max'].includes(e.name.name) && intArgs;
        return { n, int: keepsInt };
      }
      case 'unary': {
        const v = this.evaluate(e.operand, env);
        if (!isNum(v)) return undefined;
        switch (e.op) {
          case '+': return v;
          case '-': return { n: -v.n, int: v.int };
          case '!': return { n: v.n === 0 ? 1 : 0, int: true };
          case '~': return v.int ? { n: ~v.n, int: true } : undefined;
          default: return undefined;
        }
      }
      case 'binary': {
        const l = this.evaluate(e.left, env);
        const r = this.evaluate(e.right, env);
        if (!isNum(l) || !isNum(r)) return undefined;
        return binaryValue(e.op, l, r);
      }
      case 'cond': {
        const c = this.evaluate(e.cond, env);
        if (!isNum(c)) return undefined;
        return this.evaluate(c.n !== 0 ? e.then : e.else, env);
      }
      default:
        return undefined;
    }
  }

  /** Built only from numbers, parameters, genvars (of an enclosing loop) and constant functions. */
  private isConstant(e: A.VaExpr, ctx: Ctx): boolean {
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'inf':
        return true;
      case 'name': {
        if (ctx.genvars.has(e.name)) return true;
        return this.lookup(e.name, ctx)?.kind === 'parameter';
      }
      case 'index':
        return this.lookup(e.name.name, ctx)?.kind === 'parameter' && this.isConstant(e.index, ctx);
      case 'call':
        return MATH_FUNCTIONS.has(e.name.name) && e.args.every((a) => this.isConstant(a, ctx));
      case 'unary':
        return this.isConstant(e.operand, ctx);
      case 'binary':
        return this.isConstant(e.left, ctx) && this.isConstant(e.right, ctx);
      case 'cond':
        return this.isConstant(e.cond, ctx) && this.isConstant(e.then, ctx) && this.isConstant(e.else, ctx);
      case 'pattern':
      case 'concat':
        return e.items.every((i) => this.isConstant(i, ctx));
      default:
        return false;
    }
  }

  // ---------------------------------------------------------------- names

  private lookup(name: string, ctx: Ctx): ValueSym | undefined {
    for (let s = ctx.scope; s; s = s.parent) {
      const v = s.names.get(name);
      if (v) return v;
    }
    return this.values.get(name);
  }

  /** A name used as a value. Returns the variable it names, if any. */
  private useName(name: string, at: A.VaLoc, ctx: Ctx, node: object): void {
    const sym = this.lookup(name, ctx);
    if (ctx.constant) {
      if (sym?.kind === 'parameter' || (sym?.kind === 'genvar' && ctx.genvars.has(name))) return;
      if (!sym && !this.nets.has(name)) this.report('undeclared', at, `\`${name}\` is not declared`);
      else this.report('undeclared', at, `\`${name}\` is not a parameter: ${ctx.constant} must be constant`);
      return;
    }
    if (!sym) {
      if (this.nets.has(name)) this.report('undeclared', at, `\`${name}\` is a net, not a value: read it with V(${name}) or I(${name})`);
      else this.report('undeclared', at, `\`${name}\` is not declared`);
      return;
    }
    switch (sym.kind) {
      case 'parameter':
      case 'argument':
        return;
      case 'variable':
        if (ctx.fn && this.values.get(name) === sym) {
          this.report('undeclared', at, `\`${name}\` is a module variable: an analog function can only use its arguments, its own variables and parameters`);
          return;
        }
        this.resolved.set(node, sym.v);
        return;
      case 'genvar':
        if (!ctx.genvars.has(name)) this.report('undeclared', at, `genvar \`${name}\` is used outside a \`for\` loop over it`);
        return;
      case 'function':
        this.report('undeclared', at, `\`${name}\` is an analog function: call it with arguments`);
        return;
      case 'instance':
        this.report('undeclared', at, `\`${name}\` is a module instance, not a value`);
        return;
    }
  }

  // ---------------------------------------------------------------- expressions

  private expr(e: A.VaExpr, ctx: Ctx): void {
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'inf':
        return;
      case 'name':
        this.useName(e.name, e, ctx, e);
        return;
      case 'index': {
        this.expr(e.index, ctx);
        const sym = this.lookup(e.name.name, ctx);
        this.useName(e.name.name, e.name, ctx, e);
        if (sym?.kind === 'variable' || sym?.kind === 'parameter') {
          const dims = sym.kind === 'variable' ? sym.v.dims : sym.param.dims;
          if (!dims) this.report('array-index', e.name, `\`${e.name.name}\` is not an array`);
          else this.checkIndex('array', e.name.name, dims, e.index, ctx);
        }
        return;
      }
      case 'call':
        this.call(e, ctx);
        return;
      case 'syscall': {
        if (ctx.constant) this.report('undeclared', e, `\`${e.name}\` is not constant: ${ctx.constant} must be constant`);
        this.checkArity(e.name, SYSTEM_FUNCTIONS.get(e.name), e.args?.length ?? 0, e, 'system function');
        for (const a of e.args ?? []) this.expr(a, ctx);
        if (SEEDED.has(e.name) && e.args?.[0]) this.written(e.args[0], `the seed of \`${e.name}\``, ctx);
        return;
      }
      case 'access':
        if (ctx.constant) this.report('undeclared', e, `a branch access is not constant: ${ctx.constant} must be constant`);
        else if (ctx.fn) this.report('undeclared', e, `an analog function cannot access branches (\`${e.nature}(...)\`)`);
        this.access(e, ctx);
        return;
      case 'unary':
        this.expr(e.operand, ctx);
        return;
      case 'binary':
        this.expr(e.left, ctx);
        this.expr(e.right, ctx);
        return;
      case 'cond': {
        this.expr(e.cond, ctx);
        const inner = this.isConstant(e.cond, ctx) ? ctx : { ...ctx, cond: e as A.VaLoc };
        this.expr(e.then, inner);
        this.expr(e.else, inner);
        return;
      }
      case 'concat':
      case 'pattern':
        for (const i of e.items) this.expr(i, ctx);
        return;
    }
  }

  private call(e: A.VaCall, ctx: Ctx): void {
    const name = e.name.name;
    for (const a of e.args) this.expr(a, ctx);
    const math = MATH_FUNCTIONS.get(name);
    if (math) {
      this.checkArity(name, math.arity, e.args.length, e, 'function');
      return;
    }
    if (ctx.constant) {
      this.report('undeclared', e.name, `\`${name}\` is not a constant function: ${ctx.constant} must be constant`);
      return;
    }
    const op = ANALOG_OPERATORS.get(name);
    if (op) {
      this.checkArity(name, op, e.args.length, e, 'analog operator');
      this.analogOperator(e, ctx);
      return;
    }
    const other = OTHER_FUNCTIONS.get(name);
    if (other) {
      this.checkArity(name, other, e.args.length, e, 'function');
      return;
    }
    const sym = this.values.get(name);
    if (sym?.kind === 'function') {
      const n = sym.fn.ports.reduce((k, p) => k + p.names.length, 0);
      this.checkArity(name, [n, n], e.args.length, e, 'analog function');
      const o = this.outputArgs(e);
      for (const i of [...o.write, ...o.readWrite]) {
        const a = e.args[i];
        if (a) this.written(a, `argument ${i + 1} of \`${name}\` (an output)`, ctx);
      }
      return;
    }
    if (EVENT_ARITY.has(name)) this.report('undeclared', e.name, `\`${name}\` is an event: use it in \`@(...)\``);
    else this.report('undeclared', e.name, `function \`${name}\` is not declared`);
  }

  /** An argument the callee writes: it must be a variable, and counts as an assignment. */
  private written(a: A.VaExpr, what: string, ctx: Ctx): void {
    const v = a.kind === 'name' || a.kind === 'index' ? this.resolved.get(a) : undefined;
    if (!v) {
      const sym = a.kind === 'name' ? this.lookup(a.name, ctx) : a.kind === 'index' ? this.lookup(a.name.name, ctx) : undefined;
      if (a.kind !== 'name' && a.kind !== 'index') this.report('undeclared', a, `${what} must be a variable`);
      else if (sym && sym.kind !== 'variable' && sym.kind !== 'argument') this.report('undeclared', a, `${what} must be a variable, not a ${describeSym(sym)}`);
      return;
    }
    if (!ctx.fn) {
      this.assignedAnywhere.add(v);
      if (ctx.event) this.assignedInEvent.add(v);
    }
  }

  private checkArity(name: string, arity: Arity | undefined, n: number, at: A.VaLoc, what: string): void {
    if (!arity) {
      this.report('undeclared', at, `${what} \`${name}\` is not known`);
      return;
    }
    if (n < arity[0] || n > arity[1]) this.report('arity', at, `${what} \`${name}\` takes ${arityText(arity)}, not ${n}`);
  }

  /** Rules analog-op-in-event, analog-op-in-conditional, analog-op-in-loop (one problem per use). */
  private analogOperator(e: A.VaCall, ctx: Ctx): void {
    const name = e.name.name;
    if (ctx.fn) return;
    if (ctx.event) {
      this.report('analog-op-in-event', e.name, `analog operator \`${name}\` inside the event statement at line ${ctx.event.line}: move it out of the \`@(...)\` block`);
    } else if (ctx.cond) {
      this.report('analog-op-in-conditional', e.name, `analog operator \`${name}\` inside a conditional whose condition (line ${ctx.cond.line}) is not constant: compute it unconditionally`);
    } else if (ctx.loop) {
      this.report('analog-op-in-loop', e.name, `analog operator \`${name}\` inside the procedural loop at line ${ctx.loop.line}: only a genvar loop may contain analog operators`);
    }
  }

  private access(e: A.VaAccess, ctx: Ctx): void {
    for (const ref of e.nets) {
      const name = ref.name.name;
      if (ref.index) this.expr(ref.index, { ...ctx, constant: null });
      const n = this.nets.get(name);
      if (!n || !(n.discipline || n.direction)) {
        const sym = this.lookup(name, ctx);
        if (sym) this.report('undeclared', ref.name, `\`${name}\` is a ${describeSym(sym)}, not a net`);
        else this.report('undeclared', ref.name, `net \`${name}\` is not declared`);
        continue;
      }
      const range = n.discipline?.range ?? n.direction?.decl.range ?? null;
      if (!ref.index) {
        if (range) this.report('branch-index', ref, `\`${name}\` is a bus: access one element, e.g. ${e.nature}(${name}[i])`);
        continue;
      }
      if (!range) {
        this.report('branch-index', ref, `\`${name}\` is not a bus: it cannot be indexed`);
        continue;
      }
      this.checkIndex('branch', name, range, ref.index, ctx);
    }
  }

  /**
   * Rules branch-index (`V(bus[i])`: constant or genvar index within the declared range) and
   * array-index (a constant index of an array within its range).
   */
  private checkIndex(kind: 'branch' | 'array', name: string, range: A.VaRange, index: A.VaExpr, ctx: Ctx): void {
    if (!this.isConstant(index, ctx)) {
      if (kind === 'array') return;
      if (ctx.loop && !ctx.event) {
        this.report('analog-op-in-loop', index, `indexed branch access \`${name}[...]\` with a non-genvar index inside the procedural loop at line ${ctx.loop.line}: use a genvar loop`);
      } else if (ctx.loop) {
        this.report('analog-op-in-loop', index, `indexed branch access \`${name}[...]\` with a non-genvar index inside the procedural loop at line ${ctx.loop.line}: use a genvar loop outside the event`);
      } else {
        this.report('branch-index', index, `the index of \`${name}\` must be a constant or a genvar`);
      }
      return;
    }
    const r = this.rangeValue(range);
    if (!r) return;
    const lo = Math.min(r[0], r[1]);
    const hi = Math.max(r[0], r[1]);
    const used = new Set<string>();
    collectNames(index, used);
    const gv = [...used].filter((g) => ctx.genvars.has(g));
    const envs = gv.length === 0 ? [EMPTY_ENV] : ctx.envs;
    if (!envs) return;
    const seen = new Set<string>();
    for (const env of envs) {
      const key = gv.map((g) => env.get(g)).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const v = this.evaluate(index, env);
      if (!isNum(v)) continue;
      if (!Number.isInteger(v.n) || v.n < lo || v.n > hi) {
        const when = gv.length ? ` (when ${gv.map((g) => `${g} = ${env.get(g)}`).join(', ')})` : '';
        this.report(kind === 'branch' ? 'branch-index' : 'array-index', index, `index ${fmt(v.n)}${when} is outside the range [${r[0]}:${r[1]}] of \`${name}\``);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private stmt(s: A.VaStmt, ctx: Ctx): void {
    switch (s.kind) {
      case 'block': {
        let inner = ctx;
        if (s.decls.length) {
          const scope = new Scope(ctx.scope);
          inner = { ...ctx, scope };
          for (const d of s.decls) {
            for (const v of d.vars) {
              const prev = scope.names.get(v.name.name);
              if (prev) this.report('duplicate', v.name, `\`${v.name.name}\` is already declared in this block (line ${prev.id.line})`);
              else scope.names.set(v.name.name, { kind: 'variable', v, type: d.type, id: v.name });
            }
            this.varDecl(d, inner);
          }
        }
        for (const x of s.stmts) this.stmt(x, inner);
        return;
      }
      case 'assign':
        this.assign(s, ctx);
        return;
      case 'contribution':
        if (ctx.fn) this.report('undeclared', s, 'an analog function cannot contain a contribution statement');
        else if (ctx.event) {
          this.report('contribution-in-event', s, `contribution inside the event statement at line ${ctx.event.line}: set a variable in the event and contribute it outside`);
        }
        this.access(s.access, ctx);
        this.expr(s.value, ctx);
        return;
      case 'if': {
        this.expr(s.cond, ctx);
        const inner = this.isConstant(s.cond, ctx) ? ctx : { ...ctx, cond: s as A.VaLoc };
        this.stmt(s.then, inner);
        if (s.else) this.stmt(s.else, inner);
        return;
      }
      case 'case': {
        this.expr(s.subject, ctx);
        let constant = this.isConstant(s.subject, ctx);
        for (const it of s.items) {
          for (const l of it.labels ?? []) {
            this.expr(l, ctx);
            constant &&= this.isConstant(l, ctx);
          }
        }
        const inner = constant ? ctx : { ...ctx, cond: s as A.VaLoc };
        for (const it of s.items) this.stmt(it.body, inner);
        return;
      }
      case 'for':
        this.forLoop(s, ctx);
        return;
      case 'while': {
        const inner = { ...ctx, loop: s as A.VaLoc };
        this.expr(s.cond, inner);
        this.stmt(s.body, inner);
        return;
      }
      case 'repeat':
        this.expr(s.count, ctx);
        this.stmt(s.body, { ...ctx, loop: s });
        return;
      case 'event': {
        if (ctx.fn) this.report('undeclared', s, 'an analog function cannot contain an event statement');
        for (const ev of s.events) {
          this.checkArity(ev.name.name, EVENT_ARITY.get(ev.name.name), ev.args?.length ?? 0, ev, 'event');
          for (const a of ev.args ?? []) this.expr(a, ctx);
        }
        if (s.body.kind !== 'block') {
          this.report('event-begin-end', s, 'the statement of an event `@(...)` must be a `begin ... end` block');
        }
        this.stmt(s.body, { ...ctx, event: s });
        return;
      }
      case 'systask':
        this.checkArity(s.name, SYSTEM_FUNCTIONS.get(s.name), s.args?.length ?? 0, s, 'system task');
        for (const a of s.args ?? []) this.expr(a, ctx);
        return;
      case 'null':
        return;
    }
  }

  private assign(s: A.VaAssign, ctx: Ctx): void {
    this.expr(s.value, ctx);
    const t = s.target;
    const name = t.name.name;
    if (t.index) this.expr(t.index, ctx);
    const sym = this.lookup(name, ctx);
    if (!sym) {
      if (this.nets.has(name)) this.report('undeclared', t.name, `\`${name}\` is a net: drive it with a contribution \`V(${name}) <+ ...\``);
      else this.report('undeclared', t.name, `\`${name}\` is not declared`);
      return;
    }
    if (sym.kind === 'argument') {
      if (sym.direction === 'input') this.report('undeclared', t.name, `\`${name}\` is an input of the analog function: it cannot be assigned`);
      return;
    }
    if (sym.kind !== 'variable') {
      this.report('undeclared', t.name, `\`${name}\` is a ${describeSym(sym)}, not a variable: it cannot be assigned`);
      return;
    }
    if (ctx.fn && this.values.get(name) === sym) {
      this.report('undeclared', t.name, `\`${name}\` is a module variable: an analog function can only assign its own variables`);
      return;
    }
    if (t.index) {
      if (!sym.v.dims) this.report('array-index', t.name, `\`${name}\` is not an array`);
      else this.checkIndex('array', name, sym.v.dims, t.index, ctx);
    } else if (sym.v.dims) {
      this.report('array-index', t.name, `\`${name}\` is an array: assign one element, e.g. ${name}[0] = ...`);
    }
    this.resolved.set(t, sym.v);
    if (!ctx.fn) {
      this.assignedAnywhere.add(sym.v);
      if (ctx.event) this.assignedInEvent.add(sym.v);
    }
  }

  private forLoop(s: A.VaFor, ctx: Ctx): void {
    const name = s.init.target.name.name;
    const sym = this.lookup(name, ctx);
    if (sym?.kind !== 'genvar') {
      // A procedural loop: an integer or real variable steps through it.
      this.assign(s.init, ctx);
      const inner = { ...ctx, loop: s as A.VaLoc };
      this.expr(s.cond, inner);
      this.assign(s.step, inner);
      this.stmt(s.body, inner);
      return;
    }
    // A genvar loop (LRM §5.9.3): unrolled; its genvar is a constant inside.
    if (s.step.target.name.name !== name) {
      this.report('undeclared', s.step.target.name, `the step of the genvar loop over \`${name}\` must assign \`${name}\``);
    }
    if (s.init.target.index || s.step.target.index) this.report('array-index', s.init.target, `genvar \`${name}\` is not an array`);
    if (ctx.genvars.has(name)) this.report('duplicate', s.init.target.name, `genvar \`${name}\` is already the index of an enclosing loop`);
    const inner: Ctx = { ...ctx, genvars: new Set([...ctx.genvars, name]) };
    const constCtx = { ...ctx, constant: `the bounds of the genvar loop over \`${name}\`` };
    this.expr(s.init.value, constCtx);
    this.expr(s.cond, { ...inner, constant: constCtx.constant });
    this.expr(s.step.value, { ...inner, constant: constCtx.constant });
    inner.envs = this.unroll(s, name, ctx.envs);
    this.genvarLoops.set(s, inner.envs);
    this.stmt(s.body, inner);
  }

  /** Every environment (genvar values) of a genvar loop's body, or null if not computable. */
  private unroll(s: A.VaFor, name: string, outer: Env[] | null): Env[] | null {
    if (!outer) return null;
    const out: Env[] = [];
    for (const env of outer) {
      let v = this.evaluate(s.init.value, env);
      for (let k = 0; ; k++) {
        if (!isNum(v) || k > MAX_ITERATIONS) return null;
        const e = new Map(env).set(name, v.n);
        const c = this.evaluate(s.cond, e);
        if (!isNum(c)) return null;
        if (c.n === 0) break;
        out.push(e);
        if (out.length > MAX_ENVS) return null;
        v = this.evaluate(s.step.value, e);
      }
    }
    return out;
  }

  private analogFunction(f: A.VaFunction, ctx: Ctx): void {
    const scope = new Scope(null);
    const add = (sym: ValueSym, what: string) => {
      const prev = scope.names.get(sym.id.name);
      if (prev && !(prev.kind === 'argument' && sym.kind === 'variable')) {
        this.report('duplicate', sym.id, `\`${sym.id.name}\` is already declared in analog function \`${f.name.name}\` (${what})`);
      } else if (!prev) scope.names.set(sym.id.name, sym);
    };
    scope.names.set(f.name.name, { kind: 'argument', id: f.name, direction: 'return' });
    for (const p of f.ports) for (const id of p.names) add({ kind: 'argument', id, direction: p.direction }, 'argument');
    const declaredType = new Set<string>();
    for (const d of f.decls) {
      for (const v of d.vars) {
        if (declaredType.has(v.name.name)) this.report('duplicate', v.name, `\`${v.name.name}\` already has a type in analog function \`${f.name.name}\``);
        declaredType.add(v.name.name);
        add({ kind: 'variable', v, type: d.type, id: v.name }, 'variable');
      }
    }
    // The function can see module parameters (through `lookup`'s fallback) but not variables.
    const inner: Ctx = { ...ctx, scope, fn: f };
    this.stmt(f.body, inner);
  }

  // ---------------------------------------------------------------- instances

  /** Rule instance. */
  private instance(inst: A.VaInstance, ctx: Ctx): void {
    const modName = inst.module.name;
    const sig = this.shared.signatures.get(modName);
    if (modName === this.m.name.name) this.report('instance', inst.module, `module \`${modName}\` instantiates itself`);
    if (!sig) this.report('instance', inst.module, `module \`${modName}\` is not defined in this file nor among the known modules`);
    const constCtx: Ctx = { ...ctx, constant: `a parameter override of \`${inst.name.name}\`` };
    this.connections(inst, inst.params, sig?.params, 'parameter', (c) => {
      if (c.value) this.expr(c.value, constCtx);
    });
    this.connections(inst, inst.connections, sig?.ports, 'port', (c) => {
      if (c.value) this.connectedNet(c.value, inst);
    });
  }

  private connections(
    inst: A.VaInstance,
    list: readonly A.VaConnection[],
    names: readonly string[] | undefined,
    what: 'parameter' | 'port',
    check: (c: A.VaConnection) => void,
  ): void {
    const named = list.filter((c) => c.name);
    if (named.length && named.length !== list.length) {
      this.report('instance', list[0]!, `the ${what}s of \`${inst.name.name}\` mix named and positional connections`);
    }
    const seen = new Set<string>();
    for (const c of list) {
      check(c);
      if (!names) continue;
      if (c.name) {
        if (seen.has(c.name.name)) this.report('instance', c.name, `${what} \`${c.name.name}\` of \`${inst.name.name}\` is connected twice`);
        seen.add(c.name.name);
        if (!names.includes(c.name.name)) {
          this.report('instance', c.name, `module \`${inst.module.name}\` has no ${what === 'port' ? 'port' : 'parameter'} \`${c.name.name}\``);
        }
      }
    }
    if (names && !named.length && list.length > names.length) {
      this.report('instance', list[names.length]!, `module \`${inst.module.name}\` has ${names.length} ${what}s but \`${inst.name.name}\` connects ${list.length}`);
    }
  }

  private connectedNet(e: A.VaExpr, inst: A.VaInstance): void {
    const ref = e.kind === 'name' ? { name: e.name, index: null } : e.kind === 'index' ? { name: e.name.name, index: e.index } : null;
    if (!ref) {
      this.report('instance', e, `a port of \`${inst.name.name}\` must be connected to a net (or one element of a bus)`);
      return;
    }
    const n = this.nets.get(ref.name);
    if (!n?.discipline) {
      this.report('instance', e, `net \`${ref.name}\` connected to \`${inst.name.name}\` is not declared with a discipline (e.g. \`electrical ${ref.name};\`)`);
      return;
    }
    const top: Ctx = { scope: null, fn: null, event: null, cond: null, loop: null, genvars: new Set(), envs: [EMPTY_ENV], constant: 'a bus index' };
    if (ref.index) {
      this.expr(ref.index, top);
      if (!n.discipline.range) this.report('instance', e, `\`${ref.name}\` is not a bus: it cannot be indexed`);
      else this.checkIndex('branch', ref.name, n.discipline.range, ref.index, top);
    }
  }

  // ---------------------------------------------------------------- hidden state

  /**
   * Rule hidden-state. Walk the analog block in statement order, keeping the set of variables
   * that are certainly assigned at each point of one time step:
   *  - an assignment adds its variable (an element assignment adds the whole array);
   *  - after if/else, what both branches assign; after `case` with `default`, what all items
   *    assign; after `if` without `else`, `case` without `default`, a procedural loop's body
   *    (it may run zero times) or an event body (it may not fire): nothing new;
   *  - a genvar loop's body counts (it is unrolled at least once, unless it has no iteration);
   *  - a procedural `for`'s initial assignment counts.
   * A variable is reported at its first read outside that set when it is also assigned
   * somewhere in the analog block but never inside an event statement: its value at that read
   * is the one left by the previous time step (or the previous rejected step), i.e. state
   * that belongs on an internal node. Variables assigned inside `@(...)` hold sampled values
   * (LRM `sh` example) and are exempt; variables never assigned are constants.
   */
  private hiddenState(body: A.VaStmt): void {
    const firstRead = new Map<A.VaVar, A.VaLoc>();
    const read = (e: A.VaExpr | null, assigned: Set<A.VaVar>): void => {
      if (!e) return;
      exprReads(e, (node, write) => {
        const v = this.resolved.get(node);
        if (!v) return;
        if (write) assigned.add(v);
        else if (!assigned.has(v) && !firstRead.has(v)) firstRead.set(v, node as A.VaLoc);
      }, this.outputArgs);
    };
    const flow = (s: A.VaStmt, a: Set<A.VaVar>): Set<A.VaVar> => {
      switch (s.kind) {
        case 'block':
          for (const x of s.stmts) a = flow(x, a);
          return a;
        case 'assign': {
          read(s.value, a);
          read(s.target.index, a);
          const v = this.resolved.get(s.target);
          if (v) a.add(v);
          return a;
        }
        case 'contribution':
          for (const n of s.access.nets) read(n.index, a);
          read(s.value, a);
          return a;
        case 'if': {
          read(s.cond, a);
          const t = flow(s.then, new Set(a));
          if (!s.else) return a;
          const e = flow(s.else, new Set(a));
          return new Set([...t].filter((v) => e.has(v)));
        }
        case 'case': {
          read(s.subject, a);
          for (const it of s.items) for (const l of it.labels ?? []) read(l, a);
          const outs = s.items.map((it) => flow(it.body, new Set(a)));
          if (!s.items.some((it) => it.labels === null) || outs.length === 0) return a;
          return new Set([...outs[0]!].filter((v) => outs.every((o) => o.has(v))));
        }
        case 'for': {
          if (this.genvarLoops.has(s)) {
            const envs = this.genvarLoops.get(s);
            read(s.cond, a);
            if (envs && envs.length === 0) {
              flow(s.body, new Set(a));
              return a;
            }
            return flow(s.body, a);
          }
          a = flow(s.init, a);
          read(s.cond, a);
          const b = flow(s.body, new Set(a));
          flow(s.step, b);
          return a;
        }
        case 'while':
          read(s.cond, a);
          flow(s.body, new Set(a));
          return a;
        case 'repeat':
          read(s.count, a);
          flow(s.body, new Set(a));
          return a;
        case 'event':
          for (const ev of s.events) for (const x of ev.args ?? []) read(x, a);
          flow(s.body, new Set(a));
          return a;
        case 'systask':
          for (const x of s.args ?? []) read(x, a);
          return a;
        case 'null':
          return a;
      }
    };
    flow(body, new Set());
    for (const [v, at] of firstRead) {
      if (this.assignedAnywhere.has(v) && !this.assignedInEvent.has(v)) {
        this.report('hidden-state', at, `\`${v.name.name}\` is read here before it is assigned in this time step, so it carries its value from the previous step: keep state on an internal node (e.g. \`V(s) <+ idt(...)\`) or sample it in an \`@(cross/timer/initial_step)\` block`);
      }
    }
  }

  /** For a call, the argument positions the callee writes (analog function outputs, seeds). */
  private readonly outputArgs = (e: A.VaCall | A.VaSysCall): { write: number[]; readWrite: number[] } => {
    if (e.kind === 'syscall') return SEEDED.has(e.name) ? { write: [], readWrite: [0] } : { write: [], readWrite: [] };
    const sym = this.values.get(e.name.name);
    if (sym?.kind !== 'function') return { write: [], readWrite: [] };
    const write: number[] = [];
    const readWrite: number[] = [];
    let i = 0;
    for (const p of sym.fn.ports) {
      for (let k = 0; k < p.names.length; k++, i++) {
        if (p.direction === 'output') write.push(i);
        else if (p.direction === 'inout') readWrite.push(i);
      }
    }
    return { write, readWrite };
  };
}

/**
 * Visit the variable uses of an expression in evaluation order: `visit(node, false)` for a
 * read, `visit(node, true)` for a write (an analog function's output argument, a seed).
 */
function exprReads(
  e: A.VaExpr,
  visit: (node: object, write: boolean) => void,
  outputs: (e: A.VaCall | A.VaSysCall) => { write: number[]; readWrite: number[] },
): void {
  const go = (x: A.VaExpr): void => {
    switch (x.kind) {
      case 'name':
        visit(x, false);
        return;
      case 'index':
        go(x.index);
        visit(x, false);
        return;
      case 'call':
      case 'syscall': {
        const args = x.args ?? [];
        const o = outputs(x);
        args.forEach((a, i) => {
          if (!o.write.includes(i)) go(a);
        });
        args.forEach((a, i) => {
          if (o.write.includes(i) || o.readWrite.includes(i)) visit(a, true);
        });
        return;
      }
      case 'access':
        for (const n of x.nets) if (n.index) go(n.index);
        return;
      case 'unary':
        go(x.operand);
        return;
      case 'binary':
        go(x.left);
        go(x.right);
        return;
      case 'cond':
        go(x.cond);
        go(x.then);
        go(x.else);
        return;
      case 'concat':
      case 'pattern':
        x.items.forEach(go);
        return;
      default:
        return;
    }
  };
  go(e);
}

function collectNames(e: A.VaExpr, out: Set<string>): void {
  switch (e.kind) {
    case 'name':
      out.add(e.name);
      return;
    case 'index':
      collectNames(e.index, out);
      return;
    case 'call':
      e.args.forEach((a) => collectNames(a, out));
      return;
    case 'syscall':
      (e.args ?? []).forEach((a) => collectNames(a, out));
      return;
    case 'unary':
      collectNames(e.operand, out);
      return;
    case 'binary':
      collectNames(e.left, out);
      collectNames(e.right, out);
      return;
    case 'cond':
      collectNames(e.cond, out);
      collectNames(e.then, out);
      collectNames(e.else, out);
      return;
    case 'concat':
    case 'pattern':
      e.items.forEach((i) => collectNames(i, out));
      return;
    default:
      return;
  }
}

function binaryValue(op: string, l: Num, r: Num): Num | undefined {
  const int = l.int && r.int;
  const bool = (b: boolean): Num => ({ n: b ? 1 : 0, int: true });
  switch (op) {
    case '+': return { n: l.n + r.n, int };
    case '-': return { n: l.n - r.n, int };
    case '*': return { n: l.n * r.n, int };
    case '/':
      if (int) return r.n === 0 ? undefined : { n: Math.trunc(l.n / r.n), int };
      return { n: l.n / r.n, int };
    case '%': return int && r.n !== 0 ? { n: l.n % r.n, int } : undefined;
    case '**': return { n: l.n ** r.n, int: int && r.n >= 0 };
    case '<': return bool(l.n < r.n);
    case '<=': return bool(l.n <= r.n);
    case '>': return bool(l.n > r.n);
    case '>=': return bool(l.n >= r.n);
    case '==': case '===': return bool(l.n === r.n);
    case '!=': case '!==': return bool(l.n !== r.n);
    case '&&': return bool(l.n !== 0 && r.n !== 0);
    case '||': return bool(l.n !== 0 || r.n !== 0);
    default:
      if (!int) return undefined;
      switch (op) {
        case '&': return { n: l.n & r.n, int };
        case '|': return { n: l.n | r.n, int };
        case '^': return { n: l.n ^ r.n, int };
        case '^~': case '~^': return { n: ~(l.n ^ r.n), int };
        case '<<': case '<<<': return { n: l.n * 2 ** r.n, int };
        case '>>': case '>>>': return { n: Math.floor(l.n / 2 ** r.n), int };
        default: return undefined;
      }
  }
}

function describeSym(s: ValueSym): string {
  switch (s.kind) {
    case 'parameter': return s.decl.local ? 'localparam' : 'parameter';
    case 'variable': return `${s.type} variable`;
    case 'genvar': return 'genvar';
    case 'function': return 'analog function';
    case 'instance': return 'module instance';
    case 'argument': return 'function argument';
  }
}

function fmt(n: number): string {
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}
