/**
 * Slack's side for bench/interactions.ts: the Slack stand-in (test/support/slack-standin.ts) as the
 * Web API, and signed HTTP-mode requests (test/support/slack-requests.ts) as Slack sends them. Each
 * question is in a workspace of its own, as a bot serving many workspaces sees them: chat.update's
 * budget is per workspace (src/bot/slack/updates.ts), and one workspace's 40 a minute would otherwise
 * hold the public counts of hundreds of questions back for minutes.
 */
import { FakeSlack } from '../test/support/slack-requests.js';
import { STANDIN_TEAM, startSlackStandIn, type SlackStandIn } from '../test/support/slack-standin.js';
import type { PlatformDriver, PressResult } from './interactions-driver.js';

const SECRET = 'bench-signing-secret';

interface Round {
  channel: string;
  ts: string;
  answers: string[];
}

export async function slackDriver(): Promise<PlatformDriver> {
  const standin: SlackStandIn = await startSlackStandIn();
  let fakes: FakeSlack[] = [];
  const rounds: Round[] = [];
  let seen = 0;

  /** The quiz question the bot posted in `channel`, from the calls recorded since the last one found. */
  const posted = (channel: string) => {
    for (let i = seen; i < standin.calls.length; i++) {
      const call = standin.calls[i]!;
      if (call.method === 'chat.postMessage' && call.args.channel === channel && call.result?.ok) {
        seen = i + 1;
        return call;
      }
    }
    return undefined;
  };

  return {
    replicaSetup: { apiBase: standin.apiUrl, applicationId: '', guildId: '', token: 'xoxb-bench', signingSecret: SECRET },
    async attach(endpoints) {
      fakes = endpoints.map((endpoint) => new FakeSlack(endpoint, SECRET, standin));
    },
    async openRounds(count) {
      for (let q = rounds.length; q < count; q++) {
        const channel = `CB${q}`;
        const reply = await fakes[0]!.command({ userId: 'UHOST', channelId: channel }, '/quiz', 'gan mcq');
        if (reply.status !== 200) throw new Error(`/quiz answered ${reply.status}`);
        const post = await standin.waitFor(() => posted(channel), 30_000, `question ${q}`);
        const blocks = post.args.blocks as Array<{ elements?: Array<{ type?: string; action_id?: string; text?: { text?: string } }> }>;
        const answers = blocks
          .flatMap((block) => block.elements ?? [])
          .filter((element) => element.type === 'button' && element.text?.text !== 'Reveal')
          .map((element) => element.action_id!);
        rounds.push({ channel, ts: String(post.result!.ts), answers });
      }
    },
    async press(user, round, replica): Promise<PressResult> {
      const { channel, ts, answers } = rounds[round]!;
      const fake = fakes[replica % fakes.length]!;
      const body = fake.blockActionBody({ userId: `UB${user}`, channelId: channel, teamId: STANDIN_TEAM }, { actionId: answers[user % answers.length]!, messageTs: ts });
      const started = performance.now();
      const answer = await fake.send(body);
      return { ok: answer.status === 200, ms: performance.now() - started };
    },
    replies: () => standin.callsTo('chat.postEphemeral').length + standin.responses.length,
    calls: () => standin.calls.length + standin.responses.length,
    violations: () => standin.violations,
    close: () => standin.close(),
  };
}
