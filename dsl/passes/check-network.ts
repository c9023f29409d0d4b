// dsl/passes/check-network.ts: every `network` section against itself and its chip.
// Input: Elaborated. Output: diagnostics only (E3045-E3049, E3060, E3061, W3045, W3046).
//
// 1. Layer names are unique (E3049).
// 2. Shapes chain from `input`: a dense layer needs a vector (a `flatten` after conv2d), and
//    its `in` equals the features before it; conv2d needs [C, H, W] with its `in` channels and
//    a non-empty output; softmax works on a vector (E3045). A softmax before the last layer is
//    W3046. The `mnist` dataset needs an input of 784 or [1, 28, 28] and 10 outputs (E3045).
// 3. Weights: without `train`, every dense/conv2d layer loads `weights`; with `train`, none
//    does (a network is loaded or trained, not partly both) (E3046). A network with no
//    weighted layer is W3045.
// 4. `map`: the layer exists and has weights, it is mapped once, every tile is a tile instance
//    of the target, and no tile is named twice (E3047).
// 5. Fit (dsl/ir/network-placement.ts): every tile-sized piece of every layer gets a tile
//    instance with a crossbar large enough (E3048); a `map` with more tiles than pieces (E3047).
// 6. In-memory training (`algorithm` other than float): dense layers only, and every tile a
//    layer is placed on holds `pulsed` devices, one device for the whole network (E3060); the
//    device can train: a step in both directions, bounds that straddle zero (E3061).
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../elaborate/suggest.js';
import type { NetworkIR } from '../ir/network.js';
import { placeNetwork } from '../ir/network-placement.js';
import type { ComponentIR, Design } from '../ir/nodes.js';
import { cellOf } from '../ir/walk.js';
import { checkTrainable } from '../../emulator/pulsed/params.js';
import { pulsedParamsOf } from '../../emulator/pulsed/from-component.js';

const shapeText = (s: readonly number[]) => `(${s.join(', ')})`;

export function checkNetworks(d: Design, diags: Diagnostics): void {
  for (const net of d.networks) checkNetwork(net, diags);
}

