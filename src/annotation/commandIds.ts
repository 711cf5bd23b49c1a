/** Command ids of the failing-cell diagnosis (palette, cell context menu). */
export namespace AnnotationCommandIDs {
  export const diagnoseCell = 'convert-doctor:diagnose-cell';
  export const diagnoseAll = 'convert-doctor:diagnose-all';
  export const insertFix = 'convert-doctor:insert-fix';
}
