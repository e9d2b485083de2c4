// The /metrics text, line for line: what a Prometheus scraper reads from a fresh relay and after
// some traffic, with label values escaped as the text format requires (\\, \" and \n).
import { describe, expect, it } from 'vitest';
import { Counter, createMetrics, Histogram } from '../../relay/metrics';

describe('the /metrics text', () => {
  it('says every metric of a fresh relay with its help and type, counters at zero', () => {
    expect(createMetrics().render()).toBe(
      [
        '# HELP relay_messages_in_total Visitor messages accepted.',
        '# TYPE relay_messages_in_total counter',
        'relay_messages_in_total 0',
        '# HELP relay_messages_out_total Visitor messages finished with Kit, by outcome.',
        '# TYPE relay_messages_out_total counter',
        'relay_messages_out_total 0',
        '# HELP relay_kit_callbacks_total Kit callbacks received, by outcome.',
        '# TYPE relay_kit_callbacks_total counter',
        'relay_kit_callbacks_total 0',
        '# HELP relay_kit_call_seconds Kit API call latency.',
        '# TYPE relay_kit_call_seconds histogram',
        '# HELP relay_kit_errors_total Kit API call failures, by operation and code.',
        '# TYPE relay_kit_errors_total counter',
        'relay_kit_errors_total 0',
        '# HELP relay_open_streams Open visitor event streams.',
        '# TYPE relay_open_streams gauge',
        'relay_open_streams 0',
        '# HELP relay_outbox_depth Visitor messages accepted and not yet confirmed by Kit.',
        '# TYPE relay_outbox_depth gauge',
        'relay_outbox_depth 0',
        '',
      ].join('\n'),
    );
  });

  it('writes labelled counters with labels in name order, and histograms with cumulative buckets', () => {
    const m = createMetrics();
    m.messagesOut.inc({ outcome: 'delivered' }, 3);
    m.messagesOut.inc({ outcome: 'failed' });
    m.kitErrors.inc({ op: 'send', code: 'KIT_UNAVAILABLE' });
    m.kitLatency.observe(0.03, { outcome: 'ok', op: 'send' });
    m.kitLatency.observe(3, { outcome: 'ok', op: 'send' });
    m.openStreams.set(2);
    const text = m.render();
    expect(text).toContain('relay_messages_out_total{outcome="delivered"} 3\nrelay_messages_out_total{outcome="failed"} 1\n');
    expect(text).toContain('relay_kit_errors_total{code="KIT_UNAVAILABLE",op="send"} 1\n');
    expect(text).toContain(
      [
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.01"} 0',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.025"} 0',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.05"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.1"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.25"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="0.5"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="1"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="2.5"} 1',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="5"} 2',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="10"} 2',
        'relay_kit_call_seconds_bucket{op="send",outcome="ok",le="+Inf"} 2',
        'relay_kit_call_seconds_sum{op="send",outcome="ok"} 3.03',
        'relay_kit_call_seconds_count{op="send",outcome="ok"} 2',
      ].join('\n'),
    );
    expect(text).toContain('relay_open_streams 2\n');
    // No zero line once a labelled series exists.
    expect(text).not.toContain('relay_messages_out_total 0');
  });

  it('escapes backslashes, double quotes and newlines in label values, and nothing else', () => {
    const c = new Counter('t_total', 'Test.');
    c.inc({ path: 'C:\\files\\"quoted"\nnext line', plain: "it's fine {}" });
    expect(c.render()).toBe('# HELP t_total Test.\n# TYPE t_total counter\nt_total{path="C:\\\\files\\\\\\"quoted\\"\\nnext line",plain="it\'s fine {}"} 1');
    const h = new Histogram('t_seconds', 'Test.', [1]);
    h.observe(0.5, { op: 'a"b' });
    expect(h.render().split('\n').slice(2)).toEqual([
      't_seconds_bucket{op="a\\"b",le="1"} 1',
      't_seconds_bucket{op="a\\"b",le="+Inf"} 1',
      't_seconds_sum{op="a\\"b"} 0.5',
      't_seconds_count{op="a\\"b"} 1',
    ]);
  });
});
