/**
 * What Slack documents about Block Kit payloads and Web API calls, as checks the stand-in runs on
 * every call. A broken rule makes the call fail the way Slack fails it (`ok: false` with Slack's
 * error code) and is recorded, so a test whose bot breaks it cannot pass unnoticed.
 * Sources: api.slack.com "Block Kit" reference (blocks, elements, composition objects), "Modals",
 * chat.postMessage / chat.update (msg_blocks_too_long), method pages for required scopes.
 */

export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  url: 3000,
  altText: 2000,
  /** files.getUploadURLExternal's alt_txt. */
  uploadAltText: 1000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputMaxLength: 3000,
  /** Characters of text across a message's blocks before chat.postMessage answers msg_blocks_too_long. */
  messageBlocksText: 12_000,
  messageText: 40_000,
  /** trigger_id: usable once, within 3 s. */
  triggerLifetimeMs: 3000,
  /** response_url: 5 uses within 30 minutes. */
  responseUrlUses: 5,
  responseUrlLifetimeMs: 30 * 60 * 1000,
  /** chat.update: about 50 a minute (Tier 3). */
  updatesPerMinute: 50,
} as const;

/** Bot scopes each Web API method needs (from the methods' reference pages). */
export const REQUIRED_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'users.info': ['users:read'],
  'conversations.open': ['im:write'],
  'conversations.history': ['channels:history'],
  'conversations.info': ['channels:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.info': ['files:read'],
};

const HISTORY_SCOPES = { public: 'channels:history', private: 'groups:history', im: 'im:history', mpim: 'mpim:history' } as const;

/**
 * The scopes a call needs. conversations.history needs the history scope of the conversation's kind
 * (channels:, groups:, im: or mpim:history), which `kindOf` tells (the stand-in's channelKinds).
 */
export function requiredScopes(method: string, args: Record<string, unknown>, kindOf: (channel: string) => keyof typeof HISTORY_SCOPES): string[] {
  if (method !== 'conversations.history') return REQUIRED_SCOPES[method] ?? [];
  return [HISTORY_SCOPES[kindOf(String(args.channel ?? ''))]];
}

/**
 * chat.postMessage / chat.update `metadata`, as docs.slack.dev/messaging/message-metadata defines it: an
 * `event_type` string and an `event_payload` JSON object. Anything else is refused (invalid_metadata_format).
 * An event_type of other than letters, numbers, underscores and hyphens is no error: the message goes out,
 * its metadata is ignored, and the answer carries the warning invalid_metadata_schema.
 */
export function metadataProblems(metadata: unknown): { error?: 'invalid_metadata_format'; warning?: 'invalid_metadata_schema'; problems: string[] } {
  if (metadata === undefined) return { problems: [] };
  const m = metadata as { event_type?: unknown; event_payload?: unknown } | null;
  const problems: string[] = [];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) problems.push('metadata must be an object');
  else {
    if (typeof m.event_type !== 'string') problems.push('metadata.event_type must be a string');
    if (typeof m.event_payload !== 'object' || m.event_payload === null || Array.isArray(m.event_payload)) problems.push('metadata.event_payload must be an object');
  }
  if (problems.length) return { error: 'invalid_metadata_format', problems };
  if (!/^[A-Za-z0-9_-]+$/.test(String(m!.event_type))) {
    return { warning: 'invalid_metadata_schema', problems: [`metadata.event_type ${JSON.stringify(m!.event_type)} may hold only letters, numbers, underscores and hyphens (Slack ignores this metadata)`] };
  }
  return { problems: [] };
}

type Problems = string[];

function tooLong(problems: Problems, what: string, value: unknown, max: number): void {
  if (typeof value === 'string' && [...value].length > max) problems.push(`${what} is ${[...value].length} characters (max ${max})`);
}

/** Lone surrogates mean text was cut inside an emoji; Slack shows them as garbage. */
function brokenText(problems: Problems, what: string, value: unknown): void {
  if (typeof value === 'string' && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    problems.push(`${what} holds a lone surrogate (text cut inside a character)`);
  }
}

