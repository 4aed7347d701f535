import type { ModelArtifactFiles, ModelMeta } from '../src/shared/models';
import type { RegisteredModel } from '../src/shared/protocol';
import type { ModelHandle } from '../src/shared/values';
import type { ResultFiles } from './kept-results';
import type { ModelRuntime } from './models';

const CATALOG = 'catalog.json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What `register` keeps besides the model itself. */
export interface Registration {
  name: string;
  meta: ModelMeta;
  artifacts: ModelArtifactFiles;
  /** The export zip, as Download model gives it. */
  zip: Uint8Array;
  testMetrics: Record<string, number> | null;
  cvMetrics: { mean: Record<string, number>; sd: Record<string, number> } | null;
  importance: { title: string; rows: [string, number][] } | null;
  pipeline: string;
  /** The training node's cache key: what data and settings made it (lineage). */
  trainedFrom: string;
  /** The dataset version its training data was saved as, when it was. */
  trainingData: RegisteredModel['trainingData'];
}

/**
 * The model registry: every registered model under a name with versions (v1, v2, …), its
 * metrics, settings, features, preprocessing and lineage, the export zip, and one version
 * per name marked as production. Models come back into the training runtime to score new
 * data without retraining.
 */
export class ModelRegistry {
  private catalog: RegisteredModel[] | undefined;
  private loaded = 0;

  constructor(
    private readonly files: ResultFiles,
    private readonly models: ModelRuntime,
  ) {}

  async list(): Promise<RegisteredModel[]> {
    if (!this.catalog) {
      const bytes = await this.files.read(CATALOG);
      try {
        this.catalog = bytes ? (JSON.parse(decoder.decode(bytes)) as RegisteredModel[]) : [];
      } catch {
        this.catalog = [];
      }
    }
    return [...this.catalog].sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  }

  /** The catalog as last read (cache keys are computed synchronously). */
  known(): readonly RegisteredModel[] {
    return this.catalog ?? [];
  }

  private base(name: string, version: number): string {
    return `${encodeURIComponent(name)}@v${version}`;
  }

  private async save(): Promise<void> {
    await this.files.write(CATALOG, encoder.encode(JSON.stringify(this.catalog ?? [])));
  }

  async register(r: Registration): Promise<RegisteredModel> {
    const name = r.name.trim();
    if (!name) throw new Error('A registered model needs a name.');
    const all = await this.list();
    const version = Math.max(0, ...all.filter((m) => m.name === name).map((m) => m.version)) + 1;
    const base = this.base(name, version);
    await this.files.write(`${base}.zip`, r.zip);
    if ('weights' in r.artifacts) {
      const { weights, ...rest } = r.artifacts;
      await this.files.write(`${base}.weights`, weights);
      await this.files.write(`${base}.model.json`, encoder.encode(JSON.stringify(rest)));
    } else await this.files.write(`${base}.model.json`, encoder.encode(JSON.stringify(r.artifacts)));
    await this.files.write(`${base}.meta.json`, encoder.encode(JSON.stringify(r.meta)));
    const entry: RegisteredModel = {
      name,
      version,
      family: r.meta.family,
      task: r.meta.task,
      target: r.meta.target,
      features: r.meta.features,
      params: r.meta.params,
      testMetrics: r.testMetrics,
      cvMetrics: r.cvMetrics,
      importance: r.importance,
      trainRows: r.meta.trainRows,
      pipeline: r.pipeline,
      trainedFrom: r.trainedFrom,
      trainingData: r.trainingData,
      registeredAt: new Date().toISOString(),
      production: false,
      zipBytes: r.zip.byteLength,
    };
    this.catalog = [...all, entry];
    await this.save();
    return entry;
  }

  /** The version `selector` names: a number, `latest`, or empty for production (else the latest). */
  resolve(name: string, selector: string): RegisteredModel {
    const all = this.known().filter((m) => m.name === name);
    if (!all.length) {
      const names = [...new Set(this.known().map((m) => m.name))];
      throw new Error(
        `No registered model "${name}"${names.length ? `; there are ${names.map((n) => `"${n}"`).join(', ')}` : ''}. Register one from a model's inspector.`,
      );
    }
    const s = selector.trim().toLowerCase();
    if (!s || s === 'production') {
      const prod = all.find((m) => m.production);
      if (prod) return prod;
      if (s === 'production')
        throw new Error(`No version of "${name}" is marked production; mark one under Models.`);
      return all[all.length - 1] as RegisteredModel;
    }
    if (s === 'latest') return all[all.length - 1] as RegisteredModel;
    const m = /^v?(\d+)$/.exec(s);
    const found = m ? all.find((x) => x.version === Number(m[1])) : undefined;
    if (!found)
      throw new Error(
        `Param "version": "${selector}" is not a version of "${name}"; it has ${all.map((x) => `v${x.version}`).join(', ')} (or write latest / production).`,
      );
    return found;
  }

  /** What (name, selector) resolves to now, for a reading node's cache key. */
  fingerprint(name: string, selector: string): string {
    try {
      const m = this.resolve(name, selector);
      return `model ${m.name} v${m.version} ${m.registeredAt}`;
    } catch {
      return `model ${name} ${selector} missing`;
    }
  }

  /** Load a registered version into the training runtime as model `idPrefix#…`. */
  async load(
    name: string,
    selector: string,
    idPrefix: string,
  ): Promise<{ handle: ModelHandle; entry: RegisteredModel }> {
    await this.list();
    const entry = this.resolve(name, selector);
    const base = this.base(entry.name, entry.version);
    const metaBytes = await this.files.read(`${base}.meta.json`);
    const modelBytes = await this.files.read(`${base}.model.json`);
    if (!metaBytes || !modelBytes)
      throw new Error(
        `"${entry.name}" v${entry.version} is listed but its files are gone from this browser.`,
      );
    const meta = JSON.parse(decoder.decode(metaBytes)) as ModelMeta;
    const artifacts = JSON.parse(decoder.decode(modelBytes)) as ModelArtifactFiles;
    const weights = await this.files.read(`${base}.weights`);
    if (weights) (artifacts as { weights: Uint8Array }).weights = weights;
    const id = `${idPrefix}#registry${++this.loaded}`;
    await this.models.importArtifacts(id, meta.spec, meta.features.length, artifacts);
    return { handle: { type: 'model', id, meta }, entry };
  }

  /** The export zip of a version. */
  async zip(name: string, version: number): Promise<Uint8Array> {
    const bytes = await this.files.read(`${this.base(name, version)}.zip`);
    if (!bytes) throw new Error(`"${name}" v${version} has no stored export.`);
    return bytes;
  }

  /** Mark `version` as the production version of `name` (the only one). */
  async promote(name: string, version: number): Promise<void> {
    const all = await this.list();
    if (!all.some((m) => m.name === name && m.version === version))
      throw new Error(`No "${name}" v${version}.`);
    this.catalog = all.map((m) => (m.name === name ? { ...m, production: m.version === version } : m));
    await this.save();
  }

  async remove(name: string, version: number): Promise<void> {
    const all = await this.list();
    const base = this.base(name, version);
    for (const ext of ['zip', 'weights', 'model.json', 'meta.json'])
      await this.files.remove(`${base}.${ext}`);
    this.catalog = all.filter((m) => !(m.name === name && m.version === version));
    await this.save();
  }
}
