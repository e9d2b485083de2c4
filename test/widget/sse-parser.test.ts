import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../widget/transport/sse-parser';

function parse(chunks: string[]) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  for (const chunk of chunks) parser.feed(chunk);
  return { events, comments };
}

describe('SSE parser', () => {
  it('reads id, event and data fields of one event', () => {
    const { events } = parse(['id: 7\nevent: message\ndata: {"seq":7}\n\n']);
    expect(events).toEqual([{ id: '7', event: 'message', data: '{"seq":7}' }]);
  });

  it('joins multi-line data with newlines', () => {
    const { events } = parse(['data: first\ndata: second\ndata:third\n\n']);
    expect(events[0]!.data).toBe('first\nsecond\nthird');
    expect(events[0]!.event).toBe('message');
  });

  it('assembles events from chunks split mid-line and mid-field', () => {
    const { events } = parse(['id: 1', '2\nev', 'ent: sta', 'tus\ndata: {"a"', ':1}\n', '\n']);
    expect(events).toEqual([{ id: '12', event: 'status', data: '{"a":1}' }]);
  });

  it('treats CRLF split across chunks as one line break', () => {
    const { events } = parse(['data: a\r', '\n\r\n', 'data: b\r\rdata: c\n\n']);
    expect(events.map((e) => e.data)).toEqual(['a', 'b', 'c']);
  });

  it('reports heartbeat comments and never turns them into events', () => {
    const { events, comments } = parse([': keep-alive\n\n', ':ping\n', 'data: x\n\n']);
    expect(comments).toEqual(['keep-alive', 'ping']);
    expect(events).toHaveLength(1);
  });

  it('keeps the last id across events and ignores events without data', () => {
    const { events } = parse(['id: 5\nevent: status\n\n', 'data: y\n\n']);
    expect(events).toEqual([{ id: '5', event: 'message', data: 'y' }]);
  });

  it('waits for the blank line before dispatching', () => {
    const { events } = parse(['data: partial\n']);
    expect(events).toEqual([]);
  });

  it('ignores a leading byte-order mark and unknown fields', () => {
    const { events } = parse(['\ufeffdata: z\nfoo: bar\n\n']);
    expect(events).toEqual([{ id: null, event: 'message', data: 'z' }]);
  });
});
