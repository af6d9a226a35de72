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
    -1.6304,
    1.1979,
    0,
    0,
    0.1524,
    0.0911,
    -0.0698,
    -1.7993,
    -1.4574,
    1.3822,
    0.9725,
    -0.1105,
    2.6752,
    3.3859
  ],
  "cuts": [
    -1.87,
    0.3501
  ],
  "thresholds": {
    "plain": {
      "correct": -0.1741,
      "partial": -2.376
    },
    "banked": {
      "correct": 0.1088,
      "partial": -4.0382
    }
  }
};
