// A rough device type from the User-Agent, for Kit's `client_data.device` (docs/kit-api.md §3.2).
// Good enough for an operator's side panel; not used for any decision.

export type DeviceType = 'mobile' | 'tablet' | 'desktop';

export function guessDevice(userAgent: string | undefined): { type: DeviceType; user_agent?: string } {
  const ua = (userAgent ?? '').slice(0, 512);
  const device: { type: DeviceType; user_agent?: string } = { type: deviceType(ua) };
  if (ua) device.user_agent = ua;
  return device;
}

function deviceType(ua: string): DeviceType {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Nexus (7|9|10)\b/i.test(ua)) return 'tablet';
  // Android tablets omit "Mobile"; Android phones include it.
  if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? 'mobile' : 'tablet';
  if (/Mobi|iPhone|iPod|Windows Phone|BlackBerry|Opera Mini/i.test(ua)) return 'mobile';
  return 'desktop';
}
