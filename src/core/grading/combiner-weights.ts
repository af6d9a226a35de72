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
    -1.6804,
    1.1728,
    0,
    0,
    0.1106,
    0.0753,
    -0.0619,
    -1.7655,
    -1.0973,
    1.3482,
    1.1407,
    -0.1091,
    2.6684,
    3.3297
  ],
  "cuts": [
    -1.8527,
    0.3452
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1981,
      "partial": -2.3119
    },
    "banked": {
      "correct": 0.0087,
      "partial": -4.1685
    }
  }
};
