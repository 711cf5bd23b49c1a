import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'lib',
      'lib-node',
      'coverage',
      '.venv',
      '.cache',
      'jupyterlab_convert_doctor/labextension',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      '**/*.d.ts',
      'tests/',
      'ui-tests/',
      'bench/',
      'scripts/',
      'lab/',
      '*.config.js',
      'babel.config.js'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // The core runs alike in the browser, in the Node CLI and in jest: no JupyterLab, no
    // Lumino, no DOM (src/core/__tests__/frameworkFree.spec.ts shows the rules fire).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jupyterlab/*', '@lumino/*'],
              message:
                'src/core is framework-free: JupyterLab and Lumino code belongs in the plugins.'
            }
          ]
        }
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'HTMLElement'
        ].map(name => ({
          name,
          message: 'src/core is framework-free: the DOM belongs in the plugins.'
        }))
      ]
    }
  },
  {
    // The labextension fetches the knowledge data (src/knowledge/); bundling it would triple
    // the JavaScript every JupyterLab page loads.
    files: ['src/**/*.ts'],
    ignores: ['src/core/**', 'src/cli/**', 'src/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shippedKnowledge', '**/knowledge/*.json'],
              message:
                'Browser code gets the knowledge base from the IKnowledgeBase token.'
            }
          ]
        }
      ]
    }
  }
);
