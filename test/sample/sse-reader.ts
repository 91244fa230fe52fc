/** Reads a server-sent events stream over fetch, one `data:` message at a time (JSON-decoded). */
export interface SseReader {
  /** The next message; rejects when none arrives within `timeoutMs`. */
  next<T = unknown>(timeoutMs?: number): Promise<T>;
  /** Messages until one matches, skipping the others. */
  until<T = unknown>(
    match: (message: T) => boolean,
    timeoutMs?: number,
  ): Promise<T>;
  close(): void;
}

export async function openSse(url: string): Promise<SseReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    controller.abort();
    throw new Error(`SSE ${url}: status ${response.status}`);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('text/event-stream')) {
    controller.abort();
    throw new Error(`SSE ${url}: content-type "${contentType}"`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';

  async function readMessage(): Promise<unknown> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data) return JSON.parse(data);
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`SSE ${url}: the stream ended`);
      buffer += decoder.decode(value, { stream: true });
    }
  }

  const next = <T>(timeoutMs = 5000): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`SSE ${url}: no message within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return Promise.race([readMessage() as Promise<T>, timeout]).finally(() =>
      clearTimeout(timer),
    );
  };

  return {
    next,
    async until<T>(match: (message: T) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next<T>(Math.max(1, deadline - Date.now()));
        if (match(message)) return message;
      }
    },
    close: () => controller.abort(),
  };
}