function checkNetwork(net: NetworkIR, diags: Diagnostics): void {
  const weighted = net.layers.filter((l) => l.kind === 'dense' || l.kind === 'conv2d');
  let ok = true;

  // 1. names
  const named = new Map<string, (typeof weighted)[number]>();
  for (const l of weighted) {
    const prev = named.get(l.name);
    if (prev) {
      diags.report('E3049', `the network \`${net.name}\` has two layers named \`${l.name}\``, l.span, {
        label: 'second layer of that name', labels: [{ span: prev.span, message: 'first here' }],
      });
      ok = false;
    } else named.set(l.name, l);
  }

  // 2. shapes
  let shape: readonly number[] = net.input;
  net.layers.forEach((l, i) => {
    const last = i === net.layers.length - 1;
    switch (l.kind) {
      case 'dense':
        if (shape.length !== 1) {
          diags.report('E3045', `the dense layer \`${l.name}\` needs a vector, but the layer before gives ${shapeText(shape)} (channels, height, width)`, l.span, {
            help: 'add `flatten;` before it',
          });
          ok = false;
        } else if (l.inFeatures !== shape[0]) {
          diags.report('E3045', `the dense layer \`${l.name}\` has \`in\` = ${l.inFeatures}, but ${i === 0 ? 'the input has' : 'the layer before gives'} ${shape[0]} features`, l.span);
          ok = false;
        }
        shape = [l.outFeatures];
        break;
      case 'conv2d':
        if (shape.length !== 3) {
          diags.report('E3045', `the conv2d layer \`${l.name}\` needs (channels, height, width), but ${i === 0 ? 'the input is' : 'the layer before gives'} ${shapeText(shape)}`, l.span, {
            help: i === 0 ? 'give the input as `[C, H, W]`' : 'conv2d layers come before `flatten`',
          });
          ok = false;
        } else if (l.inChannels !== shape[0]) {
          diags.report('E3045', `the conv2d layer \`${l.name}\` has \`in\` = ${l.inChannels} channels, but ${i === 0 ? 'the input has' : 'the layer before gives'} ${shape[0]}`, l.span);
          ok = false;
        } else if (l.outShape[1] < 1 || l.outShape[2] < 1) {
          diags.report('E3045', `the conv2d layer \`${l.name}\` has an empty output: a ${l.kernel.join(' x ')} kernel on ${l.inShape[1]} x ${l.inShape[2]} with padding ${l.padding.join(', ')}`, l.span, {
            help: 'use a smaller kernel or more padding',
          });
          ok = false;
        }
        shape = l.outShape;
        break;
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'activation':
        if (l.fn === 'softmax' && shape.length !== 1) {
          diags.report('E3045', `softmax works on a vector, found ${shapeText(shape)}`, l.span, { help: 'add `flatten;` before it' });
          ok = false;
        } else if (l.fn === 'softmax' && !last) {
          diags.report('W3046', `softmax is not the last layer of the network \`${net.name}\``, l.span, {
            notes: ['training fuses a final softmax with the loss; a softmax in between squashes the activations to probabilities'],
          });
        }
        break;
    }
  });
  if (net.train?.dataset.kind === 'mnist') {
    const t = net.train.dataset.span;
    const inOk = (net.input.length === 1 && net.input[0] === 784) || net.input.join(',') === '1,28,28';
    if (!inOk) {
      diags.report('E3045', `MNIST digits are 784 values, or [1, 28, 28] for conv2d; the input is ${shapeText(net.input)}`, t);
      ok = false;
    } else if (weighted.length > 0 && !(shape.length === 1 && shape[0] === 10)) {
      diags.report('E3045', `MNIST has 10 classes; the network gives ${shapeText(shape)}`, t);
      ok = false;
    }
  }

  // 3. weights
  if (weighted.length === 0) {
    diags.report('W3045', `the network \`${net.name}\` has no dense or conv2d layer: nothing of it runs on the chip`, net.span);
  }
  const loaded = weighted.filter((l) => l.weights || l.biasFile);
  const list = (ls: readonly { name: string }[]) => ls.map((l) => `\`${l.name}\``).join(', ');
  if (net.train && loaded.length > 0) {
    diags.report('E3046', `the network \`${net.name}\` trains its weights, but ${list(loaded)} ${loaded.length === 1 ? 'loads' : 'load'} weights from files`, net.train.span, {
      labels: loaded.map((l) => ({ span: (l.weights ?? l.biasFile)!.span, message: 'loaded here' })),
      help: 'either load the weights of every layer (no `train`), or train all of them (no `weights` or `bias` files)',
    });
    ok = false;
  } else if (!net.train) {
    const missing = weighted.filter((l) => !l.weights);
    for (const l of missing) {
      diags.report('E3046', `the layer \`${l.name}\` has no weights, and the network \`${net.name}\` has no \`train\` block`, l.span, {
        help: 'load them (`weights = npy("w.npy");`) or add `train { dataset = mnist; }` to the network',
        notes: loaded.length ? [`layers with weights: ${list(loaded)}; without: ${list(missing)}`] : [],
      });
      ok = false;
    }
  }

  // 4. map
  const paths = new Set(net.target.tiles.map((t) => t.path));
  const layerMaps = new Map<string, NetworkIR['maps'][number]>();
  const tileMaps = new Map<string, string>();
  for (const m of net.maps) {
    const l = named.get(m.layer);
    if (!l) {
      const plain = net.layers.some((x) => x.kind !== 'dense' && x.kind !== 'conv2d');
      diags.report('E3047', `\`map\` names \`${m.layer}\`, which is no dense or conv2d layer of \`${net.name}\``, m.span, {
        help: didYouMean(m.layer, named.keys()),
        notes: plain ? ['only layers with weights run on tiles; activations and flatten are digital'] : [],
      });
      ok = false;
      continue;
    }
    const prev = layerMaps.get(m.layer);
    if (prev) {
      diags.report('E3047', `the layer \`${m.layer}\` is mapped twice`, m.span, { labels: [{ span: prev.span, message: 'first mapped here' }] });
      ok = false;
      continue;
    }
    layerMaps.set(m.layer, m);
    for (const t of m.tiles) {
      if (!paths.has(t)) {
        const shown = [...paths].slice(0, 4).map((p) => `\`${p}\``).join(', ') + (paths.size > 4 ? `, ... (${paths.size})` : '');
        diags.report('E3047', `\`${t}\` is not a tile instance of the ${net.targetKind} \`${net.target.name}\``, m.span, {
          help: didYouMean(t, paths),
          notes: [`its tile instances are ${shown}`],
        });
        ok = false;
        continue;
      }
      const owner = tileMaps.get(t);
      if (owner !== undefined) {
        diags.report('E3047', `the tile \`${t}\` is mapped ${owner === m.layer ? 'twice for' : `to \`${owner}\` and to`} \`${m.layer}\`; a tile holds one piece of one layer`, m.span);
        ok = false;
      } else tileMaps.set(t, m.layer);
    }
  }

  // 5. fit (only once the rest is sound: sizes come from the shapes)
  if (!ok) return;
  const placement = placeNetwork(net);
  for (const p of placement.problems) {
    const l = net.layers[p.layer] as { name: string };
    const pl = placement.layers.find((x) => x.layer === p.layer)!;
    const pieces = `${pl.inPieces.length} x ${pl.outPieces.length} pieces of at most ${pl.inPieces[0]} x ${pl.outPieces[0]}`;
    switch (p.kind) {
      case 'not-enough-tiles':
        diags.report('E3048', `the layer \`${l.name}\` (${pl.fanIn} inputs, ${pl.fanOut} outputs) does not fit the ${net.targetKind} \`${net.target.name}\`: it needs ${p.needs} tile${p.needs === 1 ? '' : 's'} (${pieces} on ${pl.tileSize!.rows} x ${pl.tileSize!.cols} crossbars) and has ${p.has}`, p.span, {
          notes: [`the ${net.targetKind} has ${net.target.tiles.length} tile instance${net.target.tiles.length === 1 ? '' : 's'}; each holds one piece of one layer, in layer order`],
          help: 'use a chip with more tiles or larger crossbars, or a smaller layer',
        });
        break;
      case 'no-crossbar':
        diags.report('E3048', `the layer \`${l.name}\` would go on \`${p.tile}\`, whose tile has no crossbar`, p.span, {
          help: 'map it onto tiles with a crossbar (`map LAYER -> c[0];`)',
        });
        break;
      case 'tile-too-small':
        diags.report('E3048', `a ${p.piece.rows} x ${p.piece.cols} piece of \`${l.name}\` does not fit \`${p.tile}\`, whose crossbar is ${p.crossbar.rows} x ${p.crossbar.cols}`, p.span, {
          notes: [`\`${l.name}\` is split for the ${pl.tileSize!.rows} x ${pl.tileSize!.cols} crossbar of its first tile`],
        });
        break;
      case 'extra-mapped-tiles':
        diags.report('E3047', `\`${l.name}\` is ${pieces}, but its \`map\` names ${p.mapped} tiles`, p.span, {
          help: `name ${pl.inPieces.length * pl.outPieces.length} tile${pl.inPieces.length * pl.outPieces.length === 1 ? '' : 's'}`,
        });
        break;
    }
  }
  if (placement.problems.length === 0) checkAnalogTraining(net, placement.layers, diags);
}

