/**
 * What Discord documents about the payloads a bot sends, as checks the stand-in runs on every
 * request. Each check returns the broken rules as readable strings; the stand-in answers a request
 * that breaks any with 400 Invalid Form Body (code 50035), as Discord does, and records them.
 * Sources: Discord developer docs, "Message Resource" (embed limits), "Component Reference",
 * "Receiving and Responding" (response types, autocomplete, modals, 3 s / 15 min).
 */

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  modalTitle: 45,
  modalComponents: 5,
  inputLabel: 45,
  inputMaxLength: 4000,
  inputPlaceholder: 100,
  labelDescription: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  /** The initial response must arrive within 3 s of the interaction. */
  initialResponseMs: 3000,
  /** The interaction token (follow-ups, edits) lives 15 minutes. */
  tokenLifetimeMs: 15 * 60 * 1000,
  /** Create Message: a nonce is at most 25 characters. */
  nonce: 25,
  /**
   * enforce_nonce: a repeat of a nonce by the same author "in the past few minutes" returns the message
   * already created. Discord gives no exact figure; the stand-in uses 2 minutes so nothing relies on more.
   */
  nonceWindowMs: 2 * 60 * 1000,
  /** Get Channel Messages: limit 1-100, default 50. */
  messagesPage: 100,
} as const;

/** Interaction types (Discord's numbering) and the callback types each may answer with. */
export const RESPONSE_TYPES_FOR: Record<number, readonly number[]> = {
  1: [1], // PING -> PONG
  2: [4, 5, 9], // APPLICATION_COMMAND
  3: [4, 5, 6, 7, 9], // MESSAGE_COMPONENT
  4: [8], // APPLICATION_COMMAND_AUTOCOMPLETE
  5: [4, 5, 6, 7], // MODAL_SUBMIT (6 and 7 only when the modal came from a component)
};

const IS_COMPONENTS_V2 = 1 << 15;

type Problems = string[];

function tooLong(problems: Problems, what: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) problems.push(`${what} is ${value.length} characters (max ${max})`);
}

function embedLength(embed: any): number {
  let total = 0;
  const add = (value: unknown) => {
    if (typeof value === 'string') total += value.length;
  };
  add(embed?.title);
  add(embed?.description);
  add(embed?.footer?.text);
  add(embed?.author?.name);
  for (const field of embed?.fields ?? []) {
    add(field?.name);
    add(field?.value);
  }
  return total;
}

