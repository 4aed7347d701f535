import { describe, expect, it } from 'vitest';
import type { PortSpec } from '../nodes/define-node-kind';
import type { GraphEdge } from '../shared/graph-types';
import { type ConnectionContext, connectionProblem } from './connection-problem';

const table: PortSpec = { type: 'table' };
const model: PortSpec = { type: 'model' };
const kinds: Record<string, ReturnType<ConnectionContext['kindOf']>> = {
  data: { title: 'Sample data', inputs: {}, outputs: { out: table } },
  sql: { title: 'SQL', inputs: { in: table }, outputs: { out: table } },
  evaluate: { title: 'Evaluate', inputs: { model, data: table }, outputs: {} },
};
const ctx = (edges: GraphEdge[] = []): ConnectionContext => ({ kindOf: (id) => kinds[id], edges });
const edge = (source: string, target: string, targetPort = 'in'): GraphEdge => ({
  source,
  sourcePort: 'out',
  target,
  targetPort,
});

describe('connectionProblem', () => {
  it('accepts equal port types', () => {
    expect(connectionProblem({ source: 'data', target: 'sql' }, ctx())).toBeUndefined();
    expect(
      connectionProblem(
        { source: 'data', sourceHandle: 'out', target: 'evaluate', targetHandle: 'data' },
        ctx(),
      ),
    ).toBeUndefined();
  });
  it('says which types differ when a table is dragged onto a model input', () => {
    const why = connectionProblem(
      { source: 'data', sourceHandle: 'out', target: 'evaluate', targetHandle: 'model' },
      ctx(),
    );
    expect(why).toBe(
      'Types differ: "out" (Sample data) gives a table, but "model" (Evaluate) takes a model.',
    );
  });
  it('refuses a loop, naming the nodes', () => {
    expect(connectionProblem({ source: 'sql', target: 'data' }, ctx())).toMatch(/output .* to an input/);
    const loop = {
      kindOf: (id: string) => (id === 'a' || id === 'b' ? kinds.sql : undefined),
      edges: [edge('a', 'b')],
    };
    expect(connectionProblem({ source: 'b', target: 'a' }, loop)).toBe(
      'That would make a loop: SQL already feeds SQL.',
    );
    expect(connectionProblem({ source: 'a', target: 'a' }, loop)).toBe('A node cannot feed its own input.');
  });
  it('finds a loop through a longer chain', () => {
    const chain = { kindOf: () => kinds.sql, edges: [edge('a', 'b'), edge('b', 'c')] };
    expect(connectionProblem({ source: 'c', target: 'a' }, chain)).toMatch(/loop/);
    expect(connectionProblem({ source: 'x', target: 'b' }, chain)).toBeUndefined();
  });
});
