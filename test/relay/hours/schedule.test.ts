// Business hours: RELAY_HOURS / RELAY_TIMEZONE / RELAY_HOLIDAYS as the relay reads them at
// start, and the availability they give at any instant, across midnight, holidays and the
// daylight-saving changes of the relay's time zone.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../relay/config';
import { ConfigError } from '../../../relay/errors';
import { createAvailability, parseHolidays, parseHours, type Schedule } from '../../../relay/hours/schedule';
import { testEnv } from '../../helpers/test-config';

const schedule = (hours: string, timeZone = 'UTC', holidays: string[] = []): Schedule => ({ timeZone, ranges: parseHours(hours), holidays });
const at = (iso: string) => Date.parse(iso);

describe('RELAY_HOURS', () => {
  it('reads days, day ranges (also across the week end) and one or more ranges per rule', () => {
    expect(parseHours('Mon-Fri 09:00-18:00, Sat 10:00-14:00')).toEqual([
      ...[0, 1, 2, 3, 4].map((day) => ({ day, start: 540, end: 1080 })),
      { day: 5, start: 600, end: 840 },
    ]);
    const sorted = parseHours('fri-mon 9:30-12:00 13:00-24:00').map((r) => [r.day, r.start, r.end]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(sorted).toEqual([
      [0, 570, 720], [0, 780, 1440],
      [4, 570, 720], [4, 780, 1440], [5, 570, 720], [5, 780, 1440], [6, 570, 720], [6, 780, 1440],
    ]);
    expect(parseHours('Sunday 00:00-24:00')).toEqual([{ day: 6, start: 0, end: 1440 }]);
  });

  it('reads a range that ends before it starts as running past midnight', () => {
    expect(parseHours('Fri 22:00-02:00')).toEqual([{ day: 4, start: 1320, end: 1440 + 120 }]);
  });

  it.each([
    ['Mon-Fri', /rule 1 has no HH:MM-HH:MM range/],
    ['Mon-Fri 9-18', /rule 1 has a range that is not HH:MM-HH:MM/],
    ['Mon-Fri 09:00-18:00, Funday 10:00-12:00', /rule 2 does not start with a day/],
    ['Mon-Fri 09:00-25:00', /rule 1 has a range/],
    ['Mon 24:00-02:00', /rule 1 has a range/],
    ['Mon 09:60-10:00', /rule 1 has a range/],
    ['Mon 09:00-09:00', /starts and ends at the same time/],
    ['Mon-Tue-Wed 09:00-10:00', /rule 1 does not start with a day/],
    ['Mo 09:00-10:00', /rule 1 does not start with a day/],
  ])('refuses %j, saying which rule', (raw, message) => {
    expect(() => parseHours(raw)).toThrow(message);
  });
});

describe('RELAY_HOLIDAYS', () => {
  it('reads real dates and refuses anything else', () => {
    expect(parseHolidays('2026-12-31, 2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(() => parseHolidays('2026-12-31,2027-02-30')).toThrow(/date 2 is not a real date/);
    expect(() => parseHolidays('31.12.2026')).toThrow(/date 1/);
  });
});

describe('the relay refuses to start on bad business hours, naming the variable and never its value', () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(testEnv(env));
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('the configuration was accepted');
  };

  it.each([
    [{ RELAY_HOURS: 'Weekdays 9-5' }, 'RELAY_HOURS'],
    [{ RELAY_HOURS: 'Mon-Fri 09:00-18:00', RELAY_TIMEZONE: 'Mars/Olympus_Mons' }, 'RELAY_TIMEZONE'],
    [{ RELAY_HOURS: 'Mon-Fri 09:00-18:00', RELAY_HOLIDAYS: '2026-13-01' }, 'RELAY_HOLIDAYS'],
    [{ RELAY_HOLIDAYS: '2026-12-31' }, 'RELAY_HOLIDAYS'],
  ])('%j → %s', (env, variable) => {
    const error = refusal(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variables).toEqual([variable]);
    for (const value of Object.values(env)) expect(error.message).not.toContain(value);
  });

  it('keeps the parsed schedule, and no schedule without RELAY_HOURS', () => {
    const config = loadConfig(testEnv({ RELAY_HOURS: 'Mon-Fri 09:00-18:00', RELAY_TIMEZONE: 'Europe/Berlin', RELAY_HOLIDAYS: '2026-12-24' }));
    expect(config.hours).toEqual({ timeZone: 'Europe/Berlin', ranges: expect.arrayContaining([{ day: 0, start: 540, end: 1080 }]), holidays: ['2026-12-24'] });
    expect(loadConfig(testEnv()).hours).toBeUndefined();
  });
});

describe('availability', () => {
  it('is always online without hours', () => {
    expect(createAvailability(undefined)(at('2026-01-04T03:00:00Z'))).toEqual({ online: true });
  });

  it('is online inside the hours and says when the team is back outside them', () => {
    const availability = createAvailability(schedule('Mon-Fri 09:00-18:00, Sat 10:00-14:00'));
    // 2026-01-05 is a Monday.
    expect(availability(at('2026-01-05T09:00:00Z'))).toEqual({ online: true });
    expect(availability(at('2026-01-05T17:59:59Z'))).toEqual({ online: true });
    expect(availability(at('2026-01-05T18:00:00Z'))).toEqual({ online: false, opensAt: '2026-01-06T09:00:00.000Z' });
    expect(availability(at('2026-01-05T08:59:00Z'))).toEqual({ online: false, opensAt: '2026-01-05T09:00:00.000Z' });
    // Saturday evening: back on Monday morning.
    expect(availability(at('2026-01-10T15:00:00Z'))).toEqual({ online: false, opensAt: '2026-01-12T09:00:00.000Z' });
  });

  it('keeps a range over midnight open into the next day, also across the week end', () => {
    const availability = createAvailability(schedule('Sun 22:00-02:00, Wed 20:00-01:30'));
    expect(availability(at('2026-01-04T23:30:00Z'))).toEqual({ online: true }); // Sunday night
    expect(availability(at('2026-01-05T01:59:00Z'))).toEqual({ online: true }); // Monday, small hours
    expect(availability(at('2026-01-05T02:00:00Z'))).toEqual({ online: false, opensAt: '2026-01-07T20:00:00.000Z' });
    expect(availability(at('2026-01-08T01:00:00Z'))).toEqual({ online: true }); // Thursday 01:00
    expect(availability(at('2026-01-08T01:30:00Z'))).toEqual({ online: false, opensAt: '2026-01-11T22:00:00.000Z' });
  });

  it('is closed all day on a holiday: no hours start then, and hours from the evening before end at midnight', () => {
    const availability = createAvailability(schedule('Mon-Sun 09:00-18:00, Wed 22:00-02:00', 'UTC', ['2026-01-08', '2026-01-09']));
    // Wednesday 7th 23:00 is open; the holiday on Thursday 8th cuts it at midnight.
    expect(availability(at('2026-01-07T23:00:00Z'))).toEqual({ online: true });
    expect(availability(at('2026-01-08T00:30:00Z'))).toEqual({ online: false, opensAt: '2026-01-10T09:00:00.000Z' });
    expect(availability(at('2026-01-08T12:00:00Z'))).toEqual({ online: false, opensAt: '2026-01-10T09:00:00.000Z' });
    expect(availability(at('2026-01-10T09:00:00Z'))).toEqual({ online: true });
  });

  it('opens at the same wall-clock time across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 at 02:00 on Sunday 2026-03-29, and back on 2026-10-25.
    const availability = createAvailability(schedule('Mon-Fri 09:00-18:00', 'Europe/Berlin'));
    expect(availability(at('2026-03-27T16:59:00Z'))).toEqual({ online: true }); // Fri 17:59 CET
    expect(availability(at('2026-03-27T17:00:00Z'))).toEqual({ online: false, opensAt: '2026-03-30T07:00:00.000Z' }); // Mon 09:00 CEST
    expect(availability(at('2026-03-30T06:59:00Z'))).toMatchObject({ online: false });
    expect(availability(at('2026-03-30T07:00:00Z'))).toEqual({ online: true });
    expect(availability(at('2026-10-23T16:00:00Z'))).toEqual({ online: false, opensAt: '2026-10-26T08:00:00.000Z' }); // Mon 09:00 CET
    expect(availability(at('2026-10-26T07:30:00Z'))).toMatchObject({ online: false });
  });

  it('opens when the clocks jump past an opening time that the change skips, and at the first of a time that comes twice', () => {
    const skipped = createAvailability(schedule('Sun 02:30-05:00', 'Europe/Berlin'));
    // 02:30 does not exist on 2026-03-29: the team is there when the clocks jump to 03:00 CEST (01:00Z).
    expect(skipped(at('2026-03-29T00:30:00Z'))).toEqual({ online: false, opensAt: '2026-03-29T01:00:00.000Z' });
    expect(skipped(at('2026-03-29T01:10:00Z'))).toEqual({ online: true });
    const twice = createAvailability(schedule('Sun 02:30-05:00', 'Europe/Berlin'));
    // 02:30 happens twice on 2026-10-25 (00:30Z in CEST, then 01:30Z in CET): the first counts.
    expect(twice(at('2026-10-25T00:00:00Z'))).toEqual({ online: false, opensAt: '2026-10-25T00:30:00.000Z' });
  });

  it('says nothing about opening when no hours lie ahead, and reads another zone\'s days', () => {
    const tokyo = createAvailability(schedule('Mon 09:00-10:00', 'Asia/Tokyo'));
    // Sunday 2026-01-04 at 23:30 UTC is Monday 08:30 in Tokyo.
    expect(tokyo(at('2026-01-04T23:30:00Z'))).toEqual({ online: false, opensAt: '2026-01-05T00:00:00.000Z' });
    expect(tokyo(at('2026-01-05T00:30:00Z'))).toEqual({ online: true });
  });
});
