import type { DetectLabelsResponse, Label } from '@aws-sdk/client-rekognition';
import { decodeImage } from './decode-image';
import { detectObjects, type DetectedObject } from './detect-objects';
import { loadCenterNet } from './model';
import { shrinkImage } from './shrink-image';
import { describeCocoLabel, describeParentLabel, type LabelTaxonomy } from './taxonomy';

export const LABEL_MODEL_VERSION = 'local-centernet-coco-1';

/** Rekognition's default when the request has no MinConfidence. */
export const DEFAULT_MIN_CONFIDENCE = 55;

// Sixteen times the model's 512 x 512 input: every photo up to about 4 MP reaches the model as it is.
const MODEL_MAX_PIXELS = 2048 * 2048;

export interface DetectLabelsOptions {
  maxLabels?: number;
  minConfidence?: number;
}

/** DetectLabels on image bytes (JPEG or PNG) with the local CenterNet model, answered in Rekognition's response shape. */
export async function detectLabels(imageBytes: Uint8Array, options: DetectLabelsOptions = {}): Promise<DetectLabelsResponse> {
  const image = shrinkImage(decodeImage(imageBytes), MODEL_MAX_PIXELS);
  const model = await loadCenterNet();
  const objects = await detectObjects(model, image);
  return { Labels: buildLabels(objects, options), LabelModelVersion: LABEL_MODEL_VERSION };
}

/**
 * Groups the objects into labels as Rekognition does: one label per class holding every instance, the label's
 * confidence the best of its instances, then each ancestor as a label of its own (the best confidence among
 * its descendants, no instances). Sorted by confidence, highest first, then cut to maxLabels.
 */
export function buildLabels(objects: readonly DetectedObject[], options: DetectLabelsOptions = {}): Label[] {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const labels = new Map<string, Label>();

  const addLabel = (taxonomy: LabelTaxonomy, confidence: number): Label => {
    const existing = labels.get(taxonomy.name);
    if (existing) {
      existing.Confidence = Math.max(existing.Confidence ?? 0, confidence);
      return existing;
    }
    const label: Label = {
      Name: taxonomy.name,
      Confidence: confidence,
      Instances: [],
      Parents: taxonomy.parents.map((Name) => ({ Name })),
      Aliases: [],
      Categories: taxonomy.categories.map((Name) => ({ Name })),
    };
    labels.set(taxonomy.name, label);
    return label;
  };

  const confidentObjects = objects
    .map((object) => ({ ...object, confidence: object.score * 100 }))
    .filter((object) => object.confidence >= minConfidence)
    .sort((a, b) => b.confidence - a.confidence);

  for (const object of confidentObjects) {
    const taxonomy = describeCocoLabel(object.label);
    const { left, top, width, height } = object.box;
    addLabel(taxonomy, object.confidence).Instances?.push({
      BoundingBox: { Width: width, Height: height, Left: left, Top: top },
      Confidence: object.confidence,
    });
    for (const parentName of taxonomy.parents) {
      addLabel(describeParentLabel(parentName) ?? { name: parentName, parents: [], categories: [] }, object.confidence);
    }
  }

  const sorted = [...labels.values()].sort((a, b) => (b.Confidence ?? 0) - (a.Confidence ?? 0));
  return options.maxLabels === undefined ? sorted : sorted.slice(0, options.maxLabels);
}
