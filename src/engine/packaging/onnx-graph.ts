// A small builder of ONNX graphs (standard operators, opset 13), written with the ONNX protobuf schema.
import { onnx } from 'onnx-proto';

export const OPSET = 13;

type Attribute = number | string | number[];

interface Value {
  name: string;
  type: 'float' | 'bool';
  dims: number[];
}

function valueInfo(v: Value): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: v.type === 'float' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.BOOL,
        shape: { dim: v.dims.map((d) => ({ dimValue: d })) },
      },
    },
  };
}

function attribute(name: string, value: Attribute): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: value };
  return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
}

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: Value[] = [];
  private readonly outputs: Value[] = [];
  private count = 0;

  private fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }

  input(name: string, dims: number[]): string {
    this.inputs.push({ name, type: 'float', dims });
    return name;
  }

  /** A float32 constant of the given shape. */
  floats(values: ArrayLike<number>, dims: number[], hint = 'const'): string {
    const name = this.fresh(hint);
    const data = Float32Array.from(values as ArrayLike<number>);
    this.initializers.push({
      name,
      dims,
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  }

  /** An int64 constant (shapes, axes, pads, k). */
  ints(values: number[], hint = 'ints'): string {
    const name = this.fresh(hint);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(data.buffer),
    });
    return name;
  }

  /** Adds a node; returns its outputs' names (`outputs` of them). */
  nodeN(op: string, inputs: string[], outputs: number, attributes: Record<string, Attribute> = {}): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({
      opType: op,
      input: inputs,
      output: names,
      name: this.fresh(`n_${op}`),
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return names;
  }

  node(op: string, inputs: string[], attributes: Record<string, Attribute> = {}): string {
    return this.nodeN(op, inputs, 1, attributes)[0];
  }

  /** Names a value as a graph output (an Identity node gives it the public name). */
  output(value: string, name: string, dims: number[], type: 'float' | 'bool' = 'float'): void {
    this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: this.fresh('n_Identity') });
    this.outputs.push({ name, type, dims });
  }

  encode(graphName: string, docString: string): Uint8Array {
    return onnx.ModelProto.encode({
      irVersion: 7,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'lookout-vision',
      docString,
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    }).finish();
  }
}
