/** The most a photo weighs once compressed on the phone: a low-end phone on a weak link sends it in seconds. */
export const PHOTO_MAX_BYTES = 200 * 1024;
const LONGEST_SIDES = [1600, 1280, 1024, 800, 640];
const QUALITIES = [0.8, 0.7, 0.6, 0.5];

const toJpeg = (canvas: HTMLCanvasElement, quality: number) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no JPEG'))), 'image/jpeg', quality),
  );

/**
 * A photo redrawn on a canvas as a JPEG of at most PHOTO_MAX_BYTES: the largest size and best quality that fit,
 * trying smaller ones in turn. Redrawing also drops the camera's metadata (the phone's position history).
 */
export async function compressPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  try {
    let smallest: Blob | undefined;
    for (const side of LONGEST_SIDES) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const q of QUALITIES) {
        const jpeg = await toJpeg(canvas, q);
        if (jpeg.size <= PHOTO_MAX_BYTES) return jpeg;
        smallest = jpeg;
      }
    }
    // Even 640 px at half quality is above the limit only for pathological images: keep the smallest made.
    return smallest as Blob;
  } finally {
    bitmap.close();
  }
}

/** The SHA-256 of a blob in lower-case hex, which the server checks the whole photo against. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
