# hdl-export/veriloga/grammar/expressions.ne: expressions with Verilog's operators and
# precedence (IEEE 1364-2005 table 5-4), loosest first. Binary operators associate to the
# left; `?:` to the right. Unary operators bind tightest (`-a ** b` is `(-a) ** b`).

Expr    -> LOr                                                     {% id %}
         | LOr "?" Expr ":" Expr                                   {% (d) => b.cond(d) %}
LOr     -> LOr "||" LAnd                                           {% (d) => b.binary(d) %}
         | LAnd                                                    {% id %}
LAnd    -> LAnd "&&" BOr                                           {% (d) => b.binary(d) %}
         | BOr                                                     {% id %}
BOr     -> BOr "|" BXor                                            {% (d) => b.binary(d) %}
         | BXor                                                    {% id %}
BXor    -> BXor ("^" | "^~" | "~^") BAnd                           {% (d) => b.binary(d) %}
         | BAnd                                                    {% id %}
BAnd    -> BAnd "&" Eq                                             {% (d) => b.binary(d) %}
         | Eq                                                      {% id %}
Eq      -> Eq ("==" | "!=" | "===" | "!==") Rel                    {% (d) => b.binary(d) %}
         | Rel                                                     {% id %}
Rel     -> Rel ("<" | "<=" | ">" | ">=") Shift                     {% (d) => b.binary(d) %}
         | Shift                                                   {% id %}
Shift   -> Shift ("<<" | ">>" | "<<<" | ">>>") Add                 {% (d) => b.binary(d) %}
         | Add                                                     {% id %}
Add     -> Add ("+" | "-") Mul                                     {% (d) => b.binary(d) %}
         | Mul                                                     {% id %}
Mul     -> Mul ("*" | "/" | "%") Pow                               {% (d) => b.binary(d) %}
         | Pow                                                     {% id %}
Pow     -> Pow "**" Unary                                          {% (d) => b.binary(d) %}
         | Unary                                                   {% id %}
Unary   -> ("+" | "-" | "!" | "~" | "&" | "~&" | "|" | "~|" | "^" | "~^" | "^~") Unary
                                                                   {% (d) => b.unary(d) %}
         | Primary                                                 {% id %}

Primary -> %number                                                 {% (d) => b.number(d[0]) %}
         | %based                                                  {% (d) => b.based(d[0]) %}
         | %string                                                 {% (d) => b.string(d[0]) %}
         | "inf"                                                   {% (d) => b.inf(d[0]) %}
         | %ident                                                  {% (d) => b.name(d[0]) %}
         | %ident "[" Expr "]"                                     {% (d) => b.index(d[0], d[2]) %}
         | %ident "(" ExprList:? ")"                               {% (d) => b.call(d[0], d[2]) %}
         | %sysname                                                {% (d) => b.sysCall(d[0], null) %}
         | %sysname "(" ExprList:? ")"                             {% (d) => b.sysCall(d[0], b.toArray(d[2])) %}
         | Access                                                  {% id %}
         | "(" Expr ")"                                            {% (d) => d[1] %}
         | "{" ExprList "}"                                        {% (d) => b.concatenation(d[0], d[1]) %}
         | "'{" ExprList "}"                                       {% (d) => b.pattern(d[0], d[1]) %}

Access  -> %access "(" NetRef ("," NetRef):? ")"                   {% (d) => b.access(d) %}
NetRef  -> %ident ("[" Expr "]"):?                                 {% (d) => b.netRef(d) %}
# Not an array: nearley completes ExprList after every element, so building the array here
# would cost O(n) per element. The rules that use it (all closed by a bracket) call b.toArray.
ExprList -> Expr ("," Expr):*                                      {% (d) => b.lazyList(d[0], d[1]) %}
