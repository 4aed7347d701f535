import {
  Background,
  type Connection,
  Controls,
  type FinalConnectionState,
  MiniMap,
  ReactFlow,
  type ReactFlowInstance,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { importPipeline, uploadFiles } from '../engine/actions';
import type { PwEdge, PwNode } from '../store/flow-types';
import { useStore } from '../store/store';
import './canvas.css';
import { ConnectionRefusal, endsOf, type Refusal, refusalReason } from './ConnectionRefusal';
import { NodeCard } from './NodeCard';
import { QuickAdd } from './QuickAdd';
import { FIT_OPTIONS, GRAPH_PADDING, useFitOnLoad } from './use-fit-on-load';
import { usePlacement } from './use-placement';
import { useShortcuts } from './use-shortcuts';

export const KIND_MIME = 'application/x-pipewright-kind';
const nodeTypes = { pw: NodeCard };

/** How long a refused drop's reason stays beside the cursor (ms). */
const REFUSAL_MS = 4000;

/**
 * The React Flow canvas: drop kinds and files, connect typed ports, select to inspect,
 * keyboard shortcuts and quick add.
 */
export function Canvas() {
  const nodes = useStore((s) => s.nodes);
  const edges = useStore((s) => s.edges);
  const onNodesChange = useStore((s) => s.onNodesChange);
  const onEdgesChange = useStore((s) => s.onEdgesChange);
  const { screenToFlowPosition } = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  // Last pointer position over the canvas (client pixels): where quick add inserts.
  const pointer = useRef<{ x: number; y: number }>(undefined);
  const [quickAdd, setQuickAdd] = useState<{ x: number; y: number }>();

  const openQuickAdd = useCallback((at?: { x: number; y: number }) => {
    const r = wrapper.current?.getBoundingClientRect();
    if (!r) return;
    const p = at ?? pointer.current;
    const inside = p && p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;
    setQuickAdd(inside ? p : { x: r.left + r.width / 2, y: r.top + r.height / 3 });
  }, []);
  const openAtPointer = useCallback(() => openQuickAdd(), [openQuickAdd]);
  useShortcuts(openAtPointer);
  useFitOnLoad();
  usePlacement(wrapper);

  const closeQuickAdd = useCallback(() => setQuickAdd(undefined), []);
  const insertKind = useCallback(
    (kind: string) => {
      if (!quickAdd) return;
      const p = screenToFlowPosition(quickAdd);
      setQuickAdd(undefined);
      const id = useStore.getState().addNode(kind, { x: p.x - 110, y: p.y - 30 });
      useStore
        .getState()
        .onNodesChange(
          useStore.getState().nodes.map((n) => ({ id: n.id, type: 'select', selected: n.id === id })),
        );
    },
    [quickAdd, screenToFlowPosition],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      // Only the empty pane: double-clicking a node or a control keeps its own meaning.
      if (e.target instanceof Element && e.target.classList.contains('react-flow__pane'))
        openQuickAdd({ x: e.clientX, y: e.clientY });
    },
    [openQuickAdd],
  );

  // A refused connection says why at the cursor, where the person is looking.
  const [refused, setRefused] = useState<Refusal>();
  const storeRefusal = useRef<string>(undefined);
  useEffect(() => {
    if (!refused) return;
    const t = setTimeout(() => setRefused(undefined), REFUSAL_MS);
    return () => clearTimeout(t);
  }, [refused]);

  const onConnect = useCallback((c: Connection) => {
    storeRefusal.current = useStore.getState().connect({
      source: c.source,
      sourcePort: c.sourceHandle ?? 'out',
      target: c.target,
      targetPort: c.targetHandle ?? 'in',
    });
  }, []);

  const onConnectStart = useCallback(() => setRefused(undefined), []);
  // After onConnect (when the drop was accepted): say why at the drop point if it was refused.
  const onConnectEnd = useCallback((e: globalThis.MouseEvent | TouchEvent, c: FinalConnectionState) => {
    const text =
      storeRefusal.current ??
      (c.isValid === false && c.fromHandle && c.toHandle
        ? refusalReason(endsOf(c.fromHandle, c.toHandle))
        : undefined);
    storeRefusal.current = undefined;
    const r = wrapper.current?.getBoundingClientRect();
    const p = 'changedTouches' in e ? e.changedTouches[0] : e;
    if (text && r && p) setRefused({ x: p.clientX - r.left, y: p.clientY - r.top, text });
  }, []);

  // Only equal port types connect, without loops; the reason shows at the cursor.
  const isValidConnection = useCallback((c: Connection | PwEdge) => refusalReason(c) === undefined, []);

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
      const isPipeline = (f: File) => f.name.toLowerCase().endsWith('.pipeline.json');
      const pipeline = files.find(isPipeline);
      if (pipeline) void importPipeline(pipeline); // asks first when that loses work
      const data = files.filter((f) => !isPipeline(f));
      if (data.length) void uploadFiles(data, position);
    },
    [screenToFlowPosition],
  );

  const onInit = useCallback((rf: ReactFlowInstance<PwNode, PwEdge>) => {
    // An empty canvas has nothing to frame (a queued fit would spring on the first node added).
    if (useStore.getState().nodes.length) void rf.fitView(FIT_OPTIONS);
  }, []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the canvas is a drop target for files and palette items; keyboard users add nodes from the palette
    <div
      ref={wrapper}
      className="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDoubleClick={onDoubleClick}
      onPointerMove={(e) => {
        pointer.current = { x: e.clientX, y: e.clientY };
      }}
    >
      <ReactFlow<PwNode, PwEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onInit={onInit}
        // Only the cards in view are in the page: a 1,000-node graph opens and pans with ~50
        // (store/node-frame.ts places the others without rendering them).
        onlyRenderVisibleElements
        // Deleting goes through useShortcuts: nodes and edges together, as one undo step.
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
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
        {/* Fit View shows the whole graph, however small, clear of the controls and minimap. */}
        <Controls aria-label="Canvas controls" fitViewOptions={{ padding: GRAPH_PADDING }} />
        <ConnectionRefusal dropped={refused} />
      </ReactFlow>
      {quickAdd && (
        <QuickAdd
          at={{
            x: quickAdd.x - (wrapper.current?.getBoundingClientRect().left ?? 0),
            y: quickAdd.y - (wrapper.current?.getBoundingClientRect().top ?? 0),
            width: wrapper.current?.clientWidth ?? 800,
            height: wrapper.current?.clientHeight ?? 600,
          }}
          onPick={insertKind}
          onClose={closeQuickAdd}
        />
      )}
      {nodes.length === 0 && (
        <div className="canvas-empty">
          <p>Drop CSV, Parquet or JSON files here, or drag a node from the palette.</p>
          <p>
            Press <kbd>/</kbd> or double-click to add a node by name.
          </p>
        </div>
      )}
    </div>
  );
}
