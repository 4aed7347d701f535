import '@xyflow/react/dist/style.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppErrorBoundary } from './app/ErrorBoundary';
import { pipelineIdFromHash } from './storage/workspace';
import { startWorkspace, switchPipeline } from './store/persistence';
import { DEFAULT_TEMPLATE } from './templates/templates';

// The saved pipeline the address names (`#/p/<id>`; the first one when none), checked as an
// imported file would be; the sample on a first visit or when the save cannot be read (it is
// set aside for download, never overwritten unseen).
const sample = DEFAULT_TEMPLATE.graph;
startWorkspace(sample, pipelineIdFromHash(window.location.hash));
window.addEventListener('hashchange', () => switchPipeline(pipelineIdFromHash(window.location.hash), sample));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppErrorBoundary>
      <App />
    </AppErrorBoundary>
  </StrictMode>,
);
