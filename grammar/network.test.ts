import test from 'ava';
import { checkTree, parseCodes } from '../test/parse-utils.js';

test('a network: target, input, layers, activations, train, map', (t) => {
  const [net] = checkTree(t, `
    network mlp on chips.hermes {
      input = [1, 28, 28];
      conv2d c1 { in = 1; out = 4; kernel = [3, 3]; };
      relu;
      flatten;
      dense fc { out = 10; weights = npy("w.npy"); }
      softmax;
      train { dataset = mnist; epochs = 2; }
      map fc -> c[0..2], c[3];
    }`) as { kind: string; target: { parts: { name: string }[] }; body: { kind: string; layer?: { name: string }; tiles?: unknown[] }[] }[];
  t.is(net!.kind, 'network');
  t.deepEqual(net!.target.parts.map((p) => p.name), ['chips', 'hermes']);
  t.deepEqual(net!.body.map((s) => s.kind), ['assign', 'layer', 'activation', 'activation', 'layer', 'activation', 'train', 'map']);
  t.deepEqual(net!.body.filter((s) => s.layer).map((s) => s.layer!.name), ['conv2d', 'relu', 'flatten', 'dense', 'softmax', 'fc']);
  t.is(net!.body[7]!.tiles!.length, 2);
});

test('an empty network, and `network` is an item keyword', (t) => {
  checkTree(t, 'network n on t { }');
  t.deepEqual(parseCodes('const network = 1;'), ['E1004']);
});

test('network syntax errors: a missing `on`, a statement of another block, a map without tiles', (t) => {
  t.deepEqual(parseCodes('network n for t { }'), ['E1004']);
  t.deepEqual(parseCodes('network n on t { connect a -> b; }'), ['E1004']);
  t.deepEqual(parseCodes('network n on t { map fc -> ; }'), ['E1004']);
  // one broken network costs one diagnostic; the next item still parses
  t.deepEqual(parseCodes('network n on t { relu }\nconst a = 1;'), ['E1004']);
});
