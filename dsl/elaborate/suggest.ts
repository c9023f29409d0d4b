// dsl/elaborate/suggest.ts: "did you mean" for near-miss names (optimal string alignment distance).

export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev2: number[] = [];
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      const cost = al[i - 1] === bl[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && al[i - 1] === bl[j - 2] && al[i - 2] === bl[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  // A difference in case only counts as a small difference.
  return prev[bl.length]! + (a !== b && al === bl ? 0.5 : 0);
}

/** The closest candidates within a distance that grows with the name's length, best first. */
export function closest(name: string, candidates: Iterable<string>, most = 3): string[] {
  const limit = Math.max(1, Math.round(name.length / 3));
  const scored: [number, string][] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = editDistance(name, c, limit);
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, most).map((s) => s[1]);
}

/** `did you mean `a`?` / `did you mean `a` or `b`?`, or [] when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const c = closest(name, candidates);
  if (c.length === 0) return [];
  const quoted = c.map((x) => `\`${x}\``);
  return [`did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`];
}

/** `a dac`, `an adc`, `an integrator`: the indefinite article for a word in a message. */
export function a(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
