/**
 * The annotation's settings (schema/annotation.json), read defensively: a bad value falls back
 * to its default, a failed load leaves the defaults.
 */
export interface IAnnotationSettings {
  autoAnnotate: boolean;
  probeTimeoutMs: number;
}

export const DEFAULT_ANNOTATION_SETTINGS: Readonly<IAnnotationSettings> =
  Object.freeze({ autoAnnotate: true, probeTimeoutMs: 5000 });

export function readAnnotationSettings(
  composite: unknown
): IAnnotationSettings {
  const raw =
    composite && typeof composite === 'object'
      ? (composite as { [key: string]: unknown })
      : {};
  const timeout = raw.probeTimeoutMs;
  return {
    autoAnnotate:
      typeof raw.autoAnnotate === 'boolean'
        ? raw.autoAnnotate
        : DEFAULT_ANNOTATION_SETTINGS.autoAnnotate,
    probeTimeoutMs:
      typeof timeout === 'number' && Number.isFinite(timeout)
        ? Math.min(Math.max(Math.round(timeout), 500), 120000)
        : DEFAULT_ANNOTATION_SETTINGS.probeTimeoutMs
  };
}
