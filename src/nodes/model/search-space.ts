import { createRng } from '../../shared/rng';

/** One searched setting: a list of values, or a range to draw from (random search). */
export type Dimension =
  | { name: string; values: number[] }
  | { name: string; low: number; high: number; log: boolean };

/** A setting's allowed values, as the model kind's param declares them. */
export interface SettingRule {
  /** Whether `value` is allowed; a message saying why not otherwise. */
  check(value: number): string | undefined;
  int: boolean;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const RANGE = new RegExp(String.raw`^(${NUMBER})\s*\.\.\s*(${NUMBER})(\s+log)?$`, 'i');
const VALUE = new RegExp(`^${NUMBER}$`, 'i');

/**
 * Parse a search space, one setting per line or `;`: `name: 1, 2, 3` (values to try) or
 * `name: 0.01..0.3 log` (a range, for random search; `log` draws evenly in log space).
 * Names and values are checked against `rules`, the settings the model family has.
 */
export function parseSearchSpace(text: string, rules: Readonly<Record<string, SettingRule>>): Dimension[] {
  const dims: Dimension[] = [];
  // Newlines or semicolons separate settings (a one-line text box takes the latter).
  const lines = text.split(/[\n;]/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const where = `Param "space", setting ${i + 1}`;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`${where}: write "setting: values", e.g. "learningRate: 0.05, 0.1".`);
    const name = line.slice(0, colon).trim();
    const rule = rules[name];
    if (!rule)
      throw new Error(
        `${where}: "${name}" is not a setting of this model; it has ${Object.keys(rules).join(', ')}.`,
      );
    if (dims.some((d) => d.name === name)) throw new Error(`${where}: "${name}" is listed twice.`);
    const rest = line.slice(colon + 1).trim();
    const range = RANGE.exec(rest);
    if (range) {
      const low = Number(range[1]);
      const high = Number(range[2]);
      const log = Boolean(range[3]);
      if (!(low < high)) throw new Error(`${where}: the range must go from low to high.`);
      if (log && low <= 0) throw new Error(`${where}: a log range needs positive bounds.`);
      for (const v of [low, high]) {
        const bad = rule.check(v);
        if (bad) throw new Error(`${where}: ${name} ${bad}`);
      }
      dims.push({ name, low, high, log });
      return;
    }
    const parts = rest.split(',').map((p) => p.trim());
    if (!parts.length || parts.some((p) => !VALUE.test(p)))
      throw new Error(`${where}: "${rest}" is neither a list of numbers nor a range like "0.01..0.3".`);
    const values = parts.map(Number);
    for (const v of values) {
      const bad = rule.check(v);
      if (bad) throw new Error(`${where}: ${name} ${bad}`);
    }
    dims.push({ name, values: [...new Set(values)] });
  });
  if (!dims.length)
    throw new Error('Param "space": list at least one setting to search, e.g. "learningRate: 0.05, 0.1".');
  return dims;
}

export type Setting = Record<string, number>;

/** Every combination of the listed values (grid search); ranges are refused. */
export function gridSettings(dims: readonly Dimension[], limit: number): Setting[] {
  let settings: Setting[] = [{}];
  for (const d of dims) {
    if (!('values' in d))
      throw new Error(
        `Param "space": "${d.name}" is a range; grid search needs a list of values (or choose random search).`,
      );
    settings = settings.flatMap((s) => d.values.map((v) => ({ ...s, [d.name]: v })));
    if (settings.length > limit)
      throw new Error(
        `Param "space": the grid has more than ${limit} settings; list fewer values or use random search.`,
      );
  }
  return settings;
}

/** `count` settings drawn (seeded): list values uniformly, ranges evenly (in log space when asked). */
export function randomSettings(
  dims: readonly Dimension[],
  count: number,
  seed: number,
  rules: Readonly<Record<string, SettingRule>>,
): Setting[] {
  const rng = createRng(seed);
  const out: Setting[] = [];
  const seen = new Set<string>();
  // Small discrete spaces run out of new settings: stop instead of repeating one.
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const s: Setting = {};
    for (const d of dims) {
      let v: number;
      if ('values' in d) v = d.values[Math.floor(rng() * d.values.length)] as number;
      else if (d.log) v = Math.exp(Math.log(d.low) + rng() * (Math.log(d.high) - Math.log(d.low)));
      else v = d.low + rng() * (d.high - d.low);
      s[d.name] = rules[d.name]?.int ? Math.round(v) : Number(v.toPrecision(4));
    }
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
