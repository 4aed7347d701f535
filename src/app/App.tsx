import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { startEngine } from '../engine/actions';
import { Inspector } from '../inspector/Inspector';
import { StatusBar } from './StatusBar';
import { StorageBanner } from './StorageBanner';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';

export function App() {
  useEffect(() => {
    void startEngine();
  }, []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <main className="workspace">
          <Palette />
          <Canvas />
          <Inspector />
        </main>
        <StatusBar />
        <StorageBanner />
        <Toasts />
      </div>
    </ReactFlowProvider>
  );
}
