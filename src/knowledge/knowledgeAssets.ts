/**
 * Fetches the knowledge files from the labextension's own static folder. Webpack emits each
 * file referenced by `new URL(..., import.meta.url)` as a hashed asset (not JavaScript) and
 * resolves the URL against the extension's public path, so the data stays out of the bundle
 * and is read from the user's Jupyter server only. The paths hold for src/ and for the
 * compiled lib/src/ alike (tsc copies the JSON to lib/jupyterlab_convert_doctor/knowledge/).
 */
import type { IKnowledgeData } from '../core/knowledge';

const KNOWLEDGE_URLS: { [name in keyof IKnowledgeData]: URL } = {
  packages: new URL(
    '../../jupyterlab_convert_doctor/knowledge/packages.json',
    import.meta.url
  ),
  recipes: new URL(
    '../../jupyterlab_convert_doctor/knowledge/recipes.json',
    import.meta.url
  ),
  rules: new URL(
    '../../jupyterlab_convert_doctor/knowledge/rules.json',
    import.meta.url
  ),
  signatures: new URL(
    '../../jupyterlab_convert_doctor/knowledge/signatures.json',
    import.meta.url
  )
};

async function fetchJson(name: string, url: URL): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url.href, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`${name}.json: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new Error(`${name}.json: HTTP ${response.status} from ${url.href}`);
  }
  try {
    return await response.json();
  } catch (error) {
    throw new Error(`${name}.json: not JSON (${(error as Error).message})`);
  }
}

/** The four knowledge documents, fetched in parallel. */
export async function fetchKnowledgeData(): Promise<IKnowledgeData> {
  const names = Object.keys(KNOWLEDGE_URLS) as (keyof IKnowledgeData)[];
  const documents = await Promise.all(
    names.map(name => fetchJson(name, KNOWLEDGE_URLS[name]))
  );
  return Object.fromEntries(
    names.map((name, index) => [name, documents[index]])
  ) as unknown as IKnowledgeData;
}
