import { Writer } from 'protobufjs/minimal.js';

/**
 * The few ONNX messages a tree or linear model needs, written with protobufjs's wire-format
 * `Writer`. Its reflection API would compile encoders with `new Function`, which the app's
 * Content-Security-Policy (no 'unsafe-eval') refuses, so the field numbers of onnx.proto are
 * written out here instead.
 */

/** onnx.proto `TensorProto.DataType` values used here. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8 } as const;

/** An attribute of a node. */
export type OnnxAttribute =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'string'; value: string }
  | { name: string; kind: 'ints'; value: readonly number[] }
  | { name: string; kind: 'floats'; value: readonly number[] }
  | { name: string; kind: 'strings'; value: readonly string[] };

export interface OnnxNode {
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
}

/** A graph input or output: a tensor whose dimensions are numbers or symbolic names. */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  shape: (number | string)[];
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString: string;
  graphName: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
}

// Wire types: 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit.
const tag = (field: number, wire: number) => (field << 3) | wire;

function message(w: Writer, field: number, body: (w: Writer) => void): void {
  w.uint32(tag(field, 2)).fork();
  body(w);
  w.ldelim();
}

const AttributeType = { INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function writeAttribute(w: Writer, a: OnnxAttribute): void {
  w.uint32(tag(1, 2)).string(a.name);
  switch (a.kind) {
    case 'int':
      w.uint32(tag(20, 0)).int32(AttributeType.INT);
      w.uint32(tag(3, 0)).int64(a.value);
      break;
    case 'string':
      w.uint32(tag(20, 0)).int32(AttributeType.STRING);
      w.uint32(tag(4, 2)).string(a.value);
      break;
    case 'ints':
      w.uint32(tag(20, 0)).int32(AttributeType.INTS);
      w.uint32(tag(8, 2)).fork();
      for (const v of a.value) w.int64(v);
      w.ldelim();
      break;
    case 'floats':
      w.uint32(tag(20, 0)).int32(AttributeType.FLOATS);
      w.uint32(tag(7, 2)).fork();
      for (const v of a.value) w.float(v);
      w.ldelim();
      break;
    case 'strings':
      w.uint32(tag(20, 0)).int32(AttributeType.STRINGS);
      for (const v of a.value) w.uint32(tag(9, 2)).string(v);
      break;
  }
}

function writeNode(w: Writer, n: OnnxNode): void {
  for (const i of n.inputs) w.uint32(tag(1, 2)).string(i);
  for (const o of n.outputs) w.uint32(tag(2, 2)).string(o);
  w.uint32(tag(3, 2)).string(n.name);
  w.uint32(tag(4, 2)).string(n.opType);
  for (const a of n.attributes) message(w, 5, (m) => writeAttribute(m, a));
  w.uint32(tag(7, 2)).string(n.domain);
}

function writeValueInfo(w: Writer, v: OnnxValueInfo): void {
  w.uint32(tag(1, 2)).string(v.name);
  // TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1) | dim_param (2)
  message(w, 2, (type) =>
    message(type, 1, (tensor) => {
      tensor.uint32(tag(1, 0)).int32(v.elemType);
      message(tensor, 2, (shape) => {
        for (const d of v.shape)
          message(shape, 1, (dim) => {
            if (typeof d === 'number') dim.uint32(tag(1, 0)).int64(d);
            else dim.uint32(tag(2, 2)).string(d);
          });
      });
    }),
  );
}

/** A serialized `ModelProto`. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = Writer.create();
  w.uint32(tag(1, 0)).int64(m.irVersion);
  w.uint32(tag(2, 2)).string(m.producerName);
  w.uint32(tag(3, 2)).string(m.producerVersion);
  w.uint32(tag(6, 2)).string(m.docString);
  message(w, 7, (g) => {
    for (const n of m.nodes) message(g, 1, (nw) => writeNode(nw, n));
    g.uint32(tag(2, 2)).string(m.graphName);
    for (const v of m.inputs) message(g, 11, (vw) => writeValueInfo(vw, v));
    for (const v of m.outputs) message(g, 12, (vw) => writeValueInfo(vw, v));
  });
  for (const o of m.opsets)
    message(w, 8, (ow) => {
      ow.uint32(tag(1, 2)).string(o.domain);
      ow.uint32(tag(2, 0)).int64(o.version);
    });
  for (const [key, value] of Object.entries(m.metadata))
    message(w, 14, (e) => {
      e.uint32(tag(1, 2)).string(key);
      e.uint32(tag(2, 2)).string(value);
    });
  return w.finish();
}
