import type { RgbImage } from './decode-image';

/**
 * Averages blocks of n x n pixels, the smallest n that brings the image to at most `maxPixels`.
 * The model sees a 512 x 512 input anyway; shrinking first keeps a large photo's tensors (12 bytes
 * a pixel, in wasm memory that never shrinks) small.
 */
export function shrinkImage(image: RgbImage, maxPixels: number): RgbImage {
  const factor = Math.ceil(Math.sqrt((image.width * image.height) / maxPixels));
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height * 3);
  const area = factor * factor;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let dy = 0; dy < factor; dy += 1) {
        let source = ((y * factor + dy) * image.width + x * factor) * 3;
        for (let dx = 0; dx < factor; dx += 1, source += 3) {
          red += image.data[source];
          green += image.data[source + 1];
          blue += image.data[source + 2];
        }
      }
      const target = (y * width + x) * 3;
      data[target] = red / area;
      data[target + 1] = green / area;
      data[target + 2] = blue / area;
    }
  }
  return { width, height, data };
}
