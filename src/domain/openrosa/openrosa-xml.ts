import { el, xmlDocument } from './xml-node.ts';

/** One form in the Form List API's answer. */
export interface FormListEntry {
  formId: string;
  name: string;
  version: string;
  /** `md5:` and the MD5 of the form's XML, as the Form List API asks. */
  hash: string;
  downloadUrl: string;
  manifestUrl: string;
}

/** The Form List API document (`http://openrosa.org/xforms/xformsList`). */
export function formListXml(forms: readonly FormListEntry[]): string {
  return xmlDocument(
    el(
      'xforms',
      { xmlns: 'http://openrosa.org/xforms/xformsList' },
      ...forms.map((f) =>
        el(
          'xform',
          {},
          el('formID', {}, f.formId),
          el('name', {}, f.name),
          el('version', {}, f.version),
          el('hash', {}, f.hash),
          el('downloadUrl', {}, f.downloadUrl),
          el('manifestUrl', {}, f.manifestUrl),
        ),
      ),
    ),
  );
}

/** One media file of a form's manifest. */
export interface MediaEntry {
  filename: string;
  hash: string;
  downloadUrl: string;
}

/** The manifest document (`http://openrosa.org/xforms/xformsManifest`). */
export function manifestXml(files: readonly MediaEntry[]): string {
  return xmlDocument(
    el(
      'manifest',
      { xmlns: 'http://openrosa.org/xforms/xformsManifest' },
      ...files.map((f) =>
        el(
          'mediaFile',
          {},
          el('filename', {}, f.filename),
          el('hash', {}, f.hash),
          el('downloadUrl', {}, f.downloadUrl),
        ),
      ),
    ),
  );
}

/** How a message reads to the client: ODK Collect shows the text of `submit_success` and of errors. */
export type MessageNature = 'submit_success' | 'error';

/** The OpenRosa response envelope with one message (`http://openrosa.org/http/response`). */
export function responseXml(nature: MessageNature, message: string): string {
  return xmlDocument(
    el(
      'OpenRosaResponse',
      { xmlns: 'http://openrosa.org/http/response' },
      el('message', { nature }, message),
    ),
  );
}
