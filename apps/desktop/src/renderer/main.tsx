// First: before any zod schema is created (see the module).
import './platform/zod-without-eval.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { i18n } from './i18n/i18n.js';
// Khmer and Chinese in the app's own fonts: a clinic terminal may have neither installed.
import '@fontsource/noto-sans-khmer/400.css';
import '@fontsource/noto-sans-khmer/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';

document.documentElement.lang = i18n.language;
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
	<StrictMode>
		<App />
	</StrictMode>,
);
