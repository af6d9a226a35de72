/**
 * The Slack adapter in HTTP mode against the local Slack stand-in, with a scripted core: checks the
 * translation both ways (Slack payload -> core Request, core Outcome -> Web API calls), signature
 * checks, ack-before-work, retries, modals, uploads and the scheduler's Sender.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { ChannelUnavailableError } from '../../../src/core/errors.js';
import { buildId } from '../../../src/core/ids.js';
import type { Outcome } from '../../../src/core/messages.js';
import { earlierButtons } from '../../support/slack-calls.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { ScriptedBot } from '../../support/slack-scripted-bot.js';
import { STANDIN_TEAM, startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'test-signing-secret';

let standin: SlackStandIn;
let slack: RunningSlack;
let bot: ScriptedBot;
let fake: FakeSlack;
const alice = { userId: 'UALICE', userName: 'alice', channelId: 'CSTUDY' };

beforeEach(async () => {
  standin = await startSlackStandIn();
  standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice A', tz: 'Europe/Stockholm', is_admin: true, profile: { display_name: 'alice' } });
  bot = new ScriptedBot();
  slack = await startSlack({ bot, botToken: 'xoxb-test', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log: pino({ level: 'silent' }) });
  fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
});

afterEach(async () => {
  await slack.stop();
  await standin.close();
});

describe('slash commands', () => {
  it('parses /quiz text into the core command with a full actor, and posts the public reply with buttons', async () => {
    const mcq = [0, 1, 2, 3].map((choice) => ({ id: buildId({ kind: 'mcq', round: 7, choice }), label: `Option ${choice}` }));
    bot.respond = () => ({ reply: { title: 'Quiz', text: 'What is a **GAN**?', choices: mcq, visibility: 'public' } });

    const reply = await fake.command(alice, '/quiz', 'gan typed');
    expect(reply.status).toBe(200);
    const post = await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 5000, 'chat.postMessage');

    expect(bot.requests).toHaveLength(1);
    const request = bot.requests[0]!;
    expect(request.command).toEqual({ type: 'quiz', deck: 'gan', mode: 'typed' });
    expect(request.actor).toEqual({
      platform: 'slack',
      workspaceId: STANDIN_TEAM,
      channelId: 'CSTUDY',
      userId: 'UALICE',
      displayName: 'alice',
      canManage: true,
      timeZone: 'Europe/Stockholm',
    });
    expect(request.interactionId).toMatch(/^slack:c:/);
    expect(post.token).toBe('xoxb-test');
    expect(post.args.channel).toBe('CSTUDY');
    const blocks = post.args.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ action_id: string }> }>;
    expect(blocks.find((b) => b.type === 'section')?.text?.text).toBe('What is a *GAN*?');
    expect(blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.action_id))).toEqual(mcq.map((c) => c.id));
  });

  it('answers unknown words with usage help and does not call the core', async () => {
    await fake.command(alice, '/leaderboard', 'channel week fortnight');
    const ephemeral = await standin.waitFor(() => standin.callsTo('chat.postEphemeral')[0], 5000, 'usage');
    expect(ephemeral.args.user).toBe('UALICE');
    expect(String(ephemeral.args.text)).toContain('fortnight');
    expect(String(ephemeral.args.text)).toContain('/leaderboard [workspace|channel] [day|week|month|all|game]');
    expect(bot.requests).toHaveLength(0);
  });

  it('acks before the core finishes (slow work continues after ack)', async () => {
    let release!: (o: Outcome) => void;
    bot.respond = () => new Promise<Outcome>((resolve) => (release = resolve));
    const reply = await fake.command(alice, '/stats');
    // The HTTP answer came back; the core is still working on it.
    expect(reply.status).toBe(200);
    await standin.waitFor(() => bot.requests.length === 1, 5000, 'core call');
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(0);
    release({ reply: { text: 'Your stats', visibility: 'private' } });
    const ephemeral = await standin.waitFor(() => standin.callsTo('chat.postEphemeral')[0], 5000, 'stats reply');
    expect(ephemeral.args.text).toBe('Your stats');
  });

  it('ignores a retried slash command delivery (same trigger_id)', async () => {
    bot.respond = () => ({ reply: { text: 'Round posted', visibility: 'public' } });
    const body = fake.slashCommandBody(alice, '/quiz', 'gan');
    expect((await fake.send(body)).status).toBe(200);
    expect((await fake.send(body, { retryNum: 1 })).status).toBe(200);
    await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 5000, 'post');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.requests).toHaveLength(1);
    expect(standin.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('replies in a channel the bot is not in (private channel, DM) through response_url, like a slash command', async () => {
    bot.respond = () => ({ reply: { text: 'Quiz!', visibility: 'public' } });
    standin.fail('chat.postMessage', 'not_in_channel');
    await fake.command(alice, '/quiz');
    const response = await standin.waitFor(() => standin.responses[0], 5000, 'response_url post');
    expect(response.body).toMatchObject({ response_type: 'in_channel', text: 'Quiz!' });
    expect(response.id).toMatch(/^cmd-/);
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('tells the user to invite the bot when it cannot post there at all', async () => {
    bot.respond = () => ({ reply: { text: 'Art', image: { png: Uint8Array.from([1]), filename: 'a.png', alt: 'a' }, visibility: 'public' } });
    standin.fail('files.completeUploadExternal', 'not_in_channel');
    await fake.command(alice, '/generate');
    const ephemeral = await standin.waitFor(() => standin.callsTo('chat.postEphemeral')[0], 5000, 'invite hint');
    expect(ephemeral.args).toMatchObject({ channel: 'CSTUDY', user: 'UALICE' });
    expect(String(ephemeral.args.text)).toContain('/invite');
  });
});

describe('signatures', () => {
  it.each([
    ['a forged signature', { signature: 'v0=0000' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 }],
  ])('rejects %s with 401 and never reaches the core', async (_what, options) => {
    const reply = await fake.command(alice, '/quiz', 'gan', options);
    expect(reply.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(bot.requests).toHaveLength(0);
    expect(standin.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('accepts a clock a few minutes ahead (inside the 5-minute window)', async () => {
    bot.respond = () => ({ reply: { text: 'ok', visibility: 'private' } });
    const reply = await fake.command(alice, '/stats', '', { timestamp: Math.floor(Date.now() / 1000) + 4 * 60 });
    expect(reply.status).toBe(200);
    await standin.waitFor(() => bot.requests.length === 1, 5000, 'core call');
  });
});

describe('buttons and modals', () => {
  it('turns a press into a core press, replies privately and updates the pressed message', async () => {
    const id = buildId({ kind: 'mcq', round: 3, choice: 1 });
    bot.respond = () => ({
      reply: { text: 'Correct! +10', visibility: 'private' },
      update: { text: 'Question', footer: '2 answers', visibility: 'public' },
    });
    const ts = earlierButtons(standin, 'CSTUDY', [id]);
    const reply = await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: ts }));
    expect(reply.status).toBe(200);
    const update = await standin.waitFor(() => standin.callsTo('chat.update')[0], 5000, 'chat.update');
    expect(bot.requests[0]?.command).toEqual({ type: 'press', id });
    expect(bot.requests[0]?.interactionId).toContain(id);
    expect(update.args).toMatchObject({ channel: 'CSTUDY', ts });
    expect(JSON.stringify(update.args.blocks)).toContain('2 answers');
    const ephemeral = standin.callsTo('chat.postEphemeral')[0];
    expect(ephemeral?.args).toMatchObject({ channel: 'CSTUDY', user: 'UALICE', text: 'Correct! +10' });
  });

  it('acts once on a re-delivered press (X-Slack-Retry-Num) and passes the same interaction id', async () => {
    const id = buildId({ kind: 'mcq', round: 3, choice: 0 });
    bot.respond = () => ({ reply: { text: 'Recorded', visibility: 'private' } });
    const body = fake.blockActionBody(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSTUDY', [id]) });
    await fake.send(body);
    await fake.send(body, { retryNum: 1 });
    await standin.waitFor(() => standin.callsTo('chat.postEphemeral')[0], 5000, 'verdict');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.requests).toHaveLength(1);
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('gives two presses of the same button different interaction ids', async () => {
    const id = buildId({ kind: 'rnext' });
    bot.respond = () => ({ reply: { text: 'next', visibility: 'private' } });
    const ts = earlierButtons(standin, 'CSTUDY', [id]);
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: ts }));
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: ts }));
    await standin.waitFor(() => bot.requests.length === 2, 5000, 'two presses');
    expect(bot.requests[0]?.interactionId).not.toBe(bot.requests[1]?.interactionId);
  });

  it('replaces the pressed message through the press response_url where chat.update cannot reach it', async () => {
    const id = buildId({ kind: 'mcq', round: 3, choice: 2 });
    bot.respond = () => ({ update: { text: 'Question', footer: '1 answered', visibility: 'public' } });
    standin.fail('chat.update', 'channel_not_found');
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSTUDY', [id]), triggerId: 'tr-upd' }));
    const response = await standin.waitFor(() => standin.responses[0], 5000, 'replace_original');
    expect(response.id).toBe('act-tr-upd');
    expect(response.body).toMatchObject({ replace_original: true, text: 'Question' });
  });

  it('updates an ephemeral message through its response_url', async () => {
    const id = buildId({ kind: 'rshow', card: 5 });
    bot.respond = () => ({ update: { text: 'The answer is 42', visibility: 'private' } });
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSTUDY', [id], { ephemeral: true }), ephemeral: true }));
    const response = await standin.waitFor(() => standin.responses[0], 5000, 'response_url');
    expect(response.body).toMatchObject({ replace_original: true, text: 'The answer is 42' });
    expect(standin.callsTo('chat.update')).toHaveLength(0);
  });

  it('sends a public update from an ephemeral press to its source message only when the value names it', async () => {
    const id = buildId({ kind: 'rate', round: 4, rating: 3 });
    bot.respond = () => ({ update: { text: 'Question', footer: '1 answered', visibility: 'public' } });
    // The rating buttons are ephemeral; their value names the public question they came from.
    const source = earlierButtons(standin, 'CSTUDY', [buildId({ kind: 'show', round: 4 })]);
    const ephemeral = earlierButtons(standin, 'CSTUDY', [{ id, value: `${id}#${source}` }], { ephemeral: true });
    const send = (forgedValue?: string) => {
      const press = fake.blockActionPayload(alice, { actionId: id, messageTs: ephemeral, ephemeral: true });
      if (forgedValue) (press.actions as Array<{ value: string }>)[0]!.value = forgedValue;
      return fake.send(new URLSearchParams({ payload: JSON.stringify(press) }).toString());
    };
    // Forged (a user can send any value): it names a different action id, so nothing is overwritten.
    await send(`sb1:rate:9:3#${source}`);
    await standin.waitFor(() => bot.requests.length === 1, 5000, 'first press');
    await new Promise((r) => setTimeout(r, 100));
    expect(standin.callsTo('chat.update')).toHaveLength(0);
    expect(standin.responses).toHaveLength(0);
    await send();
    const update = await standin.waitFor(() => standin.callsTo('chat.update')[0], 5000, 'source update');
    expect(update.args).toMatchObject({ channel: 'CSTUDY', ts: source });
  });

  it('opens the core modal with the press trigger_id, and a submission comes back to the core with the text', async () => {
    const open = buildId({ kind: 'type', round: 9 });
    const modalId = buildId({ kind: 'typed', round: 9 });
    bot.respond = (request) =>
      request.command.type === 'press'
        ? { modal: { id: modalId, title: 'Your answer', prompt: 'What does the **generator** do?', inputLabel: 'Answer', placeholder: 'Type here' } }
        : { reply: { text: 'Score 0.8', visibility: 'private' }, update: { text: 'Question', footer: '1 answer', visibility: 'public' } };

    const ts = earlierButtons(standin, 'CSTUDY', [open]);
    await fake.send(fake.blockActionBody(alice, { actionId: open, messageTs: ts, triggerId: 'trigger-answer' }));
    const viewsOpen = await standin.waitFor(() => standin.callsTo('views.open')[0], 5000, 'views.open');
    expect(viewsOpen.args.trigger_id).toBe('trigger-answer');
    // A placeholder opens at once; the core's form replaces it by view id.
    const viewsUpdate = await standin.waitFor(() => standin.callsTo('views.update')[0], 5000, 'views.update');
    expect(viewsUpdate.args.view_id).toBe((viewsOpen.result as { view: { id: string } }).view.id);
    const view = viewsUpdate.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ type: string; element?: { type: string; multiline?: boolean } }> };
    expect(view.callback_id).toBe(modalId);
    expect(view.blocks.find((b) => b.type === 'input')?.element).toMatchObject({ type: 'plain_text_input', multiline: true });

    const reply = await fake.send(fake.viewSubmissionBody(alice, { id: 'V1', callback_id: view.callback_id, private_metadata: view.private_metadata }, 'it fools the discriminator'));
    expect(reply.status).toBe(200);
    const update = await standin.waitFor(() => standin.callsTo('chat.update')[0], 5000, 'count update');
    const submit = bot.requests[1]!;
    expect(submit.command).toEqual({ type: 'submit', id: modalId, text: 'it fools the discriminator' });
    expect(submit.actor.channelId).toBe('CSTUDY');
    expect(update.args).toMatchObject({ channel: 'CSTUDY', ts });
    expect(standin.callsTo('chat.postEphemeral')[0]?.args).toMatchObject({ channel: 'CSTUDY', user: 'UALICE', text: 'Score 0.8' });
  });
});

describe('rate limits', () => {
  // The Web API client retries a 429 after Retry-After (0 here, so the wait is the retry policy's 200 ms).
  const outcomes = (method: string) => standin.callsTo(method).map((call) => (call.result?.ok ? 'ok' : call.result?.error));

  it('delivers a public reply whose chat.postMessage was answered 429, once, after the retry', async () => {
    bot.respond = () => ({ reply: { title: 'Quiz', text: 'What is a GAN?', visibility: 'public' } });
    standin.rateLimit('chat.postMessage', 1, 0);
    await fake.command(alice, '/quiz', 'gan');
    await standin.waitFor(() => standin.callsTo('chat.postMessage').find((call) => call.result?.ok), 5000, 'chat.postMessage after the 429');
    await slack.stop(); // every acked delivery finished
    expect(outcomes('chat.postMessage')).toEqual(['ratelimited', 'ok']);
    expect(standin.callsTo('chat.postMessage').map((call) => call.args.channel)).toEqual(['CSTUDY', 'CSTUDY']);
    expect(standin.callsTo('chat.postEphemeral')).toEqual([]);
    expect(standin.responses).toEqual([]);
  });

  it("updates the pressed message whose chat.update was answered 429, once, after the retry", async () => {
    bot.respond = () => ({
      reply: { text: 'Correct! +10', visibility: 'private' },
      update: { text: 'Question', footer: '2 answers', visibility: 'public' },
    });
    standin.rateLimit('chat.update', 1, 0);
    const id = buildId({ kind: 'mcq', round: 3, choice: 1 });
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSTUDY', [id]) }));
    await standin.waitFor(() => standin.callsTo('chat.update').find((call) => call.result?.ok), 5000, 'chat.update after the 429');
    await slack.stop();
    expect(outcomes('chat.update')).toEqual(['ratelimited', 'ok']);
    expect(JSON.stringify(standin.callsTo('chat.update')[1]?.args.blocks)).toContain('2 answers');
    // The presser is told once what counted; no fallback through the response_url, no apology.
    expect(standin.callsTo('chat.postEphemeral').map((call) => call.args.text)).toEqual(['Correct! +10']);
    expect(standin.responses).toEqual([]);
  });
});

describe('/generate where the bot has not joined', () => {
  it('posts nothing half-done in a public channel and tells the user once how to fix it', async () => {
    standin.notJoined.add('CPUBLIC');
    bot.respond = () => ({ reply: { text: 'WGAN, seed 1', image: { png: Uint8Array.from([1]), filename: 'g.png', alt: 'digits' }, visibility: 'public' } });
    await fake.command({ ...alice, channelId: 'CPUBLIC' }, '/generate');
    const told = await standin.waitFor(() => standin.responses[0], 5000, 'the hint through response_url');
    await new Promise((r) => setTimeout(r, 100));
    expect(standin.callsTo('chat.postMessage').filter((c) => c.result?.ok)).toHaveLength(0);
    expect(standin.responses).toHaveLength(1);
    expect(String(told.body.text)).toContain('/invite');
    expect(String(told.body.text)).not.toContain('public channel');
  });
});

describe('public count updates', () => {
  it('keeps "your answer counts" apart from a failed public update, and never says something went wrong', async () => {
    const id = buildId({ kind: 'mcq', round: 12, choice: 0 });
    bot.respond = () => ({ reply: { text: 'Correct! +10', visibility: 'private' }, update: { text: 'Question', footer: '1 answer', visibility: 'public' } });
    standin.fail('chat.update', 'internal_error');
    await fake.send(fake.blockActionBody(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSTUDY', [id]) }));
    const notes = await standin.waitFor(() => standin.callsTo('chat.postEphemeral').length >= 2 && standin.callsTo('chat.postEphemeral'), 5000, 'two ephemerals');
    expect(notes.map((c) => String(c.args.text))).toEqual(['Correct! +10', expect.stringContaining('Your answer counts')]);
    expect(notes.some((c) => String(c.args.text).includes('went wrong'))).toBe(false);
  });

  it('posts a reveal whose edit failed as a message of its own, and never tells the revealer their answer counts', async () => {
    bot.respond = () => ({ update: { text: 'The answer was: a generator and a discriminator', visibility: 'public' } });
    standin.fail('chat.update', 'internal_error');
    const pressed = buildId({ kind: 'reveal', round: 16 });
    await fake.send(fake.blockActionBody(alice, { actionId: pressed, messageTs: earlierButtons(standin, 'CSTUDY', [pressed]) }));
    const posted = await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 5000, 'the reveal posted');
    expect(posted.args).toMatchObject({ channel: 'CSTUDY', text: expect.stringContaining('The answer was') });
    expect(standin.callsTo('chat.update')[0]?.result).toMatchObject({ ok: false, error: 'internal_error' });
    await new Promise((r) => setTimeout(r, 100));
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('replaces the question through the Reveal press\'s response_url where the bot has not joined', async () => {
    const carol = { ...alice, channelId: 'GPRIVATE' };
    standin.notJoined.add('GPRIVATE');
    bot.respond = () => ({ update: { text: 'The answer was: a generator and a discriminator', visibility: 'public' } });
    const reveal = buildId({ kind: 'reveal', round: 17 });
    await fake.send(fake.blockActionBody(carol, { actionId: reveal, messageTs: earlierButtons(standin, 'GPRIVATE', [reveal]), triggerId: 'trigger-reveal' }));
    const replaced = await standin.waitFor(() => standin.responses.find((r) => r.id === 'act-trigger-reveal'), 5000, 'reveal via response_url');
    expect(replaced.body).toMatchObject({ replace_original: true, text: expect.stringContaining('The answer was') });
    await new Promise((r) => setTimeout(r, 100));
    expect(standin.responses).toHaveLength(1);
  });

  it('words the note for an appeal decision whose notice could not be updated', async () => {
    bot.respond = () => ({ reply: { text: 'Accepted.', visibility: 'private' }, update: { text: 'Appeal accepted', visibility: 'public' } });
    standin.fail('chat.update', 'internal_error');
    const pressed = buildId({ kind: 'aok', appeal: 3 });
    await fake.send(fake.blockActionBody(alice, { actionId: pressed, messageTs: earlierButtons(standin, 'CSTUDY', [pressed]) }));
    const notes = await standin.waitFor(() => standin.callsTo('chat.postEphemeral').length >= 2 && standin.callsTo('chat.postEphemeral'), 5000, 'two ephemerals');
    expect(notes.map((c) => String(c.args.text))).toEqual(['Accepted.', expect.stringContaining('Your decision is saved')]);
    expect(notes.some((c) => String(c.args.text).includes('answer counts'))).toBe(false);
  });

  it('coalesces a busy message\'s count edits under chat.update\'s ~50 a minute, ending on the newest count', async () => {
    let answers = 0;
    bot.respond = () => {
      answers += 1;
      return { update: { text: 'Question', footer: `${answers} answers`, visibility: 'public' } };
    };
    const choices = [0, 1, 2, 3].map((choice) => buildId({ kind: 'mcq', round: 13, choice }));
    const ts = earlierButtons(standin, 'CSTUDY', choices);
    const presses = Array.from({ length: 70 }, (_, i) =>
      fake.send(fake.blockActionBody({ ...alice, userId: `U${i}` }, { actionId: choices[i % 4]!, messageTs: ts })),
    );
    await Promise.all(presses);
    await standin.waitFor(() => bot.requests.length === 70, 20_000, 'all presses');
    const last = await standin.waitFor(
      () => standin.callsTo('chat.update').find((c) => JSON.stringify(c.args.blocks).includes('70 answers')),
      20_000,
      'final count',
    );
    expect(last.args.ts).toBe(ts);
    expect(standin.callsTo('chat.update').length).toBeLessThan(50);
  });
});

describe('a channel the bot has not joined', () => {
  it('sends a typed answer\'s verdict and the new count through the opening press\'s response_url (a view_submission has none)', async () => {
    // A private channel: the question came through response_url, so chat.update cannot reach it either.
    const carol = { ...alice, channelId: 'GPRIVATE' };
    standin.notJoined.add('GPRIVATE');
    const open = buildId({ kind: 'type', round: 11 });
    const modalId = buildId({ kind: 'typed', round: 11 });
    bot.respond = (request) =>
      request.command.type === 'press'
        ? { modal: { id: modalId, title: 'Your answer', prompt: 'Q?', inputLabel: 'Answer' } }
        : { reply: { text: 'Score 0.9', visibility: 'private' }, update: { text: 'Question', footer: '1 answer', visibility: 'public' } };
    await fake.send(fake.blockActionBody(carol, { actionId: open, messageTs: earlierButtons(standin, 'GPRIVATE', [open]), triggerId: 'trigger-unjoined' }));
    const viewsUpdate = await standin.waitFor(() => standin.callsTo('views.update')[0], 5000, 'views.update');
    const view = viewsUpdate.args.view as { callback_id: string; private_metadata: string };
    await fake.send(fake.viewSubmissionBody(carol, { id: 'V2', callback_id: view.callback_id, private_metadata: view.private_metadata }, 'an answer'));
    const fromPress = () => standin.responses.filter((r) => r.id === 'act-trigger-unjoined');
    await standin.waitFor(() => fromPress().length >= 2, 5000, 'verdict and count via response_url');
    await standin.waitFor(() => standin.callsTo('chat.update')[0], 5000, 'the refused chat.update');
    expect(standin.callsTo('chat.update')[0]?.result).toMatchObject({ ok: false, error: 'not_in_channel' });
    expect(fromPress().map((r) => r.body)).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: 'Score 0.9' }),
      expect.objectContaining({ replace_original: true, blocks: expect.arrayContaining([expect.objectContaining({ elements: [expect.objectContaining({ text: '1 answer' })] })]) }),
    ]);
    expect(JSON.stringify(standin.responses)).not.toContain('Your answer counts');
  });
});

describe('a press that opens a form', () => {
  it('opens the modal within the trigger\'s 3 s even while the core is still working, then fills it in', async () => {
    let release!: (o: Outcome) => void;
    const modalId = buildId({ kind: 'typed', round: 14 });
    bot.respond = () => new Promise<Outcome>((resolve) => (release = resolve));
    const pressed = buildId({ kind: 'type', round: 14 });
    await fake.send(fake.blockActionBody(alice, { actionId: pressed, messageTs: earlierButtons(standin, 'CSTUDY', [pressed]) }));
    await standin.waitFor(() => bot.requests.length === 1, 5000, 'core call');
    const opened = await standin.waitFor(() => standin.callsTo('views.open')[0], 5000, 'placeholder');
    expect(opened.result?.ok).toBe(true);
    release({ modal: { id: modalId, title: 'Your answer', prompt: 'Q?', inputLabel: 'Answer' } });
    const filled = await standin.waitFor(() => standin.callsTo('views.update')[0], 5000, 'form');
    expect((filled.args.view as { callback_id: string }).callback_id).toBe(modalId);
  });

  it('tells the user in the placeholder when the core answers without a form', async () => {
    bot.respond = () => ({ reply: { text: 'This round is closed.', visibility: 'private' } });
    const pressed = buildId({ kind: 'type', round: 15 });
    await fake.send(fake.blockActionBody(alice, { actionId: pressed, messageTs: earlierButtons(standin, 'CSTUDY', [pressed]) }));
    const notice = await standin.waitFor(() => standin.callsTo('views.update')[0], 5000, 'notice');
    expect(JSON.stringify(notice.args.view)).toContain('This round is closed.');
  });
});

describe('images', () => {
  it('uploads a generated image to the channel with the three files.uploadV2 steps', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    bot.respond = () => ({ reply: { text: 'WGAN, seed 42', image: { png, filename: 'wgan-42.png', alt: 'digits' }, visibility: 'public' } });
    await fake.command(alice, '/generate', 'model:wgan digit:7 seed:42');
    const complete = await standin.waitFor(() => standin.callsTo('files.completeUploadExternal')[0], 5000, 'upload completion');
    expect(bot.requests[0]?.command).toEqual({ type: 'generate', model: 'wgan', digit: '7', seed: '42', interpolate: undefined });
    const getUrl = standin.callsTo('files.getUploadURLExternal')[0]!;
    expect(getUrl.args).toMatchObject({ filename: 'wgan-42.png', length: String(png.length), alt_txt: 'digits' });
    expect([...standin.uploads[0]!.bytes]).toEqual([...png]);
    expect(complete.args.channel_id).toBe('CSTUDY');
    expect(complete.args.files).toEqual([{ id: standin.uploads[0]!.fileId, title: 'wgan-42.png' }]);
  });

  it('posts a public image\'s caption once Slack shows the share (shared asynchronously), so the picture sits above it', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 9]);
    bot.respond = () => ({ reply: { text: 'DCGAN, seed 7', image: { png, filename: 'dcgan-7.png', alt: 'digits' }, visibility: 'public' } });
    await fake.command(alice, '/generate', 'model:dcgan seed:7');
    const caption = await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 10_000, 'the caption');
    const share = standin.uploads[0]!.share;
    expect(share?.channel).toBe('CSTUDY');
    expect(share?.ts).toBeDefined();
    expect(Number(share!.ts)).toBeLessThan(Number(caption.result!.ts));
    // The first look found no share yet (the stand-in's shareLag), the second did, and only then the caption went.
    const methods = standin.calls.map((call) => call.method);
    expect(methods.filter((m) => m === 'files.info')).toHaveLength(2);
    expect(methods.lastIndexOf('files.info')).toBeLessThan(methods.indexOf('chat.postMessage'));
  });

  it('sends a private image to the user DM (ephemeral messages cannot carry files)', async () => {
    const png = Uint8Array.from([1, 2, 3]);
    bot.respond = () => ({ reply: { text: 'Only for you', image: { png, filename: 'p.png', alt: 'p' }, visibility: 'private' } });
    await fake.command(alice, '/generate', 'dcgan');
    const complete = await standin.waitFor(() => standin.callsTo('files.completeUploadExternal')[0], 5000, 'upload completion');
    expect(standin.callsTo('chat.postEphemeral')[0]?.args).toMatchObject({ channel: 'CSTUDY', user: 'UALICE', text: 'Only for you' });
    expect(standin.callsTo('conversations.open')[0]?.args.users).toBe('UALICE');
    expect(complete.args.channel_id).toBe('DUALICE');
    expect([...standin.uploads[0]!.bytes]).toEqual([1, 2, 3]);
  });
});

describe('sender (scheduler posts)', () => {
  it('posts and updates by message ref', async () => {
    const channel = { platform: 'slack' as const, workspaceId: STANDIN_TEAM, channelId: 'CDAILY' };
    const { messageRef } = await slack.sender.post(channel, { text: 'Daily question', visibility: 'public' });
    const posted = standin.callsTo('chat.postMessage')[0]!;
    await slack.sender.update(channel, messageRef, { text: 'Daily question (closed)', visibility: 'public' });
    const update = standin.callsTo('chat.update')[0]!;
    const ts = posted.result?.ts;
    expect(typeof ts).toBe('string');
    expect(messageRef).toBe(`CDAILY/${String(ts)}`);
    expect(update.args).toMatchObject({ channel: 'CDAILY', ts, text: 'Daily question (closed)' });
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive'])('throws ChannelUnavailableError on %s', async (error) => {
    standin.fail('chat.postMessage', error);
    const channel = { platform: 'slack' as const, workspaceId: STANDIN_TEAM, channelId: 'CGONE' };
    await expect(slack.sender.post(channel, { text: 'x', visibility: 'public' })).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('passes other Slack errors through unchanged', async () => {
    standin.fail('chat.postMessage', 'invalid_blocks');
    const channel = { platform: 'slack' as const, workspaceId: STANDIN_TEAM, channelId: 'C1' };
    await expect(slack.sender.post(channel, { text: 'x', visibility: 'public' })).rejects.not.toBeInstanceOf(ChannelUnavailableError);
  });
});

describe('lifecycle', () => {
  it('is healthy while running and waits for acked work on stop', async () => {
    expect(slack.isHealthy()).toBe(true);
    let release!: (o: Outcome) => void;
    bot.respond = () => new Promise<Outcome>((resolve) => (release = resolve));
    await fake.command(alice, '/decks');
    await standin.waitFor(() => bot.requests.length === 1, 5000, 'core call');
    const stopping = slack.stop();
    expect(slack.isHealthy()).toBe(false);
    release({ reply: { text: 'Decks: gan', visibility: 'private' } });
    await stopping;
    expect(standin.callsTo('chat.postEphemeral')[0]?.args.text).toBe('Decks: gan');
  });
});
