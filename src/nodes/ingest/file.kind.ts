import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { FILE_FORMATS, resolveFormat } from './file-format';

export default defineNodeKind({
  kind: 'ingest.file',
  version: 1,
  title: 'File',
  category: 'Ingest',
  description:
    'Reads an uploaded CSV, TSV, Parquet, JSON or Arrow file into a table, or one table of a DuckDB database file (in the command-line runner).',
  inputs: {},
  outputs: { out: { type: 'table' } },
  params: {
    file: param.file('File', { help: 'An uploaded file, by name. Drop files on the canvas to upload.' }),
    format: param.select('Format', FILE_FORMATS, 'auto'),
    delimiter: param.text('Delimiter', 'auto', { help: 'For CSV: auto, or the separator character.' }),
    header: param.toggle('First row is the header', true),
    table: param.text('Table', '', {
      help: 'For a DuckDB database file: the table to read (table or schema.table). Empty: its only table.',
    }),
  },
  subtitle: (p) => p.file || 'no file chosen',
  dropFile: 'file',
  run: async ({ params, ctx }) => {
    if (!params.file)
      throw new Error('No file chosen: drop a file on the canvas or pick one in the inspector.');
    if (!ctx.files.has(params.file))
      throw new Error(
        `File "${params.file}" has not been uploaded yet: drop it on the canvas or use Upload data.`,
      );
    const format = resolveFormat(params.file, params.format);
    return {
      out: await ctx.files.load(params.file, {
        format,
        delimiter: params.delimiter,
        header: params.header,
        table: params.table,
      }),
    };
  },
});
