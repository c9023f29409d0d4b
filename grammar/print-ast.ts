// grammar/print-ast.ts: print an AST back as xbar source, in canonical layout.
//
// Parsing the output gives the same AST (spans aside): parentheses are added exactly where
// precedence needs them. Used by the parser's round-trip tests and by tools that rewrite
// descriptions.
import type * as A from '../dsl/ast.js';

const PREC: Record<string, number> = {
  cond: 1, '||': 2, '&&': 3, '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '+': 5, '-': 5, '*': 6, '/': 6, '%': 6, unary: 7, '**': 8, postfix: 9,
};

function prec(e: A.Expr): number {
  switch (e.kind) {
    case 'cond':
      return PREC['cond']!;
    case 'binary':
      return PREC[e.op]!;
    case 'unary':
      return PREC['unary']!;
    default:
      return PREC['postfix']!;
  }
}

function wrap(e: A.Expr, min: number): string {
  const s = expr(e);
  return prec(e) < min ? `(${s})` : s;
}

function str(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

export function range(r: A.RangeExpr): string {
  return `${expr(r.lo)}${r.inclusive ? '..=' : '..'}${expr(r.hi)}`;
}

export function expr(e: A.Expr): string {
  switch (e.kind) {
    case 'number':
      return e.unit ? `${e.text} ${e.unit.text}` : e.text;
    case 'string':
      return str(e.value);
    case 'bool':
      return String(e.value);
    case 'name':
      return e.name;
    case 'member':
      return `${wrap(e.object, PREC['postfix']!)}.${e.member.name}`;
    case 'index':
      return `${wrap(e.object, PREC['postfix']!)}[${e.index.kind === 'range' ? range(e.index) : expr(e.index)}]`;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name} = ${expr(a.value)}` : expr(a.value))).join(', ')})`;
    case 'unary':
      return `${e.op}${wrap(e.operand, PREC['unary']!)}`;
    case 'binary': {
      const p = PREC[e.op]!;
      if (e.op === '**') return `${wrap(e.left, PREC['postfix']!)} ** ${wrap(e.right, PREC['unary']!)}`;
      // Comparisons do not chain: both sides bind tighter. Others are left-associative.
      const leftMin = p === 4 ? p + 1 : p;
      return `${wrap(e.left, leftMin)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
    case 'cond':
      return `${wrap(e.cond, PREC['||']!)} ? ${expr(e.then)} : ${expr(e.else)}`;
    case 'list':
      return `[${e.items.map(expr).join(', ')}]`;
  }
}

function qname(q: A.QualifiedName): string {
  return q.parts.map((p) => p.name).join('.');
}

function block(stmts: readonly A.Stmt[], indent: number): string {
  if (stmts.length === 0) return '{ }';
  const pad = '  '.repeat(indent + 1);
  return `{\n${stmts.map((s) => pad + stmt(s, indent + 1)).join('\n')}\n${'  '.repeat(indent)}}`;
}

export function stmt(s: A.Stmt, indent = 0): string {
  switch (s.kind) {
    case 'assign':
      return `${s.name.name} = ${expr(s.value)};`;
    case 'local-const':
      return `const ${s.name.name} = ${expr(s.value)};`;
    case 'instance': {
      const head = `${qname(s.type)} ${s.name.name}${s.dims.map((d) => `[${expr(d)}]`).join('')}`;
      return s.body ? `${head} ${block(s.body, indent)}` : `${head};`;
    }
    case 'connect':
      return `connect ${s.chain.map(expr).join(' -> ')};`;
    case 'link':
      return `link ${expr(s.from)} -> ${expr(s.to)}${s.body ? ` ${block(s.body, indent)}` : ';'}`;
    case 'for':
      return `for ${s.variable.name} in ${range(s.range)} ${block(s.body, indent)}`;
    case 'if': {
      let out = `if ${expr(s.cond)} ${block(s.then, indent)}`;
      if (s.else) {
        const only = s.else.length === 1 ? s.else[0]! : null;
        out += only?.kind === 'if' ? ` else ${stmt(only, indent)}` : ` else ${block(s.else, indent)}`;
      }
      return out;
    }
    case 'program':
      return `program ${expr(s.target)} with ${expr(s.source)};`;
    case 'drive':
      return `drive ${expr(s.target)} with ${expr(s.source)};`;
    case 'run':
      return s.mode === 'for' ? `run for ${expr(s.duration!)};` : 'run until idle;';
    case 'run-network':
      return `run network ${s.network.name}${s.data.length ? ` with ${s.data.map(expr).join(', ')}` : ''};`;
    case 'expect-ideal':
      return `expect ${expr(s.target)} ~ ideal within ${expr(s.tolerance)};`;
    case 'expect-cmp':
      return `expect ${expr(s.expr)};`;
    case 'trace':
      return `trace ${s.targets.map(expr).join(', ')} to ${str(s.file.value)};`;
  }
}

export function netStmt(s: A.NetStmt, indent = 0): string {
  switch (s.kind) {
    case 'assign':
      return stmt(s, indent);
    case 'layer':
      return `${s.layer.name} ${s.name.name} ${block(s.body, indent)}`;
    case 'activation':
      return `${s.layer.name};`;
    case 'train':
      return `train ${block(s.body, indent)}`;
    case 'map':
      return `map ${s.layer.name} -> ${s.tiles.map(expr).join(', ')};`;
  }
}

export function item(i: A.Item, indent = 0): string {
  switch (i.kind) {
    case 'import':
      return `import ${str(i.path.value)};`;
    case 'const':
      return `${i.binding} ${i.name.name} = ${expr(i.value)};`;
    case 'clock':
      return `clock ${i.name.name} = ${expr(i.value)};`;
    case 'namespace': {
      const pad = '  '.repeat(indent + 1);
      return `namespace ${i.name.name} {\n${i.items.map((x) => pad + item(x, indent + 1)).join('\n')}\n${'  '.repeat(indent)}}`;
    }
    case 'component':
      return `${i.category} ${i.name.name}${i.base ? ` : ${qname(i.base)}` : ''} ${block(i.body, indent)}`;
    case 'tile':
      return `tile ${i.name.name} ${block(i.body, indent)}`;
    case 'chip':
      return `chip ${i.name.name} ${block(i.body, indent)}`;
    case 'testbench':
      return `testbench ${i.name.name} for ${qname(i.target)} ${block(i.body, indent)}`;
    case 'network': {
      const pad = '  '.repeat(indent + 1);
      const body = i.body.map((s) => pad + netStmt(s, indent + 1)).join('\n');
      return `network ${i.name.name} on ${qname(i.target)} {${body ? `\n${body}\n${'  '.repeat(indent)}` : ''}}`;
    }
  }
}

export function printAst(file: A.FileAst): string {
  return file.items.map((i) => item(i)).join('\n') + '\n';
}
