/** Page objects: the specs talk about people's actions, these know the markup. */
import type { Page } from 'playwright-core';
import type { ExtensionSession } from './harness';

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(session: ExtensionSession): Promise<OptionsPage> {
    const page = await session.open('options.html');
    await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
    return new OptionsPage(page);
  }

  private form(name: string) {
    return this.page.getByRole('form', { name }).first();
  }

  /** Link with a pasted token; returns the message shown (success or error). */
  async linkWithToken(server: string, token: string): Promise<string> {
    const form = this.form('Link with an access token');
    await form.getByLabel('Server address').fill(server);
    await form.getByLabel('Access token').fill(token);
    await form.getByRole('button', { name: 'Link with an access token' }).click();
    return this.outcome(form);
  }

  /** Start OAuth; `approve` gets the server's authorization page that opens as a new page. */
  async linkWithOAuth(server: string, approve: (authorizePage: Page) => Promise<void>): Promise<string> {
    const form = this.form('Sign in with your server');
    await form.getByLabel('Server address').fill(server);
    const opened = this.page.context().waitForEvent('page', { timeout: 30_000 });
    await form.getByRole('button', { name: 'Sign in with your server' }).click();
    await approve(await opened);
    return this.outcome(form);
  }

  async submitOAuthExpectingError(server: string): Promise<string> {
    const form = this.form('Sign in with your server');
    await form.getByLabel('Server address').fill(server);
    await form.getByRole('button', { name: 'Sign in with your server' }).click();
    return this.outcome(form);
  }

  private async outcome(form: ReturnType<OptionsPage['form']>): Promise<string> {
    const message = form.locator('.ok-text, .error-text');
    await message.waitFor({ timeout: 60_000 });
    return (await message.textContent()) ?? '';
  }

  /** Fill and submit one of the link forms by its name; returns the message shown. */
  async linkWith(formName: string, values: Record<string, string>, approve?: (page: Page) => Promise<void>): Promise<string> {
    const form = this.form(formName);
    for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
    const opened = approve ? this.page.context().waitForEvent('page', { timeout: 30_000 }) : undefined;
    await form.getByRole('button', { name: formName }).click();
    if (approve && opened) await approve(await opened);
    return this.outcome(form);
  }

  accountRows() {
    return this.page.locator('.account-list .account-row');
  }

  /** Link a Threads or Instagram account with a pasted token, on a local Graph API server. */
  async linkMeta(network: 'Threads' | 'Instagram', token: string, api: string): Promise<string> {
    return this.linkWith(`Link ${network} with a long-lived token`, { 'Long-lived access token': token, 'API address (optional, for testing)': api });
  }

  /** Set the person's S3 bucket under "Image hosting"; returns the message shown. */
  async setBucket(bucket: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; publicBaseUrl: string }): Promise<string> {
    const form = this.form('Image hosting for Threads and Instagram');
    const values = {
      'S3 endpoint': bucket.endpoint,
      Bucket: bucket.bucket,
      Region: bucket.region,
      'Access key ID': bucket.accessKeyId,
      'Secret access key': bucket.secretAccessKey,
      'Public address of the bucket': bucket.publicBaseUrl,
    };
    for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save the bucket' }).click();
    return this.outcome(form);
  }
}

export class ComposerPage {
  constructor(readonly page: Page) {}

  static async open(session: ExtensionSession, path: 'popup.html' | 'compose.html' = 'popup.html'): Promise<ComposerPage> {
    const page = await session.open(path);
    await page.getByLabel('Post text').waitFor();
    return new ComposerPage(page);
  }

  text() {
    return this.page.getByLabel('Post text');
  }

  async type(text: string): Promise<void> {
    await this.text().fill(text);
  }

  async addImages(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const before = await this.page.locator('.media-item').count();
    await this.page.locator('.add-images input[type=file]').setInputFiles(files);
    await this.page.locator('.media-item').nth(before + files.length - 1).waitFor();
  }

  altText(index: number) {
    return this.page.getByLabel(`Description of image ${index + 1} (alt text)`);
  }

  destination(handle: string) {
    return this.page.locator('.destination', { has: this.page.getByText(handle, { exact: true }) });
  }

  async choose(handle: string, on = true): Promise<void> {
    await this.destination(handle).getByRole('checkbox').setChecked(on);
  }

  publishButton() {
    return this.page.getByRole('button', { name: /^Publish/ });
  }

  async publish(): Promise<void> {
    await this.publishButton().click();
    await this.page.locator('.deliveries').waitFor();
  }

  deliveries() {
    return this.page.locator('.deliveries .delivery');
  }

  async deliveryStates(): Promise<string[]> {
    return this.deliveries().evaluateAll((items) => items.map((item) => item.getAttribute('data-state') ?? ''));
  }
}
