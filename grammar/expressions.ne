# grammar/expressions.ne: expressions, from loosest to tightest binding (spec: expressions.test.ts).
#   c ? a : b  |  ||  |  &&  |  == != < <= > >= (not chained)  |  + -  |  * / %  |  unary - + !  |  **  |  a.b a[i] f(x)

# `?:` and `**` associate to the right, but right recursion is quadratic in nearley: they
# are written as a head and a left-recursive list of tails, folded back by the builders.
Expr -> Or ("?" Expr ":" Or):*                          {% (d) => b.condChain(d) %}
Or   -> Or "||" And                                     {% (d) => b.binary(d) %}
      | And                                             {% id %}
And  -> And "&&" Cmp                                    {% (d) => b.binary(d) %}
      | Cmp                                             {% id %}
Cmp  -> Add ("==" | "!=" | "<" | "<=" | ">" | ">=") Add {% (d) => b.binary(d) %}
      | Add                                             {% id %}
Add  -> Add ("+" | "-") Mul                             {% (d) => b.binary(d) %}
      | Mul                                             {% id %}
Mul  -> Mul ("*" | "/" | "%") Unary                     {% (d) => b.binary(d) %}
      | Unary                                           {% id %}
Unary -> ("-" | "+" | "!"):* Pow                        {% (d) => b.unaryChain(d) %}
Pow  -> Postfix ("**" ("-" | "+" | "!"):* Postfix):*    {% (d) => b.powChain(d) %}

Postfix -> Primary                                      {% id %}
         | Postfix "." MemberName                       {% (d) => b.member(d) %}
         | Postfix "[" Index "]"                        {% (d) => b.index(d) %}
MemberName -> %ident | "in" | "clock"
Index -> Expr {% id %} | Range {% id %}
Range -> Expr (".." | "..=") Expr                       {% (d) => b.range([d[0], d[1][0], d[2]]) %}

Primary -> Number                                       {% id %}
         | String                                       {% id %}
         | ("true" | "false")                           {% (d) => b.boolLit(d[0]) %}
         | %ident                                       {% (d) => b.name(d) %}
         | KindWord                                     {% (d) => b.name(d[0]) %}
         | %ident "(" (Arg ("," Arg):* ",":?):? ")"     {% (d) => b.call(d) %}
         | "(" Expr ")"                                 {% (d) => b.paren(d) %}
         | "[" (Expr ("," Expr):* ",":?):? "]"          {% (d) => b.list(d) %}

# Category keywords that name a single kind can be read as values: `crossbar.wire_r`.
KindWord -> "crossbar" | "sample_hold" | "integrator" | "shift_add" | "digital"

Arg -> Expr                                             {% (d) => b.positionalArg(d) %}
     | ArgName "=" Expr                                 {% (d) => b.namedArg([d[0][0], d[1], d[2]]) %}
# `device` is a keyword but also the first argument of the cell schemes.
ArgName -> %ident | "device"

Number -> %number %unit:?                               {% (d) => b.numberLit(d) %}
String -> %string                                       {% (d) => b.stringLit(d) %}
