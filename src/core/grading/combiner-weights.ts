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
    "otherMargin"
  ],
  "weights": [
    -1.232,
    1.6756,
    0,
    0,
    1.3684,
    0.8164,
    0.0257,
    -1.8912
  ],
  "cuts": [
    -1.1845,
    0.5492
  ],
  "thresholds": {
    "correct": 0.2939,
    "partial": -1.7994
  }
};
