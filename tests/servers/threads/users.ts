/**
 * The user node and its publishing quota:
 *   GET /me, GET /{threads-user-id}?fields=id,username,name,threads_profile_picture_url,threads_biography…
 *     https://developers.facebook.com/docs/threads/threads-profiles (Postman: "Get App-Scoped User's Profile Information")
 *   GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config
 *     https://developers.facebook.com/docs/threads/troubleshooting#retrieve-publishing-quota-limit
 */
import { json, parseFields, renderFields, ReplyError, str, unsupported, type Reply } from './http.js';
import { authenticate } from './oauth.js';
import { ownUser } from './containers.js';
import { DAY_MS, type Account, type Call } from './state.js';

/** The profile picture this server serves for everyone (a 1×1 PNG). */
export function avatarUrl(call: Call, account: Account): string {
  return `${call.ctx.url}/avatars/${account.id}.png`;
}

export function userNode(call: Call, id: string): Reply {
  const { account } = authenticate(call);
  // An app-scoped user id reaches only that user's own profile through this edge.
  if (!ownUser(account, id)) throw new ReplyError(unsupported('get', id));
  const source = {
    id: () => account.id,
    username: () => account.username,
    name: () => account.name,
    threads_profile_picture_url: () => avatarUrl(call, account),
    threads_biography: () => account.biography,
    is_verified: () => false,
    recently_searched_keywords: () => [],
    is_eligible_for_geo_gating: () => false,
  };
  return json(200, renderFields(source, parseFields(str(call.params, 'fields')), ['id']));
}

/**
 * The Postman example answer:
 *   {"data": [{"quota_usage": 1, "config": {"quota_total": 250, "quota_duration": 86400},
 *              "reply_quota_usage": 0, "reply_config": {"quota_total": 1000, "quota_duration": 86400}}]}
 * Without `fields`, quota_usage alone (as Instagram's content_publishing_limit).
 * The delete and location-search quotas are in the Postman field list; their
 * totals are not documented (100 and 500 here), and their usage is not counted.
 */
export function publishingLimit(call: Call, id: string): Reply {
  const { ctx } = call;
  const { account } = authenticate(call);
  if (!ownUser(account, id)) throw new ReplyError(unsupported('get', id));
  const duration = DAY_MS / 1000;
  const source = {
    quota_usage: () => ctx.store.quota.used,
    config: () => ({ quota_total: ctx.cfg.quotaTotal, quota_duration: duration }),
    reply_quota_usage: () => ctx.store.quota.repliesUsed,
    reply_config: () => ({ quota_total: ctx.cfg.replyQuotaTotal, quota_duration: duration }),
    delete_quota_usage: () => 0,
    delete_config: () => ({ quota_total: 100, quota_duration: duration }),
    location_search_quota_usage: () => 0,
    location_search_config: () => ({ quota_total: 500, quota_duration: duration }),
  };
  return json(200, { data: [renderFields(source, parseFields(str(call.params, 'fields')), ['quota_usage'])] });
}
