// Misuse the package's types must refuse: each line below is a type error, and tsc fails if
// any of them is not (so the declarations cannot have decayed to `any`).
import { createRelay, loadConfig } from 'kit-chat/relay';
import { createKitSimulator } from 'kit-chat/simulator';
import { loadKitChat } from 'kit-chat/widget';

// @ts-expect-error the config comes from loadConfig, not a string
createRelay('https://shop.example');
// @ts-expect-error loadConfig takes an environment object
loadConfig(8787);
// @ts-expect-error the relay's URL is required
void loadKitChat({ title: 'Help' });
// @ts-expect-error there is no "launch" command
void loadKitChat({ relay: 'https://chat.example' }).then((api) => api('launch'));
// @ts-expect-error the simulator needs the channel's credentials
void createKitSimulator({ port: 0 });