/** 6. A network trained in memory: dense layers on tiles of one pulsed device that can train. */
function checkAnalogTraining(net: NetworkIR, layers: ReturnType<typeof placeNetwork>['layers'], diags: Diagnostics): void {
  const t = net.train;
  if (!t || t.algorithm === 'float') return;
  const at = t.spans.algorithm ?? t.span;
  const conv = net.layers.find((l) => l.kind === 'conv2d') as { name: string; span: import('../ast.js').Span } | undefined;
  if (conv) {
    diags.report('E3060', `\`algorithm = ${t.algorithm}\` trains dense layers in memory; \`${conv.name}\` is a conv2d layer`, conv.span, {
      labels: [{ span: at, message: 'in-memory training asked here' }],
      help: 'train conv networks in float (`algorithm = float`)',
    });
    return;
  }
  const byTile = new Map(net.target.tiles.map((ti) => [ti.path, ti]));
  let device: ComponentIR | null = null;
  for (const l of layers) {
    for (const path of l.tiles) {
      const xbar = byTile.get(path)!.tile.instances.find((i) => i.component.category === 'crossbar');
      const dev = xbar ? cellOf(xbar.component)?.device ?? null : null;
      if (!dev || dev.kindName !== 'pulsed') {
        diags.report('E3060', `\`algorithm = ${t.algorithm}\` trains on the chip's devices, but \`${path}\` holds ${dev ? `\`${dev.name}\` (${dev.kindName})` : 'no crossbar device'}, not a \`pulsed\` device`, at, {
          help: 'give the tiles a pulsed device (`cell = offset(trainable.ecram);`, presets in xbar/presets), or train in float',
        });
        return;
      }
      if (device && dev !== device) {
        diags.report('E3060', `in-memory training uses one device for the whole network; \`${path}\` holds \`${dev.name}\`, other tiles \`${device.name}\``, at);
        return;
      }
      device = dev;
    }
  }
  if (!device) return;
  for (const problem of checkTrainable(pulsedParamsOf(device))) {
    diags.report('E3061', `device \`${device.name}\` cannot train: ${problem}`, device.span, {
      labels: [{ span: at, message: `\`algorithm = ${t.algorithm}\` trains it` }],
    });
  }
}
