// Widget tests fail on a widget error nobody expected: a render crash caught by the root
// boundary, or an `error` event, reaches failOnError and test/widget/setup.ts fails the test.
// Here the errors are taken before that hook, to look at them.
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../widget/transport/errors';
import { App } from '../../widget/ui/App';
import { expectWidgetError, failOnError, makeWidget, takeUnexpectedErrors } from './fakes';

describe('widget errors in tests', () => {
  it('records a render crash the root boundary caught', () => {
    const { widget } = makeWidget();
    // The launcher reads the unread count; App itself renders before the boundary is up.
    Object.defineProperty(widget.conversation.unread, 'value', {
      get() {
        throw new Error('render crash');
      },
    });
    render(<App widget={widget} onError={failOnError} />);
    expect(takeUnexpectedErrors()).toEqual([expect.objectContaining({ message: 'render crash' })]);
  });

  it('records an error event, unless the test declared its code', async () => {
    const { widget, relay, events } = makeWidget();
    widget.start();
    expectWidgetError('SERVER');
    relay.failSends(new TransportError('SERVER', 503));
    widget.panel.open();
    await expect.poll(() => relay.sessions.length).toBe(1);
    widget.conversation.send('Hello?');
    await expect.poll(() => events.filter(([e]) => e === 'error')).toHaveLength(1);
    expect(takeUnexpectedErrors()).toEqual([]);
    failOnError({ code: 'NETWORK' });
    expect(takeUnexpectedErrors()).toEqual([{ code: 'NETWORK' }]);
  });
});
