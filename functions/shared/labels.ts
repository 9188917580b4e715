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
