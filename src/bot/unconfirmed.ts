/**
 * What the user is told when a reply's call went out but its answer was lost (a timeout, a connection dropped
 * after the request left, the edge's 5xx). The platform may well have shown it: "could not be sent" would
 * be untrue, and the call is not sent again (a second copy would show in the channel). Both adapters use it
 * (slack/respond.ts reportFailure, discord/deferred-reply.ts missingPartNote).
 */
export const MAYBE_NOT_SHOWN = "I couldn't confirm that all of my answer got through. If something is missing, please try again.";
