import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

/** One row holding every formula start OWASP lists, in text, enum and blob columns, plus numbers. */
const SQL = `SELECT '=1+1' AS eq, '+1' AS plus, '-2+3' AS minus, '@SUM(A1)' AS at,
  chr(9) || '=tab' AS tab, chr(13) || '=cr' AS cr, 'a=b' AS plain, CAST(NULL AS VARCHAR) AS nul,
  -5 AS n, -1.5::DOUBLE AS d, '-3' AS neg_text, 'fine' AS "=HYPERLINK(x)",
  CAST('=e' AS ENUM('=e', 'f')) AS en, '=b'::BLOB AS bl, ['=l'] AS list
FROM input`;

async function exportCsv(options?: { keepFormulas?: boolean }): Promise<string> {
  const seed = node('ingest.sample', { rows: 1 });
  const s = node('transform.sql', { sql: SQL });
  const r = await t.run({ nodes: [seed, s], edges: [edge(seed.id, s.id)] });
  expect(r.message).toEqual({});
  return new TextDecoder().decode(await t.engine.exportTable(s.id, 'out', 'csv', options));
}

describe('CSV export and spreadsheet formulas', () => {
  it('prefixes text cells and column names that start like a formula with a quote; numbers stay numbers', async () => {
    const [header, row] = (await exportCsv()).split('\n');
    expect(header).toBe("eq,plus,minus,at,tab,cr,plain,nul,n,d,neg_text,'=HYPERLINK(x),en,bl,list");
    expect(row).toBe(`'=1+1,'+1,'-2+3,'@SUM(A1),'\t=tab,"'\r=cr",a=b,,-5,-1.5,'-3,fine,'=e,'=b,['=l']`);
  });

  it('writes the raw values when asked to keep them', async () => {
    const [header, row] = (await exportCsv({ keepFormulas: true })).split('\n');
    expect(header).toBe('eq,plus,minus,at,tab,cr,plain,nul,n,d,neg_text,=HYPERLINK(x),en,bl,list');
    expect(row).toBe(`=1+1,+1,-2+3,@SUM(A1),\t=tab,"\r=cr",a=b,,-5,-1.5,-3,fine,=e,=b,['=l']`);
  });

  it('neutralises by default on the export.data node', () => {
    const kind = getKind('export.data');
    expect(kind && defaultParams(kind)).toEqual({ format: 'csv', partitionBy: [], keepFormulas: false });
  });
});
