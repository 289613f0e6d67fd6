/**
 * The refresh schedule: one browser.alarms alarm. It is created only when missing or when its
 * period changed — re-creating it on every service-worker start would restart the countdown each
 * time, and a worker woken more often than daily would then never refresh.
 */
export const REFRESH_ALARM = 'marquee-refresh-sources';

export interface AlarmsLike {
  get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined>;
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }): void | Promise<void>;
}

export async function ensureRefreshAlarm(alarms: AlarmsLike, hours: number): Promise<boolean> {
  const periodInMinutes = Math.max(1, Math.round(hours * 60));
  const existing = await alarms.get(REFRESH_ALARM);
  if (existing?.periodInMinutes === periodInMinutes) return false;
  await alarms.create(REFRESH_ALARM, { delayInMinutes: periodInMinutes, periodInMinutes });
  return true;
}
