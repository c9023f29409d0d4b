# hdl-export/veriloga/grammar/items.ne: modules and module items.

Module       -> ModuleHeader ModuleItem:* "endmodule"              {% (d) => b.module(d[0], b.items(d[1]), d[2]) %}
ModuleHeader -> Attr:* "module" %ident PortList:? ";"              {% (d) => b.moduleHeader(d) %}
PortList     -> "(" (%ident ("," %ident):*):? ")"                  {% (d) => (d[1] ? b.listOf(d[1][0], d[1][1]) : []) %}

Attr         -> "(*" AttrSpec ("," AttrSpec):* "*)"                {% (d) => b.listOf(d[1], d[2]) %}
AttrSpec     -> %ident ("=" Expr):?                                {% (d) => b.attr(d) %}

ModuleItem   -> Attr:* ItemBody                                    {% (d) => b.withAttrs(d[0], d[1]) %}
ItemBody     -> PortDecl {% id %} | NetDecl {% id %} | GroundDecl {% id %} | ParamDecl {% id %}
              | VarDecl {% id %} | GenvarDecl {% id %} | Analog {% id %} | Function {% id %}
              | Instance {% id %}

Direction    -> "input" {% id %} | "output" {% id %} | "inout" {% id %}
PortDecl     -> Direction %ident:? Range:? IdentList ";"           {% (d) => b.portDecl(d) %}
NetDecl      -> %ident Range:? IdentList ";"                       {% (d) => b.netDecl(d) %}
GroundDecl   -> "ground" IdentList ";"                             {% (d) => b.groundDecl(d) %}
# Lazy like ExprList (see expressions.ne); the declarations call b.identList on it.
IdentList    -> %ident ("," %ident):*                              {% (d) => b.lazyList(d[0], d[1]) %}
Range        -> "[" Expr ":" Expr "]"                              {% (d) => b.range(d) %}

ParamDecl    -> ("parameter" | "localparam") ParamType:? Range:? Param ("," Param):* Attr:* ";"
                                                                   {% (d) => b.paramDecl(d) %}
ParamType    -> "real" {% id %} | "integer" {% id %} | "string" {% id %}
Param        -> %ident Range:? "=" Expr Constraint:*               {% (d) => b.param(d) %}
Constraint   -> "from" Interval                                    {% (d) => b.constraint(d[0], d[1], null) %}
              | "exclude" Interval                                 {% (d) => b.constraint(d[0], d[1], null) %}
              | "exclude" Expr                                     {% (d) => b.constraint(d[0], null, d[1]) %}
Interval     -> ("[" | "(") Expr ":" Expr ("]" | ")")              {% (d) => b.interval(d) %}

VarDecl      -> VarType Var ("," Var):* Attr:* ";"                 {% (d) => b.varDecl(d) %}
VarType      -> "real" {% id %} | "integer" {% id %}
Var          -> %ident Range:? ("=" Expr):?                        {% (d) => b.variable(d) %}
GenvarDecl   -> "genvar" IdentList ";"                             {% (d) => b.genvarDecl(d) %}

Analog       -> "analog" Stmt                                      {% (d) => b.analog(d) %}
Function     -> "analog" "function" VarType:? %ident ";" FunctionDecl:* Stmt "endfunction"
                                                                   {% (d) => b.analogFunction(d) %}
FunctionDecl -> PortDecl {% id %} | VarDecl {% id %}

# `mod #(.p(1)) inst (.a(n1), .b(n2));` (named or positional, checked by the lint)
Instance     -> %ident ("#" "(" Connection ("," Connection):* ")"):? %ident "(" (Connection ("," Connection):*):? ")" ";"
                                                                   {% (d) => b.instance(d) %}
Connection   -> "." %ident "(" Expr:? ")"                          {% (d) => b.connection(d[0], d[1], d[3]) %}
              | Expr                                               {% (d) => b.connection(d[0], null, d[0]) %}
