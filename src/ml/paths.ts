/** Where the shipped models live, from src/ml or dist/src/ml alike. */
import { fromRoot } from '../paths.js';

export { projectRoot } from '../paths.js';

export function modelsDir(): string {
  return fromRoot('models');
}
