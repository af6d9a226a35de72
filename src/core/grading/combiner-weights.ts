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
    "trigrams"
  ],
  "weights": [
    -1.29,
    1.1844,
    0,
    0,
    0.2266,
    0.2862,
    0.0017,
    -2.2862,
    -1.0325,
    1.1659,
    0.9456
  ],
  "cuts": [
    -1.4633,
    0.5122
  ],
  "thresholds": {
    "correct": 0.1133,
    "partial": -2.2531
  }
};
