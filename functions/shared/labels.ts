import type { Label as RekognitionLabel } from '@aws-sdk/client-rekognition';

export interface BoundingBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Rekognition's label, camel-cased, with parents and categories reduced to their names. */
export interface Label {
  name: string;
  confidence: number;
  parents: string[];
  categories: string[];
  instances: { confidence: number; boundingBox: BoundingBox }[];
}

export function toLabels(labels: RekognitionLabel[] | undefined): Label[] {
  return (labels ?? []).flatMap((label) =>
    label.Name === undefined
      ? []
      : [
          {
            name: label.Name,
            confidence: label.Confidence ?? 0,
            parents: names(label.Parents),
            categories: names(label.Categories),
            instances: (label.Instances ?? []).flatMap(({ BoundingBox: box, Confidence }) =>
              box ? [{ confidence: Confidence ?? 0, boundingBox: { left: box.Left ?? 0, top: box.Top ?? 0, width: box.Width ?? 0, height: box.Height ?? 0 } }] : [],
            ),
          },
        ],
  );
}

function names(items: { Name?: string }[] | undefined): string[] {
  return (items ?? []).flatMap((item) => (item.Name === undefined ? [] : [item.Name]));
}

/**
 * "98.7%": one decimal, rounded down so that 99.96 never shows as a certain 100%. The page's
 * formatConfidence (site/lib.js) follows the same rule; tests/functions/shared/labels.test.ts
 * holds them to it.
 */
export function formatConfidence(confidence: number): string {
  const clamped = Math.min(100, Math.max(0, confidence));
  if (clamped === 100) return '100%';
  return `${(Math.floor(clamped * 10) / 10).toFixed(1)}%`;
}
