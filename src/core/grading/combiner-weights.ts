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
    -1.6777,
    1.1796,
    0,
    0,
    0.1118,
    0.0769,
    -0.0611,
    -1.7641,
    -1.1056,
    1.3595,
    1.1138,
    -0.1092,
    2.6684,
    3.3299
  ],
  "cuts": [
    -1.8526,
    0.3465
  ],
  "thresholds": {
    "plain": {
      "correct": -0.2045,
      "partial": -2.3197
    },
    "banked": {
      "correct": 0.012,
      "partial": -4.1668
    }
  }
};
