/**
 * The inspector's settings (schema/inspector.json), read defensively: a broken or failed
 * settings load must leave a working panel with the defaults, never a dead plugin.
 */
import { EXTRA_PACKAGE } from '../core/distributionName';

export interface IInspectorSettings {
  /** Upper bound for one probe, ms. */
  probeTimeoutMs: number;
  /** Distributions watched beyond the shipped list: `name` or `name:module[,module…]`. */
  extraPackages: string[];
  /** Re-probe on show and on kernel events; off means explicit refresh only. */
  autoRefresh: boolean;
}

export const DEFAULT_SETTINGS: Readonly<IInspectorSettings> = Object.freeze({
  probeTimeoutMs: 5000,
  extraPackages: [],
  autoRefresh: true
});

const MIN_TIMEOUT_MS = 500;
const MAX_TIMEOUT_MS = 120000;

/**
 * Settings from a composite settings object of unknown shape. Invalid fields fall back to
 * their defaults one by one, so one bad value does not discard the others.
 */
export function readSettings(composite: unknown): IInspectorSettings {
  const raw =
    composite && typeof composite === 'object'
      ? (composite as { [key: string]: unknown })
      : {};
  const timeout = raw.probeTimeoutMs;
  const probeTimeoutMs =
    typeof timeout === 'number' && Number.isFinite(timeout)
      ? Math.min(Math.max(Math.round(timeout), MIN_TIMEOUT_MS), MAX_TIMEOUT_MS)
      : DEFAULT_SETTINGS.probeTimeoutMs;
  const extra = Array.isArray(raw.extraPackages) ? raw.extraPackages : [];
  const extraPackages = Array.from(
    new Set(
      extra
        .filter((name): name is string => typeof name === 'string')
        .map(name => name.trim())
        .filter(name => EXTRA_PACKAGE.test(name))
    )
  );
  const autoRefresh =
    typeof raw.autoRefresh === 'boolean'
      ? raw.autoRefresh
      : DEFAULT_SETTINGS.autoRefresh;
  return { probeTimeoutMs, extraPackages, autoRefresh };
}
