import type { DetectLabelsCommandOutput } from '@aws-sdk/client-rekognition';

/**
 * Shaped like the example response in the DetectLabels API reference:
 * https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectLabels.html
 */
export const detectLabelsResponse: DetectLabelsCommandOutput = {
  $metadata: { httpStatusCode: 200 },
  Labels: [
    {
      Name: 'Mobile Phone',
      Parents: [{ Name: 'Phone' }],
      Aliases: [{ Name: 'Cell Phone' }],
      Categories: [{ Name: 'Technology and Computing' }],
      Confidence: 99.9364013671875,
      Instances: [
        {
          BoundingBox: { Width: 0.26779675483703613, Height: 0.8562285900115967, Left: 0.3604024350643158, Top: 0.09245597571134567 },
          Confidence: 99.9364013671875,
          DominantColors: [{ Red: 120, Green: 137, Blue: 132, HexCode: '3A7432', SimplifiedColor: 'red', CSSColor: 'fuscia', PixelPercent: 40.1 }],
        },
      ],
    },
    {
      Name: 'Person',
      Parents: [],
      Aliases: [{ Name: 'Human' }],
      Categories: [{ Name: 'Person Description' }],
      Confidence: 98.54869842529297,
      Instances: [
        {
          BoundingBox: { Width: 0.1842, Height: 0.7215, Left: 0.0521, Top: 0.1837 },
          Confidence: 98.54869842529297,
        },
        {
          BoundingBox: { Width: 0.2135, Height: 0.6832, Left: 0.6745, Top: 0.2341 },
          Confidence: 91.2375,
        },
      ],
    },
  ],
  LabelModelVersion: '3.0',
};

/** The same labels as the handlers store and return them. */
export const expectedLabels = [
  {
    name: 'Mobile Phone',
    confidence: 99.9364013671875,
    parents: ['Phone'],
    categories: ['Technology and Computing'],
    instances: [
      {
        confidence: 99.9364013671875,
        boundingBox: { left: 0.3604024350643158, top: 0.09245597571134567, width: 0.26779675483703613, height: 0.8562285900115967 },
      },
    ],
  },
  {
    name: 'Person',
    confidence: 98.54869842529297,
    parents: [],
    categories: ['Person Description'],
    instances: [
      { confidence: 98.54869842529297, boundingBox: { left: 0.0521, top: 0.1837, width: 0.1842, height: 0.7215 } },
      { confidence: 91.2375, boundingBox: { left: 0.6745, top: 0.2341, width: 0.2135, height: 0.6832 } },
    ],
  },
];
