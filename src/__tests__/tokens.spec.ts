/**
 * The package entry exports the services' tokens (another extension imports them from
 * 'jupyterlab-convert-doctor'), and the plugins provide exactly those tokens.
 */
import { Token } from '@lumino/coreutils';

import plugins, * as entry from '../index';

// The asset URLs are `new URL(…, import.meta.url)`, which only the bundler reads; nothing
// here fetches, the module is only loaded.
jest.mock('../knowledge/knowledgeAssets', () => ({
  fetchKnowledgeData: () => Promise.reject(new Error('not in jest'))
}));

const TOKENS = ['IKnowledgeBase', 'IEnvReportStore', 'IDiagnosedCells'];

describe('the package entry', () => {
  it.each(TOKENS)('exports the %s token', name => {
    const token = (entry as unknown as Record<string, unknown>)[name];
    expect(token).toBeInstanceOf(Token);
    expect((token as Token<unknown>).name).toBe(
      `jupyterlab-convert-doctor:${name}`
    );
  });

  it('has a plugin providing each exported token, and no other provided token', () => {
    const provided = plugins
      .map(plugin => plugin.provides)
      .filter((token): token is Token<unknown> => !!token);
    expect(provided.map(token => token.name).sort()).toEqual(
      TOKENS.map(name => `jupyterlab-convert-doctor:${name}`).sort()
    );
    for (const name of TOKENS) {
      expect(provided).toContain(
        (entry as unknown as Record<string, unknown>)[name]
      );
    }
  });
});