function textOf(problems: Problems, what: string, object: any, max: number): number {
  const text = object?.text;
  if (object !== undefined && typeof text !== 'string') problems.push(`${what} needs a text`);
  tooLong(problems, what, text, max);
  brokenText(problems, what, text);
  return typeof text === 'string' ? [...text].length : 0;
}

function checkElement(problems: Problems, at: string, element: any, actionIds: Set<string>): number {
  let chars = 0;
  if (element?.type === 'button') {
    if (element.text?.type !== 'plain_text') problems.push(`${at}.text must be plain_text`);
    chars += textOf(problems, `${at}.text`, element.text, SLACK_LIMITS.buttonText);
    tooLong(problems, `${at}.value`, element.value, SLACK_LIMITS.buttonValue);
    tooLong(problems, `${at}.url`, element.url, SLACK_LIMITS.url);
  } else if (element?.type === 'image') {
    tooLong(problems, `${at}.alt_text`, element.alt_text, SLACK_LIMITS.altText);
  } else if (element?.type === 'mrkdwn' || element?.type === 'plain_text') {
    chars += textOf(problems, at, element, SLACK_LIMITS.sectionText);
  }
  if (element?.action_id !== undefined) {
    tooLong(problems, `${at}.action_id`, element.action_id, SLACK_LIMITS.actionId);
    if (actionIds.has(element.action_id)) problems.push(`${at}.action_id "${element.action_id}" is used twice in one block`);
    actionIds.add(element.action_id);
  }
  return chars;
}

/** Checks a list of blocks; returns the characters of text they hold. */
function checkBlocks(problems: Problems, blocks: any[], max: number, where: string): number {
  if (blocks.length > max) problems.push(`${where} has ${blocks.length} blocks (max ${max})`);
  const blockIds = new Set<string>();
  let chars = 0;
  blocks.forEach((block, i) => {
    const at = `${where}.blocks[${i}]`;
    if (block?.block_id !== undefined) {
      tooLong(problems, `${at}.block_id`, block.block_id, SLACK_LIMITS.blockId);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id "${block.block_id}" is used twice`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    switch (block?.type) {
      case 'section': {
        if (!block.text && !block.fields) problems.push(`${at} needs text or fields`);
        if (block.text) chars += textOf(problems, `${at}.text`, block.text, SLACK_LIMITS.sectionText);
        const fields: any[] = block.fields ?? [];
        if (fields.length > SLACK_LIMITS.sectionFields) problems.push(`${at} has ${fields.length} fields (max ${SLACK_LIMITS.sectionFields})`);
        fields.forEach((field, j) => (chars += textOf(problems, `${at}.fields[${j}]`, field, SLACK_LIMITS.fieldText)));
        if (block.accessory) chars += checkElement(problems, `${at}.accessory`, block.accessory, actionIds);
        break;
      }
      case 'header':
        if (block.text?.type !== 'plain_text') problems.push(`${at}.text must be plain_text`);
        chars += textOf(problems, `${at}.text`, block.text, SLACK_LIMITS.headerText);
        break;
      case 'context': {
        const elements: any[] = block.elements ?? [];
        if (elements.length === 0 || elements.length > SLACK_LIMITS.contextElements) problems.push(`${at} has ${elements.length} elements (1 to ${SLACK_LIMITS.contextElements})`);
        elements.forEach((element, j) => (chars += checkElement(problems, `${at}.elements[${j}]`, element, actionIds)));
        break;
      }
      case 'actions': {
        const elements: any[] = block.elements ?? [];
        if (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElements) problems.push(`${at} has ${elements.length} elements (1 to ${SLACK_LIMITS.actionsElements})`);
        elements.forEach((element, j) => (chars += checkElement(problems, `${at}.elements[${j}]`, element, actionIds)));
        break;
      }
      case 'image':
        if (!block.image_url && !block.slack_file) problems.push(`${at} needs image_url or slack_file`);
        if (typeof block.alt_text !== 'string' || !block.alt_text) problems.push(`${at}.alt_text is required`);
        tooLong(problems, `${at}.alt_text`, block.alt_text, SLACK_LIMITS.altText);
        tooLong(problems, `${at}.image_url`, block.image_url, SLACK_LIMITS.url);
        break;
      case 'input':
        chars += textOf(problems, `${at}.label`, block.label, SLACK_LIMITS.inputLabel);
        if (block.element?.max_length !== undefined && (block.element.max_length < 1 || block.element.max_length > SLACK_LIMITS.inputMaxLength)) {
          problems.push(`${at}.element.max_length is ${block.element.max_length} (1 to ${SLACK_LIMITS.inputMaxLength})`);
        }
        if (block.element) checkElement(problems, `${at}.element`, block.element, actionIds);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at} has unknown type ${block?.type}`);
    }
  });
  return chars;
}