function checkEmbeds(problems: Problems, embeds: any[]): void {
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds (max ${LIMITS.embeds})`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = `embeds[${i}]`;
    tooLong(problems, `${at}.title`, embed?.title, LIMITS.embedTitle);
    tooLong(problems, `${at}.description`, embed?.description, LIMITS.embedDescription);
    tooLong(problems, `${at}.footer.text`, embed?.footer?.text, LIMITS.footerText);
    tooLong(problems, `${at}.author.name`, embed?.author?.name, LIMITS.authorName);
    const fields: any[] = embed?.fields ?? [];
    if (fields.length > LIMITS.embedFields) problems.push(`${at} has ${fields.length} fields (max ${LIMITS.embedFields})`);
    fields.forEach((field, j) => {
      if (!field?.name || !field?.value) problems.push(`${at}.fields[${j}] needs a non-empty name and value`);
      tooLong(problems, `${at}.fields[${j}].name`, field?.name, LIMITS.fieldName);
      tooLong(problems, `${at}.fields[${j}].value`, field?.value, LIMITS.fieldValue);
    });
    total += embedLength(embed);
  });
  if (total > LIMITS.embedTotal) problems.push(`embeds hold ${total} characters in all (max ${LIMITS.embedTotal})`);
}

function checkButton(problems: Problems, at: string, button: any, seenIds: Set<string>): void {
  tooLong(problems, `${at}.label`, button?.label, LIMITS.buttonLabel);
  const isLink = button?.style === 5;
  if (isLink) {
    if (!button?.url) problems.push(`${at} is a link button without a url`);
    return;
  }
  checkCustomId(problems, at, button?.custom_id, seenIds);
}

function checkCustomId(problems: Problems, at: string, id: unknown, seenIds: Set<string>): void {
  if (typeof id !== 'string' || id.length === 0) return void problems.push(`${at}.custom_id is missing`);
  tooLong(problems, `${at}.custom_id`, id, LIMITS.customId);
  if (seenIds.has(id)) problems.push(`${at}.custom_id "${id}" is used twice in one message`);
  seenIds.add(id);
}

function checkActionRows(problems: Problems, rows: any[]): void {
  if (rows.length > LIMITS.actionRows) problems.push(`${rows.length} action rows (max ${LIMITS.actionRows})`);
  const seenIds = new Set<string>();
  rows.forEach((row, i) => {
    const at = `components[${i}]`;
    if (row?.type !== 1) return void problems.push(`${at} must be an action row (type 1) at the top level`);
    const children: any[] = row.components ?? [];
    if (children.length === 0) problems.push(`${at} is an empty action row`);
    const selects = children.filter((c) => c?.type >= 3 && c?.type <= 8 && c?.type !== 4);
    if (selects.length > 0 && children.length > 1) problems.push(`${at}: a select menu must be alone in its row`);
    if (children.length > LIMITS.buttonsPerRow) problems.push(`${at} has ${children.length} buttons (max ${LIMITS.buttonsPerRow})`);
    children.forEach((child, j) => {
      const childAt = `${at}.components[${j}]`;
      if (child?.type === 2) checkButton(problems, childAt, child, seenIds);
      else if (child?.type === 3) {
        checkCustomId(problems, childAt, child?.custom_id, seenIds);
        const options: any[] = child.options ?? [];
        if (options.length > LIMITS.selectOptions) problems.push(`${childAt} has ${options.length} options (max ${LIMITS.selectOptions})`);
      } else if (child?.type === 4) problems.push(`${childAt}: text inputs belong in modals`);
    });
  });
}

/** A message body (create, edit, or callback types 4 and 7). */
export function messageProblems(data: any): string[] {
  const problems: Problems = [];
  if (!data || typeof data !== 'object') return problems;
  tooLong(problems, 'content', data.content, LIMITS.content);
  if (data.nonce !== undefined) {
    if (typeof data.nonce === 'string') tooLong(problems, 'nonce', data.nonce, LIMITS.nonce);
    else if (!Number.isInteger(data.nonce)) problems.push('nonce must be an integer or a string');
  }
  if (data.enforce_nonce !== undefined && typeof data.enforce_nonce !== 'boolean') problems.push('enforce_nonce must be a boolean');
  if (Array.isArray(data.embeds)) checkEmbeds(problems, data.embeds);
  const v2 = ((data.flags ?? 0) & IS_COMPONENTS_V2) !== 0;
  if (Array.isArray(data.components) && !v2) checkActionRows(problems, data.components);
  return problems;
}

/** A modal (callback type 9): title, ids, and text inputs either in a Label (type 18) or a legacy row. */
export function modalProblems(data: any): string[] {
  const problems: Problems = [];
  if (!data?.title) problems.push('modal title is missing');
  tooLong(problems, 'modal title', data?.title, LIMITS.modalTitle);
  checkCustomId(problems, 'modal', data?.custom_id, new Set());
  const components: any[] = data?.components ?? [];
  if (components.length === 0 || components.length > LIMITS.modalComponents) {
    problems.push(`modal has ${components.length} components (1 to ${LIMITS.modalComponents})`);
  }
  const seenIds = new Set<string>();
  components.forEach((component, i) => {
    const at = `modal.components[${i}]`;
    if (component?.type === 18) {
      tooLong(problems, `${at}.label`, component.label, LIMITS.inputLabel);
      tooLong(problems, `${at}.description`, component.description, LIMITS.labelDescription);
      if (!component.label) problems.push(`${at}.label is missing`);
      checkTextInput(problems, `${at}.component`, component.component, seenIds, false);
    } else if (component?.type === 10) {
      if (typeof component.content !== 'string' || !component.content) problems.push(`${at} is a text display without content`);
    } else if (component?.type === 1) {
      const inputs: any[] = component.components ?? [];
      if (inputs.length !== 1) problems.push(`${at} must hold exactly one text input`);
      for (const input of inputs) checkTextInput(problems, `${at}.components[0]`, input, seenIds, true);
    } else {
      problems.push(`${at} has type ${component?.type}, which a modal does not take`);
    }
  });
  return problems;
}

function checkTextInput(problems: Problems, at: string, input: any, seenIds: Set<string>, needsLabel: boolean): void {
  if (input?.type !== 4) return void problems.push(`${at} must be a text input (type 4)`);
  checkCustomId(problems, at, input.custom_id, seenIds);
  if (needsLabel) {
    if (!input.label) problems.push(`${at}.label is missing`);
    tooLong(problems, `${at}.label`, input.label, LIMITS.inputLabel);
  } else if (input.label !== undefined) {
    problems.push(`${at}.label is not allowed inside a Label component (use the Label's label)`);
  }
  tooLong(problems, `${at}.placeholder`, input.placeholder, LIMITS.inputPlaceholder);
  for (const key of ['min_length', 'max_length'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    const min = key === 'min_length' ? 0 : 1;
    if (!Number.isInteger(value) || value < min || value > LIMITS.inputMaxLength) {
      problems.push(`${at}.${key} is ${value} (${min} to ${LIMITS.inputMaxLength})`);
    }
  }
  tooLong(problems, `${at}.value`, input.value, LIMITS.inputMaxLength);
}

/** Autocomplete results (callback type 8). */
export function autocompleteProblems(data: any): string[] {
  const problems: Problems = [];
  const choices: any[] = data?.choices ?? [];
  if (choices.length > LIMITS.autocompleteChoices) problems.push(`${choices.length} autocomplete choices (max ${LIMITS.autocompleteChoices})`);
  choices.forEach((choice, i) => {
    if (!choice?.name) problems.push(`choices[${i}].name is missing`);
    tooLong(problems, `choices[${i}].name`, choice?.name, LIMITS.choiceName);
    tooLong(problems, `choices[${i}].value`, typeof choice?.value === 'string' ? choice.value : undefined, LIMITS.choiceName);
  });
  return problems;
}

/** Problems with an interaction callback of `type` for an interaction of `interactionType`. */
export function callbackProblems(interactionType: number, type: number, data: any, modalFromComponent: boolean): string[] {
  const allowed = RESPONSE_TYPES_FOR[interactionType] ?? [];
  if (!allowed.includes(type)) return [`callback type ${type} does not answer interaction type ${interactionType}`];
  if (interactionType === 5 && (type === 6 || type === 7) && !modalFromComponent) {
    return [`callback type ${type} answers a modal only when the modal was opened from a component`];
  }
  if (type === 4 || type === 7) return messageProblems(data);
  if (type === 8) return autocompleteProblems(data);
  if (type === 9) return modalProblems(data);
  return [];
}

/** Application command registration (PUT .../commands): names, descriptions, options, choices. */
export function commandProblems(commands: any[]): string[] {
  const problems: Problems = [];
  const NAME = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
  const walk = (at: string, item: any, depth: number) => {
    if (typeof item?.name !== 'string' || !NAME.test(item.name)) problems.push(`${at}.name "${item?.name}" is not 1-32 lowercase characters`);
    const chatInput = (item?.type ?? 1) === 1;
    if (chatInput && (typeof item?.description !== 'string' || item.description.length < 1 || item.description.length > 100)) {
      problems.push(`${at}.description must be 1-100 characters`);
    }
    const options: any[] = item?.options ?? [];
    if (options.length > 25) problems.push(`${at} has ${options.length} options (max 25)`);
    const choices: any[] = item?.choices ?? [];
    if (choices.length > 25) problems.push(`${at} has ${choices.length} choices (max 25)`);
    if (choices.length > 0 && item?.autocomplete) problems.push(`${at} cannot have both choices and autocomplete`);
    choices.forEach((choice, i) => tooLong(problems, `${at}.choices[${i}].name`, choice?.name, LIMITS.choiceName));
    if (depth > 2) problems.push(`${at} nests subcommands too deep`);
    options.forEach((option, i) => walk(`${at}.options[${i}]`, option, option?.type === 1 || option?.type === 2 ? depth + 1 : depth));
  };
  if (commands.length > 100) problems.push(`${commands.length} commands (max 100)`);
  commands.forEach((command, i) => walk(`commands[${i}]`, command, 0));
  return problems;
}
