// hdl-export/verilog/print-stages.ts: one Verilog module per stage of a tile, printed from its
// ControllerStage (prepare.ts). Each module mirrors the emulator's stage step by step
// (emulator/tile/stage.ts `step`, and the stage's `advance`):
//   1. hand-overs at this edge, decided on the registers as they were before it: the output
//      token leaves if `valid` and the consumer's `ready` were 1; a token comes in if the
//      producer's `valid` and our `ready` were 1;
//   2. the work due at this edge (blocking assignments to the stage's own state);
//   3. the registers `valid`, `ready`, `busy` (and the ADCs' `convert`), written with
//      non-blocking assignments: the neighbours see them at the next edge.
// Every stage runs at every edge; the emulator runs a stage only at the edges where something
// can happen, so equal traces also check that it never misses one.
import type { Text } from '../text.js';
import type { ControllerStage } from './prepare.js';

function header(t: Text, s: ControllerStage): void {
  const models = s.models.map((m) => `${m.name}[${m.count}] of ${m.component.module} (${m.declaredAt})`);
  t.comment('//', `Stage \`${s.instance}\`: ${s.what}${models.length ? `, ${models.join(', ')}` : ''}`);
  for (const w of s.why) t.comment('//', `  ${w}`);
}

function ports(t: Text, s: ControllerStage, extra: { before: string[]; after: string[] }): void {
  const list = [
    'input wire clk',
    ...extra.before,
    ...(s.timing.kind === 'source' ? [] : ['input wire up_valid']),
    ...(s.timing.kind === 'sink' ? [] : ['input wire down_ready']),
    'output reg valid',
    'output reg ready',
    'output reg busy',
    ...extra.after,
  ];
  // the body follows in a block opened by `);`
  t.line(`module ${s.module} (`, ...list.map((p, i) => `  ${p}${i < list.length - 1 ? ',' : ''}`));
}

function init(t: Text, regs: string[]): void {
  t.block('initial begin', () => t.line(...regs.map((r) => `${r};`)), 'end');
}

function printSource(t: Text, s: ControllerStage): void {
  ports(t, s, { before: ['input wire [31:0] push'], after: [] });
  t.block(');', () => {
    t.line('reg [31:0] waiting;  // vectors queued and not offered yet', 'reg holding;         // the output register holds a vector');
    init(t, ["valid = 1'b0", "ready = 1'b0", "busy = 1'b0", "waiting = 32'd0", "holding = 1'b0"]);
    t.block('always @(posedge clk) begin', () => {
      t.line("if (valid && down_ready) holding = 1'b0;");
      t.line('waiting = waiting + push;  // the testbench queues vectors before this edge');
      t.block("if (!holding && waiting != 32'd0) begin", () => t.line("waiting = waiting - 32'd1;", "holding = 1'b1;"), 'end');
      t.line('valid <= holding;', "ready <= 1'b0;", "busy <= holding || waiting != 32'd0;");
    }, 'end');
  }, 'endmodule');
}

function nextSlice(t: Text): void {
  t.line('slice = slice + 1;');
  t.line("if (slice >= SLICES) current = 1'b0;", 'else state = START;');
}

function printInput(t: Text, s: ControllerStage & { timing: { kind: 'input' } }): void {
  const { window, slices, live } = s.timing;
  ports(t, s, { before: [], after: live ? ['input wire [31:0] release_count'] : [] });
  t.block(');', () => {
    t.line(`localparam [63:0] WINDOW = 64'd${window};  // cycles the rows are driven per slice`);
    t.line(`localparam integer SLICES = ${slices};  // input slices per vector`);
    t.line(live ? "localparam [1:0] START = 2'd0, DRIVE = 2'd1, QUEUED = 2'd2, HELD = 2'd3;" : "localparam [1:0] START = 2'd0, DRIVE = 2'd1, QUEUED = 2'd2;");
    t.line('reg [63:0] cycle;      // index of this edge');
    t.line('reg pending;           // a vector waits in the input register');
    t.line('reg current;           // a vector is being applied');
    t.line('reg holding;           // the output register holds a slice');
    t.line('reg [1:0] state;');
    t.line('integer slice;');
    t.line('reg [63:0] drive_end;  // the edge the window ends at');
    if (live) t.line('reg [31:0] seen;       // releases by the ADCs seen so far');
    t.line('integer guard;');
    init(t, [
      "valid = 1'b0", "ready = 1'b0", "busy = 1'b0", "cycle = 64'd0", "pending = 1'b0", "current = 1'b0", "holding = 1'b0",
      'state = START', 'slice = 0', "drive_end = 64'd0", ...(live ? ["seen = 32'd0"] : []), 'guard = 0',
    ]);
    t.block('always @(posedge clk) begin', () => {
      t.line("if (valid && down_ready) holding = 1'b0;", "if (up_valid && ready) pending = 1'b1;");
      t.block('begin : work', () => {
        t.block('for (guard = 0; guard < 4; guard = guard + 1) begin', () => {
          t.block('if (!current) begin', () => t.line('if (!pending) disable work;', "current = 1'b1;", "pending = 1'b0;", 'slice = 0;', 'state = START;'), 'end');
          t.block('case (state)', () => {
            t.block('START: begin', () => t.line('drive_end = cycle + WINDOW;', 'state = DRIVE;', 'disable work;'), 'end');
            t.block('DRIVE: begin', () => t.line('if (cycle < drive_end) disable work;', "holding = 1'b1;", 'state = QUEUED;', 'disable work;'), 'end');
            t.block('QUEUED: begin', () => {
              t.line('if (holding) disable work;');
              if (live) t.line('state = HELD;  // the ADCs sample the array: hold it until they release it');
              else nextSlice(t);
            }, 'end');
            if (live) {
              t.block('HELD: begin', () => {
                t.line('if (release_count == seen) disable work;', 'seen = release_count;');
                nextSlice(t);
              }, 'end');
            } else t.line('default: disable work;');
          }, 'endcase');
        }, 'end');
      }, 'end');
      t.line('valid <= holding;', 'ready <= !pending;', 'busy <= current;', "cycle = cycle + 64'd1;");
    }, 'end');
  }, 'endmodule');
}

