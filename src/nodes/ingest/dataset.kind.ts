import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { reportParts } from '../reports';

/** What ingest.dataset reports: the version it read and where that came from. */
const datasetReport = z.object({
  name: z.string(),
  version: z.number(),
  rows: reportParts.rows,
  hash: z.string(),
  savedAt: z.string(),
  source: z.string(),
});

export default defineNodeKind({
  kind: 'ingest.dataset',
  version: 1,
  title: 'Dataset',
  category: 'Ingest',
  description:
    'Reads a dataset saved in this browser with "Save as dataset" (on any table output): the latest version, or the one `version` pins (3 or v3) so the pipeline reads the same rows every time. A feature table built once can feed many pipelines. Saving a new version re-runs the nodes that read the latest.',
  inputs: {},
  outputs: { out: { type: 'table' } },
  params: {
    name: param.text('Name', '', { help: 'The dataset’s name, as listed under Datasets.' }),
    version: param.text('Version', '', { help: 'Empty = the latest; 3 or v3 pins that version.' }),
  },
  datasetParams: { name: 'name', version: 'version' },
  subtitle: (p) =>
    p.name.trim()
      ? `${p.name.trim()} · ${p.version.trim() ? `v${p.version.trim().replace(/^v/i, '')}` : 'latest'}`
      : 'no dataset chosen',
  report: datasetReport,
  run: async ({ params, ctx }) => {
    const name = params.name.trim();
    if (!name) throw new Error('Param "name": choose a dataset (see Datasets in the status bar).');
    if (!ctx.datasets)
      throw new Error(
        'Datasets live in the browser that saved them. In the command-line runner, export the dataset (Datasets › Download) and read it with a File node.',
      );
    const read = await ctx.datasets.load(name, params.version);
    ctx.report({
      name,
      version: read.version,
      rows: read.table.rowCount,
      hash: read.hash,
      savedAt: read.savedAt,
      source: read.source,
    });
    return { out: read.table };
  },
});
