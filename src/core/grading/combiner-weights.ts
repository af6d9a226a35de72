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
    1.2035,
    0,
    0,
    0.1373,
    0.0843,
    -0.0701,
    -1.7824,
    -1.4991,
    1.437,
    0.9244,
    -0.1097,
    2.6783,
    3.392
  ],
  "cuts": [
    -1.8774,
    0.3439
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1955,
      "partial": -2.3646
    },
    "banked": {
      "correct": 0.0428,
      "partial": -4.0332
    }
  }
};
