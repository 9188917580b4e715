import { formatConfidence } from '../shared/labels';
import type { ImageItem } from '../shared/results-table';

// SNS subjects: ASCII, no line breaks, fewer than 100 characters.
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
const SUBJECT_MAX_LENGTH = 99;

export interface Notification {
  subject: string;
  message: string;
}

/** The e-mail about one analysed image: its labels in the subject, details and a link in the body. */
export function buildNotification(item: ImageItem, siteUrl: string): Notification {
  const labels = item.labels ?? [];
  const names = labels.map((label) => toAscii(label.name)).filter(Boolean);
  const subject = truncate(`Image analysed: ${names.length > 0 ? names.join(', ') : 'no labels found'}`, SUBJECT_MAX_LENGTH);
  const lines = [
    `${item.originalName ? `"${item.originalName}"` : 'An image'} has been analysed.`,
    '',
    ...(labels.length > 0
      ? ['Labels found, with confidence:', ...labels.map((label) => `- ${label.name}: ${formatConfidence(label.confidence)}`)]
      : ['No labels reached the minimum confidence.']),
    '',
    `See it, with boxes around what was found: ${siteUrl}`,
    '',
    `Image: ${item.imageKey}`,
    ...(item.labelModelVersion ? [`Label model: ${item.labelModelVersion}`] : []),
    ...(item.processedAt ? [`Analysed at: ${item.processedAt}`] : []),
  ];
  return { subject, message: lines.join('\n') };
}

function toAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 3).trimEnd()}...`;
}
