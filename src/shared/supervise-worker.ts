/**
 * One started instance of a supervised worker (a Web Worker, a DuckDB backend) and its death.
 * Calls race the death: a dead worker never answers, and nothing may hang on it.
 */
export interface Generation<W> {
  /** The instance, once its start resolves. */
  readonly instance: Promise<W>;
  /** The instance, synchronously, once started and while alive. */
  readonly value: W | undefined;
  /** The error its calls fail with, once dead. */
  readonly dead: Error | undefined;
  /**
   * Mark it crashed (once): its calls in flight fail with `error`, the next call starts a
   * fresh instance, this one is terminated and `onDeath` hears of it. Returns the error it
   * died with (the first one, if it was already dead).
   */
  kill(error: Error): Error;
  /** `fn` on the instance, failing at once with the death error if it dies first. */
  run<T>(fn: (instance: W) => Promise<T>): Promise<T>;
}

export interface SuperviseOptions<W> {
  /** Stop an instance that died or was terminated. */
  terminate(instance: W): unknown;
  /** Hears each crash (not a deliberate `terminate()`), after the calls in flight failed. */
  onDeath?(error: Error): void;
}

export interface Supervisor<W> {
  /** The live generation, started if there is none (or the last one died). */
  generation(): Generation<W>;
  /** `fn` on the live instance (started if needed), failing at once if the instance dies. */
  call<T>(fn: (instance: W) => Promise<T>): Promise<T>;
  /** The live instance if one is started, without starting one. */
  live(): W | undefined;
  /** Stop the live instance on purpose: its calls in flight fail with `error`. */
  terminate(error?: Error): void;
}

/**
 * Keep a worker alive for its callers: `spawn` starts one (sync or async) and calls
 * `gen.kill(error)` when it crashes; calls in flight then fail with that error and the next
 * call spawns a fresh worker. A start that fails is tried again on the next call.
 */
export function superviseWorker<W>(
  spawn: (gen: Generation<W>) => W | Promise<W>,
  options: SuperviseOptions<W>,
): Supervisor<W> {
  let current: GenerationImpl<W> | undefined;

  const end = (gen: GenerationImpl<W>, error: Error, crashed: boolean): Error => {
    if (gen.dead) return gen.dead;
    gen.dead = error;
    gen.reject(error);
    if (current === gen) current = undefined;
    const value = gen.value;
    gen.value = undefined;
    // Stopped at once when started; a start still under way is stopped when it finishes.
    const stop = async (instance: W) => {
      try {
        await options.terminate(instance);
      } catch {
        // Already gone: nothing left to stop.
      }
    };
    if (value !== undefined) void stop(value);
    else void gen.instance.then(stop, () => undefined);
    if (crashed) options.onDeath?.(error);
    return error;
  };

  const generation = (): Generation<W> => {
    if (current) return current;
    const gen: GenerationImpl<W> = new GenerationImpl<W>((error): Error => end(gen, error, true));
    current = gen;
    let started: W | Promise<W>;
    try {
      started = spawn(gen);
    } catch (err) {
      current = undefined;
      throw err;
    }
    if (started instanceof Promise) {
      gen.instance = started;
      started.then(
        (w) => {
          if (!gen.dead) gen.value = w;
        },
        () => {
          if (current === gen) current = undefined;
        },
      );
    } else {
      gen.instance = Promise.resolve(started);
      if (!gen.dead) gen.value = started;
    }
    return gen;
  };

  return {
    generation,
    call: (fn) => generation().run(fn),
    live: () => current?.value,
    terminate(error = new Error('The worker was stopped.')) {
      if (current) end(current, error, false);
    },
  };
}

class GenerationImpl<W> implements Generation<W> {
  instance: Promise<W> = new Promise<W>(() => undefined);
  value: W | undefined;
  dead: Error | undefined;
  readonly death: Promise<never>;
  reject!: (error: Error) => void;

  constructor(readonly kill: (error: Error) => Error) {
    this.death = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    // Nobody may be waiting when it dies; the rejection is still seen through calls.
    this.death.catch(() => undefined);
  }

  async run<T>(fn: (instance: W) => Promise<T>): Promise<T> {
    if (this.dead) throw this.dead;
    // Called at once when started, so a synchronous worker sees calls in the order made.
    const instance = this.value ?? (await Promise.race([this.instance, this.death]));
    return await Promise.race([fn(instance), this.death]);
  }
}
