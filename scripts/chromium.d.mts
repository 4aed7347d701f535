/** Debian's Chromium, unless CHROMIUM_PATH says otherwise. */
export declare const CHROMIUM_PATH: string;
/** Launch flags that keep Chromium offline and quiet. */
export declare const CHROMIUM_ARGS: string[];
