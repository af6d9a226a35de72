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
    -1.6849,
    1.2293,
    0,
    0,
    0.1802,
    0.0922,
    -0.0559,
    -1.9527,
    -1.0895,
    1.3864,
    1.0097,
    -0.1119,
    2.5733,
    3.4665
  ],
  "cuts": [
    -1.8494,
    0.3484
  ],
  "thresholds": {
    "correct": -0.0658,
    "partial": -4.3078
  }
};
