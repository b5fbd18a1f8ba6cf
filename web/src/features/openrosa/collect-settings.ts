import QRCode from 'qrcode';

/**
 * The settings ODK Collect reads from a QR code: JSON, zlib-compressed, in base64 (as ODK Central makes them).
 * The browser's CompressionStream('deflate') writes the zlib format Collect inflates.
 */
export async function collectSettingsCode(settings: {
  serverUrl: string;
  username?: string;
  project: string;
}) {
  const json = JSON.stringify({
    general: {
      server_url: settings.serverUrl,
      ...(settings.username ? { username: settings.username } : {}),
    },
    admin: {},
    project: { name: settings.project },
  });
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The QR code of a text, as an SVG image address. */
export async function qrSvgUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
