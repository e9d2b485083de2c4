// The Kit stand-in of `npm run bench`, alone in its own process. Announces its URL and
// credentials; {type:'arrivals', prefix, count} answers once that many messages arrived.
import { startBareKit } from './bare-kit';
import { onParent } from './children';

const kit = await startBareKit();
onParent({
  arrivals: (msg) => {
    const prefix = String(msg.prefix);
    void kit.arrivals(prefix, Number(msg.count)).then((times) => {
      process.send?.({ type: 'arrivals', prefix, times: [...times], repeats: kit.repeats });
    });
  },
}, () => kit.close());
const { url, account, apiToken, channelUuid, jwt } = kit;
process.send?.({ type: 'ready', url, account, apiToken, channelUuid, jwt });
