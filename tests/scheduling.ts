import type { ManualLifecycle } from '@/lib/content/lifecycle';

/**
 * What `lifecycle` is asked to schedule from now on, in order ('idle', 'later <ms>'); the
 * callbacks still run when the test drains it.
 */
export function recordScheduling(lifecycle: ManualLifecycle): string[] {
  const asked: string[] = [];
  const idle = lifecycle.idle.bind(lifecycle);
  const later = lifecycle.later.bind(lifecycle);
  lifecycle.idle = (fn, timeout) => {
    asked.push('idle');
    idle(fn, timeout);
  };
  lifecycle.later = (fn, ms) => {
    asked.push(`later ${ms}`);
    later(fn, ms);
  };
  return asked;
}
