import { COCO_LABELS } from '../../scripts/local/rekognition/coco-labels';
import { decodeImage } from '../../scripts/local/rekognition/decode-image';
import { buildLabels, DEFAULT_MIN_CONFIDENCE } from '../../scripts/local/rekognition/detect-labels';
import type { DetectedObject } from '../../scripts/local/rekognition/detect-objects';
import { describeCocoLabel, describeParentLabel, parentLabelNames } from '../../scripts/local/rekognition/taxonomy';
import { readFixture } from './support/rekognition-fixtures';

const box = { left: 0.1, top: 0.2, width: 0.3, height: 0.4 };

describe('buildLabels', () => {
  it('groups instances of one class into one label whose confidence is the best instance', () => {
    const objects: DetectedObject[] = [
      { label: 'person', score: 0.7, box },
      { label: 'person', score: 0.9, box: { left: 0.5, top: 0.5, width: 0.2, height: 0.2 } },
    ];

    const labels = buildLabels(objects);

    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ Name: 'Person', Parents: [], Aliases: [], Categories: [{ Name: 'Person Description' }] });
    expect(labels[0].Confidence).toBeCloseTo(90);
    expect(labels[0].Instances?.map((instance) => instance.Confidence)).toEqual([90, 70]);
    expect(labels[0].Instances?.[1].BoundingBox).toEqual({ Width: 0.3, Height: 0.4, Left: 0.1, Top: 0.2 });
  });

  it('emits each parent as a label of its own with the child confidence and no instances', () => {
    const labels = buildLabels([{ label: 'dog', score: 0.8, box }]);

    expect(labels.map((label) => label.Name)).toEqual(['Dog', 'Canine', 'Mammal', 'Animal', 'Pet']);
    expect(labels[0].Parents).toEqual([{ Name: 'Canine' }, { Name: 'Mammal' }, { Name: 'Animal' }, { Name: 'Pet' }]);
    const mammal = labels.find((label) => label.Name === 'Mammal');
    expect(mammal).toMatchObject({ Confidence: 80, Instances: [], Parents: [{ Name: 'Animal' }], Categories: [{ Name: 'Animals and Pets' }] });
  });

  it('gives a shared parent the best confidence among its children', () => {
    const labels = buildLabels([
      { label: 'cat', score: 0.6, box },
      { label: 'dog', score: 0.75, box },
    ]);

    expect(labels.find((label) => label.Name === 'Animal')?.Confidence).toBe(75);
    expect(labels.filter((label) => label.Name === 'Animal')).toHaveLength(1);
  });

  it('sorts by confidence, highest first', () => {
    const labels = buildLabels([
      { label: 'cup', score: 0.6, box },
      { label: 'dining table', score: 0.9, box },
      { label: 'person', score: 0.7, box },
    ]);

    expect(labels.map((label) => label.Name)).toEqual(['Dining Table', 'Table', 'Furniture', 'Person', 'Cup']);
  });

  it(`drops instances below MinConfidence, ${DEFAULT_MIN_CONFIDENCE} by default`, () => {
    const objects: DetectedObject[] = [
      { label: 'person', score: 0.54, box },
      { label: 'cup', score: 0.56, box },
    ];

    expect(buildLabels(objects).map((label) => label.Name)).toEqual(['Cup']);
    expect(buildLabels(objects, { minConfidence: 50 }).map((label) => label.Name)).toEqual(['Cup', 'Person']);
    expect(buildLabels(objects, { minConfidence: 60 })).toEqual([]);
  });

  it('keeps at most MaxLabels labels', () => {
    const labels = buildLabels([{ label: 'dog', score: 0.8, box }], { maxLabels: 2 });

    expect(labels.map((label) => label.Name)).toEqual(['Dog', 'Canine']);
  });
});

describe('taxonomy', () => {
  it('names every COCO class in Title Case', () => {
    for (const label of COCO_LABELS) {
      expect(describeCocoLabel(label).name).toMatch(/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/);
    }
  });

  it('knows every parent it names, and lists every ancestor of a parent too', () => {
    const taxonomies = [...COCO_LABELS.map(describeCocoLabel), ...parentLabelNames().map((name) => describeParentLabel(name)!)];
    for (const taxonomy of taxonomies) {
      for (const parent of taxonomy.parents) {
        const parentTaxonomy = describeParentLabel(parent);
        expect(parentTaxonomy).toBeDefined();
        expect(taxonomy.parents).toEqual(expect.arrayContaining([...parentTaxonomy!.parents]));
      }
      expect(taxonomy.categories.length).toBeGreaterThan(0);
    }
  });
});

describe('decodeImage', () => {
  it('decodes JPEG and PNG to RGB', () => {
    const jpeg = decodeImage(readFixture('coffee.jpg'));
    const png = decodeImage(readFixture('coffee.png'));

    expect([jpeg.width, jpeg.height, jpeg.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    expect([png.width, png.height, png.data.length]).toEqual([600, 400, 600 * 400 * 3]);
  });

  it.each([
    ['a text file', () => readFixture('LICENSES.md')],
    ['an empty file', () => Buffer.alloc(0)],
    ['a truncated JPEG', () => readFixture('coffee.jpg').subarray(0, 20_000)],
    ['a truncated PNG', () => readFixture('coffee.png').subarray(0, 200_000)],
  ])('rejects %s as InvalidImageFormatException', (_name, bytes) => {
    expect(() => decodeImage(bytes())).toThrow(expect.objectContaining({ type: 'InvalidImageFormatException' }));
  });
});
