/**
 * A local S3-compatible bucket (s3rver, an S3 API written to Amazon's documentation, on loopback):
 * where the extension puts images for Threads and Instagram when no other destination serves them.
 * It checks request signatures against its fixed key pair and serves objects to anyone, as a bucket
 * with a public-read policy does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface BucketServer {
  /** What a person types in the options page. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  publicBaseUrl: string;
  /** The keys of the objects in the bucket now. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** s3rver accepts this key pair (and signs nothing else). */
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';

export async function startBucketServer(options: { bucket?: string } = {}): Promise<BucketServer> {
  const bucket = options.bucket ?? 'photos';
  const directory = await mkdtemp(join(tmpdir(), 'everywhere-post-bucket-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    region: 'us-east-1',
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    publicBaseUrl: `${endpoint}/${bucket}`,
    async keys() {
      const listing = await (await fetch(`${endpoint}/${bucket}?list-type=2`)).text();
      return [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]!);
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
