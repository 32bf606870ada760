/**
 * `npm start`: the product without a social-network account. Starts two local Mastodon-compatible
 * servers, a local Misskey server, a real Bluesky PDS (@atproto/dev-env), local Threads and
 * Instagram Graph API servers with a demo account on each, and a local S3 bucket for the images
 * Threads and Instagram fetch; loads the built extension into the machine's Chromium, links the demo
 * accounts, sets the bucket and opens the composer. With --headless (or when there is no display) it
 * publishes one demo post (text + image) through the extension's real publish path, prints each
 * delivery's result and URL, and exits.
 */
import { startBlueskyNetwork } from './servers/bluesky';
import { startBucketServer } from './servers/bucket/index';
import { startInstagramServer } from './servers/instagram/index';
import { startThreadsServer } from './servers/threads/index';
import { startMastodonServer, type MastodonServer } from './servers/mastodon';
import { startMisskeyServer } from './servers/misskey';
import { eventually, launchExtension, readTable } from './e2e/harness';
import { ComposerPage, OptionsPage } from './e2e/pages';
import { makePng } from './fixtures/images';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

interface Demo {
  server: MastodonServer;
  handle: string;
  token: string;
}

async function startDemoServer(title: string, username: string, options: Parameters<typeof startMastodonServer>[0]): Promise<Demo> {
  const server = await startMastodonServer({ title, ...options });
  const { token } = server.createAccount({ username, displayName: `${username} (demo)` });
  return { server, token, handle: `@${username}@${server.host}` };
}

async function main(): Promise<void> {
  const demos = [
    await startDemoServer('Maple Social (local Mastodon)', 'maple', { maxCharacters: 500 }),
    await startDemoServer('Birch Town (local Pleroma)', 'birch', { software: 'pleroma', v2Instance: false, maxCharacters: 5000 }),
  ];
  for (const demo of demos) console.log(`Mastodon-compatible server ${demo.server.url}  demo account ${demo.handle}`);
  const misskey = await startMisskeyServer({ name: 'Cedar Notes (local Misskey)' });
  const misskeyToken = misskey.createAccount({ username: 'cedar', name: 'cedar (demo)' }).token;
  console.log(`Misskey server ${misskey.url}  demo account @cedar@${misskey.host}`);
  const bluesky = await startBlueskyNetwork();
  const sky = await bluesky.createAccount('willow.test');
  console.log(`Bluesky PDS ${bluesky.pdsUrl} (PLC ${bluesky.plcUrl})  demo account @willow.test, app password ${sky.appPassword}`);
  const threads = await startThreadsServer();
  const ana = threads.createAccount({ username: 'ana.demo', name: 'Ana (demo)' });
  console.log(`Threads API ${threads.url}  demo account @ana.demo, token ${ana.token}`);
  const instagram = await startInstagramServer();
  const bo = instagram.createAccount({ username: 'bo.demo', name: 'Bo (demo)' });
  console.log(`Instagram API ${instagram.url}  demo account @bo.demo, token ${bo.token}`);
  // Instagram takes JPEG only; the demo image is a PNG, which Mastodon keeps as PNG: Instagram's copy goes here.
  const bucket = await startBucketServer();
  console.log(`S3 bucket ${bucket.publicBaseUrl}  key ${bucket.accessKeyId} / ${bucket.secretAccessKey}`);
  const handles = [...demos.map((demo) => demo.handle), `@cedar@${misskey.host}`, '@willow.test', '@ana.demo', '@bo.demo'];

  const session = await launchExtension({ headless });
  const shutdown = async () => {
    await session.close().catch(() => undefined);
    await Promise.all([...demos.map((demo) => demo.server.close()), misskey.close(), bluesky.close(), threads.close(), instagram.close(), bucket.close()]);
  };
  try {
    const options = await OptionsPage.open(session);
    for (const demo of demos) console.log(`linked: ${await options.linkWithToken(demo.server.url, demo.token)}`);
    console.log(`linked: ${await options.linkWith('Link Misskey with an access token', { 'Server address': misskey.url, 'Access token': misskeyToken })}`);
    console.log(
      `linked: ${await options.linkWith('Link with an app password', {
        'Handle or DID': 'willow.test',
        'App password': sky.appPassword,
        'Hosting provider (optional)': bluesky.pdsUrl,
        'PLC directory (optional, advanced)': bluesky.plcUrl,
      })}`,
    );
    console.log(`linked: ${await options.linkMeta('Threads', ana.token, threads.url)}`);
    console.log(`linked: ${await options.linkMeta('Instagram', bo.token, instagram.url)}`);
    console.log(`bucket: ${await options.setBucket(bucket)}`);
    await options.page.close();

    const composer = await ComposerPage.open(session);
    if (!headless) {
      console.log('\nThe composer is open in Chromium. Close the browser window (or press Ctrl+C) to stop.');
      await new Promise<void>((resolve) => {
        session.context.on('close', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      return;
    }

    await composer.type('Hello from the Everywhere Post sandbox! One post, six destinations. https://example.org/sandbox');
    await composer.addImages([{ name: 'gradient.png', mimeType: 'image/png', buffer: makePng(640, 480, 3) }]);
    await composer.altText(0).fill('A colour gradient from blue to red, made for the demo');
    for (const handle of handles) await composer.choose(handle);
    const started = Date.now();
    await composer.publish();
    const deliveries = await eventually(async () => {
      const rows = await readTable<{ accountId: string; state: string; url?: string; error?: { message: string } }>(
        composer.page,
        'deliveries',
      );
      const settled = rows.length === handles.length && rows.every((row) => ['done', 'failed', 'needs-relink'].includes(row.state));
      return settled ? rows : undefined;
    }, 60_000, 'deliveries to finish');

    const accounts = await readTable<{ id: string; handle: string }>(composer.page, 'accounts');
    console.log(`\npublished in ${Date.now() - started} ms:`);
    for (const delivery of deliveries) {
      const detail = delivery.state === 'done' ? delivery.url : delivery.error?.message;
      const handle = accounts.find((account) => account.id === delivery.accountId)?.handle ?? delivery.accountId;
      console.log(`  ${handle.padEnd(32)} ${delivery.state.padEnd(6)} ${detail ?? ''}`);
    }
    const failed = deliveries.filter((delivery) => delivery.state !== 'done');
    console.log('\nwhat the servers stored:');
    for (const demo of demos) {
      const status = demo.server.statuses.at(-1);
      console.log(`  ${demo.server.host}: ${demo.server.statuses.length} status, image alt "${status?.media[0]?.description ?? ''}"`);
    }
    const note = misskey.notes.at(-1);
    console.log(`  ${misskey.host}: ${misskey.notes.length} note, image comment "${note?.files[0]?.comment ?? ''}"`);
    const records = await bluesky.posts(sky.did);
    const embed = records.at(-1)?.value.embed as { images?: { alt: string }[] } | undefined;
    console.log(`  Bluesky PDS: ${records.length} record, image alt "${embed?.images?.[0]?.alt ?? ''}", ${records.at(-1)?.value.facets?.length ?? 0} facet(s)`);
    for (const [name, post] of [['Threads', threads.posts.at(-1)], ['Instagram', instagram.posts.at(-1)]] as const) {
      const fetched = post?.images[0];
      console.log(`  ${name} API: ${post ? 1 : 0} post, image fetched from ${fetched?.url ?? '(none)'} as ${fetched?.contentType ?? '?'}, alt "${fetched?.altText ?? ''}"`);
    }
    process.exitCode = failed.length === 0 ? 0 : 1;
  } finally {
    await shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
