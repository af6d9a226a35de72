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
    -1.7085,
    1.308,
    0,
    0,
    0.0667,
    0.0912,
    -0.0497,
    -1.7774,
    -0.9767,
    1.3764,
    1.0038,
    -0.1023,
    2.6662,
    3.3635
  ],
  "cuts": [
    -1.8516,
    0.346
  ],
  "thresholds": {
    "plain": {
      "correct": -0.2349,
      "partial": -2.4302
    },
    "banked": {
      "correct": 0.0057,
      "partial": -3.868
    }
  }
};
