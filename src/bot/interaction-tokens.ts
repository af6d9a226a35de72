/**
 * The storage port for interaction tokens that can still edit the messages their interactions created
 * (Discord's interaction webhooks: src/bot/discord/tokens.ts), shared by every replica so a press that
 * lands on another replica, or after a restart, still finds the token. The SQL is in
 * src/db/interaction-token-store.ts. A token is a credential that lives 15 minutes: the store keeps
 * only what an edit needs and forgets expired ones as it writes.
 */
export interface InteractionTokenStore {
  /**
   * Keeps the token of interaction `interactionId`, answered at `at`, and forgets a bounded number of
   * tokens answered before `forgetBefore`.
   */
  save(interactionId: string, token: string, at: Date, forgetBefore: Date): Promise<void>;
  /** Message `messageId` was created by interaction `interactionId` (nothing happens when its token is not kept). */
  link(messageId: string, interactionId: string): Promise<void>;
  /** The token of the interaction that created `messageId`, if kept and answered at or after `since`. */
  tokenFor(messageId: string, since: Date): Promise<string | undefined>;
}
