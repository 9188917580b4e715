import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

/** CenterNet (MobileNetV3 backbone, COCO) as shipped inside @vladmandic/human, ready to run on tfjs's wasm backend. */
export interface CenterNetModel {
  graph: GraphModel;
  /** Side of the square input the graph expects, read from the model's signature (512 for this model). */
  inputSize: number;
  modelJsonPath: string;
}

let loading: Promise<CenterNetModel> | undefined;

/** Loads the model once, on first use; later calls share the same promise. A failed load is not cached, so it can be retried. */
export function loadCenterNet(): Promise<CenterNetModel> {
  loading ??= loadFromDisk().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The package's exports map hides models/, so it is found beside the package's main entry (dist/human.node.js). */
export function centerNetJsonPath(): string {
  const mainEntry = require.resolve('@vladmandic/human');
  return path.resolve(path.dirname(mainEntry), '..', 'models', 'centernet.json');
}

async function loadFromDisk(): Promise<CenterNetModel> {
  // Imported here, not at the top, so that importing this module loads neither tfjs nor its wasm.
  const tf = await import('@tensorflow/tfjs-core');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');

  if (tf.getBackend() !== 'wasm') {
    // In Node, Emscripten reads the .wasm with fs when given a file path prefix (it must end with a separator).
    const wasmFolder = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(wasmFolder + path.sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise its wasm backend');
  }
  await tf.ready();

  const modelJsonPath = centerNetJsonPath();
  const graph = await loadGraphModel(fileSystemHandler(tf.io, modelJsonPath));
  return { graph, inputSize: readInputSize(graph), modelJsonPath };
}

/**
 * Without tfjs-node there is no file:// handler, so the model JSON and its weight shards are read here.
 * https://github.com/tensorflow/tfjs/issues/4567
 */
function fileSystemHandler(tfIo: typeof io, modelJsonPath: string): io.IOHandler {
  const folder = path.dirname(modelJsonPath);
  return {
    load: async () => {
      const modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8')) as io.ModelJSON;
      return tfIo.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const shards = await Promise.all(manifest.flatMap((group) => group.paths).map((shard) => readFile(path.join(folder, shard))));
        const weights = Buffer.concat(shards);
        const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
        return [tfIo.getWeightSpecs(manifest), weightData];
      });
    },
  };
}

/** Input is [1, size, size, 3]; Human reads the size the same way (src/object/centernet.ts). */
function readInputSize(graph: GraphModel): number {
  const [input] = graph.inputs;
  const size = input?.shape?.[2];
  if (typeof size !== 'number' || size <= 0) throw new Error('CenterNet model has no fixed input size in its signature');
  return size;
}
