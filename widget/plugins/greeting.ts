// The greeting bubble as a plug-in (data-greeting-delay): fetched with the app, which the loader
// fetches once the delay is over; draws beside the launcher.
import css from '../ui/greeting.css?inline';
import { GreetingBubble } from '../ui/GreetingBubble';
import { createGreeting, type Greeting } from '../state/greeting';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Greeting> = {
  css,
  setup: ({ win, panel, options }) => createGreeting({ win, panel, delaySeconds: Number(options.data.greetingDelay), remember: options.storage !== 'memory' }),
  slots: { launcher: GreetingBubble },
};

export const greeting: Chunks['greeting'] = { plugin };
