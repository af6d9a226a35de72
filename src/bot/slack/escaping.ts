// Slack's three control characters. Slack escapes them in what it sends us (a slash command's text)
// and expects them escaped in mrkdwn we send; nothing else is entity-encoded.
// https://api.slack.com/reference/surfaces/formatting#escaping

/** Text for mrkdwn: `&`, `<` and `>` as entities, so Slack shows them literally. */
export function escapeControl(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text as the user typed it, from Slack's escaped form; `&amp;` last, so `&amp;lt;` stays `&lt;`. */
export function unescapeControl(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
