/** 3000 machines: failure is likely when hot and shaking, or at high pressure. Seeded. */
export function machinesCsv(): string {
  let seed = 11;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['temperature,vibration,pressure,failure'];
  for (let i = 0; i < 3000; i++) {
    const t = rand() * 2 - 1;
    const v = rand() * 2 - 1;
    const p = rand() * 2 - 1;
    const risk = 2.5 * t * v + 1.5 * p + 0.8 * t;
    const failure = rand() < 1 / (1 + Math.exp(-2 * risk)) ? 1 : 0;
    lines.push(`${t.toFixed(4)},${v.toFixed(4)},${p.toFixed(4)},${failure}`);
  }
  return `${lines.join('\n')}\n`;
}
