import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-web';

/** The parts of `pipewright-model.json` a loader needs. */
interface Manifest {
  family: string;
  features: string[];
  files: { model: string };
}

/**
 * Predictions of an exported model zip, loaded the way a user outside the app loads it:
 * a neural net with TF.js (`loadLayersModel`), trees and linear models with onnxruntime.
 * `rows` are model-ready feature rows; returns every float output, flattened.
 */
export async function predictExported(
  zipBytes: Uint8Array,
  rows: readonly Record<string, unknown>[],
): Promise<{ family: string; values: Float32Array }> {
  const files = unzipSync(zipBytes);
  const manifest = JSON.parse(strFromU8(files['pipewright-model.json'] as Uint8Array)) as Manifest;
  const x = Float32Array.from(rows.flatMap((row) => manifest.features.map((f) => Number(row[f]))));
  const shape = [rows.length, manifest.features.length] as const;
  if (manifest.family === 'neural') {
    const modelJson = JSON.parse(strFromU8(files[manifest.files.model] as Uint8Array)) as tf.io.ModelJSON;
    const weights = modelJson.weightsManifest[0];
    const shards = (weights?.paths ?? []).map((p) => files[p] as Uint8Array);
    const data = new Uint8Array(shards.reduce((s, b) => s + b.byteLength, 0));
    let at = 0;
    for (const b of shards) {
      data.set(b, at);
      at += b.byteLength;
    }
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: weights?.weights,
        weightData: data.buffer,
      }),
    );
    const values = tf.tidy(() => (model.predict(tf.tensor2d(x, [...shape])) as tf.Tensor).dataSync());
    model.dispose();
    return { family: manifest.family, values: Float32Array.from(values) };
  }
  const session = await ort.InferenceSession.create(files[manifest.files.model] as Uint8Array);
  const out = await session.run({ float_input: new ort.Tensor('float32', x, [...shape]) });
  await session.release();
  const floats = Object.keys(out)
    .sort()
    .map((name) => out[name]?.data)
    .filter((d): d is Float32Array => d instanceof Float32Array);
  const values = new Float32Array(floats.reduce((s, d) => s + d.length, 0));
  let at = 0;
  for (const d of floats) {
    values.set(d, at);
    at += d.length;
  }
  return { family: manifest.family, values };
}
