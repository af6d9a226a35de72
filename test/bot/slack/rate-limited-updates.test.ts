/**
 * A 429 on chat.update, through the running Bolt app against the stand-in: Slack's limits are per method and
 * workspace, so only that workspace's chat.update waits out the Retry-After. A press that opens a modal (its
 * trigger_id lives 3 s), a typed answer's verdict and another workspace's edits go out at once; once the
 * Retry-After has passed, the count is edited once, with its newest content. The adapter's chat.update spacing
 * and the stand-in run on one fake clock, which moves only when the test moves it.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { UPDATE_FAILED_TEXT } from '../../../src/bot/slack/failed-updates.js';
import { buildId, parseId } from '../../../src/core/ids.js';
import type { Outcome } from '../../../src/core/messages.js';
import { FakeClock } from '../../support/clock.js';
import { blocksText, earlierButtons } from '../../support/slack-calls.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { ScriptedBot } from '../../support/slack-scripted-bot.js';
import { STANDIN_TEAM, startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'rate-limit-signing-secret';
const RETRY_AFTER_S = 30;
const OTHER_TEAM = 'T0OTHER';

const who = (name: string, channelId = 'CSTUDY', teamId?: string): Who => ({ userId: `U${name.toUpperCase()}`, userName: name, channelId, ...(teamId ? { teamId } : {}) });
const alice = who('alice');
const bob = who('bob');
const carol = who('carol');
const dave = who('dave', 'COTHER', OTHER_TEAM);

const ROUND = 3;
const answerId = buildId({ kind: 'mcq', round: ROUND, choice: 1 });
const typeId = buildId({ kind: 'type', round: ROUND });
const typedId = buildId({ kind: 'typed', round: ROUND });

let clock: FakeClock;
let standin: SlackStandIn;
let slack: RunningSlack;
let bot: ScriptedBot;
let fake: FakeSlack;
let warnings: Array<Record<string, unknown>>;

beforeEach(async () => {
  clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
  standin = await startSlackStandIn({ now: () => clock.now().getTime() });
  bot = new ScriptedBot();
  warnings = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
  slack = await startSlack({ bot, botToken: 'xoxb-ratelimit', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log, clock, updateClock: clock });
  fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
});

afterEach(async () => {
  await slack.stop();
  await standin.close();
});

/** Every answer (a press or a typed one) is counted on its question: a progress edit with the newest count. */
function scriptQuiz(): void {
  const answers = new Map<string, number>();
  const counted = (channelId: string, verdict: string): Outcome => {
    const count = (answers.get(channelId) ?? 0) + 1;
    answers.set(channelId, count);
    return {
      reply: { text: verdict, visibility: 'private' },
      update: { text: 'Question', footer: `${count} answered`, progressOf: { roundId: ROUND }, visibility: 'public' },
    };
  };
  bot.respond = ({ command, actor }) => {
    if (command.type === 'submit') return counted(actor.channelId, `Score 0.8, ${actor.userId}`);
    if (command.type === 'press' && parseId(command.id)?.kind === 'type') {
      return { modal: { id: typedId, title: 'Your answer', prompt: 'What does the generator do?', inputLabel: 'Answer' } };
    }
    return counted(actor.channelId, `Correct, ${actor.userId}`);
  };
}

const waitFor = <T>(check: () => T | undefined | false | null, what: string) => standin.waitFor(check, 10_000, what);
const verdictFor = (userId: string) => waitFor(() => standin.callsTo('chat.postEphemeral').find((c) => String(c.args.text).endsWith(userId)), `${userId}'s verdict`);
const editsOf = (ts: string) => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);

it("holds back only that workspace's chat.update for a 429's Retry-After, then edits the count once with its newest content", async () => {
  scriptQuiz();
  const question = earlierButtons(standin, 'CSTUDY', [answerId, typeId]);
  const other = earlierButtons(standin, 'COTHER', [answerId]);
  const start = clock.now().getTime();

  // Alice's answer: her verdict, then the count's edit, which Slack refuses for 30 s.
  standin.rateLimit('chat.update', 1, RETRY_AFTER_S);
  await fake.send(fake.blockActionBody(alice, { actionId: answerId, messageTs: question }));
  await verdictFor('UALICE');
  const refused = await waitFor(() => editsOf(question)[0], 'the refused edit');
  expect(refused.result).toMatchObject({ ok: false, error: 'ratelimited' });

  // Right after: Bob's press opens the answer form (within the trigger_id's 3 s), his typed answer gets its verdict.
  await fake.send(fake.blockActionBody(bob, { actionId: typeId, messageTs: question, triggerId: 'trigger-after-429' }));
  const opened = await waitFor(() => standin.callsTo('views.open')[0], 'views.open');
  expect(opened.args.trigger_id).toBe('trigger-after-429');
  expect(opened.result?.ok).toBe(true);
  const form = await waitFor(() => standin.callsTo('views.update')[0], 'the answer form');
  const view = form.args.view as { callback_id: string; private_metadata: string };
  const viewId = (opened.result as { view: { id: string } }).view.id;
  await fake.send(fake.viewSubmissionBody(bob, { id: viewId, callback_id: view.callback_id, private_metadata: view.private_metadata }, 'it fools the discriminator'));
  const typedVerdict = await verdictFor('UBOB');
  expect(typedVerdict.at).toBe(start);

  // Another workspace has a budget (and a rate limit) of its own: its count is edited at once.
  await fake.send(fake.blockActionBody(dave, { actionId: answerId, messageTs: other }));
  const otherEdit = await waitFor(() => editsOf(other)[0], "the other workspace's edit");
  expect(otherEdit.result?.ok).toBe(true);
  expect(otherEdit.at).toBe(start);

  // Just before the Retry-After has passed, Carol answers: her verdict comes, the count still waits.
  clock.advance(RETRY_AFTER_S * 1000 - 1);
  await fake.send(fake.blockActionBody(carol, { actionId: answerId, messageTs: question }));
  await verdictFor('UCAROL');
  expect(editsOf(question)).toHaveLength(1);

  // Then one edit with the newest count the coalescer holds (Bob's, or Carol's if her count was queued before the
  // Retry-After passed: the adapter queues it only once her verdict's post has returned), and no older one after it.
  clock.advance(1);
  const edited = await waitFor(() => editsOf(question)[1], 'the edit after the Retry-After');
  expect(edited.result?.ok).toBe(true);
  expect(edited.at).toBe(start + RETRY_AFTER_S * 1000);
  expect(blocksText(edited)).toMatch(/[23] answered/);
  clock.advance(60_000);
  await slack.stop(); // every acked delivery finished, with its edit
  const after = editsOf(question).slice(1);
  expect(blocksText(after.at(-1)!)).toContain('3 answered');
  // Two answers were queued while Slack held the edits back: they went out as one.
  expect(after.map((edit) => blocksText(edit).match(/\d answered/)?.[0])).toEqual(after.length === 1 ? ['3 answered'] : ['2 answered', '3 answered']);
  // Nobody was told their answer's count failed: it was only late.
  expect(standin.callsTo('chat.postEphemeral').map((c) => c.args.text)).not.toContain(UPDATE_FAILED_TEXT);
  expect(standin.callsTo('chat.postEphemeral')).toHaveLength(4);

  // One warning for the 429, naming the workspace and the wait.
  const limited = warnings.filter((w) => String(w.msg).includes('429'));
  expect(limited).toHaveLength(1);
  expect(limited[0]).toMatchObject({ workspace: STANDIN_TEAM, retryAfterS: RETRY_AFTER_S });
});
