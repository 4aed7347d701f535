import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../src/shared/graph-types';
import type { PortValue } from '../../src/shared/values';
import { gatherInputs } from './gather-inputs';

const table = (name: string): PortValue => ({ type: 'table', table: name, rowCount: 1, columns: [] });
const edge = (source: string, sourcePort: string, targetPort: string): GraphEdge => ({
  source,
  sourcePort,
  target: 'n',
  targetPort,
});
const edgesInto =
  (...edges: GraphEdge[]) =>
  (port: string) =>
    edges.find((e) => e.targetPort === port);

describe('gatherInputs', () => {
  it('collects each connected input and its key as <upstream key>#<port>', () => {
    const outputs = new Map([['a', { out: table('t_a') }]]);
    const result = gatherInputs(
      { in: {} },
      edgesInto(edge('a', 'out', 'in')),
      outputs,
      new Map([['a', 'KA']]),
    );
    expect(result).toEqual({ status: 'ready', inputs: { in: table('t_a') }, inputKeys: { in: 'KA#out' } });
  });

  it('is blocked by an upstream that has no outputs (it failed or was blocked)', () => {
    const result = gatherInputs({ in: {} }, edgesInto(edge('a', 'out', 'in')), new Map(), new Map());
    expect(result).toEqual({ status: 'blocked', by: 'a' });
  });

  it('fails a required input that is not connected; an optional one is left out', () => {
    expect(gatherInputs({ in: {} }, edgesInto(), new Map(), new Map())).toEqual({
      status: 'failed',
      message: 'Input "in" is not connected.',
    });
    expect(gatherInputs({ in: { optional: true } }, edgesInto(), new Map(), new Map())).toEqual({
      status: 'ready',
      inputs: {},
      inputKeys: {},
    });
  });

  it('fails a required input fed by an optional output that was not produced', () => {
    const outputs = new Map([['a', { out: table('t_a') }]]);
    const result = gatherInputs({ in: {} }, edgesInto(edge('a', 'applied', 'in')), outputs, new Map());
    expect(result).toEqual({
      status: 'failed',
      message: 'Input "in": node "a" did not produce its optional output "applied".',
    });
    const optional = gatherInputs(
      { in: { optional: true } },
      edgesInto(edge('a', 'applied', 'in')),
      outputs,
      new Map(),
    );
    expect(optional.status).toBe('ready');
  });

  it('reports a failed upstream before a missing input, whatever the port order', () => {
    const result = gatherInputs(
      { left: {}, right: {} },
      edgesInto(edge('b', 'out', 'right')),
      new Map(),
      new Map(),
    );
    expect(result).toEqual({ status: 'blocked', by: 'b' });
  });
});
