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
    -1.7111,
    1.3068,
    0,
    0,
    0.0714,
    0.0915,
    -0.0502,
    -1.7788,
    -0.9771,
    1.3751,
    1.0091,
    -0.1028,
    2.6689,
    3.3612
  ],
  "cuts": [
    -1.8523,
    0.345
  ],
  "thresholds": {
    "plain": {
      "correct": -0.2332,
      "partial": -2.3453
    },
    "banked": {
      "correct": 0.0027,
      "partial": -3.8722
    }
  }
};
