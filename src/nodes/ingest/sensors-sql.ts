/**
 * The built-in "sensors" predictive-maintenance data set as one DuckDB query over
 * `range()`, with noise from `hash()` so it is deterministic for a seed and needs no JS
 * loop at any size. Each sensor runs through maintenance cycles; wear rises over a cycle
 * and drives temperature and vibration up; `failure_24h` marks the last 24 hours before
 * the cycle ends. Some readings are missing and a few temperatures are sensor glitches.
 */
export const SENSOR_COUNT = 20;

export function sensorsSql(rows: number, seed: number): string {
  const n = Math.max(0, Math.floor(rows));
  const s = Math.floor(seed);
  // u(k): a uniform in (0, 1) from the row index, the seed and a stream number k.
  const u = (k: number) => `((hash(i, ${s}, ${k}) % 1000000)::DOUBLE + 0.5) / 1000000.0`;
  const normal = (a: number, b: number) => `sqrt(-2 * ln(${u(a)})) * cos(2 * pi() * ${u(b)})`;
  return `
WITH base AS (
  SELECT i, i % ${SENSOR_COUNT} AS s, i // ${SENSOR_COUNT} AS t FROM range(${n}) r(i)
), cyc AS (
  SELECT *,
    3000 + hash(s, ${s}, 101) % 6000 AS cycle_len,
    hash(s, ${s}, 102) % 6000 AS phase,
    ((hash(s, ${s}, 103) % 1000)::DOUBLE / 1000.0 - 0.5) * 6 AS bias
  FROM base
), w AS (
  SELECT *,
    ((t + phase) % cycle_len)::DOUBLE / cycle_len AS wear,
    cycle_len - (t + phase) % cycle_len AS minutes_left,
    ${normal(1, 2)} AS n1, ${normal(3, 4)} AS n2, ${normal(5, 6)} AS n3,
    ${u(7)} AS u_temp_null, ${u(8)} AS u_vib_null, ${u(9)} AS u_press_null,
    ${u(10)} AS u_glitch, ${u(11)} AS u_glitch_sign
  FROM cyc
), v AS (
  SELECT *,
    65 + bias + 30 * pow(wear, 4) + 2.0 * n1 AS temp_raw,
    abs(0.5 + 2.5 * pow(wear, 6) + 0.15 * n2) AS vib_raw,
    101.3 - 4 * wear + 1.5 * n3 AS press_raw
  FROM w
)
SELECT
  TIMESTAMP '2026-01-01 00:00:00' + to_minutes(t::BIGINT) AS "timestamp",
  'S' || lpad((s + 1)::VARCHAR, 3, '0') AS sensor_id,
  CASE WHEN u_temp_null < 0.02 THEN NULL
       WHEN u_glitch < 0.003 THEN CASE WHEN u_glitch_sign < 0.5 THEN -80.0 ELSE 400.0 END
       ELSE round(temp_raw, 3) END AS temperature,
  CASE WHEN u_vib_null < 0.015 THEN NULL ELSE round(vib_raw, 4) END AS vibration,
  CASE WHEN u_press_null < 0.01 THEN NULL ELSE round(press_raw, 3) END AS pressure,
  CASE WHEN vib_raw > 2.0 THEN 'alarm' WHEN vib_raw > 1.0 THEN 'warn' ELSE 'ok' END AS status,
  (minutes_left <= 1440)::INTEGER AS failure_24h
FROM v
ORDER BY i`;
}
