// The operator's side of the simulated channel: replies, closes and the echo bot. Each action
// is recorded in the conversation first, then delivered to the integrator as a signed callback.
import { randomUUID } from 'node:crypto';
import type { KitCallbackEvent, KitIncomingEvent, KitPayloadItem, KitSenderData } from '../../protocol/kit-api';
import type { CallbackSender } from './callbacks';
import type { ConversationStore } from './conversations';
import { agentSender, botSender, closeEvent, echoText, mediaItemFromUrl, messageEvent } from './outbound';
import { MAX_PAYLOAD_ITEMS, MAX_TEXT_LENGTH } from './schema';
import { CLOSE_REASONS, type AgentIdentity, type CallbackOutcome, type CloseReason, type ConversationMessage, type ReplyInput } from './types';

/** The most replies one burst sends. */
export const MAX_BURST = 50;

/** A refused operator action; `status` is what the admin API answers. */
export class SimulatorError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}

export interface OperatorDeps {
  store: ConversationStore;
  callbacks: CallbackSender;
  agent: AgentIdentity;
  botAvatarUrl?: string;
  echoBot: boolean;
  echoDelayMs: number;
  onSettings: () => void;
}

export interface Sent {
  message: ConversationMessage;
  delivery: Promise<CallbackOutcome>;
}

export class Operator {
  private echo: boolean;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: OperatorDeps) {
    this.echo = deps.echoBot;
  }

  get echoBot(): boolean {
    return this.echo;
  }

  setEchoBot(enabled: boolean): void {
    this.echo = enabled;
    this.deps.onSettings();
  }

  /** Records an accepted visitor event and, with the echo bot on, schedules its answer. */
  receive(event: KitIncomingEvent): void {
    const { message } = event.event_data;
    const payload = message.payload ?? [];
    this.deps.store.addVisitorMessage(event.client_data, {
      id: message.message_id,
      from: 'visitor',
      ...(message.text !== undefined ? { text: message.text } : {}),
      payload,
      at: new Date().toISOString(),
      eventId: event.event_id,
      ...(event.client_data.client_display_name ? { senderName: event.client_data.client_display_name } : {}),
    });
    if (!this.echo) return;
    const clientId = event.client_data.client_id;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.deps.store.current(clientId)?.status !== 'open') return;
      void this.reply(clientId, { text: echoText(message.text, payload.length), as: 'bot' }).delivery;
    }, this.deps.echoDelayMs);
    this.timers.add(timer);
  }

  /** Several replies whose callbacks go out at once, in a shuffled order (CallbackSender.sendConcurrently). */
  burst(clientId: string, inputs: ReplyInput[]): Sent[] {
    if (inputs.length === 0 || inputs.length > MAX_BURST) throw new SimulatorError(400, `a burst is 1 to ${MAX_BURST} replies`);
    const prepared = inputs.map((input) => this.prepare(clientId, input));
    const deliveries = this.deps.callbacks.sendConcurrently(prepared.map((p) => p.event));
    return prepared.map(({ message }, i) => ({ message, delivery: this.track(clientId, message.id, deliveries[i]!) }));
  }

  reply(clientId: string, input: ReplyInput): Sent {
    const { message, event } = this.prepare(clientId, input);
    return { message, delivery: this.track(clientId, message.id, this.deps.callbacks.send(event)) };
  }

  /** Checks a reply, records it in the conversation and builds its callback. */
  private prepare(clientId: string, input: ReplyInput): { message: ConversationMessage; event: KitCallbackEvent } {
    const payload = this.payloadOf(input);
    const text = input.text?.trim() ? input.text : undefined;
    if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new SimulatorError(400, 'text is too long');
    if (text === undefined && payload.length === 0) throw new SimulatorError(400, 'a reply needs text or an attachment');
    const current = this.deps.store.current(clientId);
    if (!current) throw new SimulatorError(404, 'no conversation with this client');
    if (current.status !== 'open') throw new SimulatorError(409, 'the conversation is closed');

    const sender = input.as === 'bot' ? botSender(this.deps.botAvatarUrl) : agentSender(this.deps.agent);
    const event = messageEvent(clientId, sender, { message_id: randomUUID(), ...(text !== undefined ? { text } : {}), payload });
    const message: ConversationMessage = {
      id: event.event_data.message?.message_id ?? event.event_id,
      from: input.as === 'bot' ? 'bot' : 'agent',
      ...(text !== undefined ? { text } : {}),
      payload,
      at: new Date().toISOString(),
      eventId: event.event_id,
      ...(sender.sender_display_name ? { senderName: sender.sender_display_name } : {}),
      delivery: 'pending',
    };
    this.deps.store.addReply(clientId, message);
    return { message, event };
  }

  close(clientId: string, reason: CloseReason): Promise<CallbackOutcome> {
    if (!CLOSE_REASONS.includes(reason)) throw new SimulatorError(400, `reason must be one of ${CLOSE_REASONS.join(', ')}`);
    const closed = this.deps.store.close(clientId, reason, new Date().toISOString());
    if (!closed) {
      throw this.deps.store.current(clientId)
        ? new SimulatorError(409, 'the conversation is already closed')
        : new SimulatorError(404, 'no conversation with this client');
    }
    let sender: KitSenderData | undefined;
    if (reason === 'CLOSED_BY_AGENT') sender = agentSender(this.deps.agent);
    if (reason === 'CLOSED_BY_BOT') sender = botSender(this.deps.botAvatarUrl);
    return this.deps.callbacks.send(closeEvent(clientId, reason, sender));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private payloadOf(input: ReplyInput): KitPayloadItem[] {
    const payload = [...(input.payload ?? [])];
    if (input.attachmentUrl) {
      const item = mediaItemFromUrl(input.attachmentUrl);
      if (!item) throw new SimulatorError(400, 'attachmentUrl must be an http(s) URL');
      payload.push(item);
    }
    if (payload.length > MAX_PAYLOAD_ITEMS) throw new SimulatorError(400, 'too many payload items');
    return payload;
  }

  private track(clientId: string, messageId: string, delivery: Promise<CallbackOutcome>): Promise<CallbackOutcome> {
    return delivery.then((outcome) => {
      this.deps.store.setDelivery(clientId, messageId, outcome.delivered ? 'delivered' : 'failed');
      return outcome;
    });
  }
}
