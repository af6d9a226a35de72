// Written by scripts/fit-grader.ts (npm run fit:grader) from the SAF train rows; do not edit by hand.
import type { CombinerModel } from './combiner.js';

export const COMBINER: CombinerModel = {
  "features": [
    "bias",
    "coverage",
    "units",
    "unitsGot",
    "precision",
    "length",
    "lengthSq",
    "otherMargin",
    "conflict",
    "restated",
    "trigrams",
    "banked",
    "bankKnn",
    "bankMargin"
  ],
  "weights": [
    -1.6314,
    1.2042,
    0,
    0,
    0.1459,
    0.0871,
    -0.0697,
    -1.7831,
    -1.5085,
    1.4191,
    0.9304,
    -0.1111,
    2.6708,
    3.399
  ],
  "cuts": [
    -1.875,
    0.3496
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1976,
      "partial": -2.3689
    },
    "banked": {
      "correct": -0.0462,
      "partial": -4.0373
    }
  }
};
