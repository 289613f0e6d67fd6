import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'bench/*.tmp.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // noUncheckedIndexedAccess makes every regex group and array read optional; `!` after a
      // guaranteed match is the honest way to say so.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Index data is untrusted: these sinks must never see it (see README, Security).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render through Preact; index text is untrusted.' },
        { property: 'outerHTML', message: 'Render through Preact; index text is untrusted.' },
        { property: 'insertAdjacentHTML', message: 'Render through Preact; index text is untrusted.' },
        { object: 'document', property: 'write', message: 'Render through Preact; index text is untrusted.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render through Preact; index text is untrusted.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', 'scripts/**', 'tests/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
