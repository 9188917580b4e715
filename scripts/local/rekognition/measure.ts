/**
 * Measures the local model: load time, per-photo timings (median of 5) and peak memory.
 * Run: npx tsx scripts/local/rekognition/measure.ts [folder of photos, default tests/fixtures/images]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage } from './decode-image';
import { detectObjects } from './detect-objects';
import { loadCenterNet } from './model';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time<T>(action: () => Promise<T> | T): Promise<[T, number]> {
  const startedAt = performance.now();
  const result = await action();
  return [result, performance.now() - startedAt];
}

async function measure(folder: string): Promise<void> {
  const [model, loadMs] = await time(() => loadCenterNet());
  console.log(`model load: ${loadMs.toFixed(0)} ms (input ${model.inputSize}x${model.inputSize})`);

  const photos = readdirSync(folder).filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();
  for (const photo of photos) {
    const bytes = readFileSync(path.join(folder, photo));
    const decodeRuns: number[] = [];
    const inferenceRuns: number[] = [];
    let found = '';
    for (let run = 0; run < RUNS; run++) {
      const [image, decodeMs] = await time(() => decodeImage(bytes));
      const [objects, inferenceMs] = await time(() => detectObjects(model, image));
      decodeRuns.push(decodeMs);
      inferenceRuns.push(inferenceMs);
      found = objects.map((object) => `${object.label} ${object.score.toFixed(2)}`).join(', ') || 'nothing';
    }
    console.log(`${photo}: decode ${median(decodeRuns).toFixed(0)} ms, inference ${median(inferenceRuns).toFixed(0)} ms (median of ${RUNS}), found: ${found}`);
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

void measure(process.argv[2] ?? path.resolve(__dirname, '../../../tests/fixtures/images'));
