import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NpyError, readNpy, readNpyFile, writeNpy } from './npy.js';

// Files written by NumPy 2.4 (np.save, or numpy.lib.format.write_array for versions 2.0 and 3.0).
const NUMPY: Record<string, string> = {
  f8_2x3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGkA=',
  f4_1d: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACgv6abRDs=',
  be_i4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAB/////gAEk+D/+eWA',
  be_f8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAMACAAAAAAAA',
  u1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf8=',
  i1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAAH8=',
  b1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
  i8_big: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAgAAAAAAAAAOD/BQAAAAAAAAA=',
  i8_toobig: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAgAA==',
  u8_toobig: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////w==',
  u2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//wEA',
  f2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPAC4/3sBAA==',
  fortran_2x3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=',
  fortran_2x3x2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAYAAgAIAAQACgABAAcAAwAJAAUACwA=',
  scalar: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAdQA==',
  empty: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=',
  c16: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA',
  structured: 'k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmOCcpLCAoJ2InLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA',
  v3: 'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8aTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoDAAAABAAAAA==',
};
const np = (k: string) => Buffer.from(NUMPY[k]!, 'base64');
const read = (k: string) => {
  const a = readNpy(np(k));
  return { shape: a.shape, dtype: a.dtype, data: Array.from(a.data) };
};

test('NumPy files: dtypes, byte orders, versions, ranks', (t) => {
  t.deepEqual(read('f8_2x3'), { shape: [2, 3], dtype: '<f8', data: [1, 2, 3, 4, 5, 6.5] });
  t.deepEqual(read('f4_1d'), { shape: [3], dtype: '<f4', data: [0.5, -1.25, Math.fround(3e-3)] });
  t.deepEqual(read('be_i4'), { shape: [2, 2], dtype: '>i4', data: [1, -2, 300000, -400000] });
  t.deepEqual(read('be_f8'), { shape: [2], dtype: '>f8', data: [1.5, -2.25] });
  t.deepEqual(read('u1').data, [0, 1, 255]);
  t.deepEqual(read('i1').data, [-128, 0, 127]);
  t.deepEqual(read('b1'), { shape: [3], dtype: '|b1', data: [1, 0, 1] });
  t.deepEqual(read('i8_big').data, [2 ** 53, -(2 ** 53), 5]);
  t.deepEqual(read('u2').data, [65535, 1]);
  t.deepEqual(read('f2').data, [1, -0.5, 65504, 2 ** -24]);
  t.deepEqual(read('scalar'), { shape: [], dtype: '<f8', data: [7.25] });
  t.deepEqual(read('empty'), { shape: [0], dtype: '<f8', data: [] });
  t.deepEqual(read('v2'), { shape: [1, 2], dtype: '<f8', data: [1, 2] });
  t.deepEqual(read('v3'), { shape: [2], dtype: '<i4', data: [3, 4] });
});

test('fortran_order: True is transposed into C order', (t) => {
  // np.asfortranarray(np.arange(6).reshape(2, 3)) and np.arange(12).reshape(2, 3, 2).
  t.deepEqual(read('fortran_2x3'), { shape: [2, 3], dtype: '<f8', data: [0, 1, 2, 3, 4, 5] });
  t.deepEqual(read('fortran_2x3x2').data, Array.from({ length: 12 }, (_, i) => i));
});

