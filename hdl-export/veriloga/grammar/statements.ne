# hdl-export/veriloga/grammar/statements.ne: analog statements.
#
# The dangling `else` is resolved the usual way (it binds to the nearest `if`) by splitting
# statements into Matched (every `if` has its `else`) and Unmatched, so that every statement
# has exactly one parse. Loops and event controls take either kind as their body.

Stmt      -> Matched                                               {% id %}
           | Unmatched                                             {% id %}
Matched   -> "if" "(" Expr ")" Matched "else" Matched              {% (d) => b.ifStmt(d[0], d[2], d[4], d[6]) %}
           | Control Matched                                       {% (d) => b.control(d[0], d[1]) %}
           | Simple                                                {% id %}
Unmatched -> "if" "(" Expr ")" Stmt                                {% (d) => b.ifStmt(d[0], d[2], d[4], null) %}
           | "if" "(" Expr ")" Matched "else" Unmatched            {% (d) => b.ifStmt(d[0], d[2], d[4], d[6]) %}
           | Control Unmatched                                     {% (d) => b.control(d[0], d[1]) %}

# The head of a statement that takes one statement as its body.
Control   -> "for" "(" ForAssign ";" Expr ";" ForAssign ")"        {% (d) => b.forHead(d) %}
           | "while" "(" Expr ")"                                  {% (d) => b.whileHead(d) %}
           | "repeat" "(" Expr ")"                                 {% (d) => b.repeatHead(d) %}
           | "@" "(" Event (("or" | ",") Event):* ")"              {% (d) => b.eventHead(d) %}
Event     -> %ident                                                {% (d) => b.event(d[0], null) %}
           | %ident "(" ExprList:? ")"                             {% (d) => b.event(d[0], b.toArray(d[2])) %}

Simple    -> Block                                                 {% id %}
           | Lvalue "=" Expr ";"                                   {% (d) => b.assign(d[0], d[2]) %}
           | Access "<+" Expr ";"                                  {% (d) => b.contribution(d[0], d[2]) %}
           | "case" "(" Expr ")" CaseItem:+ "endcase"              {% (d) => b.caseStmt(d) %}
           | %sysname ("(" ExprList:? ")"):? ";"                   {% (d) => b.sysTask(d) %}
           | ";"                                                   {% (d) => b.nullStmt(d[0]) %}

Block     -> "begin" (":" %ident VarDecl:*):? Stmt:* "end"         {% (d) => b.block(d) %}
ForAssign -> Lvalue "=" Expr                                       {% (d) => b.assign(d[0], d[2]) %}
Lvalue    -> %ident ("[" Expr "]"):?                               {% (d) => b.lvalue(d) %}
CaseItem  -> ExprList ":" Stmt                                     {% (d) => b.caseItem(d[0].first, b.toArray(d[0]), d[2]) %}
           | "default" ":":? Stmt                                  {% (d) => b.caseItem(d[0], null, d[2]) %}
