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
    -1.7148,
    1.2377,
    0,
    0,
    0.2044,
    0.0933,
    -0.0548,
    -1.5993,
    -1.0961,
    1.3923,
    1.0121,
    -0.1117,
    2.5905,
    3.4768
  ],
  "cuts": [
    -1.8463,
    0.3503
  ],
  "thresholds": {
    "correct": -0.0831,
    "partial": -4.261
  }
};
