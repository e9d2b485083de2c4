// An incremental parser for the text/event-stream format (WHATWG HTML §9.2.6): feed it decoded
// chunks in any split, get whole events and comments out.
export interface SseEvent {
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far (it persists across events, as the spec says). */
  id: string | null;
}

export interface SseHandlers {
  onEvent: (event: SseEvent) => void;
  onComment?: (text: string) => void;
  onRetry?: (ms: number) => void;
}

export function createSseParser(handlers: SseHandlers): { feed(chunk: string): void } {
  let buffer = '';
  let started = false;
  let skipLf = false; // the previous chunk ended in CR: an LF starting this one is the same break
  let data: string[] = [];
  let event = '';
  let lastId: string | null = null;

  function line(text: string): void {
    if (text === '') {
      if (data.length) handlers.onEvent({ event: event || 'message', data: data.join('\n'), id: lastId });
      data = [];
      event = '';
      return;
    }
    if (text[0] === ':') return handlers.onComment?.(text.slice(1).trimStart());
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  return {
    feed(chunk) {
      if (!started && chunk) {
        started = true;
        if (chunk[0] === '\ufeff') chunk = chunk.slice(1);
      }
      if (skipLf && chunk[0] === '\n') chunk = chunk.slice(1);
      skipLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) skipLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
