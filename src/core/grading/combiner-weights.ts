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
    -1.6347,
    1.2039,
    0,
    0,
    0.1376,
    0.0843,
    -0.0701,
    -1.7832,
    -1.4991,
    1.4372,
    0.9242,
    -0.1098,
    2.6804,
    3.3887
  ],
  "cuts": [
    -1.8776,
    0.3439
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1956,
      "partial": -2.365
    },
    "banked": {
      "correct": 0.0423,
      "partial": -4.0328
    }
  }
};
