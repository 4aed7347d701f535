import '@xyflow/react/dist/style.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useStore } from './store/store';
import { DEFAULT_TEMPLATE } from './templates/templates';

// First visit (nothing saved yet): open the built-in sample pipeline.
if (!localStorage.getItem('pipewright.graph.v1'))
  useStore.getState().loadGraph(structuredClone(DEFAULT_TEMPLATE.graph));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
