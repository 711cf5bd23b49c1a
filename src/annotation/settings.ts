/**
 * The annotation's settings (schema/annotation.json), read defensively: a bad value falls back
 * to its default, a failed load leaves the defaults.
 */
export interface IAnnotationSettings {
  autoAnnotate: boolean;
}

export const DEFAULT_ANNOTATION_SETTINGS: Readonly<IAnnotationSettings> =
  Object.freeze({ autoAnnotate: true });

export function readAnnotationSettings(
  composite: unknown
): IAnnotationSettings {
  const raw =
    composite && typeof composite === 'object'
      ? (composite as { [key: string]: unknown })
      : {};
  return {
    autoAnnotate:
      typeof raw.autoAnnotate === 'boolean'
        ? raw.autoAnnotate
        : DEFAULT_ANNOTATION_SETTINGS.autoAnnotate
  };
}
