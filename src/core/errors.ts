/** An error whose message is safe and useful to show the user (bad input, unknown deck, ...). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A deck file that cannot be imported; `line` is 1-based where known. */
export class DeckParseError extends UserError {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `Line ${line}: ${message}` : message);
    this.name = 'DeckParseError';
  }
}

/** The image generator's queue is full. */
export class BusyError extends UserError {
  constructor(message = 'The image generator is busy right now. Please try again in a moment.') {
    super(message);
    this.name = 'BusyError';
  }
}

/** The platform refuses posts to this channel (bot removed, missing access): pause, don't retry. */
export class ChannelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailableError';
  }
}
