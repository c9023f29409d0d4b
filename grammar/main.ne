# grammar/main.ne: the xbar language. Entry point of the generated parser.
#
# Semantics stay out of this file: each postprocessor calls one builder in ast-builders.ts.
# Tokens come from lexer.ts through the parse façade (parse.ts); literals such as "tile"
# or "with" match a token's text, so contextual words need no reserved keyword.
@preprocessor typescript

@{%
import { grammarLexer } from '../lexer-adapter.js';
import * as b from '../ast-builders.js';
%}

@lexer grammarLexer

# The first rule is the start symbol.
File -> Item:*                                         {% (d) => b.items(d[0]) %}

@include "items.ne"
@include "statements.ne"
@include "network.ne"
@include "expressions.ne"
