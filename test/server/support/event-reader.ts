/** Reads a `text/event-stream` answer event by event, for the live activity suites. */
export interface StreamEvent {
  event: string;
  id: string;
  data: unknown;
}

export function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next event (comments skipped), or `null` once the stream has ended; fails after `ms`. */
    async next(ms = 5_000): Promise<StreamEvent | null> {
      const deadline = Date.now() + ms;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.event) return { event: fields.event, id: fields.id ?? '', data: JSON.parse(fields.data ?? 'null') };
          continue;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        let timer: ReturnType<typeof setTimeout> | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), left))),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    /** Whether nothing but comments comes within `ms`. */
    async quiet(ms: number): Promise<boolean> {
      try {
        await this.next(ms);
        return false;
      } catch (error) {
        if ((error as Error).message === 'no event in time') return true;
        throw error;
      }
    },
    cancel: () => reader.cancel(),
  };
}
