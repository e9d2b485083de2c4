import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../protocol/relay-api';
import { TransportError } from '../../widget/transport/errors';
import { App } from '../../widget/ui/App';
import { createFakeTransport, expectWidgetError, failOnError, makeWidget } from './fakes';

const LIMITS = { textMaxChars: 100, uploadMaxBytes: 2048, uploadTypes: ['image/*', 'application/pdf'] };

function file(name: string, type: string, size = 100) {
  return new File([new Uint8Array(size)], name, { type });
}

async function setup() {
  const relay = createFakeTransport(LIMITS);
  const made = makeWidget({ relay });
  made.widget.start();
  render(<App widget={made.widget} onError={failOnError} />);
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  await screen.findByRole('dialog', { name: 'Acme Support' });
  await waitFor(() => expect(made.widget.limits.value.uploadMaxBytes).toBe(2048));
  return made;
}

function pick(...files: File[]) {
  const input = screen.getByRole('dialog').querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

function agentSends(relay: ReturnType<typeof createFakeTransport>, attachments: Attachment[]) {
  relay.push({ type: 'message', message: { id: `a${Math.random()}`, from: 'agent', attachments, sender: { name: 'Anna' }, createdAt: new Date().toISOString() } });
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('attachments in the composer', () => {
  it('offers a labelled attach button whose picker accepts only the allowed types', async () => {
    await setup();
    expect(screen.getByRole('button', { name: 'Attach a file' })).toBeTruthy();
    const input = screen.getByRole('dialog').querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.accept).toBe('image/*,application/pdf');
  });

  it('shows a picked image as a thumbnail with its name and a labelled remove button', async () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:https://site.test/1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { relay } = await setup();
    pick(file('cat.png', 'image/png', 1536));
    const list = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(list).getByText('cat.png')).toBeTruthy();
    expect(list.querySelector('img')?.getAttribute('src')).toBe('blob:https://site.test/1');
    expect(create).toHaveBeenCalledOnce();
    relay.uploads[0]!.finish();
    expect(await within(list).findByText('1.5 KB')).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: 'Remove cat.png' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull());
    expect(revoke).toHaveBeenCalledWith('blob:https://site.test/1');
  });

  it('refuses a file that is too large before uploading anything', async () => {
    const { relay } = await setup();
    pick(file('video.png', 'image/png', 4096));
    expect((await screen.findByRole('alert', { name: '' })).textContent).toMatch(/“video\.png” is too large: files up to 2\u00a0KB can be sent/);
    expect(relay.transport.uploadFile).not.toHaveBeenCalled();
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
  });

  it('refuses a file of a type the relay does not accept before uploading anything', async () => {
    const { relay } = await setup();
    pick(file('setup.exe', 'application/x-msdownload'));
    expect(await screen.findByText(/“setup\.exe” cannot be sent/)).toBeTruthy();
    expect(relay.transport.uploadFile).not.toHaveBeenCalled();
  });

  it('shows upload progress and sends the message with the file once uploaded', async () => {
    const { relay } = await setup();
    pick(file('report.pdf', 'application/pdf', 1000));
    const bar = await screen.findByRole('progressbar', { name: 'Uploading report.pdf' });
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    relay.uploads[0]!.options.onProgress!(400, 1000);
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('40'));
    relay.uploads[0]!.finish();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(relay.sent).toEqual([{ id: expect.any(String), attachments: [{ fileId: 'f1' }], page: { url: location.href, title: document.title } }]));
    const link = await within(screen.getByRole('log')).findByRole('link', { name: /report\.pdf/ });
    expect(link.getAttribute('href')).toBe('https://relay.test/files/f1/report.pdf');
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
  });

  it('cancels an upload in progress', async () => {
    const { relay } = await setup();
    pick(file('big.pdf', 'application/pdf'));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel uploading big.pdf' }));
    expect(relay.uploads[0]!.aborted).toBe(true);
    await waitFor(() => expect(screen.queryByText('big.pdf')).toBeNull());
  });

  it('shows a refusal from the server with a retry that uploads again', async () => {
    const { relay } = await setup();
    pick(file('scan.pdf', 'application/pdf'));
    await waitFor(() => expect(relay.uploads).toHaveLength(1));
    relay.uploads[0]!.fail(new TransportError('REJECTED', 415, 'UNSUPPORTED_TYPE'));
    expect(await screen.findByText('This type of file is not accepted')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(relay.uploads).toHaveLength(2));
    relay.uploads[1]!.finish();
    await waitFor(() => expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('resends a message whose upload finished but whose send failed, with the same id and file', async () => {
    const { relay } = await setup();
    pick(file('a.png', 'image/png'));
    await waitFor(() => expect(relay.uploads).toHaveLength(1));
    relay.uploads[0]!.finish();
    expectWidgetError('SERVER'); // the failed send is reported as an error event
    relay.failSends(new TransportError('SERVER', 503));
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'see this' } });
    await waitFor(() => expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.keyDown(box, { key: 'Enter' });
    const retry = await screen.findByRole('button', { name: 'Retry' });
    relay.failSends(null);
    fireEvent.click(retry);
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    const calls = relay.transport.sendMessage.mock.calls.map((c) => c[1]);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[1]).toMatchObject({ text: 'see this', attachments: [{ fileId: 'f1' }] });
    expect(relay.transport.uploadFile).toHaveBeenCalledOnce();
  });

  it('shows the visitor\'s sent image inline from the relay, not from the local preview', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:https://site.test/2');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { relay } = await setup();
    pick(file('receipt.png', 'image/png'));
    await waitFor(() => expect(relay.uploads).toHaveLength(1));
    relay.uploads[0]!.finish();
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await waitFor(() => expect(send.disabled).toBe(false));
    fireEvent.click(send);
    const img = await within(screen.getByRole('log')).findByRole('img', { name: 'receipt.png' });
    expect(img.getAttribute('src')).toBe('https://relay.test/files/f1/receipt.png');
    expect(revoke).toHaveBeenCalledWith('blob:https://site.test/2');
    expect(await screen.findByText('Sent')).toBeTruthy();
  });

  it('attaches an image pasted into the message box', async () => {
    const { relay } = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.paste(box, { clipboardData: { files: [file('screenshot.png', 'image/png')] } });
    await waitFor(() => expect(relay.uploads.map((u) => u.file.name)).toEqual(['screenshot.png']));
    expect(await screen.findByText('screenshot.png')).toBeTruthy();
  });

  it('takes files dropped on the panel and shows a drop zone while dragging', async () => {
    const { relay } = await setup();
    const dialog = screen.getByRole('dialog');
    const dataTransfer = { types: ['Files'], files: [file('drop.pdf', 'application/pdf')] };
    fireEvent.dragEnter(dialog, { dataTransfer });
    expect(dialog.querySelector('.kc-dropzone')?.textContent).toBe('Drop files here to attach them');
    fireEvent.drop(dialog, { dataTransfer });
    expect(dialog.querySelector('.kc-dropzone')).toBeNull();
    await waitFor(() => expect(relay.uploads.map((u) => u.file.name)).toEqual(['drop.pdf']));
  });
});

