import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendPreference } from '../../src/shared/models';
import type { BackendChoice, BackendSetup } from './tf-runtime';

// The wasm binaries are the app's own assets (Vite `?url`): TF.js would otherwise look
// for them next to its script or on a CDN, which the page's CSP (and the offline promise)
// forbid. Threads hang in minified builds on cross-origin-isolated pages and are not
// faster on 2 cores, so the threaded binary is only listed because setWasmPaths wants all.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** Renderer or adapter names of software implementations: a "GPU" slower than WASM. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/** A GPU backend must beat WASM by this factor in the probe to be chosen. */
const GPU_MARGIN = 0.8;

/** The parts of WebGPU's adapter this file reads (TS's DOM lib has no WebGPU types). */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}

/** Why WebGPU is unusable here, or undefined when a hardware adapter exists. */
async function webgpuProblem(): Promise<string | undefined> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return 'not available in this browser';
  let adapter: Awaited<ReturnType<GpuLike['requestAdapter']>>;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return 'no adapter';
  const info = adapter.info ?? {};
  if (info.isFallbackAdapter || adapter.isFallbackAdapter) return 'only a fallback (software) adapter';
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  if (SOFTWARE.test(name)) return `software adapter (${name})`;
  return undefined;
}

/** The WebGL2 renderer string (unmasked where allowed), or why there is none. */
function webglRenderer(): { renderer?: string; problem?: string } {
  if (typeof OffscreenCanvas === 'undefined') return { problem: 'no OffscreenCanvas in this worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { problem: 'WebGL2 unavailable' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { renderer };
}

/** Switch to `name`; true only when TF.js really runs on it (setBackend can fail silently). */
async function activate(name: string): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Milliseconds per step of a small MLP-shaped workload (after warm-up) on the current backend. */
async function probe(): Promise<number> {
  const [x, w1, w2] = tf.tidy(() => [
    tf.randomUniform([256, 32], -1, 1, 'float32', 1),
    tf.randomUniform([32, 128], -1, 1, 'float32', 2),
    tf.randomUniform([128, 64], -1, 1, 'float32', 3),
  ]) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const step = async () => {
    const y = tf.tidy(() => tf.sum(tf.matMul(tf.relu(tf.matMul(x, w1)), w2)));
    await y.data();
    y.dispose();
  };
  try {
    for (let i = 0; i < 3; i++) await step(); // shader compilation, first allocations
    const t0 = performance.now();
    const runs = 8;
    for (let i = 0; i < runs; i++) await step();
    return (performance.now() - t0) / runs;
  } finally {
    tf.dispose([x, w1, w2]);
  }
}

/** Load the WebGPU backend only when a hardware adapter exists (it is large). */
async function registerWebgpu(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    return true;
  } catch {
    return false;
  }
}

/**
 * Backends in the browser's train worker. `auto` picks, once per worker: WebGPU (a
 * hardware adapter only), then WebGL (OffscreenCanvas; not on a software renderer such as
 * SwiftShader or llvmpipe), each only if a short timing probe shows it beating WASM;
 * then WASM (SIMD), then CPU. The note says why a faster-sounding backend was passed over.
 */
export class BrowserBackends implements BackendSetup {
  private auto: Promise<BackendChoice> | undefined;

  async use(preference: BackendPreference): Promise<BackendChoice> {
    if (preference === 'auto') {
      this.auto ??= this.pickAuto();
      const choice = await this.auto;
      if (await activate(choice.backend)) return choice;
      this.auto = undefined; // the chosen backend broke (lost GPU context?): choose again
      return this.use('auto');
    }
    const problem = await this.explicitProblem(preference);
    if (!problem) return { backend: preference };
    const fallback = await this.use('auto');
    return {
      backend: fallback.backend,
      note: `${label(preference)} could not be used (${problem}); used ${label(fallback.backend)}.`,
    };
  }

  /** Why an explicitly chosen backend cannot run, or undefined once it is active. */
  private async explicitProblem(name: Exclude<BackendPreference, 'auto'>): Promise<string | undefined> {
    if (name === 'webgpu') {
      const problem = await webgpuProblem();
      if (problem) return problem;
      if (!(await registerWebgpu())) return 'its module failed to load';
    }
    if (name === 'webgl') {
      const { problem } = webglRenderer();
      if (problem) return problem;
    }
    return (await activate(name)) ? undefined : 'it failed to initialise';
  }

  private async pickAuto(): Promise<BackendChoice> {
    const notes: string[] = [];
    const gpus: { name: 'webgpu' | 'webgl'; what: string }[] = [];
    const gpuProblem = await webgpuProblem();
    if (gpuProblem) notes.push(`WebGPU: ${gpuProblem}`);
    else if (await registerWebgpu()) gpus.push({ name: 'webgpu', what: 'WebGPU' });
    else notes.push('WebGPU: its module failed to load');
    const gl = webglRenderer();
    if (gl.problem) notes.push(`WebGL: ${gl.problem}`);
    else if (SOFTWARE.test(gl.renderer ?? '')) notes.push(`WebGL: software renderer (${gl.renderer})`);
    else gpus.push({ name: 'webgl', what: `WebGL (${gl.renderer})` });

    const wasmMs = (await activate('wasm')) ? await probe() : undefined;
    if (wasmMs === undefined) notes.push('WASM: failed to initialise');
    for (const gpu of gpus) {
      if (!(await activate(gpu.name))) {
        notes.push(`${gpu.what}: failed to initialise`);
        continue;
      }
      const ms = await probe();
      if (wasmMs === undefined || ms < wasmMs * GPU_MARGIN)
        return { backend: gpu.name, note: notes.length ? notes.join('; ') : undefined };
      notes.push(
        `${gpu.what}: slower than WASM in a timing probe (${ms.toFixed(1)} vs ${wasmMs.toFixed(1)} ms)`,
      );
    }
    if (wasmMs !== undefined && (await activate('wasm'))) return { backend: 'wasm', note: notes.join('; ') };
    if (await activate('cpu')) return { backend: 'cpu', note: notes.join('; ') };
    throw new Error(`No TF.js backend could be initialised (${notes.join('; ')}).`);
  }
}

function label(backend: string): string {
  return (
    ({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as Record<string, string>)[backend] ??
    backend
  );
}
