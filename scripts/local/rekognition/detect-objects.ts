import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { COCO_LABELS, type CocoLabel } from './coco-labels';
import type { RgbImage } from './decode-image';
import type { CenterNetModel } from './model';

/** One object found: a COCO class, a score 0..1 and a box as ratios of the image's width and height. */
export interface DetectedObject {
  label: CocoLabel;
  score: number;
  box: { left: number; top: number; width: number; height: number };
}

// The values @vladmandic/human uses for this model (src/config.ts, `object`), except maxDetected (10 there):
// a photo of a crowd or a table setting easily holds more than ten objects.
const MIN_SCORE = 0.2;
const IOU_THRESHOLD = 0.4;
const MAX_DETECTED = 20;
// [1, 100, 6]: x1, y1, x2, y2 in input pixels, score, class id (0-based index into COCO_LABELS).
const DETECTIONS_OUTPUT = 'tower_0/detections';

/**
 * Runs CenterNet the way Human does (src/object/centernet.ts): the whole image stretched to the square input,
 * pixel values 0..255, then one class-agnostic non-max suppression over the model's 100 candidate boxes.
 */
export async function detectObjects(model: CenterNetModel, image: RgbImage): Promise<DetectedObject[]> {
  const tf = await import('@tensorflow/tfjs-core');
  const detections = tf.tidy(() => {
    const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    const input = tf.image.resizeBilinear(tf.expandDims<Tensor4D>(tf.cast(pixels, 'float32'), 0), [model.inputSize, model.inputSize]);
    return model.graph.execute(input, DETECTIONS_OUTPUT) as Tensor;
  });
  const [rows] = (await detections.array()) as number[][][];
  detections.dispose();

  // tf.image.nonMaxSuppression wants boxes as [y1, x1, y2, x2].
  const boxes = tf.tensor2d(rows.map(([x1, y1, x2, y2]) => [y1, x1, y2, x2])) as Tensor2D;
  const scores = tf.tensor1d(rows.map((row) => row[4])) as Tensor1D;
  const kept = await tf.image.nonMaxSuppressionAsync(boxes, scores, MAX_DETECTED, IOU_THRESHOLD, MIN_SCORE);
  const keptIndexes = Array.from(await kept.data());
  tf.dispose([boxes, scores, kept]);

  return keptIndexes.flatMap((index) => {
    const [x1, y1, x2, y2, score, classId] = rows[index];
    const label = COCO_LABELS[classId];
    if (label === undefined) return [];
    return [{ label, score, box: toRatios(x1, y1, x2, y2, model.inputSize) }];
  });
}

/** The input was the whole image stretched, so input pixels divided by the input size are ratios of the original image. */
function toRatios(x1: number, y1: number, x2: number, y2: number, inputSize: number): DetectedObject['box'] {
  const clamp = (value: number) => Math.min(1, Math.max(0, value / inputSize));
  const [left, top, right, bottom] = [clamp(x1), clamp(y1), clamp(x2), clamp(y2)];
  return { left, top, width: right - left, height: bottom - top };
}
