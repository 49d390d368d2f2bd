/**
 * A server-sent event stream (`text/event-stream`) that ends cleanly: when the client goes away,
 * when its source ends, and when the process shuts down (`ApiDeps.closing`), so that closing the
 * HTTP server never waits on a stream left open. A comment every 15 s keeps proxies from timing
 * the connection out.
 */
export const KEEP_ALIVE_MS = 15_000;

export interface EventSink {
  send(event: string, id: string, data: unknown): void;
  /** Ends the stream from the source's side. */
  end(): void;
}

/**
 * `open` starts the source, sending to the sink, and resolves to the function that stops it; the
 * answer is given once it has resolved, so nothing that happens after the answer is missed.
 */
export async function eventStream(open: (sink: EventSink) => Promise<() => void>, signals: readonly (AbortSignal | undefined)[]): Promise<Response> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let ended = false;
  const pending: string[] = [];
  const write = (text: string) => {
    if (ended) return;
    if (controller) controller.enqueue(encoder.encode(text));
    else pending.push(text);
  };
  let stop = () => {};
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const finish = (closeStream: boolean) => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    for (const signal of signals) signal?.removeEventListener('abort', onAbort);
    stop();
    if (closeStream) controller?.close();
  };
  const onAbort = () => finish(true);
  stop = await open({
    send: (event, id, data) => write(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`),
    end: () => finish(true),
  });
  if (signals.some((signal) => signal?.aborted)) finish(false);
  for (const signal of signals) signal?.addEventListener('abort', onAbort, { once: true });
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (ended) return c.close();
      // The first bytes go out at once, so the client knows the stream is open.
      c.enqueue(encoder.encode(': open\n\n'));
      for (const text of pending.splice(0)) c.enqueue(encoder.encode(text));
      keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      keepAlive.unref?.();
    },
    cancel: () => finish(false),
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}
