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
    -0.9277,
    1.6742,
    0,
    0,
    0.54,
    0.7344,
    0.1059,
    -2.5796
  ],
  "cuts": [
    -1.4583,
    0.5108
  ],
  "thresholds": {
    "correct": 0.3431,
    "partial": -2.0891
  }
};
