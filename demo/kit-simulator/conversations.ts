// In-memory conversations keyed by client_id, the only conversation key in the protocol
// (docs/kit-api.md §3.2). After a close, the client's next message opens a new conversation.
import type { KitClientData } from '../../protocol/kit-api';
import type { CloseReason, Conversation, ConversationMessage, Delivery } from './types';

// Bounds that keep a long-running demo's memory flat.
export const MAX_MESSAGES_PER_CONVERSATION = 500;
export const MAX_CONVERSATIONS_PER_CLIENT = 20;
export const MAX_CLIENTS = 1_000;

export interface ClientSummary {
  clientId: string;
  displayName?: string;
  status: 'open' | 'closed';
  closeReason?: CloseReason;
  lastMessage?: { from: ConversationMessage['from']; text?: string; attachments: number; at: string };
  unread: number;
  updatedAt: string;
}

export class ConversationStore {
  private readonly byClient = new Map<string, Conversation[]>();
  private sequence = 0;

  constructor(private readonly onChange: (clientId: string) => void) {}

  /** Records a visitor message, opening a conversation when none is open. */
  addVisitorMessage(client: KitClientData, message: ConversationMessage): Conversation {
    let conversation = this.current(client.client_id);
    if (!conversation || conversation.status === 'closed') {
      conversation = {
        id: `conv-${++this.sequence}`,
        clientId: client.client_id,
        status: 'open',
        openedAt: message.at,
        client,
        messages: [],
        unread: 0,
      };
      this.push(conversation);
    }
    // Later client_data refreshes what we show (whether Kit overwrites is unknown, §Open questions 16).
    conversation.client = { ...conversation.client, ...client };
    this.append(conversation, message);
    conversation.unread += 1;
    this.onChange(client.client_id);
    return conversation;
  }

  /** Records an operator or bot message in the open conversation; null when there is none. */
  addReply(clientId: string, message: ConversationMessage): Conversation | null {
    const conversation = this.current(clientId);
    if (!conversation || conversation.status !== 'open') return null;
    this.append(conversation, message);
    this.onChange(clientId);
    return conversation;
  }

  close(clientId: string, reason: CloseReason, at: string): Conversation | null {
    const conversation = this.current(clientId);
    if (!conversation || conversation.status !== 'open') return null;
    conversation.status = 'closed';
    conversation.closeReason = reason;
    conversation.closedAt = at;
    this.onChange(clientId);
    return conversation;
  }

  setDelivery(clientId: string, messageId: string, delivery: Delivery): void {
    for (const conversation of this.byClient.get(clientId) ?? []) {
      const message = conversation.messages.find((m) => m.id === messageId && m.from !== 'visitor');
      if (message) {
        message.delivery = delivery;
        this.onChange(clientId);
        return;
      }
    }
  }

  markRead(clientId: string): boolean {
    const list = this.byClient.get(clientId);
    if (!list) return false;
    for (const conversation of list) conversation.unread = 0;
    this.onChange(clientId);
    return true;
  }

  current(clientId: string): Conversation | undefined {
    return this.byClient.get(clientId)?.at(-1);
  }

  /** Every conversation of one client, oldest first (deep copies). */
  history(clientId: string): Conversation[] | undefined {
    const list = this.byClient.get(clientId);
    return list ? structuredClone(list) : undefined;
  }

  /** Every conversation, oldest first (deep copies). */
  all(): Conversation[] {
    return structuredClone([...this.byClient.values()].flat());
  }

  summaries(): ClientSummary[] {
    const rows: ClientSummary[] = [];
    for (const [clientId, list] of this.byClient) {
      const latest = list.at(-1);
      if (!latest) continue;
      const last = latest.messages.at(-1);
      rows.push({
        clientId,
        ...(latest.client.client_display_name ? { displayName: latest.client.client_display_name } : {}),
        status: latest.status,
        ...(latest.closeReason ? { closeReason: latest.closeReason } : {}),
        ...(last
          ? { lastMessage: { from: last.from, ...(last.text ? { text: last.text.slice(0, 200) } : {}), attachments: last.payload.length, at: last.at } }
          : {}),
        unread: list.reduce((sum, c) => sum + c.unread, 0),
        updatedAt: latest.closedAt && (!last || latest.closedAt > last.at) ? latest.closedAt : (last?.at ?? latest.openedAt),
      });
    }
    return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  private push(conversation: Conversation): void {
    const list = this.byClient.get(conversation.clientId) ?? [];
    if (list.length === 0 && this.byClient.size >= MAX_CLIENTS) {
      const oldest = this.byClient.keys().next().value;
      if (oldest !== undefined) this.byClient.delete(oldest);
    }
    list.push(conversation);
    if (list.length > MAX_CONVERSATIONS_PER_CLIENT) list.shift();
    this.byClient.set(conversation.clientId, list);
  }

  private append(conversation: Conversation, message: ConversationMessage): void {
    conversation.messages.push(message);
    if (conversation.messages.length > MAX_MESSAGES_PER_CONVERSATION) conversation.messages.shift();
  }
}
