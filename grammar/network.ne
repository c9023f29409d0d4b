# grammar/network.ne: the body of a `network NAME on TARGET { ... }` (spec: network.test.ts).
# Layer kinds (`dense`, `relu`, ...) are plain identifiers: elaboration knows them, so that a
# misspelt kind gets a suggestion instead of a parse error. `train` and `map` are contextual.

NetBody    -> "{" NetStmt:* "}"                                 {% (d) => b.body(d) %}
NetStmt    -> Assign {% id %} | Layer {% id %} | Activation {% id %} | Train {% id %} | Map {% id %}
Layer      -> %ident %ident LayerBody ";":?                     {% (d) => b.layer(d) %}
# Layer parameters are assignments; `in` (a keyword) names the input size here.
LayerBody  -> "{" LayerParam:* "}"                              {% (d) => b.body(d) %}
LayerParam -> Assign {% id %}
            | "in" "=" Expr ";"                                 {% (d) => b.assign([[d[0]], d[1], d[2], d[3]]) %}
Activation -> %ident ";"                                        {% (d) => b.activation(d) %}
Train      -> "train" Body ";":?                                {% (d) => b.train(d) %}
Map        -> "map" %ident "->" Postfix ("," Postfix):* ";"     {% (d) => b.mapStmt(d) %}