test('int64 beyond 2^53, complex and structured dtypes are errors', (t) => {
  t.throws(() => readNpy(np('i8_toobig')), { instanceOf: NpyError, message: /beyond \+-2\^53/ });
  t.throws(() => readNpy(np('u8_toobig')), { instanceOf: NpyError, message: /beyond 2\^53/ });
  t.throws(() => readNpy(np('c16')), { instanceOf: NpyError, message: /unsupported dtype '<c16' \(complex/ });
  t.throws(() => readNpy(np('structured')), { instanceOf: NpyError, message: /structured/ });
});

test('malformed files', (t) => {
  const good = np('f8_2x3');
  const bad = (b: Uint8Array, re: RegExp) => t.throws(() => readNpy(b, 'w.npy'), { instanceOf: NpyError, message: re });
  bad(Buffer.from('hello world, not numpy'), /^w\.npy: not a \.npy file \(bad magic/);
  bad(Buffer.alloc(0), /bad magic/);
  bad(good.subarray(0, good.length - 3), /truncated data: shape \(2, 3\) of <f8 needs 48 bytes, the file has 45/);
  bad(good.subarray(0, 50), /truncated file: the header needs 118 bytes/);
  bad(Buffer.concat([good, Buffer.alloc(8)]), /data length does not match the shape: \(2, 3\) of <f8 is 48 bytes, the file has 56/);
  const v = Buffer.from(good);
  v[6] = 4;
  bad(v, /unsupported \.npy format version 4\.0/);
  const withHeader = (h: string, data = Buffer.alloc(0)) => {
    const hb = Buffer.from(h + '\n', 'latin1');
    const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, hb.length & 0xff, hb.length >> 8]);
    return Buffer.concat([pre, hb, data]);
  };
  bad(withHeader("['descr', '<f8']"), /malformed header: not a dictionary/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False}"), /missing key 'shape'/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}"), /'shape' must be a tuple/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}"), /non-negative integers/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}"), /'fortran_order' must be True or False/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}"), /unexpected key 'x'/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)"), /malformed header/);
  bad(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk"), /trailing characters/);
  bad(withHeader("{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}"), /unsupported dtype '<f16'/);
  bad(withHeader("{'descr': '<U3', 'fortran_order': False, 'shape': (1,)}"), /unsupported dtype '<U3'/);
  bad(withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}"), /unsupported dtype '\|O'/);
  bad(withHeader("{'descr': '=f8', 'fortran_order': False, 'shape': (1,)}"), /native \('='\) byte order/);
  bad(withHeader("{'descr': '|f8', 'fortran_order': False, 'shape': (1,)}"), /no byte order but is 8 bytes/);
  // Python 2 long literals in old files.
  t.deepEqual(Array.from(readNpy(withHeader("{'descr': '<i2', 'fortran_order': False, 'shape': (2L,), }", Buffer.from([1, 0, 2, 0]))).data), [1, 2]);
});

test('writeNpy is byte-identical to np.save and round-trips', (t) => {
  t.deepEqual(writeNpy([2, 3], [1, 2, 3, 4, 5, 6.5], '<f8'), np('f8_2x3'));
  t.deepEqual(writeNpy([2, 2], [1, -2, 300000, -400000], '>i4'), np('be_i4'));
  t.deepEqual(writeNpy([2, 3], [0, 1, 2, 3, 4, 5], '<f8', { fortranOrder: true }), np('fortran_2x3'));
  t.deepEqual(writeNpy([2, 3, 2], Array.from({ length: 12 }, (_, i) => i), '<i2', { fortranOrder: true }), np('fortran_2x3x2'));
  t.deepEqual(writeNpy([], [7.25]), np('scalar'));
  t.deepEqual(writeNpy([4], [1, -0.5, 65504, 2 ** -24], '<f2'), np('f2'));
  t.deepEqual(writeNpy([1, 2], [1, 2], '<f8', { version: 2 }), np('v2'));
  t.deepEqual(writeNpy([2], [3, 4], '<i4', { version: 3 }), np('v3'));
  const dtypes = ['<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '<i2', '>i2', '|i1', '<u8', '>u4', '<u2', '|u1', '|b1'] as const;
  for (const dt of dtypes) {
    const vals = dt === '|b1' ? [1, 0, 1, 1, 0, 0] : [0, 1, 2, 3, 100, 127];
    const a = readNpy(writeNpy([3, 2], vals, dt));
    t.deepEqual(a.shape, [3, 2], dt);
    t.is(a.dtype, dt);
    t.deepEqual(Array.from(a.data), vals, dt);
  }
  t.throws(() => writeNpy([2], [1, 2, 3]), { instanceOf: RangeError });
  t.throws(() => writeNpy([1], [300], '|u1'), { instanceOf: RangeError });
  t.throws(() => writeNpy([1], [1.5], '<i4'), { instanceOf: RangeError });
});

test('readNpyFile names the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  try {
    const p = join(dir, 'w.npy');
    writeFileSync(p, writeNpy([2], [1, 2]));
    t.deepEqual(Array.from(readNpyFile(p).data), [1, 2]);
    writeFileSync(p, 'nope');
    t.throws(() => readNpyFile(p), { instanceOf: NpyError, message: new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a \\.npy file`) });
    t.throws(() => readNpyFile(join(dir, 'missing.npy')), { instanceOf: NpyError, message: /missing\.npy: cannot read/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
