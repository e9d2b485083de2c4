// Business hours end to end: a relay whose team is away now (RELAY_HOURS on a day three days
// ahead), a German visitor in Berlin. The header says when the team is back in German and in
// Berlin time; a lost connection is its own banner; messages still reach Kit; the email the
// widget asks for reaches Kit's client data.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, log, panel, sendMessage, visit } from '../helpers/e2e-widget';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** The team works one hour, three days from now on the visitor's (Berlin) calendar, which is a
 *  day ahead of UTC's late in the UTC evening: away all of today, and still a weekday rather
 *  than "tomorrow" if Berlin's midnight passes during the test. */
const opening = (() => {
  const now = new Date();
  const part = (type: string) => Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', [type]: 'numeric' }).format(now));
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day') + 3, 9));
})();
const HOURS = `${DAYS[opening.getUTCDay()]} 09:00-10:00`;

describe.skipIf(!browserAvailable())('business hours', () => {
  const e2e = useE2e({ env: { RELAY_HOURS: HOURS, RELAY_TIMEZONE: 'UTC' } });

  it('says in the visitor\'s language and time zone when the team is back, keeps the connection apart, and still delivers', async () => {
    const { page, context } = await e2e.newPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const availability = await (await fetch(`${e2e.stack.relay.url}/v1/availability`)).json();
    expect(availability).toEqual({ online: false, opensAt: opening.toISOString() });

    await visit(page, `${e2e.stack.site.url}/`);
    // The loader names its launcher in English or Russian only; the panel speaks German.
    await page.getByRole('button', { name: 'Open chat' }).click();
    const header = panel(page).getByRole('banner');
    const status = header.getByText(/^Abwesend · zurück /);
    await status.waitFor();
    // 09:00 UTC is 10:00 or 11:00 in Berlin, on that day's German name.
    const weekday = opening.toLocaleDateString('de-DE', { weekday: 'long', timeZone: 'Europe/Berlin' });
    const berlinTime = opening.toLocaleTimeString('de-DE', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Berlin' });
    expect(await status.textContent()).toBe(`Abwesend · zurück ${weekday}, ${berlinTime}`);
    expect(berlinTime).toMatch(/^1[01]:00$/);
    await log(page).getByText(/Wir sind gerade nicht da und zurück/).waitFor();

    const composerBox = panel(page).getByRole('textbox', { name: 'Nachricht' });
    await composerBox.fill('Ist der Laden am Sonntag offen?');
    await composerBox.press('Enter');
    const visitorId = await kitReceived(e2e.stack.sim, 'Ist der Laden am Sonntag offen?');
    await log(page).getByText('Zugestellt').waitFor();

    const email = panel(page).getByRole('textbox', { name: 'E-Mail' });
    await email.fill('kein-at-zeichen');
    await panel(page).getByRole('button', { name: 'Speichern' }).click();
    await panel(page).getByText('Geben Sie eine E-Mail-Adresse wie name@example.com ein.').waitFor();
    await shoot(page, 'away-state');
    await email.fill('jana@example.de');
    await panel(page).getByRole('button', { name: 'Speichern' }).click();
    await panel(page).getByText('Danke! Wir antworten auch an jana@example.de.').waitFor();

    await composerBox.fill('Danke!');
    await composerBox.press('Enter');
    await kitReceived(e2e.stack.sim, 'Danke!');
    expect(e2e.stack.sim.conversation(visitorId)!.client).toMatchObject({ client_id: visitorId, client_email: 'jana@example.de', client_language: 'de' });

    // Offline: a banner of its own; the header still speaks of the team.
    await context.setOffline(true);
    await panel(page).getByRole('status').filter({ hasText: 'Sie sind offline' }).waitFor();
    expect(await status.textContent()).toMatch(/^Abwesend · zurück /);
    await context.setOffline(false);
  });

  it('says "Online" in the header while the team answers, whatever the connection', async () => {
    // The same relay's answer, as a site without hours would give it: no hours, always online.
    const { page } = await e2e.newPage();
    await page.route(`${e2e.stack.relay.url}/v1/sessions`, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, availability: { online: true } } });
    });
    await page.route(`${e2e.stack.relay.url}/v1/availability`, (route) => route.fulfill({ json: { online: true } }));
    await visit(page, `${e2e.stack.site.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await composer(page).waitFor();
    await panel(page).getByRole('banner').getByText('Online').waitFor();
    await sendMessage(page, 'Hello?');
  });
});
