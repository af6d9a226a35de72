/** Who may import a deck under a slug: the rule every deck import (text or Anki package) checks. */
import type { Caller } from './context.js';
import { UserError } from './errors.js';
import type { DeckInfo } from './model.js';

/**
 * Built-in slugs are reserved, so no one can hide a built-in deck from the whole workspace; a workspace
 * deck may be updated or replaced only by its owner (the importer) or a manager (Discord Manage Server,
 * Slack admin), since a re-import archives cards and so changes what daily prompts post.
 */
export function assertMayImportAs(existing: DeckInfo | null, slug: string, caller: Caller): void {
  if (!existing) return;
  if (existing.builtIn) {
    throw new UserError(`\`${slug}\` is the name of a built-in deck. Give your deck another title (its first line) to import it.`);
  }
  if (existing.ownerId !== caller.user.userId && !caller.actor.canManage) {
    throw new UserError(
      `A deck called \`${slug}\` already exists in this workspace. Only the person who imported it, or someone who can manage this ` +
        'server or workspace (Manage Server on Discord, an admin on Slack), can update or replace it. Give your deck another title to import it as a new deck.',
    );
  }
}
