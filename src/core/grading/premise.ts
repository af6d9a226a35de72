/**
 * An answer that denies what the question takes for granted: "there isn't really a difference" to "What is
 * the difference between …?". Nothing of the reference is then claimed, whatever words it shares with it.
 */

/** The question asks what tells two things apart. */
const ASKS_FOR_DIFFERENCE = /\bdiffer(?:ence|ences|s)?\b|\bdistinguish(?:es)?\b/i;
/**
 * The answer's first statement says there is none, and says no more of it ("there is no real difference,",
 * "they're basically the same."): "there is no difference in the decoder, but …" is about a part, not a denial.
 */
const NO_DIFFERENCE =
  /^\W*(?:(?:there\s+)?(?:is|['’]s|s)\s+(?:no|not\s+(?:really\s+)?(?:a|any))|there\s+(?:isn['’]?t|is\s+not)\s+(?:really\s+)?(?:a|any)|(?:there\s+)?isnt\s+(?:really\s+)?(?:a|any)|no)\s+(?:real\s+|big\s+)?difference(?:\s+between\s+them)?(?:\s*[,.;:!-]|\s*$)|^\W*(?:they|both)\s*(?:are|['’]re)\s+(?:basically\s+|essentially\s+|really\s+|just\s+)?the\s+same\b/i;

export function deniesPremise(answer: string, question: string): boolean {
  return ASKS_FOR_DIFFERENCE.test(question) && NO_DIFFERENCE.test(answer.trim());
}