describe('attachments in messages', () => {
  it('shows an image from the operator as a bounded preview that opens the file', async () => {
    const { relay } = await setup();
    agentSends(relay, [{ kind: 'image', url: 'https://cdn.test/photo.jpg', name: 'photo.jpg' }]);
    const img = (await screen.findByRole('img', { name: 'photo.jpg' })) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('https://cdn.test/photo.jpg');
    expect(img.getAttribute('loading')).toBe('lazy');
    const link = img.closest('a')!;
    expect(link.getAttribute('href')).toBe('https://cdn.test/photo.jpg');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows a file as a link with its name and size', async () => {
    const { relay } = await setup();
    agentSends(relay, [{ kind: 'file', url: 'https://cdn.test/invoice.pdf', name: 'invoice.pdf', size: 245_760, type: 'application/pdf' }]);
    const link = await screen.findByRole('link', { name: /invoice\.pdf/ });
    expect(link.getAttribute('href')).toBe('https://cdn.test/invoice.pdf');
    expect(link.textContent).toContain('240\u00a0KB');
  });

  it('shows a location with a map link and a contact with a phone link', async () => {
    const { relay } = await setup();
    agentSends(relay, [
      { kind: 'location', latitude: 55.75, longitude: 37.62, address: 'Red Square, Moscow' },
      { kind: 'contact', name: 'Ivan', phone: '+7 (900) 123-45-67' },
    ]);
    expect(await screen.findByText(/Red Square, Moscow/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the map' }).getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=55\.75&mlon=37\.62/);
    expect(screen.getByRole('link', { name: '+7 (900) 123-45-67' }).getAttribute('href')).toBe('tel:+79001234567');
  });

  it('never turns a javascript: or data: attachment URL into a src or href', async () => {
    const { relay } = await setup();
    agentSends(relay, [
      { kind: 'image', url: 'javascript:alert(1)', name: 'evil.png' },
      { kind: 'file', url: 'JaVaScRiPt:alert(2)', name: 'evil.pdf' },
      { kind: 'video', url: 'data:text/html,<script>alert(3)</script>', name: 'evil.mp4' },
      { kind: 'file', url: 'https://files.example/label.pdf', name: 'label.pdf' },
    ]);
    expect(await screen.findByText('evil.pdf')).toBeTruthy();
    const log = screen.getByRole('log');
    // The one safe attachment beside them is a link; the three hostile ones are names only.
    const targets = [...log.querySelectorAll('[src], [href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href'));
    expect(targets).toEqual(['https://files.example/label.pdf']);
    expect(within(log).getByRole('link', { name: /label\.pdf/ })).toBeTruthy();
    expect(within(log).queryAllByRole('link', { name: /evil/ })).toEqual([]);
    expect(log.querySelector('img, video')).toBeNull();
    expect(screen.getByText('evil.png')).toBeTruthy();
    expect(screen.getByText('evil.mp4')).toBeTruthy();
  });
});

describe('panel buttons', () => {
  it('names the header button for what it does, as the launcher is while the panel is open', async () => {
    await setup();
    const launcher = screen.getByRole('button', { name: 'Close chat', expanded: true });
    const close = within(screen.getByRole('dialog')).getByRole('button', { name: 'Close chat' });
    expect(close).not.toBe(launcher);
    fireEvent.click(close);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Open chat' })).toBe(launcher));
    expect(screen.getByRole('dialog', { hidden: true }).hidden).toBe(true);
  });
});
