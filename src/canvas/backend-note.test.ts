import { describe, expect, it } from 'vitest';
import { plainBackendNote } from './backend-note';

describe('plainBackendNote', () => {
  it('keeps the renderer string off the card, nested parentheses and all', () => {
    const note =
      'WebGPU: not available in this browser; WebGL: software renderer (ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver))';
    expect(plainBackendNote(note)).toBe('WebGPU: not available in this browser; WebGL: software renderer');
  });
  it('drops timings and error details but keeps the sentence', () => {
    expect(
      plainBackendNote('WebGL (ANGLE (NVIDIA)): slower than WASM in a timing probe (3.1 vs 1.2 ms)'),
    ).toBe('WebGL: slower than WASM in a timing probe');
    expect(plainBackendNote('WebGPU could not be used (no adapter); used WASM.')).toBe(
      'WebGPU could not be used; used WASM.',
    );
  });
});
