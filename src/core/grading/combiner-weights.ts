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
    -1.6704,
    1.2046,
    0,
    0,
    0.0965,
    0.0667,
    -0.0624,
    -1.7564,
    -1.6071,
    1.3606,
    1.1015,
    -0.1103,
    2.7001,
    3.2962
  ],
  "cuts": [
    -1.853,
    0.3542
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1704,
      "partial": -2.1929
    },
    "banked": {
      "correct": 0.0228,
      "partial": -4.1415
    }
  }
};
