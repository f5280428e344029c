// The one list of notification channels: their names, which reach staff, what address each needs and how
// that address is checked. The outbox's writers, its senders and the API's validation all read it, so a new
// channel is a line here plus its sender (see `channels.ts`, whose `Channels` record then fails to compile
// until it has one).

import { isPhoneNumber } from '@caseflow/domain';

/** What a row of the channel is sent to. */
export type AddressKind = 'staff' | 'email' | 'phone' | 'url';

export interface ChannelSpec {
  /** Staff hear of their work on this channel too (the staff fan-out), when they have its address. */
  readonly staff: boolean;
  readonly address: AddressKind;
  /**
   * The idempotency key's suffix of a staff fan-out row on this channel (`<key>:notify`, `<key>:email`):
   * part of every key already written, so never renamed.
   */
  readonly staffKey?: string;
  /** Writing the row is its delivery (the inbox): the writer records it sent, no delivery workflow runs. */
  readonly deliveredOnWrite?: boolean;
}

export const CHANNEL_REGISTRY = {
  in_app: { staff: true, address: 'staff', staffKey: 'notify', deliveredOnWrite: true },
  sms: { staff: false, address: 'phone' },
  email: { staff: true, address: 'email', staffKey: 'email' },
  webhook: { staff: false, address: 'url' },
} as const satisfies Record<string, ChannelSpec>;

export type ChannelName = keyof typeof CHANNEL_REGISTRY;

export const NOTIFICATION_CHANNELS = Object.keys(CHANNEL_REGISTRY) as readonly ChannelName[];

/** The channels that reach staff, in the order their rows are written (in-app first: the webhook event). */
export const STAFF_CHANNELS = NOTIFICATION_CHANNELS.filter((name) => CHANNEL_REGISTRY[name].staff);

interface AddressRule {
  /** How the address is written down before it is checked and stored. */
  normalise(raw: string): string;
  test(address: string): boolean;
  /** "No usable … (none|invalid)" when a row has none. */
  noun: string;
  /** "to must be …" when an admin types one that is not. */
  expected: string;
}

const ADDRESS_RULES: Partial<Record<AddressKind, AddressRule>> = {
  email: {
    normalise: (raw) => raw,
    test: (address) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address),
    noun: 'e-mail address',
    expected: 'an e-mail address',
  },
  phone: {
    normalise: (raw) => raw.replace(/[\s-]/g, ''),
    test: isPhoneNumber,
    noun: 'phone number',
    expected: 'a phone number (7–20 digits, optional +)',
  },
};

/** The channels an address can be typed for (an admin's test message): those with an address rule. */
export const ADDRESSABLE_CHANNELS = NOTIFICATION_CHANNELS.filter(
  (name) => ADDRESS_RULES[CHANNEL_REGISTRY[name].address] !== undefined,
);

export const deliveredOnWrite = (channel: ChannelName): boolean =>
  (CHANNEL_REGISTRY[channel] as ChannelSpec).deliveredOnWrite === true;

export function isChannel(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CHANNEL_REGISTRY, name);
}

/**
 * The channel's address as it is sent to, or why there is none: `undefined` when the channel takes no typed
 * address (in-app, webhooks).
 */
export function checkAddress(
  channel: ChannelName,
  raw: string | null | undefined,
): { address: string } | { problem: string; expected: string } | undefined {
  const rule = ADDRESS_RULES[CHANNEL_REGISTRY[channel].address];
  if (!rule) return undefined;
  const address = raw ? rule.normalise(raw) : '';
  if (address && rule.test(address)) return { address };
  return {
    problem: `No usable ${rule.noun} (${address ? 'invalid' : 'none'})`,
    expected: rule.expected,
  };
}
