import {
  Background,
  type Connection,
  Controls,
  MiniMap,
  ReactFlow,
  type ReactFlowInstance,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback } from 'react';
import { uploadFiles } from '../engine/actions';
import { getKind } from '../nodes/registry';
import type { PwEdge, PwNode } from '../store/flow-types';
import { useStore } from '../store/store';
import { NodeCard } from './NodeCard';

export const KIND_MIME = 'application/x-pipewright-kind';
const nodeTypes = { pw: NodeCard };

function portType(
  nodeId: string | null,
  port: string | null | undefined,
  side: 'in' | 'out',
): string | undefined {
  const node = useStore.getState().nodes.find((n) => n.id === nodeId);
  const kind = node && getKind(node.data.kind);
  const spec = side === 'in' ? kind?.inputs[port ?? ''] : kind?.outputs[port ?? ''];
  return spec?.type;
}

/** The React Flow canvas: drop kinds and files, connect typed ports, select to inspect. */
export function Canvas() {
  const nodes = useStore((s) => s.nodes);
  const edges = useStore((s) => s.edges);
  const onNodesChange = useStore((s) => s.onNodesChange);
  const onEdgesChange = useStore((s) => s.onEdgesChange);
  const { screenToFlowPosition } = useReactFlow();

  const onConnect = useCallback((c: Connection) => {
    const problem = useStore.getState().connect({
      source: c.source,
      sourcePort: c.sourceHandle ?? 'out',
      target: c.target,
      targetPort: c.targetHandle ?? 'in',
    });
    if (problem) useStore.getState().notify('error', problem);
  }, []);

  // Only equal port types connect; cycles are checked (with a message) on connect.
  const isValidConnection = useCallback((c: Connection | PwEdge) => {
    const out = portType(c.source, c.sourceHandle, 'out');
    const inp = portType(c.target, c.targetHandle, 'in');
    return out !== undefined && out === inp && c.source !== c.target;
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = e.dataTransfer.types.includes(KIND_MIME) ? 'move' : 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      const position = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const kind = e.dataTransfer.getData(KIND_MIME);
      if (kind) {
        useStore.getState().addNode(kind, { x: position.x - 110, y: position.y - 30 });
        return;
      }
      const files = [...e.dataTransfer.files];
      if (files.length) void uploadFiles(files, position);
    },
    [screenToFlowPosition],
  );

  const onInit = useCallback((rf: ReactFlowInstance<PwNode, PwEdge>) => {
    void rf.fitView({ padding: 0.08, maxZoom: 1 });
  }, []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the canvas is a drop target for files and palette items; keyboard users add nodes from the palette
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<PwNode, PwEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onInit={onInit}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        aria-label="Pipeline canvas"
      >
        <Background gap={20} size={1.2} color="#d5dbe6" />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Minimap"
          nodeStrokeWidth={3}
          style={{ width: 160, height: 100 }}
        />
        <Controls aria-label="Canvas controls" />
      </ReactFlow>
      {nodes.length === 0 && (
        <div className="canvas-empty">
          <p>Drop CSV, Parquet or JSON files here, or drag a node from the palette.</p>
        </div>
      )}
    </div>
  );
}
