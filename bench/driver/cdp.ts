import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';

/**
 * Memory of a page and its workers through the Chrome DevTools Protocol. Playwright's
 * sessions reach pages only, so workers (the engine, DuckDB's and the training worker)
 * are attached from a browser session in non-flattened mode and spoken to with
 * Target.sendMessageToTarget.
 */

interface TargetInfo {
  targetId: string;
  type: string;
  title: string;
  url: string;
  parentFrameId?: string;
}

export interface HeapSample {
  /** usedSize per target (title or url), bytes. */
  perTarget: Record<string, number>;
  total: number;
}

export class MemoryProbe {
  private readonly sessions = new Map<string, string>();
  private readonly pending = new Map<string, (message: { result?: unknown; error?: unknown }) => void>();
  private nextId = 1;

  private constructor(
    private readonly session: CDPSession,
    private readonly pageTargetId: string,
  ) {
    session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      const message = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      const key = `${e.sessionId}:${message.id}`;
      this.pending.get(key)?.(message);
      this.pending.delete(key);
    });
  }

  static async create(browser: Browser, page: Page): Promise<MemoryProbe> {
    const pageSession = await page.context().newCDPSession(page);
    const info = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: TargetInfo };
    await pageSession.detach();
    return new MemoryProbe(await browser.newBrowserCDPSession(), info.targetInfo.targetId);
  }

  /** The page and the workers it started (directly or nested). */
  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = (await this.session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.filter(
      (t) =>
        t.targetId === this.pageTargetId || (t.type === 'worker' && t.parentFrameId === this.pageTargetId),
    );
  }

  private async sessionFor(targetId: string): Promise<string> {
    let sessionId = this.sessions.get(targetId);
    if (!sessionId) {
      ({ sessionId } = (await this.session.send('Target.attachToTarget', { targetId, flatten: false })) as {
        sessionId: string;
      });
      this.sessions.set(targetId, sessionId);
    }
    return sessionId;
  }

  /** Send one CDP command to a target; rejects after `timeoutMs` (a busy thread may lag). */
  async send<T>(targetId: string, method: string, params: object = {}, timeoutMs = 2000): Promise<T> {
    const sessionId = await this.sessionFor(targetId);
    const id = this.nextId++;
    const key = `${sessionId}:${id}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = new Promise<{ result?: unknown; error?: unknown }>((resolve, reject) => {
      this.pending.set(key, resolve);
      timer = setTimeout(() => {
        if (this.pending.delete(key)) reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
    }).finally(() => clearTimeout(timer));
    // Handled below; without this a timeout while the send is pending would be unhandled.
    reply.catch(() => undefined);
    await this.session.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    const message = await reply;
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result as T;
  }

  private static label(t: TargetInfo): string {
    if (t.type !== 'worker') return 'page';
    if (/duckdb/.test(t.url)) return 'duckdb worker';
    return t.title && !t.title.startsWith('http') ? t.title : (t.url.split('/').pop() ?? t.url);
  }

  /** JS heap in use per thread (V8 `usedSize`), skipping threads too busy to answer. */
  async heap(): Promise<HeapSample> {
    const perTarget: Record<string, number> = {};
    await Promise.all(
      (await this.targets()).map(async (t) => {
        try {
          const r = await this.send<{ usedSize: number }>(t.targetId, 'Runtime.getHeapUsage', {}, 1000);
          const label = MemoryProbe.label(t);
          perTarget[label] = (perTarget[label] ?? 0) + r.usedSize;
        } catch {
          // A thread inside a long wasm call may not answer in time; the next sample will.
        }
      }),
    );
    return { perTarget, total: Object.values(perTarget).reduce((a, b) => a + b, 0) };
  }

  /**
   * Linear memory of DuckDB-WASM (its worker's `DUCKDB_BINDINGS` global) and of TF.js's
   * wasm backend (the `_tfengine` global), per thread. A wasm memory only grows, so this
   * is also its peak. Library internals: a thread where neither is found is left out.
   */
  async wasmMemory(): Promise<Record<string, number>> {
    const expression = `(() => {
      const out = {};
      try { const m = globalThis.DUCKDB_BINDINGS?._instance; if (m?.HEAPU8) out.duckdb = m.HEAPU8.byteLength; } catch {}
      try { const m = globalThis._tfengine?.registry?.wasm?.wasm; if (m?.HEAPU8) out.tfjs = m.HEAPU8.byteLength; } catch {}
      return out;
    })()`;
    const out: Record<string, number> = {};
    for (const t of await this.targets()) {
      try {
        const r = await this.send<{ result: { value?: Record<string, number> } }>(
          t.targetId,
          'Runtime.evaluate',
          { expression, returnByValue: true },
          10_000,
        );
        for (const [lib, bytes] of Object.entries(r.result.value ?? {})) out[lib] = (out[lib] ?? 0) + bytes;
      } catch {
        // Thread gone or busy: leave it out.
      }
    }
    return out;
  }

  /** Sample the heap every `everyMs` until stopped; gives each thread's peak and the peak total. */
  sampleHeap(everyMs = 250): () => Promise<{ peakTotal: number; peakPerTarget: Record<string, number> }> {
    let peakTotal = 0;
    const peakPerTarget: Record<string, number> = {};
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const s = await this.heap().catch(() => undefined);
        if (s) {
          peakTotal = Math.max(peakTotal, s.total);
          for (const [k, v] of Object.entries(s.perTarget))
            peakPerTarget[k] = Math.max(peakPerTarget[k] ?? 0, v);
        }
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
      return { peakTotal, peakPerTarget };
    };
  }

  async close(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }
}

/** Parent pid of every process, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may hold spaces: the ppid is the 2nd field after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(entry), ppid);
    } catch {
      // process ended
    }
  }
  return out;
}

/**
 * Chromium renderer processes started by this process (its descendants only: other
 * browsers on the machine are not ours to measure or touch).
 */
function rendererPids(): number[] {
  const ppid = parents();
  const ours = (pid: number): boolean => {
    for (let p = ppid.get(pid); p !== undefined && p > 1; p = ppid.get(p)) if (p === process.pid) return true;
    return false;
  };
  const pids: number[] = [];
  for (const pid of ppid.keys()) {
    if (!ours(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) pids.push(pid);
    } catch {
      // process ended
    }
  }
  return pids;
}

/** Reset the peak-RSS counters (VmHWM) of every renderer process. */
export function resetRendererPeak(): void {
  for (const pid of rendererPids()) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not permitted or gone: the peak then covers the process's whole life
    }
  }
}

/** The largest peak RSS (VmHWM) of any renderer process, bytes: the page with its workers and wasm. */
export function rendererPeakRss(): number {
  let peak = 0;
  for (const pid of rendererPids()) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m?.[1]) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // gone
    }
  }
  return peak;
}
