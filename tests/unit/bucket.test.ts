// @vitest-environment node
/** The person's bucket settings (utils/bucket.ts): the secret is asked once and kept when other settings change. */
import { beforeEach, describe, expect, it } from 'vitest';
import { saveBucket } from '../../utils/bucket';
import { readBucketSecret } from '../../utils/credentials';
import { db } from '../../utils/db';
import { readSetting } from '../../utils/settings';

const settings = { endpoint: 'https://s3.example', bucket: 'photos', region: 'us-east-1', accessKeyId: 'AKID', publicBaseUrl: 'https://photos.example/', deleteAfterPublish: true };

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('saving the bucket', () => {
  it('needs the secret the first time', async () => {
    await expect(saveBucket(settings, '  ')).rejects.toThrow(/fill in every field/i);
    expect(await readSetting('bucket')).toBeNull();
  });

  it('keeps the saved secret when it is left empty, and takes a new one when given', async () => {
    await saveBucket(settings, 'first-secret');
    await saveBucket({ ...settings, deleteAfterPublish: false }, '');
    expect(await readSetting('bucket')).toMatchObject({ deleteAfterPublish: false, publicBaseUrl: 'https://photos.example' });
    expect(await readBucketSecret()).toBe('first-secret');
    await saveBucket(settings, 'second-secret');
    expect(await readBucketSecret()).toBe('second-secret');
  });

  it('asks for the secret again when the access key or endpoint changes', async () => {
    await saveBucket(settings, 'first-secret');
    await expect(saveBucket({ ...settings, accessKeyId: 'OTHER' }, '')).rejects.toThrow('A new endpoint or access key needs its secret access key too.');
    await expect(saveBucket({ ...settings, endpoint: 'https://r2.example' }, '')).rejects.toThrow('A new endpoint or access key needs its secret access key too.');
    expect(await readSetting('bucket')).toMatchObject({ accessKeyId: 'AKID', endpoint: 'https://s3.example' });
  });
});
