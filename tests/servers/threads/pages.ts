/**
 * What the server serves besides the API: profile pictures, the images of
 * published posts (media_url), and a minimal threads.net post page at each
 * permalink (${url}/@username/post/SHORTCODE), so a browser can open one.
 */
import { TINY_PNG } from '../common/image-bytes.js';
import { escapeHtml, html, type Reply } from './http.js';
import type { Ctx } from './state.js';

export function avatar(): Reply {
  return { status: 200, contentType: 'image/png', body: TINY_PNG, headers: { 'cache-control': 'max-age=86400' } };
}

/** GET /media/{media-id}.{jpg|png}: the bytes the server fetched when the container was created. */
export function mediaFile(ctx: Ctx, name: string): Reply {
  const id = name.replace(/\.(jpg|png)$/, '');
  const child = ctx.store.children.get(id);
  const post = ctx.store.findPost(child ? child.postId : id);
  const image = post?.images[child ? child.index : 0];
  if (!post || !image || (!child && post.mediaType !== 'IMAGE')) return notFound();
  return { status: 200, contentType: image.contentType, body: image.bytes };
}

export function postPage(ctx: Ctx, username: string, code: string): Reply {
  const post = ctx.store.posts.find((p) => p.shortcode === code && p.username.toLowerCase() === username.toLowerCase());
  if (!post) return notFound();
  return html(
    200,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>@${escapeHtml(post.username)} on Threads</title></head>` +
      `<body><article data-post-id="${escapeHtml(post.id)}"><p class="author">@${escapeHtml(post.username)}</p>` +
      `<p class="text">${escapeHtml(post.text)}</p><p class="images">${post.images.length} image(s)</p></article></body></html>`,
  );
}

export function notFound(): Reply {
  return html(404, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Threads</title></head><body><h1>Sorry, this page isn\'t available</h1></body></html>');
}
