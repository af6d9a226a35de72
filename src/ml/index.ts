export { createImageGenerator, type ImageGeneratorOptions } from './generator.js';
export { GAN_CATALOG } from './catalog.js';
export { selectBackend, type BackendPreference } from './backend.js';
