import type { Writable } from 'node:stream';

/** Where a format writes its text. `write` waits for the stream to drain, so a slow reader slows the listing instead of filling memory. */
export interface TextSink {
  write(text: string): Promise<void>;
  /** True once the reader went away (EPIPE, e.g. `| head`): further writes are dropped. */
  readonly closed: boolean;
}

/**
 * A sink over stdout. When the reader closes the pipe, `onClosed` is called once (the listing stops)
 * and writes become no-ops: `cloud-backups list | head -3` is not a failure. Any other stream error
 * is thrown by the next write.
 */
export function streamSink(stream: Writable, onClosed: () => void = () => {}): TextSink {
  let closed = false;
  let failure: Error | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') failure = error;
    if (!closed) {
      closed = true;
      onClosed();
    }
  });
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      if (failure) throw failure;
      if (closed || text === '') return;
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          stream.off('error', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
        stream.on('error', done);
      });
    },
  };
}
