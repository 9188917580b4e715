import { buildNotification } from '../../../functions/analysis/notification';
import type { ImageItem } from '../../../functions/shared/results-table';
import { expectedLabels } from '../support/detect-labels-response';

const item: ImageItem = {
  imageKey: 'uploads/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg',
  status: 'done',
  originalName: 'Été à Paris.jpg',
  labels: expectedLabels,
  labelModelVersion: '3.0',
  processedAt: '2025-03-04T05:06:09.000Z',
  createdAt: '2025-03-04T05:06:07.000Z',
  expiresAt: 1,
};
const siteUrl = 'http://rekog-site.s3-website-us-east-1.amazonaws.com/';

describe('the notification', () => {
  test('names the labels in the subject, and lists them with confidence and the site in the body', () => {
    const { subject, message } = buildNotification(item, siteUrl);

    expect(subject).toBe('Image analysed: Mobile Phone, Person');
    expect(message).toBe(
      [
        '"Été à Paris.jpg" has been analysed.',
        '',
        'Labels found, with confidence:',
        '- Mobile Phone: 99.9%',
        '- Person: 98.5%',
        '',
        `See it, with boxes around what was found: ${siteUrl}`,
        '',
        `Image: ${item.imageKey}`,
        'Label model: 3.0',
        'Analysed at: 2025-03-04T05:06:09.000Z',
      ].join('\n'),
    );
  });

  test('keeps the subject under 100 ASCII characters, whatever the labels', () => {
    const labels = Array.from({ length: 30 }, (_, index) => ({ ...expectedLabels[0], name: `Crème ${index} 🍰` }));

    const { subject } = buildNotification({ ...item, labels }, siteUrl);

    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.startsWith('Image analysed: Creme 0, Creme 1,')).toBe(true);
    expect(subject.endsWith('...')).toBe(true);
  });

  test('says so when no label reached the minimum confidence', () => {
    const { subject, message } = buildNotification({ ...item, labels: [], originalName: undefined }, siteUrl);

    expect(subject).toBe('Image analysed: no labels found');
    expect(message).toContain('An image has been analysed.');
    expect(message).toContain('No labels reached the minimum confidence.');
  });
});
