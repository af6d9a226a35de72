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
    -1.2536,
    1.3519,
    0,
    0,
    0.2513,
    0.3996,
    0.0632,
    -2.4085,
    -1.0746,
    0.9607,
    0.7686
  ],
  "cuts": [
    -1.474,
    0.5309
  ],
  "thresholds": {
    "correct": 0.1769,
    "partial": -2.3193
  }
};
