import { LabIcon } from '@jupyterlab/ui-components';

// Inline: the TypeScript output (lib/src/…) sits one level deeper than the sources, so a relative
// import of style/icons/*.svg cannot resolve both from src/ (jest) and from lib/ (bundler).
const doctorSvgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M10 2h4v6h6v4h-6v6h-4v-6H4V8h6z" fill-opacity="0.35"/>
    <path d="M4 14h2v3a3 3 0 0 0 6 0v-1h2v1a5 5 0 0 1-4 4.9V22h6a2 2 0 0 0 2-2v-2.2a3 3 0 1 1 2 0V20a4 4 0 0 1-4 4H8v-2.1A5 5 0 0 1 4 17z"/>
  </g>
</svg>`;

/** The inspector's tab and settings icon. */
export const doctorIcon = new LabIcon({
  name: 'jupyterlab-convert-doctor:inspector',
  svgstr: doctorSvgstr
});
