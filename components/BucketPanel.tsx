import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { messageOf, t, type MessageKey } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import type { BucketSettings } from '../utils/model';
import { normalizeServerAddress, originPattern } from '../utils/networks/server-address';
import { readSetting } from '../utils/settings';
import { useLiveQuery } from './use-live-query';
import { FormOutcome, type Outcome } from './FormOutcome';

const FIELDS: { name: keyof Omit<BucketSettings, 'deleteAfterPublish'>; label: MessageKey; placeholder?: MessageKey }[] = [
  { name: 'endpoint', label: 'fieldBucketEndpoint', placeholder: 'fieldBucketEndpointPlaceholder' },
  { name: 'bucket', label: 'fieldBucketName' },
  { name: 'region', label: 'fieldBucketRegion' },
  { name: 'accessKeyId', label: 'fieldBucketAccessKey' },
  { name: 'publicBaseUrl', label: 'fieldBucketPublicUrl', placeholder: 'fieldBucketPublicUrlPlaceholder' },
];

const EMPTY: BucketSettings = { endpoint: '', bucket: '', region: 'us-east-1', accessKeyId: '', publicBaseUrl: '', deleteAfterPublish: true };

/** The person's own S3-compatible bucket, for the images Threads and Instagram fetch from a public URL. */
/** Opened from the composer's link (options.html#image-hosting): shown at once. */
const scrollHere = (section: HTMLElement | null) => {
  if (section && location.hash === '#image-hosting') section.scrollIntoView();
};

export function BucketPanel() {
  const saved = useLiveQuery(() => readSetting('bucket'), []);
  // What the form shows: the person's edits, else the saved bucket (to change one setting without
  // typing all again), else empty.
  const [edited, setEdited] = useState<BucketSettings | null>(null);
  const values = edited ?? saved ?? EMPTY;
  const setValues = (next: BucketSettings) => setEdited(next);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Outcome | null>(null);

  const act = async (action: () => Promise<unknown>, done: MessageKey | null) => {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      if (done) setMessage({ kind: 'ok', text: t(done) });
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act(async () => {
      // Access to the bucket's API is asked inside the click, for that one host.
      const origin = originPattern(normalizeServerAddress(values.endpoint));
      if (!(await browser.permissions.request({ origins: [origin] }))) throw new Error(t('errorPermissionDenied'));
      // An empty secret keeps the saved one.
      await sendMessage('bucket.save', { settings: values, secret });
      setSecret('');
      setEdited(null);
    }, 'bucketSaved');

  return (
    <section class="bucket" id="image-hosting" aria-labelledby="bucket-heading" ref={scrollHere}>
      <h2 id="bucket-heading">{t('bucketTitle')}</h2>
      <p class="hint">{t('bucketHelp')}</p>
      {saved ? (
        <p role="status">
          {t('bucketInUse', new URL(saved.endpoint).host, saved.bucket)}{' '}
          <button type="button" disabled={busy} onClick={() => void act(() => sendMessage('bucket.remove', {}), null)}>
            {t('bucketRemove')}
          </button>
        </p>
      ) : null}
      <form
        class="link-form"
        aria-label={t('bucketTitle')}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {/* Until the saved settings are read, typing would start from empty ones. */}
        <fieldset class="form-body" disabled={saved === undefined}>
          {FIELDS.map((field) => (
            <div class="field" key={field.name}>
              <label for={`bucket-${field.name}`}>{t(field.label)}</label>
              <input
                id={`bucket-${field.name}`}
                type="text"
                autocomplete="off"
                spellcheck={false}
                required
                placeholder={field.placeholder ? t(field.placeholder) : undefined}
                value={values[field.name]}
                onInput={(event) => setValues({ ...values, [field.name]: (event.currentTarget as HTMLInputElement).value })}
              />
            </div>
          ))}
          <div class="field">
            <label for="bucket-secret">{t('fieldBucketSecret')}</label>
            <input
              id="bucket-secret"
              type="password"
              autocomplete="off"
              required={!saved}
              placeholder={saved ? t('fieldSavedKeep') : undefined}
              value={secret}
              onInput={(event) => setSecret((event.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <label class="toggle">
            <input
              type="checkbox"
              checked={values.deleteAfterPublish}
              onChange={(event) => setValues({ ...values, deleteAfterPublish: (event.currentTarget as HTMLInputElement).checked })}
            />
            {t('bucketDeleteAfter')}
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {t('bucketSave')}
          </button>
          <FormOutcome outcome={message} />
        </fieldset>
      </form>
    </section>
  );
}