function printAdc(t: Text, s: ControllerStage & { timing: { kind: 'adc' } }): void {
  const { conversion, live } = s.timing;
  ports(t, s, { before: [], after: ['output reg convert', ...(live ? ['output reg [31:0] release_count'] : [])] });
  t.block(');', () => {
    t.line(`localparam [63:0] CONVERSION = 64'd${conversion};  // cycles per token`);
    t.line('reg [63:0] cycle;    // index of this edge');
    t.line('reg inbox;           // a token waits in the input register');
    t.line('reg job;             // converting');
    t.line('reg [63:0] job_end;  // the edge the conversion ends at');
    t.line('reg holding;         // the output register holds the codes');
    if (live) t.line('reg [31:0] releases;');
    init(t, [
      "valid = 1'b0", "ready = 1'b0", "busy = 1'b0", "convert = 1'b0", ...(live ? ["release_count = 32'd0", "releases = 32'd0"] : []),
      "cycle = 64'd0", "inbox = 1'b0", "job = 1'b0", "job_end = 64'd0", "holding = 1'b0",
    ]);
    t.block('always @(posedge clk) begin', () => {
      t.line("if (valid && down_ready) holding = 1'b0;", "if (up_valid && ready) inbox = 1'b1;");
      t.block('if (job && cycle >= job_end && !holding) begin', () => {
        t.line("holding = 1'b1;", "job = 1'b0;");
        if (live) t.line("releases = releases + 32'd1;");
      }, 'end');
      t.block('if (!job && inbox) begin', () => t.line("inbox = 1'b0;", "job = 1'b1;", 'job_end = cycle + CONVERSION;'), 'end');
      t.line('valid <= holding;', 'ready <= !inbox && !job;', 'busy <= job;', 'convert <= job;');
      if (live) t.line('release_count <= releases;');
      t.line("cycle = cycle + 64'd1;");
    }, 'end');
  }, 'endmodule');
}

function printDelay(t: Text, s: ControllerStage & { timing: { kind: 'delay' } }): void {
  const { delay, capacity, absorb } = s.timing;
  ports(t, s, { before: [], after: [] });
  t.block(');', () => {
    t.line(`localparam [63:0] DELAY = 64'd${delay};  // cycles per token`);
    t.line(`localparam integer CAPACITY = ${capacity};  // tokens inside: in flight and waiting to leave`);
    if (absorb > 1) t.line(`localparam integer ABSORB = ${absorb};  // tokens in per token out`);
    t.line('reg [63:0] cycle;                 // index of this edge');
    t.line('reg [63:0] due [0:CAPACITY - 1];  // the edge each token in flight is done at, oldest first');
    t.line('integer head;', 'integer jobs;  // tokens in flight', 'integer outs;  // tokens waiting to leave');
    if (absorb > 1) t.line('integer taken;  // tokens in since the last one out');
    init(t, ["valid = 1'b0", "ready = 1'b0", "busy = 1'b0", "cycle = 64'd0", 'head = 0', 'jobs = 0', 'outs = 0', ...(absorb > 1 ? ['taken = 0'] : [])]);
    t.block('always @(posedge clk) begin', () => {
      t.line('if (valid && down_ready) outs = outs - 1;');
      const start = () => t.line('due[(head + jobs) % CAPACITY] = cycle + DELAY;', 'jobs = jobs + 1;');
      t.block('if (up_valid && ready) begin', () => {
        if (absorb > 1) {
          t.line('taken = taken + 1;');
          t.block('if (taken == ABSORB) begin', () => {
            t.line('taken = 0;');
            start();
          }, 'end');
        } else start();
      }, 'end');
      t.block('while (jobs > 0 && cycle >= due[head]) begin', () => t.line('head = (head + 1) % CAPACITY;', 'jobs = jobs - 1;', 'outs = outs + 1;'), 'end');
      t.line('valid <= outs > 0;', 'ready <= jobs + outs < CAPACITY;', 'busy <= jobs > 0;', "cycle = cycle + 64'd1;");
    }, 'end');
  }, 'endmodule');
}

function printSink(t: Text, s: ControllerStage): void {
  ports(t, s, { before: [], after: ['output reg [31:0] received'] });
  t.block(');', () => {
    init(t, ["valid = 1'b0", "ready = 1'b0", "busy = 1'b0", "received = 32'd0"]);
    t.block('always @(posedge clk) begin', () => {
      t.line("if (up_valid && ready) received <= received + 32'd1;");
      t.line("valid <= 1'b0;", "ready <= 1'b1;", "busy <= 1'b0;");
    }, 'end');
  }, 'endmodule');
}

/** Print the module of one stage. */
export function printStage(t: Text, s: ControllerStage): void {
  header(t, s);
  switch (s.timing.kind) {
    case 'source':
      return printSource(t, s);
    case 'input':
      return printInput(t, s as ControllerStage & { timing: { kind: 'input' } });
    case 'adc':
      return printAdc(t, s as ControllerStage & { timing: { kind: 'adc' } });
    case 'delay':
      return printDelay(t, s as ControllerStage & { timing: { kind: 'delay' } });
    case 'sink':
      return printSink(t, s);
  }
}
