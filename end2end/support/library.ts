// A small real library for the search and map tests: the nine geotagged Tuscany photos (one
// camera, one afternoon, all in Arezzo) and three others (another camera each, other dates, one
// geotagged in Kenya), uploaded and read by the metadata job.

import path from 'node:path';
import { expect } from '@playwright/test';
import { CORPUS } from './corpus';
import { apiGet, apiLogin, uploadFile } from './api';
import type { Credentials } from './api';

const JPG = path.join(CORPUS, 'exif-samples/jpg');
export const TUSCANY = ['0010', '0012', '0021', '0025', '0027', '0029', '0038', '0040', '0042'].map((n) =>
  path.join(JPG, `gps/DSCN${n}.jpg`),
);
/** Canon EOS 40D (2008-05-30), PENTAX K10D (2008-05-04), Kodak CX7530 (2005-08-13, Nakuru). */
export const OTHERS = ['Canon_40D.jpg', 'Pentax_K10D.jpg', 'Kodak_CX7530.jpg'].map((f) => path.join(JPG, f));

export type Library = { token: string; ids: Map<string, string> };

/** Uploads the photos and waits until their metadata (camera, place) has been read. */
export async function uploadLibrary(url: string, admin: Credentials): Promise<Library> {
  const token = await apiLogin(url, admin.email, admin.password);
  const ids = new Map<string, string>();
  for (const file of [...TUSCANY, ...OTHERS]) ids.set(path.basename(file), await uploadFile(url, token, file));
  await expect(async () => {
    const cities = (await apiGet(url, token, '/api/search/suggestions?type=city')) as string[];
    const models = (await apiGet(url, token, '/api/search/suggestions?type=camera-model')) as string[];
    const markers = (await apiGet(url, token, '/api/map/markers')) as unknown[];
    expect(cities).toEqual(['Arezzo', 'Nakuru']);
    expect(models).toEqual(['COOLPIX P6000', 'Canon EOS 40D', 'KODAK CX7530 ZOOM DIGITAL CAMERA', 'PENTAX K10D']);
    expect(markers).toHaveLength(10);
  }).toPass({ timeout: 60_000 });
  return { token, ids };
}

/** The ids of these corpus files, sorted, to compare with what a page shows. */
export function idsOf(library: Library, files: string[]): string[] {
  return files.map((f) => library.ids.get(path.basename(f)) ?? `missing ${f}`).sort();
}
