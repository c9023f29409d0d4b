# grammar/items.ne: top-level items (spec: items.test.ts).

Item -> Import {% id %} | Const {% id %} | Clock {% id %} | Namespace {% id %}
      | Component {% id %} | Tile {% id %} | Chip {% id %} | Testbench {% id %}
      | Network {% id %}

Import    -> "import" String ";"                       {% (d) => b.importItem(d) %}
Const     -> ("const" | "param") %ident "=" Expr ";"    {% (d) => b.constItem(d) %}
Clock     -> "clock" %ident "=" Expr ";"                {% (d) => b.clockItem(d) %}
Namespace -> "namespace" %ident "{" Item:* "}"          {% (d) => b.namespaceItem(d) %}
Component -> Category %ident (":" TypeName):? Body      {% (d) => b.componentItem(d) %}
Tile      -> "tile" %ident Body                         {% (d) => b.tileItem(d) %}
Chip      -> "chip" %ident Body                         {% (d) => b.chipItem(d) %}
Testbench -> "testbench" %ident "for" QName Body        {% (d) => b.testbenchItem(d) %}
Network   -> "network" %ident "on" QName NetBody        {% (d) => b.networkItem(d) %}

Category -> "device" | "dac" | "adc" | "crossbar" | "sample_hold" | "integrator"
          | "shift_add" | "digital" | "buffer"

QName -> %ident ("." %ident):*                          {% (d) => b.qualified(d) %}

Body -> "{" Stmt:* "}"                                  {% (d) => b.body(d) %}
