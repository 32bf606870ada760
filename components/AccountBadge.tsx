import type { Account } from '../utils/model';
import { webHref } from '../utils/web-href';

/** Avatar and handle: how a person recognises one of their accounts. */
export function AccountBadge({ account }: { account: Account }) {
  const avatar = webHref(account.avatarUrl);
  return (
    <span class="account-badge">
      {avatar ? <img class="avatar" src={avatar} alt="" width={24} height={24} loading="lazy" decoding="async" /> : null}
      <span class="handle">{account.handle}</span>
    </span>
  );
}
