/** Command ids of the inspector (palette category "Convert Doctor"). */
export namespace CommandIDs {
  export const open = 'convert-doctor:open-inspector';
  export const refresh = 'convert-doctor:refresh-inspector';
  export const copyMarkdown = 'convert-doctor:copy-report-markdown';
  export const copyJson = 'convert-doctor:copy-report-json';
}

/** The side panel's id (a stable hook for tests and layout restoration). */
export const INSPECTOR_PANEL_ID = 'jp-convert-doctor-inspector';
