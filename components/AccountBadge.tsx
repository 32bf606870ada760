import type { Account } from '../utils/model';

/** Avatar and handle: how a person recognises one of their accounts. */
export function AccountBadge({ account }: { account: Account }) {
  return (
    <span class="account-badge">
      {account.avatarUrl ? <img class="avatar" src={account.avatarUrl} alt="" width={24} height={24} loading="lazy" decoding="async" /> : null}
      <span class="handle">{account.handle}</span>
    </span>
  );
}
