/** Leaderboard and stats cards as PNG images (see src/core/pictures.ts for what they show). */
export { createPictureRenderer, type PictureRendererOptions, type StartedPictureRenderer } from './renderer.js';
export { FONT_PACKAGES, type FontPackage } from './fonts.js';
