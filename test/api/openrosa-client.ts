// What an ODK client sends and reads, for the OpenRosa API tests: credentials, instance documents, multipart posts.
import { v4 as uuidv4 } from 'uuid';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../../src/demo/demo-world.ts';

/** HTTP Basic for a demo user by role. */
export const basic = (who: string, password = DEMO_PASSWORD) =>
  `Basic ${Buffer.from(`${who}@${DEMO_DOMAIN}:${password}`).toString('base64')}`;

/** The OpenRosa message of a response: its nature and text. */
export function messageOf(text: string) {
  const m = /<message nature="([^"]+)">([\s\S]*?)<\/message>/.exec(text);
  const decoded = (x: string) =>
    x.replace(
      /&(apos|quot|lt|gt|amp);/g,
      (_, e: string) => ({ apos: "'", quot: '"', lt: '<', gt: '>', amp: '&' })[e] ?? e,
    );
  return m ? { nature: m[1], text: decoded(m[2]) } : null;
}

/** The XML an ODK client writes for an instance of an Amana form (each field as a child of the root). */
export function instance(
  formId: string,
  version: string,
  fields: Record<string, string>,
  instanceId = `uuid:${uuidv4()}`,
) {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return {
    instanceId,
    xml: `<?xml version='1.0' ?><data id="${formId}" version="${version}" xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">${body}<meta><instanceID>${instanceId}</instanceID></meta></data>`,
  };
}

/** A submission POST's body: `xml_submission_file` and the attachments beside it. */
export function multipart(xml: string, files: { name: string; content: Buffer; type?: string }[] = []) {
  const fd = new FormData();
  fd.append('xml_submission_file', new Blob([xml], { type: 'text/xml' }), 'submission.xml');
  for (const f of files)
    fd.append(f.name, new Blob([new Uint8Array(f.content)], { type: f.type ?? 'image/jpeg' }), f.name);
  return fd;
}
