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
    -1.6343,
    1.2037,
    0,
    0,
    0.1373,
    0.0843,
    -0.0701,
    -1.7836,
    -1.499,
    1.4368,
    0.9243,
    -0.1097,
    2.6781,
    3.3922
  ],
  "cuts": [
    -1.8774,
    0.3439
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1957,
      "partial": -2.3649
    },
    "banked": {
      "correct": 0.0428,
      "partial": -4.0333
    }
  }
};
