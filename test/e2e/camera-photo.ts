import type { Page } from 'playwright-core';

/**
 * A photo as a phone's camera would give it: a large PNG of many coloured rectangles, drawn in the page, which the
 * field app compresses to a JPEG before keeping it.
 */
export async function cameraPhoto(
  page: Page,
  size = { width: 2400, height: 1800, rects: 4000 },
): Promise<Buffer> {
  const dataUrl = await page.evaluate(({ width, height, rects }) => {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    for (let i = 0; i < rects; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% ${30 + (i % 40)}%)`;
      g.fillRect((i * 53) % width, (i * 97) % height, 40 + (i % 90), 30 + (i % 70));
    }
    return c.toDataURL('image/png');
  }, size);
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}
