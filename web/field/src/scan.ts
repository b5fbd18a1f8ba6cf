// Reading a sack's tag with the camera where the browser can (the Barcode Detection API: Chrome on Android);
// elsewhere the monitor types it.

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options?: { formats: string[] }) => Detector;
const FORMATS = ['qr_code', 'code_128', 'code_39', 'data_matrix', 'ean_13'];

/** Whether this browser can read a tag from the camera. */
export const canScan = () =>
  'BarcodeDetector' in globalThis && !!navigator.mediaDevices?.getUserMedia;

/**
 * Shows the back camera in `video` and resolves with the first tag read; `stop()` gives the camera back.
 */
export function scanTag(video: HTMLVideoElement): { result: Promise<string>; stop: () => void } {
  let stopped = false;
  let stream: MediaStream | undefined;
  const stop = () => {
    stopped = true;
    for (const t of stream?.getTracks() ?? []) t.stop();
    video.srcObject = null;
  };
  const result = (async () => {
    const Detector = (globalThis as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
    const detector = new Detector({ formats: FORMATS });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.srcObject = stream;
    await video.play();
    while (!stopped) {
      const found = await detector.detect(video).catch(() => []);
      if (found[0]?.rawValue) {
        stop();
        return found[0].rawValue.trim();
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('stopped');
  })();
  return { result, stop };
}
