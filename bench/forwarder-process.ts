// The bare Node forwarder of `npm run bench`, alone in its own process, in front of the Kit
// stand-in at FORWARD_TO.
import { startBareForwarder } from './bare-forwarder';
import { onParent } from './children';

const target = process.env.FORWARD_TO;
if (!target) throw new Error('FORWARD_TO must name the Kit stand-in URL');
const forwarder = await startBareForwarder(target);
onParent({}, () => forwarder.close());
process.send?.({ type: 'ready', url: forwarder.url });
