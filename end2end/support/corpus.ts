// Where the real photos for tests are: `SHOEBOX_CORPUS` (relative to the current directory), else
// the shared corpus beside the checkout.

import path from 'node:path';

export const CORPUS = process.env.SHOEBOX_CORPUS
  ? path.resolve(process.env.SHOEBOX_CORPUS)
  : path.resolve(__dirname, '../../../shared/corpus');
