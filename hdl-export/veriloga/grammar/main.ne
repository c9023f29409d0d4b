# hdl-export/veriloga/grammar/main.ne: the Verilog-A subset xbar emits (see ../README.md).
# Generated into ../generated/va-grammar.ts by scripts/gen-grammar.mjs.
#
# Semantics stay out of these files: each postprocessor calls one builder in ../builders.ts.
# Tokens come from ../lexer.ts through the preprocessor and the parse façade (../parse.ts),
# which also parses a file piece by piece with the start symbols ModuleHeader, ModuleItem and
# Stmt; `File` is the whole language and the reference the pieces must agree with.
@preprocessor typescript

@{%
import { grammarLexer } from '../lexer.js';
import * as b from '../builders.js';
%}

@lexer grammarLexer

# The first rule is the start symbol.
File -> Module:*                                         {% (d) => b.items(d[0]) %}

@include "items.ne"
@include "statements.ne"
@include "expressions.ne"