/** chat.postMessage / postEphemeral / update and response_url bodies: returns Slack's error code and the broken rules. */
export function messageProblems(args: any): { error?: string; problems: string[] } {
  const problems: Problems = [];
  tooLong(problems, 'text', args?.text, SLACK_LIMITS.messageText);
  brokenText(problems, 'text', args?.text);
  const blocks = args?.blocks;
  if (blocks === undefined) return { problems, error: problems.length ? 'invalid_arguments' : undefined };
  if (!Array.isArray(blocks)) return { problems: ['blocks must be an array'], error: 'invalid_blocks' };
  const chars = checkBlocks(problems, blocks, SLACK_LIMITS.messageBlocks, 'message');
  if (chars > SLACK_LIMITS.messageBlocksText) {
    return { problems: [...problems, `blocks hold ${chars} characters of text (about ${SLACK_LIMITS.messageBlocksText} at most)`], error: 'msg_blocks_too_long' };
  }
  return { problems, error: problems.length ? 'invalid_blocks' : undefined };
}

/** The block_ids a list of blocks sets. */
export function blockIdsOf(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((block: any) => (typeof block?.block_id === 'string' ? [block.block_id] : []));
}

/**
 * The block_ids an update of a message repeats from an earlier iteration of it. Block Kit reference
 * (every block's block_id): "block_id should be unique for each message and each iteration of a
 * message. If a message is updated, use a new block_id." Slack names no error code for it (the update
 * goes out; clients may keep the old block's state), so the stand-in lets the call through and records it.
 */
export function reusedBlockIdProblems(blocks: unknown, earlier: ReadonlySet<string>): string[] {
  return blockIdsOf(blocks)
    .filter((id) => earlier.has(id))
    .map((id) => `block_id "${id}" was in an earlier iteration of this message (an update must use a new block_id)`);
}

/** views.open / views.update: the view object. */
export function viewProblems(view: any): string[] {
  const problems: Problems = [];
  if (view?.type !== 'modal') problems.push(`view type ${view?.type} (expected modal)`);
  if (view?.title?.type !== 'plain_text') problems.push('view.title must be plain_text');
  textOf(problems, 'view.title', view?.title, SLACK_LIMITS.modalTitle);
  if (view?.submit) textOf(problems, 'view.submit', view.submit, SLACK_LIMITS.modalButton);
  if (view?.close) textOf(problems, 'view.close', view.close, SLACK_LIMITS.modalButton);
  tooLong(problems, 'view.callback_id', view?.callback_id, SLACK_LIMITS.callbackId);
  tooLong(problems, 'view.private_metadata', view?.private_metadata, SLACK_LIMITS.privateMetadata);
  const blocks: any[] = Array.isArray(view?.blocks) ? view.blocks : [];
  checkBlocks(problems, blocks, SLACK_LIMITS.modalBlocks, 'view');
  if (blocks.some((b) => b?.type === 'input') && !view?.submit) problems.push('a view with input blocks needs a submit button');
  return problems;
}

/** The bot scopes a manifest grants: the `scopes: bot:` list of slack-app-manifest.yml. */
export function manifestBotScopes(manifest: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => /^\s+bot:\s*$/.test(line));
  if (start < 0) return [];
  const scopes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line) || !line.trim()) continue;
    const item = line.match(/^\s+-\s+(\S+)\s*$/);
    if (!item) break;
    scopes.push(item[1]!);
  }
  return scopes;
}
