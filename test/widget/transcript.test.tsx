// "Download conversation" in the panel's menu: a plain text transcript in the visitor's language
// (times, names, text, attachment links, who closed it), with the history that scrolled out of
// the widget fetched from the relay first.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessagesQuery } from '../../protocol/relay-api';
import { en } from '../../widget/i18n/en';
import { closed, menu, viewer } from '../../widget/i18n/en-more';
import { ru } from '../../widget/i18n/ru';
import type { ChatItem } from '../../widget/state/history';
import { transcript } from '../../widget/state/menu';
import { App } from '../../widget/ui/App';
import { failOnError, makeWidget } from './fakes';

const t = { ...en, ...viewer, ...closed, ...menu };
const at = (h: number, m: number) => new Date(2026, 2, 10, h, m).toISOString();
const ITEMS: ChatItem[] = [
  { id: '1', from: 'visitor', text: 'Hello, where is my order?\nIt is #1042.', createdAt: at(9, 5), seq: 1 },
  { id: '2', from: 'agent', sender: { name: 'Anna Petrova' }, text: 'It shipped today. Here is the invoice:', createdAt: at(9, 7), seq: 2,
    attachments: [{ kind: 'file', name: 'invoice.pdf', url: 'https://relay.example/files/abc/invoice.pdf' }] },
  { id: '3', from: 'bot', text: 'Anything else?', createdAt: at(9, 8), seq: 3 },
  { id: 'closed:4', from: 'system', notice: 'closed', reason: 'CLOSED_BY_AGENT', createdAt: at(9, 9), seq: 4 },
];
const time = (iso: string, locale: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the transcript', () => {
  it('has a heading, then one line per message with time and name, continuation lines, attachment links and closings', () => {
    const now = new Date(2026, 2, 10, 12, 0);
    expect(transcript(ITEMS, t, 'en', 'Acme Support', now)).toBe(
      [
        'Conversation with Acme Support',
        `Saved ${time(now.toISOString(), 'en')}`,
        '',
        `[${time(ITEMS[0]!.createdAt, 'en')}] You: Hello, where is my order?`,
        '    It is #1042.',
        `[${time(ITEMS[1]!.createdAt, 'en')}] Anna Petrova: It shipped today. Here is the invoice:`,
        '    Attachment: invoice.pdf https://relay.example/files/abc/invoice.pdf',
        `[${time(ITEMS[2]!.createdAt, 'en')}] Assistant: Anything else?`,
        '— An operator closed this conversation. —',
        '',
      ].join('\n'),
    );
  });

  it('speaks the visitor\'s language', () => {
    const text = transcript(ITEMS, ru, 'ru', 'Магазин', new Date(2026, 2, 10, 12, 0));
    expect(text.split('\n').slice(0, 1)).toEqual(['Переписка: Магазин']);
    expect(text).toContain(`[${time(ITEMS[0]!.createdAt, 'ru')}] Вы: Hello, where is my order?`);
    expect(text).toContain('    Вложение: invoice.pdf https://relay.example/files/abc/invoice.pdf');
    expect(text).toContain('— Оператор завершил этот диалог. —');
  });
});

describe('"Download conversation"', () => {
  it('is in the panel\'s menu and saves the whole conversation, older pages included, as a text file', async () => {
    const { widget, relay } = makeWidget();
    for (let i = 1; i <= 150; i++) relay.hold({ type: 'message', message: { id: `old${i}`, from: 'agent', text: `Old reply ${i}`, createdAt: new Date(2026, 0, 1, 10, 0, i).toISOString() } });
    // The relay answers GET /v1/messages from the fake's mailbox.
    vi.spyOn(window, 'fetch').mockImplementation(async (input) => {
      const url = new URL(String(input));
      const query: MessagesQuery = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, Number(v)]));
      return new Response(JSON.stringify(await relay.listMessages('', query)), { headers: { 'content-type': 'application/json' } });
    });
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:transcript'));
    Object.assign(window.URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    widget.start();
    render(<App widget={widget} onError={failOnError} />);
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('The newest reply');

    const button = screen.getByRole('button', { name: 'More options' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(button);
    const item = await screen.findByRole('menuitem', { name: 'Download conversation' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(item));
    fireEvent.click(item);
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]!.download).toMatch(/^conversation-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(clicked[0]!.href).toBe('blob:transcript');
    expect(blobs[0]!.type).toBe('text/plain;charset=utf-8');
    const text = await blobs[0]!.text();
    const lines = text.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toHaveLength(151);
    expect(lines[0]).toMatch(/\] Support: Old reply 1$/);
    expect(lines.at(-1)).toMatch(/\] Anna Petrova: The newest reply$/);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('closes the menu on Escape and gives focus back to its button', async () => {
    const { widget } = makeWidget();
    widget.start();
    render(<App widget={widget} onError={failOnError} />);
    widget.panel.open();
    const button = await screen.findByRole('button', { name: 'More options' });
    fireEvent.click(button);
    const item = await screen.findByRole('menuitem', { name: 'Download conversation' });
    fireEvent.keyDown(item, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(document.activeElement).toBe(button);
    expect(widget.panel.isOpen.value).toBe(true);
  });
});
