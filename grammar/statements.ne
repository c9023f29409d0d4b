# grammar/statements.ne: statements inside component, tile, chip and testbench bodies
# (spec: statements.test.ts). Which statement is allowed where is decided by elaboration,
# so that a misplaced statement gets a precise diagnostic instead of a parse error.

Stmt -> Assign {% id %} | LocalConst {% id %} | Instance {% id %} | Connect {% id %}
      | Link {% id %} | For {% id %} | If {% id %} | Program {% id %} | Drive {% id %}
      | Run {% id %} | RunNetwork {% id %} | Expect {% id %} | Trace {% id %}

ParamName  -> %ident | "clock"
Assign     -> ParamName "=" Expr ";"                           {% (d) => b.assign(d) %}
LocalConst -> "const" %ident "=" Expr ";"                      {% (d) => b.localConst(d) %}
Instance   -> TypeName %ident ("[" Expr "]"):* ";"             {% (d) => b.instance(d) %}
            | TypeName %ident ("[" Expr "]"):* Body ";":?      {% (d) => b.instance(d) %}
# A type is a declared component or tile, a built-in kind (`pwm`, `sar`), or a category
# keyword that has a single kind (`crossbar array { ... }`).
TypeName   -> QName                                            {% id %}
            | Category                                         {% (d) => b.qualified([d[0][0], []]) %}
Connect    -> "connect" Postfix ("->" Postfix):+ ";"           {% (d) => b.connect(d) %}
Link       -> "link" Postfix "->" Postfix ";"                  {% (d) => b.link(d) %}
            | "link" Postfix "->" Postfix Body ";":?           {% (d) => b.link(d) %}
For        -> "for" %ident "in" Range Body                     {% (d) => b.forStmt(d) %}
If         -> "if" Expr Body ("else" (If | Body)):?            {% (d) => b.ifStmt([d[0], d[1], d[2], d[3] ? [d[3][0], d[3][1][0]] : null]) %}
Program    -> "program" Postfix "with" Expr ";"                {% (d) => b.program(d) %}
Drive      -> "drive" Postfix "with" Expr ";"                  {% (d) => b.drive(d) %}
Run        -> "run" "for" Expr ";"                             {% (d) => b.runFor(d) %}
            | "run" "until" "idle" ";"                         {% (d) => b.runUntilIdle(d) %}
RunNetwork -> "run" "network" %ident ("with" Expr ("," Expr):?):? ";" {% (d) => b.runNetwork(d) %}
Expect     -> "expect" Postfix "~" "ideal" "within" Expr ";"   {% (d) => b.expectIdeal(d) %}
            | "expect" Expr ";"                                {% (d) => b.expectCmp(d) %}
Trace      -> "trace" Postfix ("," Postfix):* "to" String ";"  {% (d) => b.trace(d) %}
