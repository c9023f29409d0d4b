// hdl-export/names.ts: legal, unique identifiers for every output format.
//
// xbar names may not be legal elsewhere: instance paths (`c[3]`, `c[1][2]`), qualified
// component names (`pcm.hermes`), names that are keywords of Verilog, Verilog-AMS or SPICE
// (`module`, `input`, `electrical`, `V`), or names that differ only in case (SPICE is
// case-insensitive). One Namer, filled in one fixed order by the prepare step, gives every
// emitter the same names:
//   - characters other than [A-Za-z0-9_] become `_`, runs of `_` collapse, a trailing `_`
//     from a closing bracket goes (`c[3]` -> `c_3`, `c[1][2]` -> `c_1_2`, `pcm.hermes` ->
//     `pcm_hermes`); a leading digit gets `n_`; an empty name becomes `n`;
//   - a reserved word (compared case-insensitively) gets a `_x` suffix (`module` -> `module_x`);
//   - a name already taken in the same namespace, case-insensitively, gets `_2`, `_3`, ...
// The same key always gets the same name; names are never escaped (`\c[3] `), because ADMS
// and SPICE do not accept escaped identifiers.

/** Keywords of Verilog-2005 (IEEE 1364 Annex B), Verilog-AMS 2.4 and SPICE words we use. */
const RESERVED_WORDS = `
always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default
defparam design disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive
endspecify endtable endtask event for force forever fork function generate genvar highz0 highz1 if
ifnone incdir include initial inout input instance integer join large liblist library localparam
macromodule medium module nand negedge nmos nor noshowcancelled not notif0 notif1 or output parameter
pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect rcmos real
realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small
specify specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1
triand trior trireg unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor xor
above abs absdelta abstol access acos acosh ac_stim aliasparam analog analysis asin asinh atan atan2
atanh branch ceil connect connectmodule connectrules continuous cos cosh cross ddt ddt_nature ddx
discipline discrete domain driver_update endconnectrules enddiscipline endnature endparamset exclude
exp final_step flicker_noise floor flow from ground hypot idt idtmod idt_nature inf initial_step
laplace_nd laplace np laplace_zd laplace_zp last_crossing limexp ln log max merged min nature
net_resolution noise_table noise_table_log paramset potential pow resolveto sin sinh slew split sqrt
string tan tanh timer transition units white_noise wreal zi_nd zi_np zi_zd zi_zp
electrical voltage current v i gnd
`;

export const RESERVED: ReadonlySet<string> = new Set(RESERVED_WORDS.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));

/** A legal identifier for `raw` (before reserved words and uniqueness). */
export function legalIdentifier(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_');
  if (/[\]\)]$/.test(raw)) s = s.replace(/_$/, '');
  if (s === '' || s === '_') return 'n';
  if (/^[0-9]/.test(s)) s = `n_${s}`;
  return s;
}

/** Unique legal names in one namespace; the same key always gets the same name. */
export class Namer {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly reserved: ReadonlySet<string> = RESERVED) {}

  /** The name for `key` (made from `want`, default the key itself). */
  name(key: string, want: string = key): string {
    const have = this.byKey.get(key);
    if (have !== undefined) return have;
    let base = legalIdentifier(want);
    if (this.reserved.has(base.toLowerCase())) base = `${base}_x`;
    let name = base;
    for (let k = 2; this.taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    this.taken.add(name.toLowerCase());
    this.byKey.set(key, name);
    return name;
  }

  /** Every key and its name, in the order they were named. */
  entries(): [string, string][] {
    return [...this.byKey];
  }
}
