// A page that does what an ODK client does with Amana, through ODK's own web forms engine: it reads the form list
// of the OpenRosa address it is given, downloads the form and its manifest, renders the form, lets the test fill it,
// and posts the instance the engine writes to the submission address.
import { OdkWebForm, webFormsPlugin } from '@getodk/web-forms';
import { createApp, h } from 'vue';

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? '/openrosa';
const formId = params.get('form') ?? 'amana-visit';
const status = document.getElementById('status') as HTMLElement;

const xml = async (url: string) =>
  new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/xml');
const child = (el: Element, name: string) => el.getElementsByTagName(name)[0]?.textContent ?? '';

const list = await xml(`${server}/formList`);
const entry = [...list.getElementsByTagName('xform')].find((x) => child(x, 'formID') === formId);
if (!entry) throw new Error(`no ${formId} in the form list`);
const formXml = await (await fetch(child(entry, 'downloadUrl'))).text();
const manifest = await xml(child(entry, 'manifestUrl'));
const media = new Map(
  [...manifest.getElementsByTagName('mediaFile')].map((m) => [child(m, 'filename'), child(m, 'downloadUrl')]),
);

/** The engine asks for jr://file-csv/sites.csv: the manifest says where it is. */
const fetchFormAttachment = (url: URL | string) => {
  const target = media.get(String(url).split('/').pop() ?? '');
  return target ? fetch(target) : Promise.resolve(new Response('', { status: 404 }));
};

type Payload = { data: FormData[] };
type Done = (result: { next?: unknown }) => void;

createApp({
  render: () =>
    h(OdkWebForm, {
      formXml,
      fetchFormAttachment,
      onSubmit: async (payload: Payload, done: Done) => {
        const res = await fetch(`${server}/submission`, {
          method: 'POST',
          headers: { 'X-OpenRosa-Version': '1.0' },
          body: payload.data[0],
        });
        status.dataset.status = String(res.status);
        status.textContent = await res.text();
        done({});
      },
    }),
})
  .use(webFormsPlugin)
  .mount('#app');
