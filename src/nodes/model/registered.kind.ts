import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';

/** What model.registered reports: which version it loaded. */
const registeredReport = z.object({
  name: z.string(),
  version: z.number(),
  production: z.boolean(),
  family: z.string(),
  target: z.string(),
  features: z.array(z.string()),
});

export default defineNodeKind({
  kind: 'model.registered',
  version: 1,
  title: 'Registered model',
  category: 'Model',
  role: 'model',
  description:
    'A model from the registry (Models in the status bar), loaded without retraining: the production version by default, or `version` latest / 3. Connect it to Predict model to score new data (batch scoring), or to Evaluate model. Marking another version production re-runs what reads it.',
  inputs: {},
  outputs: { model: { type: 'model' } },
  params: {
    name: param.text('Name', '', { help: 'The registered model’s name, as listed under Models.' }),
    version: param.text('Version', '', {
      help: 'Empty = the production version (else the latest); latest; or a number such as 3.',
    }),
  },
  registryParams: { name: 'name', version: 'version' },
  subtitle: (p) =>
    p.name.trim() ? `${p.name.trim()} · ${p.version.trim() || 'production'}` : 'no model chosen',
  report: registeredReport,
  run: async ({ params, ctx }) => {
    const name = params.name.trim();
    if (!name) throw new Error('Param "name": choose a registered model (see Models in the status bar).');
    if (!ctx.registry)
      throw new Error(
        'The model registry lives in the browser that registered the model. In the command-line runner, train the model in the pipeline.',
      );
    const loaded = await ctx.registry.load(name, params.version);
    const meta = loaded.model.meta;
    ctx.report({
      name,
      version: loaded.version,
      production: loaded.production,
      family: meta.family,
      target: meta.target,
      features: meta.features,
    });
    return { model: loaded.model };
  },
});
